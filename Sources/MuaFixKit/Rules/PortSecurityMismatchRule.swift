public struct PortSecurityMismatchRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        id: "port-security-mismatch",
        severity: .warning,
        summary: "The port does not match the kind of security: TLS on a plaintext port, or plaintext on a TLS port.",
        rationale: """
        Servers speak implicit TLS on the dedicated ports (993, 995, 465, 563) and plaintext or STARTTLS on the \
        others (143, 110, 587, 25, 119). A mismatch either fails to connect or means the client talks to \
        something other than what the user thinks, and often hides a half-done manual change. Thunderbird's \
        NNTP with socketType 2 is such a case: it starts TLS at once, but on port 119.
        """,
        fix: "Use SSL/TLS on the dedicated port of the protocol.",
        references: ["RFC 8314 §7 (port assignments)", "IANA service names: imaps, pop3s, submissions, nntps"],
        triggeringExamples: [
            RuleExample(Examples.imap("""
            user_pref("mail.server.server1.socketType", 3);
            user_pref("mail.server.server1.port", 143);
            """)),
            RuleExample(Examples.smtp("""
            user_pref("mail.smtpserver.smtp1.try_ssl", 2);
            user_pref("mail.smtpserver.smtp1.port", 465);
            """)),
        ],
        nonTriggeringExamples: [
            RuleExample(Examples.imap("""
            user_pref("mail.server.server1.socketType", 3);
            user_pref("mail.server.server1.port", 993);
            """)),
            RuleExample(Examples.imap(#"user_pref("mail.server.server1.socketType", 2);"#)),
        ])

    public func check(_ configuration: ClientConfiguration) -> [Finding] {
        configuration.accounts.flatMap { account in
            account.endpoints.compactMap { endpoint -> Finding? in
                guard endpoint.url == nil, let dedicated = ImplicitTLS.dedicatedPorts[endpoint.protocolName] else { return nil }
                let cleartext = ImplicitTLS.cleartextPorts[endpoint.protocolName] ?? []
                let message: String
                if endpoint.security == .tls && cleartext.contains(endpoint.port) {
                    message = "\(endpoint.label) uses SSL/TLS on the port meant for plaintext or STARTTLS"
                } else if endpoint.security != .tls && endpoint.port == dedicated {
                    message = "\(endpoint.label) is the SSL/TLS port, but the client does not start TLS there"
                } else {
                    return nil
                }
                return finding(message, account: account, endpoint: endpoint, in: configuration,
                               at: endpoint.sources[.port]?.location ?? endpoint.sources[.security]?.location,
                               fix: ImplicitTLS.target(for: endpoint))
            }
        }
    }
}
