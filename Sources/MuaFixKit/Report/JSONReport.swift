import Foundation

/// The `--format json` contract (version 1). Fields are only ever added, never renamed or removed;
/// the README documents them.
public struct JSONReport: Encodable {
    public var version = 1
    public var accounts: [AccountRecord]
    public var findings: [FindingRecord]
    public var errors: [ErrorRecord]
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
