public struct StartTLSRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        id: "starttls",
        severity: .warning,
        summary: "The connection begins in plaintext and upgrades with STARTTLS.",
        rationale: """
        Required STARTTLS refuses to continue without TLS, but the exchange before the upgrade is in clear and \
        has been the source of repeated client and server bugs (command injection, response buffering, \
        downgrade to a failure the user clicks through). RFC 8314 recommends implicit TLS on the dedicated \
        ports instead, and ASNET-AM asks its members to use SSL/TLS only.
        """,
        fix: "Use SSL/TLS from the first byte on the dedicated port: IMAP 993, POP3 995, SMTP 465.",
        references: ["RFC 8314 §3 (implicit TLS preferred over STARTTLS)",
                     "Poddebniak et al., \"Why TLS is better without STARTTLS\", USENIX Security 2021"],
        triggeringExamples: [
            RuleExample(Examples.imap(#"user_pref("mail.server.server1.socketType", 2);"#)),
            RuleExample(Examples.smtp(#"user_pref("mail.smtpserver.smtp1.try_ssl", 2);"#)),
        ],
        nonTriggeringExamples: [
            RuleExample(Examples.imap(#"user_pref("mail.server.server1.socketType", 3);"#)),
            RuleExample(Examples.smtp(#"user_pref("mail.smtpserver.smtp1.try_ssl", 3);"#)),
        ])

    public func check(_ configuration: ClientConfiguration) -> [Finding] {
        endpointFindings(in: configuration, where: { $0.security == .starttls }, message: { "\($0.label) starts in plaintext and upgrades with STARTTLS" })
    }
}
