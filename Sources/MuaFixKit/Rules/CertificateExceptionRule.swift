public struct CertificateExceptionRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        id: "certificate-exception",
        severity: .warning,
        summary: "The user accepted a mail server certificate that failed verification.",
        rationale: """
        A certificate exception tells the client to trust one certificate for one host and port although it \
        failed verification. If that certificate was an attacker's on the day the user clicked "Confirm", the \
        attacker keeps reading the account; if it was the server's own broken certificate, TLS no longer proves \
        who is at the other end, and the user has learned to click through the warning.
        """,
        fix: "Remove the exception (with the client closed) and have the server fixed to present a valid certificate for its name.",
        references: ["RFC 8314 §4.3 (certificate validation)", "RFC 6125 (server identity)"],
        triggeringExamples: [
            RuleExample([
                "prefs.js": "",
                "cert_override.txt": "# PSM Certificate Override Settings file\nimap.example.test:993:\tOID.2.16.840.1.101.3.4.2.1\tAA:BB\t\n",
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample([
                "prefs.js": "",
                "cert_override.txt": "# PSM Certificate Override Settings file\nintranet.example.test:8443:\tOID.2.16.840.1.101.3.4.2.1\tAA:BB\t\n",
            ]),
        ])

    static let mailPorts: Set<Int> = Set(ImplicitTLS.dedicatedPorts.values.filter { $0 != 443 })
        .union(ImplicitTLS.cleartextPorts.values.flatMap { $0 }.filter { $0 != 80 })

    public func check(_ configuration: ClientConfiguration) -> [Finding] {
        let endpoints = Set(configuration.accounts.flatMap(\.endpoints).map { "\($0.host.lowercased()):\($0.port)" })
        return configuration.certificateExceptions.compactMap { exception in
            guard Self.mailPorts.contains(exception.port) || endpoints.contains("\(exception.host):\(exception.port)") else { return nil }
            return finding("a certificate exception accepts an unverified certificate for \(exception.host):\(exception.port)",
                           at: exception.location, in: configuration)
        }
    }
}
