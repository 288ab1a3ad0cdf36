public struct InsecureServiceURLRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        id: "insecure-service-url",
        severity: .warning,
        summary: "An address book, calendar or Exchange server is reached by an unencrypted URL (ldap://, http://).",
        rationale: """
        Directory, calendar and Exchange URLs carry the same password as the mail account, plus contacts \
        and appointments. ldap:// and http:// send them in clear, and Thunderbird's LDAP client does no \
        STARTTLS on an ldap:// URL.
        """,
        fix: "Use the TLS form of the URL: ldaps:// on port 636, https:// on port 443.",
        references: ["RFC 8314 §3", "RFC 4513 §3 (LDAP over TLS)", "RFC 4791 §8.1 / RFC 6352 §13 (CalDAV/CardDAV need TLS)"],
        triggeringExamples: [
            RuleExample(prefs: #"user_pref("ldap_2.servers.Corp.uri", "ldap://ldap.example.test:389/dc=example,dc=test??sub?(objectclass=*)");"#),
            RuleExample(prefs: """
            user_pref("calendar.registry.abc.type", "caldav");
            user_pref("calendar.registry.abc.uri", "http://dav.example.test/cal/");
            """),
        ],
        nonTriggeringExamples: [
            RuleExample(prefs: #"user_pref("ldap_2.servers.Corp.uri", "ldaps://ldap.example.test:636/dc=example,dc=test??sub?(objectclass=*)");"#),
            RuleExample(prefs: """
            user_pref("calendar.registry.abc.type", "caldav");
            user_pref("calendar.registry.abc.uri", "https://dav.example.test/cal/");
            """),
        ])

    public func check(_ configuration: ClientConfiguration) -> [Finding] {
        endpointFindings(in: configuration, at: .url, where: { $0.url != nil && $0.security == .none }, message: { "\($0.url!) is not encrypted" })
    }
}
