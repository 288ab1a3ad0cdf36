/// The parts of a service URL (ldap://, https://, …) that decide where and how a client connects.
struct ServiceURL {
    var host: String
    var port: Int
    var security: Security

    static let schemes: [String: (port: Int, security: Security)] = [
        "ldap": (389, .none), "ldaps": (636, .tls),
        "http": (80, .none), "https": (443, .tls),
        "webcal": (80, .none), "webcals": (443, .tls),
    ]

    /// `scheme://[user@]host[:port][/…]`, with `[IPv6]` hosts; nil for anything else.
    init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://") else { return nil }
        let scheme = text[..<colon].lowercased()
        guard let known = Self.schemes[scheme] else { return nil }
        var authority = text[text.index(colon, offsetBy: 3)...].prefix { !"/?#".contains($0) }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var host = authority
        var port = known.port
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let rest = authority[authority.index(after: close)...]
            if !rest.isEmpty && !rest.hasPrefix(":") { return nil }
            if rest.hasPrefix(":") {
                guard let explicit = Self.port(rest.dropFirst()) else { return nil }
                port = explicit
            }
        } else if let portColon = authority.lastIndex(of: ":") {
            host = authority[..<portColon]
            let digits = authority[authority.index(after: portColon)...]
            if !digits.isEmpty {
                guard let explicit = Self.port(digits) else { return nil }
                port = explicit
            }
        }
        self.host = host.lowercased()
        self.port = port
        self.security = known.security
    }

    /// A port: ASCII digits only, 1–65535.
    static func port(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), text.count <= 5,
              let value = Int(text), (1...65535).contains(value) else { return nil }
        return value
    }
}
