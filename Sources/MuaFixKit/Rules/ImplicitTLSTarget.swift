/// RFC 8314's answer for each protocol: TLS from the first byte, on the port reserved for it.
public enum ImplicitTLS {
    public static let dedicatedPorts: [MailProtocol: Int] = [
        .imap: 993, .pop3: 995, .smtp: 465, .nntp: 563, .ldap: 636,
        .caldav: 443, .carddav: 443, .ics: 443, .ews: 443, .graph: 443,
    ]

    /// Ports where a protocol speaks plaintext first (and maybe STARTTLS).
    public static let cleartextPorts: [MailProtocol: Set<Int>] = [
        .imap: [143], .pop3: [110], .smtp: [25, 587], .nntp: [119], .ldap: [389],
        .caldav: [80], .carddav: [80], .ics: [80], .ews: [80], .graph: [80],
    ]

    private static let secureSchemes = ["ldap": "ldaps", "http": "https", "webcal": "webcals"]
    private static let insecureDefaultPorts = ["ldap": 389, "http": 80, "webcal": 80]

    /// Where the endpoint should point instead; nil when it already does or the protocol is unknown.
    public static func target(for endpoint: Endpoint) -> FixTarget? {
        guard let dedicated = dedicatedPorts[endpoint.protocolName] else { return nil }
        guard let url = endpoint.url else {
            if endpoint.security == .tls && endpoint.port == dedicated { return nil }
            return FixTarget(host: endpoint.host, port: dedicated, security: .tls)
        }
        guard endpoint.security != .tls, let secured = secureURL(url, dedicatedPort: dedicated) else { return nil }
        return FixTarget(host: endpoint.host, port: secured.port, security: .tls, url: secured.url)
    }

    /// The URL with its secure scheme; an explicit port that was the insecure default becomes the
    /// dedicated one, any other explicit port is kept. Only the scheme and port are edited, byte for byte.
    static func secureURL(_ url: String, dedicatedPort: Int) -> (url: String, port: Int)? {
        guard let colon = url.firstIndex(of: ":"), url[colon...].hasPrefix("://") else { return nil }
        let scheme = url[..<colon].lowercased()
        guard let secure = secureSchemes[scheme], let insecurePort = insecureDefaultPorts[scheme] else { return nil }
        let rest = url[url.index(colon, offsetBy: 3)...]
        var authority = rest.prefix { !"/?#".contains($0) }
        let path = rest[authority.endIndex...]
        var port = dedicatedPort
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]"),
           let explicit = Int(authority[authority.index(after: colon)...]) {
            if explicit == insecurePort {
                authority = authority[..<colon] + ":\(dedicatedPort)"
            } else {
                port = explicit
            }
        }
        return (secure + "://" + authority + path, port)
    }
}

extension Endpoint {
    /// `IMAP imap.example.test:143`, for messages.
    var label: String { "\(protocolName.rawValue.uppercased()) \(host):\(port)" }
}
