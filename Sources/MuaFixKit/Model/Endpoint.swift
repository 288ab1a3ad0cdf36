/// How a connection is protected, from worst to best.
public enum Security: String, Sendable, Codable, CaseIterable, Comparable {
    /// No TLS at all: passwords and mail cross the network in clear.
    case none
    /// STARTTLS if the server offers it, plaintext otherwise: a man in the middle strips it.
    case starttlsOptional = "starttls-optional"
    /// STARTTLS required: begins in plaintext, fails rather than downgrades.
    case starttls
    /// Implicit TLS from the first byte (RFC 8314).
    case tls

    private var rank: Int { Security.allCases.firstIndex(of: self)! }
    public static func < (a: Security, b: Security) -> Bool { a.rank < b.rank }
}

public enum EndpointRole: String, Sendable, Codable {
    case incoming, outgoing, directory, calendar
}

/// A network protocol spoken by an endpoint. Open-ended: readers may name protocols not listed here.
public struct MailProtocol: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    public static let imap: MailProtocol = "imap"
    public static let pop3: MailProtocol = "pop3"
    public static let smtp: MailProtocol = "smtp"
    public static let nntp: MailProtocol = "nntp"
    public static let ldap: MailProtocol = "ldap"
    public static let caldav: MailProtocol = "caldav"
    public static let carddav: MailProtocol = "carddav"
    public static let ics: MailProtocol = "ics"
    public static let ews: MailProtocol = "ews"
    public static let graph: MailProtocol = "graph"
}

/// The parts of an endpoint a setting can determine; each keeps its source.
public enum EndpointField: String, Sendable, Hashable, Codable, CaseIterable {
    case host, port, security, auth, username, url
}

/// One server an account talks to, as the client will actually use it.
public struct Endpoint: Sendable, Hashable {
    public var role: EndpointRole
    public var protocolName: MailProtocol
    public var host: String
    /// The port the client will connect to, computed as the client computes it.
    public var port: Int
    public var security: Security
    public var auth: String?
    public var username: String?
    /// Set for endpoints configured by URL (LDAP, CalDAV, CardDAV, EWS).
    public var url: String?
    /// The client's own name for this server, e.g. Thunderbird's `server1` or `smtp2`.
    public var key: String
    public var sources: [EndpointField: SettingSource]

    public init(role: EndpointRole, protocolName: MailProtocol, host: String, port: Int, security: Security,
                auth: String? = nil, username: String? = nil, url: String? = nil, key: String,
                sources: [EndpointField: SettingSource] = [:]) {
        self.role = role
        self.protocolName = protocolName
        self.host = host
        self.port = port
        self.security = security
        self.auth = auth
        self.username = username
        self.url = url
        self.key = key
        self.sources = sources
    }

    /// The first place in the files that defines this endpoint, for reports.
    public var primaryLocation: SourceLocation? {
        for field in [EndpointField.security, .port, .host, .url, .auth, .username] {
            if let location = sources[field]?.location { return location }
        }
        return nil
    }
}
