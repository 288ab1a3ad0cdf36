public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case note, warning, error
    private var rank: Int { Severity.allCases.firstIndex(of: self)! }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// Where a finding points the user: implicit TLS on the dedicated port.
public struct FixTarget: Sendable, Hashable, Codable {
    public var host: String
    public var port: Int
    public var security: Security
    /// For URL-configured endpoints, the URL to write.
    public var url: String?

    public init(host: String, port: Int, security: Security, url: String? = nil) {
        self.host = host
        self.port = port
        self.security = security
        self.url = url
    }
}

public struct Finding: Sendable, Hashable {
    public var rule: String
    public var severity: Severity
    public var client: String
    public var profile: String
    public var location: SourceLocation?
    public var accountID: String?
    public var accountName: String?
    public var endpoint: Endpoint?
    public var message: String
    public var fix: FixTarget?

    public init(rule: String, severity: Severity, client: String, profile: String, location: SourceLocation?,
                accountID: String? = nil, accountName: String? = nil, endpoint: Endpoint? = nil,
                message: String, fix: FixTarget? = nil) {
        self.rule = rule
        self.severity = severity
        self.client = client
        self.profile = profile
        self.location = location
        self.accountID = accountID
        self.accountName = accountName
        self.endpoint = endpoint
        self.message = message
        self.fix = fix
    }
}
