public struct OpportunisticStartTLSRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        id: "opportunistic-starttls",
        severity: .error,
        summary: "STARTTLS is used only if the server offers it, so an attacker can switch it off.",
        rationale: """
        With opportunistic STARTTLS the client starts in plaintext and upgrades only when the server \
        advertises STARTTLS. A man in the middle deletes that one line and the client carries on in clear, \
        password included, without telling the user (the STARTTLS stripping attack). Thunderbird up to 131 \
        called this "STARTTLS, if available" (socketType 1); from 132 on the same value means no TLS at all.
        """,
        fix: "Use SSL/TLS from the first byte on the dedicated port: IMAP 993, POP3 995, SMTP 465.",
        references: ["RFC 8314 §3 and §4.1", "RFC 3207 §6 (STARTTLS downgrade)",
                     "Thunderbird bug 1868517 (socketType 1 removed in 132)"],
        triggeringExamples: [
            RuleExample([
                "prefs.js": Examples.imap(#"user_pref("mail.server.server1.socketType", 1);"#)["prefs.js"]!,
                "compatibility.ini": "[Compatibility]\nLastVersion=115.18.0_20241120000000/20241120000000\n",
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample(Examples.imap(#"user_pref("mail.server.server1.socketType", 2);"#)),
            RuleExample(Examples.imap(#"user_pref("mail.server.server1.socketType", 3);"#)),
        ])

    public func check(_ configuration: ClientConfiguration) -> [Finding] {
        endpointFindings(in: configuration, where: { $0.security == .starttlsOptional }, message: { "\($0.label) uses STARTTLS only if the server offers it; an attacker can strip it and read the password" })
    }
}
