/// The `--format json` contract (version 1). Fields are only ever added, never renamed or removed;
/// the README documents them. A field with no value is left out rather than written as null.
public struct JSONReport {
    public var document: JSONValue

    public init(_ report: CheckReport) {
        let accounts: [JSONValue] = report.configurations.flatMap { configuration in
            configuration.accounts.map { account in
                JSONValue.object([
                    "client": .string(configuration.client), "profile": .string(configuration.profile),
                    "id": .string(account.id), "name": .string(account.name), "email": account.email.map(JSONValue.string),
                    "endpoints": .array(account.endpoints.map(Self.endpoint)),
                ])
            }
        }
        let findings: [JSONValue] = report.findings.map { finding in
            JSONValue.object([
                "rule": .string(finding.rule), "severity": .string(finding.severity.rawValue), "client": .string(finding.client),
                "file": finding.location.map { .string($0.file) }, "line": finding.location.map { .int($0.line) },
                "account": finding.accountID.map(JSONValue.string),
                "protocol": finding.endpoint.map { .string($0.protocolName.rawValue) },
                "host": finding.endpoint.map { .string($0.host) }, "port": finding.endpoint.map { .int($0.port) },
                "security": finding.endpoint.map { .string($0.security.rawValue) },
                "message": .string(finding.message),
                "fix": finding.fix.map { fix in
                    JSONValue.object(["host": .string(fix.host), "port": .int(fix.port), "security": .string(fix.security.rawValue),
                                      "url": fix.url.map(JSONValue.string)])
                },
            ])
        }
        let errors: [JSONValue] = report.errors.map { error in
            JSONValue.object(["file": .string(error.file), "line": error.line.map(JSONValue.int), "reason": .string(error.reason)])
        }
        document = .object([
            "version": .int(1), "accounts": .array(accounts), "findings": .array(findings), "errors": .array(errors),
            "summary": .object([
                "errors": .int(report.count(.error)), "warnings": .int(report.count(.warning)), "notes": .int(report.count(.note)),
                "accounts": .int(report.accountCount), "files": .int(report.fileCount),
            ]),
        ])
    }

    /// The report of a fix run: the check's report plus every change, with whether it was written,
    /// and what happened to each profile.
    public init(_ report: CheckReport, fixes: [ProfileFix], outcomes: [FixOutcome]) {
        self.init(report)
        var changes: [JSONValue] = []
        for fix in fixes {
            let applied = outcomes.contains { $0.profile == fix.configuration.profile && $0.status == .applied }
            for edit in fix.edits {
                changes.append(Self.change(edit.change, file: edit.file, line: edit.line, before: edit.before,
                                           after: edit.after, applied: applied))
            }
            // Changes not selected have no edits; report them by the setting that decides them.
            for change in fix.changes where !fix.isSelected(change) {
                let location = change.endpoint.sources[.security]?.location ?? change.endpoint.primaryLocation
                changes.append(Self.change(change, file: location?.file ?? fix.configuration.profile, line: location?.line ?? 0,
                                           before: nil, after: "SSL/TLS on \(change.target.url ?? "\(change.target.host):\(change.target.port)")",
                                           applied: false))
            }
        }
        let records: [JSONValue] = fixes.map { fix in
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
            return JSONValue.object([
                "profile": .string(fix.configuration.profile), "status": .string(status),
                "message": (fix.refusal?.reason ?? outcome?.message).map(JSONValue.string),
                "backups": outcome?.backup.map { .array($0.folders.map(JSONValue.string)) },
            ])
        }
        if case .object(var members) = document {
            members["changes"] = .array(changes)
            members["fixes"] = .array(records)
            document = .object(members)
        }
    }

    static func endpoint(_ endpoint: Endpoint) -> JSONValue {
        let location = endpoint.primaryLocation
        return .object([
            "role": .string(endpoint.role.rawValue), "protocol": .string(endpoint.protocolName.rawValue),
            "host": .string(endpoint.host), "port": .int(endpoint.port), "security": .string(endpoint.security.rawValue),
            "auth": endpoint.auth.map(JSONValue.string), "url": endpoint.url.map(JSONValue.string),
            "file": location.map { .string($0.file) }, "line": location.map { .int($0.line) },
        ])
    }

    static func change(_ change: PlannedChange, file: String, line: Int, before: String?, after: String, applied: Bool) -> JSONValue {
        .object([
            "file": .string(file), "line": .int(line), "before": before.map(JSONValue.string), "after": .string(after),
            "applicability": .string(change.applicability.rawValue), "applied": .bool(applied),
            "account": .string(change.accountID), "protocol": .string(change.endpoint.protocolName.rawValue),
            "reason": .string(change.reason),
        ])
    }

    public func rendered() -> String { document.rendered() }
}
