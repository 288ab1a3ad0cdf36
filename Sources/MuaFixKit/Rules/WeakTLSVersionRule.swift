public struct WeakTLSVersionRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        id: "weak-tls-version",
        severity: .warning,
        summary: "The client accepts TLS versions older than 1.2, or refuses TLS 1.3.",
        rationale: """
        TLS 1.0 and 1.1 lack modern cipher suites and are deprecated by RFC 8996; a client that still accepts \
        them can be pushed down to them by an attacker. Capping the maximum below TLS 1.3 gives up its \
        protections for no gain. Thunderbird's defaults (minimum TLS 1.2, maximum TLS 1.3) are right; these \
        settings usually linger from a workaround for an old server.
        """,
        fix: "Remove the override so the client's defaults apply (minimum TLS 1.2, maximum TLS 1.3), and upgrade the old server instead.",
        references: ["RFC 8996 (deprecating TLS 1.0 and 1.1)", "RFC 8314 §4.1 (TLS 1.2 or later)"],
        triggeringExamples: [
            RuleExample(prefs: #"user_pref("security.tls.version.min", 1);"#),
            RuleExample(prefs: #"user_pref("security.tls.version.max", 3);"#),
            RuleExample(prefs: #"user_pref("security.tls.version.enable-deprecated", true);"#),
        ],
        nonTriggeringExamples: [
            RuleExample(prefs: #"user_pref("security.tls.version.min", 3);"#),
            RuleExample(prefs: #"user_pref("security.tls.version.enable-deprecated", false);"#),
        ])

    public func check(_ configuration: ClientConfiguration) -> [Finding] {
        configuration.tlsVersionSettings.compactMap { setting -> Finding? in
            let message: String
            switch setting.kind {
            case .minimum:
                if let version = setting.version, version >= .tls12 { return nil }
                message = "\(setting.source.name) lets the client accept \(setting.version?.description ?? "an unknown TLS version"), older than TLS 1.2"
            case .maximum:
                guard let version = setting.version, version < .tls13 else { return nil }
                message = "\(setting.source.name) caps TLS at \(version), below TLS 1.3"
            case .deprecatedVersionsEnabled:
                guard setting.enabled else { return nil }
                message = "\(setting.source.name) re-enables TLS 1.0 and 1.1"
            }
            return finding(message, at: setting.source.location, in: configuration)
        }
    }
}
