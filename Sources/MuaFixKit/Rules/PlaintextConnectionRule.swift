public struct PlaintextConnectionRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        id: "plaintext-connection",
        severity: .error,
        summary: "A mail server is reached without any encryption.",
        rationale: """
        Without TLS the password and every message cross the network in clear: anyone on the path \
        (an open Wi-Fi, a compromised router, the provider's upstream) can read them and take over the account. \
        RFC 8314 asks mail clients to use TLS for every connection to a mail provider, and to prefer implicit TLS \
        on the dedicated ports.
        """,
        fix: "Connect with SSL/TLS from the first byte on the dedicated port: IMAP 993, POP3 995, SMTP 465, NNTP 563.",
        references: ["RFC 8314 §3 and §4.1 (implicit TLS for mail access and submission)",
                     "ASNET-AM guidance: SSL/TLS only, never plaintext"],
        triggeringExamples: [
            RuleExample(Examples.imap(#"user_pref("mail.server.server1.socketType", 0);"#)),
            RuleExample(Examples.imap("")),
            RuleExample(Examples.smtp(#"user_pref("mail.smtpserver.smtp1.port", 25);"#)),
        ],
        nonTriggeringExamples: [
            RuleExample(Examples.imap(#"user_pref("mail.server.server1.socketType", 3);"#)),
            RuleExample(Examples.smtp(#"user_pref("mail.smtpserver.smtp1.try_ssl", 2);"#)),
        ])

    public func check(_ configuration: ClientConfiguration) -> [Finding] {
        endpointFindings(in: configuration, where: { $0.url == nil && $0.security == .none }, message: { "\($0.label) is used without any encryption; the password and mail travel in clear" })
    }
}
