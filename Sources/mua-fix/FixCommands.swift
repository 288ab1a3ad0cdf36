#if canImport(Glibc)
import Glibc
#endif
import MuaFixKit

/// `mua-fix fix`: plan, show, ask (on a terminal), back up, write, verify.
func runFix(_ arguments: Arguments) -> ExitStatus {
    guard !arguments.operands.isEmpty else {
        printError("mua-fix: fix needs at least one PATH (a profile root, profile folder or prefs.js)\n")
        return .usageOrReadError
    }
    guard let providers = loadProviders(arguments) else { return .usageOrReadError }
    let json = arguments.value("format") == "json"
    let includeUnsafe = arguments.flags.contains("unsafe-fixes")
    let report = Checker().check(paths: arguments.operands, home: homeDirectory())
    let plan = FixPlanner(providers: providers).plan(report)
    let engine = FixEngine()
    let fixes = engine.prepare(plan, for: report, includeUnsafe: includeUnsafe)
    let colors = terminalColors(for: STDOUT_FILENO)
    for error in report.errors { printError("mua-fix: \(error)\n") }

    if arguments.flags.contains("dry-run") {
        if json {
            printOut(JSONReport(report, fixes: fixes, outcomes: []).rendered())
        } else {
            printOut(fixes.map { $0.diff() }.joined())
            printOut(FixTextReport(fixes: fixes, outcomes: nil, manual: plan.manual, colors: colors).rendered())
        }
        if !report.errors.isEmpty { return .usageOrReadError }
        return report.findings.contains { $0.severity >= .warning } ? .findings : .clean
    }

    if !arguments.flags.contains("yes") {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1, !json else {
            printError("mua-fix: fix asks before it writes; without a terminal to ask on, add --yes to apply or --dry-run to see the changes\n")
            return .usageOrReadError
        }
        printOut(fixes.map { $0.diff() }.joined())
        printOut(FixTextReport(fixes: fixes, outcomes: nil, manual: plan.manual, colors: colors).rendered())
        guard fixes.contains(where: { !$0.rewrites.isEmpty }) else { return exitStatus(report: report, fixes: fixes, outcomes: [], manual: plan.manual) }
        guard confirm("Apply these changes? A backup of every file is made first. [y/N] ") else {
            printOut("Nothing changed.\n")
            return .findings
        }
    }
    let outcomes = fixes.map(engine.apply)
    if json {
        printOut(JSONReport(report, fixes: fixes, outcomes: outcomes).rendered())
    } else {
        printOut(FixTextReport(fixes: fixes, outcomes: outcomes, manual: plan.manual, colors: colors).rendered())
    }
    return exitStatus(report: report, fixes: fixes, outcomes: outcomes, manual: plan.manual)
}

/// The provider profiles: the bundled ones plus every `--profile FILE`; nil (after saying why) when one cannot be read.
func loadProviders(_ arguments: Arguments) -> ProviderProfiles? {
    do {
        return try ProviderProfiles.bundled(adding: arguments.values["profile"] ?? [])
    } catch {
        printError("mua-fix: \(error)\n")
        return nil
    }
}

/// The bare `mua-fix PATH` on a terminal: after the report, offer the safe fixes.
func offerFixes(for report: CheckReport, arguments: Arguments) -> ExitStatus? {
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1, let providers = loadProviders(arguments) else { return nil }
    let plan = FixPlanner(providers: providers).plan(report)
    let engine = FixEngine()
    let fixes = engine.prepare(plan, for: report, includeUnsafe: false)
    guard fixes.contains(where: { !$0.rewrites.isEmpty }) else { return nil }
    let colors = terminalColors(for: STDOUT_FILENO)
    printOut("\n" + fixes.map { $0.diff() }.joined())
    printOut(FixTextReport(fixes: fixes, outcomes: nil, manual: plan.manual, colors: colors).rendered())
    guard confirm("Apply the safe changes? A backup of every file is made first. [y/N] ") else { return nil }
    let outcomes = fixes.map(engine.apply)
    printOut(FixTextReport(fixes: fixes, outcomes: outcomes, manual: plan.manual, colors: colors).rendered())
    return exitStatus(report: report, fixes: fixes, outcomes: outcomes, manual: plan.manual)
}

func exitStatus(report: CheckReport, fixes: [ProfileFix], outcomes: [FixOutcome], manual: [Finding]) -> ExitStatus {
    if outcomes.contains(where: { $0.status == .inUse }) { return .profileInUse }
    // A refused profile (say, one Thunderbird cannot parse) is a finding the report names, not an error of mua-fix's.
    if !report.errors.isEmpty || outcomes.contains(where: { $0.status == .failed && !isRefused($0, in: fixes) }) {
        return .usageOrReadError
    }
    let everythingApplied = fixes.allSatisfy { fix in fix.refusal == nil && fix.changes.allSatisfy(fix.isSelected) }
    let remaining = manual.contains { $0.severity >= .warning }
    return everythingApplied && !remaining ? .clean : .findings
}

func isRefused(_ outcome: FixOutcome, in fixes: [ProfileFix]) -> Bool {
    fixes.contains { $0.configuration.profile == outcome.profile && $0.refusal != nil }
}

func confirm(_ question: String) -> Bool {
    printOut(question)
    guard let answer = readLine() else { return false }
    return ["y", "yes"].contains(answer.trimmingBlanks.lowercased())
}

/// `mua-fix restore PATH…`: the newest backups back in place, unless the client has the profile open.
func runRestore(_ arguments: Arguments) -> ExitStatus {
    guard !arguments.operands.isEmpty else {
        printError("mua-fix: restore needs a PATH: the profile folder or file mua-fix changed\n")
        return .usageOrReadError
    }
    var status = ExitStatus.clean
    for path in arguments.operands {
        if let refusal = FixEngine().writers.lazy.compactMap({ $0.checkNotInUse(path) }).first {
            printError("mua-fix: \(refusal)\n")
            status = .profileInUse
            continue
        }
        do {
            let restored = try BackupStore.restoreNewest(under: path)
            for file in restored { printOut("restored \(file)\n") }
        } catch {
            printError("mua-fix: \(error)\n")
            if status == .clean { status = .usageOrReadError }
        }
    }
    return status
}
