import Foundation

/// The `--format json` contract (version 1). Fields are only ever added, never renamed or removed;
/// the README documents them.
public struct JSONReport: Encodable {
    public var version = 1
    public var accounts: [AccountRecord]
    public var findings: [FindingRecord]
    public var errors: [ErrorRecord]
    /// Only for `fix`: every planned edit, applied or not.
    public var changes: [ChangeRecord]?
    /// Only for `fix`: what happened to each profile.
    public var fixes: [FixRecord]?
    public var summary: Summary

    public struct AccountRecord: Encodable {
        var client, profile, id, name: String
        var email: String?
        var endpoints: [EndpointRecord]
    }

    public struct EndpointRecord: Encodable {
        var role, `protocol`, host: String
        var port: Int
        var security: String
        var auth: String?
        var url: String?
        var file: String?
        var line: Int?
    }

    public struct FindingRecord: Encodable {
        var rule, severity, client: String
        var file: String?
        var line: Int?
        var account: String?
        var `protocol`, host: String?
        var port: Int?
        var security: String?
        var message: String
        var fix: FixTarget?
    }

    public struct ChangeRecord: Encodable {
        var file: String
        var line: Int
        var before: String?
        var after: String
        var applicability: String
        var applied: Bool
        var account: String
        var `protocol`: String
        var reason: String
    }

    public struct FixRecord: Encodable {
        /// planned (dry run), applied, nothing-to-do, in-use, refused or failed.
        var profile, status: String
        var message: String?
        var backups: [String]?
    }

    public struct ErrorRecord: Encodable {
        var file: String
        var line: Int?
        var reason: String
    }

    public struct Summary: Encodable {
        var errors, warnings, notes, accounts, files: Int
    }

    public init(_ report: CheckReport) {
        accounts = report.configurations.flatMap { configuration in
            configuration.accounts.map { account in
                AccountRecord(client: configuration.client, profile: configuration.profile, id: account.id,
                              name: account.name, email: account.email,
                              endpoints: account.endpoints.map(Self.record))
            }
        }
        findings = report.findings.map { finding in
            FindingRecord(rule: finding.rule, severity: finding.severity.rawValue, client: finding.client,
                          file: finding.location?.file, line: finding.location?.line, account: finding.accountID,
                          protocol: finding.endpoint?.protocolName.rawValue, host: finding.endpoint?.host,
                          port: finding.endpoint?.port, security: finding.endpoint?.security.rawValue,
                          message: finding.message, fix: finding.fix)
        }
        errors = report.errors.map { ErrorRecord(file: $0.file, line: $0.line, reason: $0.reason) }
        summary = Summary(errors: report.count(.error), warnings: report.count(.warning), notes: report.count(.note),
                          accounts: report.accountCount, files: report.fileCount)
    }

    /// The report of a fix run: the check's report plus every change, with whether it was written.
    public init(_ report: CheckReport, fixes: [ProfileFix], outcomes: [FixOutcome]) {
        self.init(report)
        var records: [ChangeRecord] = []
        for fix in fixes {
            let applied = outcomes.contains { $0.profile == fix.configuration.profile && $0.status == .applied }
            var unselected = fix.changes.filter { !fix.isSelected($0) }
            for edit in fix.edits {
                records.append(ChangeRecord(file: edit.file, line: edit.line, before: edit.before, after: edit.after,
                                            applicability: edit.change.applicability.rawValue, applied: applied,
                                            account: edit.change.accountID, protocol: edit.change.endpoint.protocolName.rawValue,
                                            reason: edit.change.reason))
            }
            // Changes not selected have no edits; report them by the setting that decides them.
            unselected.removeAll { change in fix.edits.contains { $0.change == change } }
            for change in unselected {
                let location = change.endpoint.sources[.security]?.location ?? change.endpoint.primaryLocation
                records.append(ChangeRecord(file: location?.file ?? fix.configuration.profile, line: location?.line ?? 0,
                                            before: nil, after: "SSL/TLS on \(change.target.url ?? "\(change.target.host):\(change.target.port)")",
                                            applicability: change.applicability.rawValue, applied: false,
                                            account: change.accountID, protocol: change.endpoint.protocolName.rawValue,
                                            reason: change.reason))
            }
        }
        changes = records
        self.fixes = Self.fixRecords(fixes, outcomes)
    }

    private static func fixRecords(_ fixes: [ProfileFix], _ outcomes: [FixOutcome]) -> [FixRecord] {
        fixes.map { fix in
            let outcome = outcomes.first { $0.profile == fix.configuration.profile }
            let status: String
            switch (fix.refusal, outcome?.status) {
            case (.some, _): status = "refused"
            case (nil, nil): status = "planned"
            case (nil, .applied?): status = "applied"
            case (nil, .nothingToDo?): status = "nothing-to-do"
            case (nil, .inUse?): status = "in-use"
            case (nil, .failed?): status = "failed"
            }
            return FixRecord(profile: fix.configuration.profile, status: status,
                             message: fix.refusal?.reason ?? outcome?.message,
                             backups: outcome?.backup?.folders)
        }
    }

    static func record(_ endpoint: Endpoint) -> EndpointRecord {
        let location = endpoint.primaryLocation
        return EndpointRecord(role: endpoint.role.rawValue, protocol: endpoint.protocolName.rawValue, host: endpoint.host,
                              port: endpoint.port, security: endpoint.security.rawValue, auth: endpoint.auth,
                              url: endpoint.url, file: location?.file, line: location?.line)
    }

    public func rendered() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain structs of strings and numbers cannot fail.
        let data = try! encoder.encode(self)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
