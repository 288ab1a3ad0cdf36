/// The human report of a fix: per profile and account, what changes and why it was or was not applied.
public struct FixTextReport {
    public var fixes: [ProfileFix]
    /// Nil before applying (a preview or a dry run).
    public var outcomes: [FixOutcome]?
    public var manual: [Finding]
    public var colors: TerminalColors

    public init(fixes: [ProfileFix], outcomes: [FixOutcome]?, manual: [Finding], colors: TerminalColors) {
        self.fixes = fixes
        self.outcomes = outcomes
        self.manual = manual
        self.colors = colors
    }

    public func rendered() -> String {
        var out = ""
        var applied = 0, pending = 0, skipped = 0
        let profiles = Set(fixes.map(\.configuration.profile)).union(manual.map(\.profile))
        for profile in profiles.sorted() {
            let fix = fixes.first { $0.configuration.profile == profile }
            let outcome = outcomes?.first { $0.profile == profile }
            if !out.isEmpty { out += "\n" }
            out += colors.paint("Profile \(profile)", .bold) + "\n"
            let accountOrder = fix?.configuration.accounts.map(\.id) ?? []
            let changes = (fix?.changes ?? []).sorted {
                (accountOrder.firstIndex(of: $0.accountID) ?? .max) < (accountOrder.firstIndex(of: $1.accountID) ?? .max)
            }
            for change in changes {
                let state: String
                if outcome?.status == .nothingToDo {
                    state = "already in place"
                } else if fix?.refusal != nil || (outcome != nil && outcome?.status != .applied) {
                    state = colors.paint("not applied", .red)
                    skipped += 1
                } else if !(fix?.isSelected(change) ?? false) {
                    state = colors.paint("not applied", .yellow) + ": unsafe, apply with --unsafe-fixes"
                    skipped += 1
                } else if outcome?.status == .applied {
                    state = colors.paint("applied", .green)
                    applied += 1
                } else {
                    state = colors.paint("will apply", .green)
                    pending += 1
                }
                let to = change.target.url ?? "\(change.target.host):\(change.target.port)"
                out += "  " + TerminalText.clean("\(change.accountName) [\(change.accountID)]: \(change.endpoint.label) \(change.endpoint.security.rawValue) → SSL/TLS \(to)") + "\n"
                out += "    \(change.applicability.rawValue): \(change.reason); \(state)\n"
            }
            if let refusal = fix?.refusal {
                out += "  " + colors.paint("left untouched:", .red) + " " + TerminalText.clean(refusal.reason) + "\n"
            } else if let outcome, let message = outcome.message, outcome.status != .applied {
                out += "  " + colors.paint(outcome.status == .inUse ? "in use:" : "failed:", .red) + " " + TerminalText.clean(message) + "\n"
            }
            if let backup = outcome?.backup, outcome?.status == .applied {
                // A symlinked file is backed up next to its target, which `restore PROFILE` would not find.
                let folder = FileSystem.isDirectory(profile) ? profile : FileSystem.parent(of: profile)
                // Backup folders are named by resolved paths; compare with the profile's.
                let resolved = (try? SafeFileWriter.resolvedPath(folder)) ?? folder
                let undo = backup.folders.allSatisfy { $0.hasPrefix(resolved + "/") }
                    ? profile : backup.entries.map(\.original).joined(separator: " ")
                out += "  backup: \(backup.folders.joined(separator: ", ")) — undo with `mua-fix restore \(undo)`\n"
            }
            let untouched = manual.filter { $0.profile == profile }
            if !untouched.isEmpty {
                out += "  Not fixed automatically (change these by hand, with the mail client closed):\n"
                for finding in untouched {
                    let place = finding.location.map { " (\($0.file):\($0.line))" } ?? ""
                    out += "    " + TerminalText.clean("\(finding.severity.rawValue) [\(finding.rule)] \(finding.message)\(place)") + "\n"
                }
            }
        }
        var summary: [String] = []
        if outcomes == nil { summary.append("\(pending) change\(pending == 1 ? "" : "s") to apply") }
        else { summary.append("\(applied) change\(applied == 1 ? "" : "s") applied") }
        summary.append("\(skipped) not applied")
        summary.append("\(manual.count) to fix by hand")
        return out + summary.joined(separator: ", ") + "\n"
    }
}
