import Foundation

/// The parts of a service URL (ldap://, https://, …) that decide where and how a client connects.
struct ServiceURL {
    var scheme: String
    var host: String
    var port: Int
    var security: Security

    static let schemes: [String: (port: Int, security: Security)] = [
        "ldap": (389, .none), "ldaps": (636, .tls),
        "http": (80, .none), "https": (443, .tls),
        "webcal": (80, .none), "webcals": (443, .tls),
    ]

    init?(_ text: String) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let known = Self.schemes[scheme] else { return nil }
        self.scheme = scheme
        self.host = (components.host ?? "").lowercased()
        self.port = components.port ?? known.port
        self.security = known.security
    }
}
