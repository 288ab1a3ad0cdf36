#if canImport(Glibc)
import Glibc
#endif
import MuaFixKit

let muaFixVersion = "0.1.0"

/// Exit statuses: scripts rely on these.
enum ExitStatus: Int32 {
    case clean = 0, findings = 1, usageOrReadError = 2, profileInUse = 3
}

// Plain system calls rather than Foundation here: starting Foundation costs more than a whole check,
// and FileHandle.write traps on a full disk or a closed pipe.

func environment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

func homeDirectory() -> String {
    environment("HOME") ?? getpwuid(getuid()).flatMap { $0.pointee.pw_dir.map { String(cString: $0) } } ?? "/"
}

func printOut(_ text: String) { writeAll(STDOUT_FILENO, text) }
func printError(_ text: String) { writeAll(STDERR_FILENO, text) }

/// Why standard output could not be written, if it could not: the run then ends with status 2,
/// so a script never takes a lost report for a clean one. (One thread; nothing else touches it.)
nonisolated(unsafe) var outputFailure: String?

/// Writes all of `text`, or records why not. A reader that went away (EPIPE, as with `| head`) is
/// not an error worth a message, but still not a clean run.
func writeAll(_ fd: Int32, _ text: String) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if written < 0 {
            if errno == EINTR { continue }
            if fd == STDOUT_FILENO && outputFailure == nil {
                outputFailure = errno == EPIPE ? "" : "cannot write the report: \(String(cString: strerror(errno)))"
            }
            return
        }
        bytes = bytes.dropFirst(written)
    }
}

func terminalColors(for fd: Int32) -> TerminalColors {
    // NO_COLOR (no-color.org): any non-empty value turns colour off.
    TerminalColors(enabled: isatty(fd) == 1 && (environment("NO_COLOR") ?? "").isEmpty)
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
    // Provider profiles are XML: read them only when asked to (--profile) or about to offer fixes.
    if arguments.values["profile"] != nil && loadProviders(arguments) == nil { return .usageOrReadError }
    let report = Checker().check(paths: arguments.operands, home: homeDirectory())
    if arguments.value("format") == "json" {
        printOut(JSONReport(report).rendered())
        for error in report.errors { printError("mua-fix: \(error)\n") }
    } else {
        printOut(TextReport(report, colors: terminalColors(for: STDOUT_FILENO)).rendered())
        if arguments.command == .check && !arguments.explicitCommand, let status = offerFixes(for: report, arguments: arguments) { return status }
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

// A closed pipe is reported by write (EPIPE) instead of killing the process mid-line.
signal(SIGPIPE, SIG_IGN)
var status = run()
if let failure = outputFailure {
    if !failure.isEmpty { printError("mua-fix: \(failure)\n") }
    status = .usageOrReadError
}
exit(status.rawValue)
