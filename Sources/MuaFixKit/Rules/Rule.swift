/// A configuration snippet that a rule must (or must not) flag. `files` maps a path inside a
/// scratch profile folder to its content, so an example can span prefs.js, user.js and cert_override.txt.
public struct RuleExample: Sendable, CustomStringConvertible {
    public var files: [String: String]
    public var sourceFile: String
    public var sourceLine: Int

    public init(_ files: [String: String], file: StaticString = #fileID, line: UInt = #line) {
        self.files = files
        self.sourceFile = "\(file)"
        self.sourceLine = Int(line)
    }

    /// The common case: one Thunderbird prefs.js.
    public init(prefs: String, file: StaticString = #fileID, line: UInt = #line) {
        self.init(["prefs.js": prefs], file: file, line: line)
    }

    public var description: String { "\(sourceFile):\(sourceLine)" }
}

public struct RuleDescription: Sendable {
    /// Stable kebab-case id; users and scripts refer to rules by it.
    public var id: String
    public var severity: Severity
    public var summary: String
    /// Why the flagged configuration is dangerous.
    public var rationale: String
    /// What mua-fix proposes instead.
    public var fix: String
    public var references: [String]
    public var triggeringExamples: [RuleExample]
    public var nonTriggeringExamples: [RuleExample]

    public init(id: String, severity: Severity, summary: String, rationale: String, fix: String,
                references: [String], triggeringExamples: [RuleExample], nonTriggeringExamples: [RuleExample]) {
        self.id = id
        self.severity = severity
        self.summary = summary
        self.rationale = rationale
        self.fix = fix
        self.references = references
        self.triggeringExamples = triggeringExamples
        self.nonTriggeringExamples = nonTriggeringExamples
    }
}

/// One check over a client-neutral configuration. Rules never see client file formats.
public protocol Rule: Sendable {
    static var description: RuleDescription { get }
    init()
    func check(_ configuration: ClientConfiguration) -> [Finding]
}

extension Rule {
    public var description: RuleDescription { Self.description }

    /// A finding of this rule about one endpoint of an account.
    public func finding(_ message: String, account: Account, endpoint: Endpoint, in configuration: ClientConfiguration,
                        at location: SourceLocation? = nil, fix: FixTarget? = nil) -> Finding {
        Finding(rule: Self.description.id, severity: Self.description.severity, client: configuration.client,
                profile: configuration.profile, location: location ?? endpoint.primaryLocation,
                accountID: account.id, accountName: account.name, endpoint: endpoint, message: message, fix: fix)
    }

    /// One finding per endpoint that `matches`, pointing at the setting named by `field` and carrying
    /// the endpoint's implicit-TLS target as its fix.
    public func endpointFindings(in configuration: ClientConfiguration, at field: EndpointField = .security,
                                 where matches: (Endpoint) -> Bool, message: (Endpoint) -> String) -> [Finding] {
        configuration.accounts.flatMap { account in
            account.endpoints.filter(matches).map { endpoint in
                finding(message(endpoint), account: account, endpoint: endpoint, in: configuration,
                        at: endpoint.sources[field]?.location, fix: ImplicitTLS.target(for: endpoint))
            }
        }
    }

    /// A finding of this rule about a setting that belongs to no single endpoint.
    public func finding(_ message: String, at location: SourceLocation?, in configuration: ClientConfiguration,
                        accountID: String? = nil) -> Finding {
        let account = accountID.flatMap { id in configuration.accounts.first { $0.id == id } }
        return Finding(rule: Self.description.id, severity: Self.description.severity, client: configuration.client,
                       profile: configuration.profile, location: location, accountID: accountID,
                       accountName: account?.name, message: message)
    }
}
