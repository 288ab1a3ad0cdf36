/// The human report: grouped by profile and account, each problem with its place and its fix,
/// then a one-line summary.
public struct TextReport {
    public var report: CheckReport
    public var colors: TerminalColors

    public init(_ report: CheckReport, colors: TerminalColors) {
        self.report = report
        self.colors = colors
    }

    public func rendered() -> String {
        var out = ""
        for error in report.errors {
            out += colors.paint("error:", .red) + " " + TerminalText.clean(error.description) + "\n"
        }
        for (index, configuration) in report.configurations.enumerated() {
            let profile = report.profiles[index]
            let findings = report.findings.filter { $0.profile == configuration.profile }
            if !out.isEmpty { out += "\n" }
            var title = "\(clientName(configuration.client)) profile \(configuration.profile)"
            if let name = profile.name { title += " (\(name)\(profile.isDefault ? ", default" : ""))" }
            out += colors.paint(title, .bold) + "\n"
            if configuration.accounts.isEmpty { out += "  no mail accounts\n" }
            for account in configuration.accounts {
                let address = account.email.flatMap { $0 == account.name ? nil : " <\($0)>" } ?? ""
                out += "  " + colors.paint(TerminalText.clean("\(account.name)\(address)"), .bold) + " [\(TerminalText.clean(account.id))]\n"
                let accountFindings = findings.filter { $0.accountID == account.id }
                for endpoint in account.endpoints {
                    let endpointFindings = accountFindings.filter { $0.endpoint?.key == endpoint.key && $0.endpoint?.role == endpoint.role }
                    let status = endpointFindings.isEmpty ? " " + colors.paint("ok", .green) : ""
                    out += "    \(endpoint.role.rawValue) \(endpoint.protocolName.rawValue.uppercased()) \(TerminalText.clean(endpoint.host)):\(endpoint.port) \(securityLabel(endpoint.security))\(status)\n"
                    for finding in endpointFindings { out += describe(finding, indent: "      ") }
                }
                for finding in accountFindings where finding.endpoint == nil { out += describe(finding, indent: "    ") }
            }
            let general = findings.filter { $0.accountID == nil }
            if !general.isEmpty {
                out += "  " + colors.paint("Profile-wide", .bold) + "\n"
                for finding in general { out += describe(finding, indent: "    ") }
            }
        }
        out += summaryLine() + "\n"
        return out
    }

    func describe(_ finding: Finding, indent: String) -> String {
        let color: TerminalColors.Style = finding.severity == .error ? .red : finding.severity == .warning ? .yellow : .blue
        var text = indent + colors.paint(finding.severity.rawValue, color) + " [\(finding.rule)] " + TerminalText.clean(finding.message)
        if let location = finding.location { text += TerminalText.clean(" (\(location.file):\(location.line))") }
        text += "\n"
        if let fix = finding.fix {
            let target = TerminalText.clean(fix.url ?? "\(fix.host):\(fix.port)")
            text += indent + "  " + colors.paint("fix:", .green) + " use SSL/TLS: \(target)\n"
        }
        return text
    }

    func summaryLine() -> String {
        let errors = report.count(.error), warnings = report.count(.warning)
        var parts = ["\(errors) error\(errors == 1 ? "" : "s")", "\(warnings) warning\(warnings == 1 ? "" : "s")"]
        let notes = report.count(.note)
        if notes > 0 { parts.append("\(notes) note\(notes == 1 ? "" : "s")") }
        let accounts = report.accountCount, files = report.fileCount
        var line = parts.joined(separator: ", ") + " in \(accounts) account\(accounts == 1 ? "" : "s") (\(files) file\(files == 1 ? "" : "s") read)"
        if !report.errors.isEmpty { line += "; \(report.errors.count) could not be read" }
        return line
    }

    func securityLabel(_ security: Security) -> String {
        switch security {
        case .none: colors.paint("no encryption", .red)
        case .starttlsOptional: colors.paint("STARTTLS if offered", .red)
        case .starttls: colors.paint("STARTTLS", .yellow)
        case .tls: colors.paint("SSL/TLS", .green)
        }
    }

    func clientName(_ client: String) -> String { client == "thunderbird" ? "Thunderbird" : client }
}

/// ANSI styling that is a no-op when colour is off (not a terminal, or NO_COLOR set).
public struct TerminalColors: Sendable {
    public enum Style: String, Sendable {
        case bold = "1", red = "31", green = "32", yellow = "33", blue = "34"
    }
    public var enabled: Bool
    public init(enabled: Bool) { self.enabled = enabled }

    public func paint(_ text: String, _ style: Style) -> String {
        enabled ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}

/// Text from configuration files, made safe to print: control characters (which could move the
/// cursor or forge colours on a terminal) are shown as escapes.
enum TerminalText {
    static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) { out += "\\u{" + String(scalar.value, radix: 16) + "}" } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
