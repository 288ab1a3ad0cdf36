/// Building blocks for rule examples: a Thunderbird profile with one account, whose server
/// settings each example adds. Rules are client-neutral; their examples just need some client.
enum Examples {
    static func imap(_ serverSettings: String) -> RuleExample.Files {
        ["prefs.js": """
        user_pref("mail.accountmanager.accounts", "account1");
        user_pref("mail.account.account1.server", "server1");
        user_pref("mail.server.server1.type", "imap");
        user_pref("mail.server.server1.hostname", "imap.example.test");
        \(serverSettings)
        """]
    }

    static func smtp(_ serverSettings: String) -> RuleExample.Files {
        ["prefs.js": """
        user_pref("mail.smtpservers", "smtp1");
        user_pref("mail.smtpserver.smtp1.hostname", "smtp.example.test");
        \(serverSettings)
        """]
    }
}

extension RuleExample {
    public typealias Files = [String: String]
}
