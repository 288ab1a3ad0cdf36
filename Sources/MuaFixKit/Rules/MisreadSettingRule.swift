public struct MisreadSettingRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        id: "misread-setting",
        severity: .error,
        summary: "The client reads a setting differently from what was written: it drops it, ignores it or crashes on it.",
        rationale: """
        A setting the client silently misreads makes every other check unreliable: a quoted "3" for \
        socketType looks like SSL/TLS but Thunderbird ignores it and connects in plaintext; a syntax error \
        drops the statement; an unterminated comment loses the rest of the file; an IMAP host name with a \
        port crashes Thunderbird 153 at startup.
        """,
        fix: "Write the setting the way the client reads it: unquoted numbers, valid syntax, closed comments, host and port apart.",
        references: ["Gecko libpref parser (modules/libpref/parser/src/lib.rs)", "mailnews nsMsgIncomingServer::GetHostname"],
        triggeringExamples: [
            RuleExample(Examples.imap(#"user_pref("mail.server.server1.socketType", "3");"#)),
            RuleExample(prefs: "/* unterminated\nuser_pref(\"a\", 1);\n"),
            RuleExample(Examples.imap(#"user_pref("mail.server.server1.socketType", 7);"#)),
            RuleExample(prefs: #"user_pref("mail.server.server1.hostname", "imap.example.test:1993"); user_pref("mail.server.server1.type", "imap"); user_pref("mail.account.account1.server", "server1"); user_pref("mail.accountmanager.accounts", "account1");"#),
        ],
        nonTriggeringExamples: [
            RuleExample(Examples.imap(#"user_pref("mail.server.server1.socketType", 3);"#)),
            RuleExample(prefs: "// comment\n/* closed */\nuser_pref(\"a\", 1);\n"),
        ])

    public func check(_ configuration: ClientConfiguration) -> [Finding] {
        configuration.misreadings.map { misreading in
            finding(misreading.message, at: misreading.location, in: configuration, accountID: misreading.accountID)
        }
    }
}
