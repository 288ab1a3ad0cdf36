/// A mail account, address book or calendar of one client profile, with the endpoints it uses.
public struct Account: Sendable, Hashable {
    /// The client's own id, e.g. Thunderbird's `account1`.
    public var id: String
    public var name: String
    public var email: String?
    public var endpoints: [Endpoint]

    public init(id: String, name: String, email: String? = nil, endpoints: [Endpoint]) {
        self.id = id
        self.name = name
        self.email = email
        self.endpoints = endpoints
    }
}

/// A TLS protocol version, as clients number them.
public enum TLSVersion: Int, Sendable, Comparable, Codable, CustomStringConvertible {
    case ssl3 = 0, tls10 = 1, tls11 = 2, tls12 = 3, tls13 = 4
    public var description: String {
        switch self {
        case .ssl3: "SSL 3.0"
        case .tls10: "TLS 1.0"
        case .tls11: "TLS 1.1"
        case .tls12: "TLS 1.2"
        case .tls13: "TLS 1.3"
        }
    }
    public static func < (a: TLSVersion, b: TLSVersion) -> Bool { a.rawValue < b.rawValue }
}

/// A client-wide setting that widens or narrows the TLS versions the client accepts.
public struct TLSVersionSetting: Sendable, Hashable {
    public enum Kind: String, Sendable { case minimum, maximum, deprecatedVersionsEnabled }
    public var kind: Kind
    /// For `minimum`/`maximum`; nil when the value is outside the known range.
    public var version: TLSVersion?
    public var enabled: Bool
    public var source: SettingSource

    public init(kind: Kind, version: TLSVersion? = nil, enabled: Bool = false, source: SettingSource) {
        self.kind = kind
        self.version = version
        self.enabled = enabled
        self.source = source
    }
}

/// A certificate the user told the client to accept although it failed verification.
public struct CertificateException: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var fingerprint: String
    public var location: SourceLocation

    public init(host: String, port: Int, fingerprint: String, location: SourceLocation) {
        self.host = host
        self.port = port
        self.fingerprint = fingerprint
        self.location = location
    }
}

/// Something the real client reads differently from what its author meant: a value it drops,
/// misparses or crashes on.
public struct Misreading: Sendable, Hashable {
    public var message: String
    public var location: SourceLocation
    /// The account it affects, when known.
    public var accountID: String?

    public init(message: String, location: SourceLocation, accountID: String? = nil) {
        self.message = message
        self.location = location
        self.accountID = accountID
    }
}

/// Everything one reader learned from one client profile: the input of every rule.
public struct ClientConfiguration: Sendable {
    public var client: String
    /// The profile folder (or single file) read.
    public var profile: String
    public var files: [String]
    public var accounts: [Account]
    public var tlsVersionSettings: [TLSVersionSetting]
    public var certificateExceptions: [CertificateException]
    public var misreadings: [Misreading]

    public init(client: String, profile: String, files: [String] = [], accounts: [Account] = [],
                tlsVersionSettings: [TLSVersionSetting] = [], certificateExceptions: [CertificateException] = [],
                misreadings: [Misreading] = []) {
        self.client = client
        self.profile = profile
        self.files = files
        self.accounts = accounts
        self.tlsVersionSettings = tlsVersionSettings
        self.certificateExceptions = certificateExceptions
        self.misreadings = misreadings
    }
}
