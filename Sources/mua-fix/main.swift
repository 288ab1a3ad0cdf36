import Foundation
import MuaFixKit

let muaFixVersion = "0.1.0"

/// Exit statuses: scripts rely on these.
enum ExitStatus: Int32 {
    case clean = 0, findings = 1, usageOrReadError = 2, profileInUse = 3
}

func homeDirectory() -> String { ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory() }

func printOut(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
func printError(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

func terminalColors(for fd: Int32) -> TerminalColors {
    TerminalColors(enabled: isatty(fd) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true)
}

func run() -> ExitStatus {
    let arguments: Arguments
    do {
        arguments = try Arguments.parse(Array(CommandLine.arguments.dropFirst()))
    } catch {
        printError("mua-fix: \(error)\n")
        return .usageOrReadError
    }
    if arguments.flags.contains("help") { printOut(helpText()); return .clean }
    if arguments.flags.contains("version") { printOut("mua-fix \(muaFixVersion)\n"); return .clean }

    switch arguments.command {
    case .check: return runCheck(arguments)
    case .rules: return runRules(arguments)
    case .explain: return runExplain(arguments)
    case .fix: return runFix(arguments)
    case .restore: return runRestore(arguments)
    }
}

func runCheck(_ arguments: Arguments) -> ExitStatus {
    guard let providers = loadProviders(arguments) else { return .usageOrReadError }
    let report = Checker().check(paths: arguments.operands, home: homeDirectory())
    if arguments.value("format") == "json" {
        printOut(JSONReport(report).rendered())
        for error in report.errors { printError("mua-fix: \(error)\n") }
    } else {
        printOut(TextReport(report, colors: terminalColors(for: STDOUT_FILENO)).rendered())
        if arguments.command == .check && !arguments.explicitCommand, let status = offerFixes(for: report, providers: providers) { return status }
    }
    if !report.errors.isEmpty { return .usageOrReadError }
    return report.findings.contains { $0.severity >= .warning } ? .findings : .clean
}

func runRules(_ arguments: Arguments) -> ExitStatus {
    if arguments.value("format") == "json" {
        printOut(RuleCatalog.json())
    } else {
        printOut(RuleCatalog.table())
    }
    return .clean
}

func runExplain(_ arguments: Arguments) -> ExitStatus {
    guard arguments.operands.count == 1 else {
        printError("mua-fix: explain needs exactly one rule id; `mua-fix rules` lists them\n")
        return .usageOrReadError
    }
    guard let rule = RuleRegistry.rule(id: arguments.operands[0]) else {
        printError("mua-fix: no rule named \(arguments.operands[0]); `mua-fix rules` lists them\n")
        return .usageOrReadError
    }
    printOut(RuleCatalog.explanation(of: rule.description))
    return .clean
}

exit(run().rawValue)
