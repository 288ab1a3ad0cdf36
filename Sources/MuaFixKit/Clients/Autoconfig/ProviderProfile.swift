/// One server entry of a provider profile, as Thunderbird accepts it.
public struct ProviderServer: Sendable, Hashable {
    public var role: EndpointRole
    public var protocolName: MailProtocol
    /// Lower-cased, except that entries with `%PLACEHOLDER%` tokens keep their case, as Thunderbird does.
    public var host: String
    public var port: Int
    public var security: Security
    /// The `<authentication>` values Thunderbird knows, in file order; Thunderbird uses the first.
    public var auth: [String]
    /// Nil when the entry has no `<username>`.
    public var username: String?
    public var line: Int

    public init(role: EndpointRole, protocolName: MailProtocol, host: String, port: Int, security: Security,
                auth: [String], username: String? = nil, line: Int) {
        self.role = role
        self.protocolName = protocolName
        self.host = host
        self.port = port
        self.security = security
        self.auth = auth
        self.username = username
        self.line = line
    }

    public var hasPlaceholder: Bool { host.contains("%") }
}

/// Something in a profile that Thunderbird skips or reads differently from what its author meant.
public struct ProviderProfileNote: Sendable, Hashable {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
}

/// A provider's published mail settings (a Mozilla autoconfig `emailProvider`): which hosts and ports
/// the provider itself says to use. mua-fix trusts a change to implicit TLS only when one confirms it.
public struct ProviderProfile: Sendable, Hashable {
    public var id: String
    public var displayName: String?
    /// As written, lower-cased; placeholder domains such as `%EMAILDOMAIN%` are kept but never match.
    public var domains: [String]
    /// In file order, which is the provider's order of preference.
    public var incomingServers: [ProviderServer]
    public var outgoingServers: [ProviderServer]
    public var file: String
    /// Entries Thunderbird skips, and other misreadings, with their lines.
    public var notes: [ProviderProfileNote]

    public init(id: String, displayName: String? = nil, domains: [String], incomingServers: [ProviderServer],
                outgoingServers: [ProviderServer], file: String, notes: [ProviderProfileNote] = []) {
        self.id = id
        self.displayName = displayName
        self.domains = domains
        self.incomingServers = incomingServers
        self.outgoingServers = outgoingServers
        self.file = file
        self.notes = notes
    }

    public var servers: [ProviderServer] { incomingServers + outgoingServers }

    /// Whether the provider lists implicit TLS (`SSL`) for this protocol on exactly this host and port.
    public func confirmsImplicitTLS(protocol protocolName: MailProtocol, host: String, port: Int) -> Bool {
        let host = normalizedHost(host)
        return servers.contains {
            $0.protocolName == protocolName && $0.security == .tls && normalizedHost($0.host) == host && $0.port == port
        }
    }

    /// The provider's first implicit-TLS server for the protocol, to learn its host and port when the
    /// configured ones differ. Hosts with unfilled placeholders are skipped: they name no real host.
    public func implicitTLSServer(for protocolName: MailProtocol) -> ProviderServer? {
        servers.first { $0.protocolName == protocolName && $0.security == .tls && !$0.hasPlaceholder }
    }

    /// Whether the email address's domain is one of the profile's domains.
    public func matches(email: String) -> Bool {
        guard let domain = emailDomain(email) else { return false }
        return domains.contains { !$0.contains("%") && normalizedHost($0) == domain }
    }

    /// Whether the host is one of the profile's servers, or lies under one of its domains.
    public func matches(host: String) -> Bool {
        let host = normalizedHost(host)
        guard !host.isEmpty else { return false }
        if servers.contains(where: { normalizedHost($0.host) == host }) { return true }
        return domains.contains { !$0.contains("%") && host.hasSuffix("." + normalizedHost($0)) }
    }

    /// The profile with `%EMAILADDRESS%`, `%EMAILLOCALPART%` and `%EMAILDOMAIN%` filled in from `email`
    /// in every server host and username, so placeholder hosts can be compared.
    public func substitutingPlaceholders(email: String) -> ProviderProfile {
        guard let at = email.lastIndex(of: "@") else { return self }
        let localPart = String(email[..<at])
        let domain = emailDomain(email) ?? ""
        func fill(_ text: String) -> String {
            replacingAll("%EMAILDOMAIN%", with: domain, in: replacingAll("%EMAILLOCALPART%", with: localPart,
                in: replacingAll("%EMAILADDRESS%", with: email, in: text)))
        }
        func fill(_ server: ProviderServer) -> ProviderServer {
            var server = server
            if server.hasPlaceholder { server.host = fill(server.host).lowercased() }
            server.username = server.username.map(fill)
            return server
        }
        var profile = self
        profile.incomingServers = incomingServers.map(fill)
        profile.outgoingServers = outgoingServers.map(fill)
        return profile
    }
}

/// Lower-cased, without the trailing dot of a fully qualified name.
func normalizedHost(_ host: String) -> String {
    var host = host.lowercased()
    if host.hasSuffix(".") { host.removeLast() }
    return host
}

func emailDomain(_ email: String) -> String? {
    guard let at = email.lastIndex(of: "@") else { return nil }
    let domain = normalizedHost(String(email[email.index(after: at)...]))
    return domain.isEmpty ? nil : domain
}

/// Foundation's `replacingOccurrences`, which this target does not import.
private func replacingAll(_ target: String, with replacement: String, in text: String) -> String {
    var result = ""
    var rest = text[...]
    while let range = rest.firstRange(of: target) {
        result += rest[..<range.lowerBound]
        result += replacement
        rest = rest[range.upperBound...]
    }
    return result + rest
}
