/// Command-line parsing, driven by one table of options so help text and parsing cannot disagree.
enum Command: String, CaseIterable {
    case check, fix, rules, explain, restore

    var usage: String {
        switch self {
        case .check: "mua-fix check [PATH...] [--format text|json]"
        case .fix: "mua-fix fix PATH... [--yes] [--dry-run] [--unsafe-fixes] [--profile FILE] [--format text|json]"
        case .rules: "mua-fix rules [--format text|json]"
        case .explain: "mua-fix explain RULE"
        case .restore: "mua-fix restore PATH..."
        }
    }

    var summary: String {
        switch self {
        case .check: "report plaintext, STARTTLS and other weaknesses (the default command)"
        case .fix: "rewrite the configuration to SSL/TLS on the dedicated ports, with a backup"
        case .rules: "list the rules"
        case .explain: "describe one rule: why it matters, what the fix is, examples"
        case .restore: "put back the newest backups mua-fix made of a profile or file"
        }
    }
}

struct OptionSpec {
    var name: String
    var value: String?
    var help: String
    var commands: Set<Command>
}

let optionTable: [OptionSpec] = [
    OptionSpec(name: "format", value: "text|json", help: "output format (default text)", commands: [.check, .fix, .rules]),
    OptionSpec(name: "yes", value: nil, help: "apply the fixes without asking", commands: [.fix]),
    OptionSpec(name: "dry-run", value: nil, help: "print the changes as a unified diff and write nothing", commands: [.fix]),
    OptionSpec(name: "unsafe-fixes", value: nil, help: "also apply fixes that no provider profile confirms", commands: [.fix]),
    OptionSpec(name: "profile", value: "FILE", help: "add a provider profile (autoconfig XML); repeatable", commands: [.check, .fix]),
    OptionSpec(name: "help", value: nil, help: "show this help", commands: Set(Command.allCases)),
    OptionSpec(name: "version", value: nil, help: "show the version", commands: Set(Command.allCases)),
]

struct UsageError: Error, CustomStringConvertible {
    var description: String
}

struct Arguments {
    var command: Command = .check
    /// False for the bare `mua-fix [PATH...]`, which may offer to fix on a terminal.
    var explicitCommand = false
    var operands: [String] = []
    var flags: Set<String> = []
    var values: [String: [String]] = [:]

    func value(_ name: String) -> String? { values[name]?.last }

    static func parse(_ arguments: [String]) throws(UsageError) -> Arguments {
        var parsed = Arguments()
        var rest = arguments[...]
        if let first = rest.first, let command = Command(rawValue: first) {
            parsed.command = command
            parsed.explicitCommand = true
            rest = rest.dropFirst()
        } else if rest.first == "help" {
            parsed.flags.insert("help")
            rest = rest.dropFirst()
        }
        var optionsEnded = false
        while let argument = rest.popFirst() {
            guard !optionsEnded, argument.hasPrefix("--") else {
                if argument == "-h" && !optionsEnded { parsed.flags.insert("help"); continue }
                if argument.hasPrefix("-") && argument.count > 1 && !optionsEnded {
                    throw UsageError(description: "unknown option \(argument); see mua-fix --help")
                }
                parsed.operands.append(argument)
                continue
            }
            if argument == "--" { optionsEnded = true; continue }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let spec = optionTable.first(where: { $0.name == name }) else {
                let suggestion = optionTable.min { editDistance($0.name, name) < editDistance($1.name, name) }
                throw UsageError(description: "unknown option --\(name)" + (suggestion.map { "; did you mean --\($0.name)?" } ?? ""))
            }
            guard spec.commands.contains(parsed.command) else {
                throw UsageError(description: "--\(name) does not apply to `mua-fix \(parsed.command.rawValue)`")
            }
            if spec.value == nil {
                if inlineValue != nil { throw UsageError(description: "--\(name) takes no value") }
                parsed.flags.insert(name)
            } else {
                guard let value = inlineValue ?? rest.popFirst() else {
                    throw UsageError(description: "--\(name) needs a value (\(spec.value!))")
                }
                parsed.values[name, default: []].append(value)
            }
        }
        if let format = parsed.value("format"), format != "text" && format != "json" {
            throw UsageError(description: "--format must be text or json, not \(format)")
        }
        return parsed
    }
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var row = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
        var previous = row[0]
        row[0] = i
        for j in stride(from: 1, through: b.count, by: 1) {
            let current = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
            previous = current
        }
    }
    return row[b.count]
}

func helpText() -> String {
    var text = """
    mua-fix \(muaFixVersion) — move mail clients to SSL/TLS on dedicated ports (RFC 8314)

    Usage:

    """
    for command in Command.allCases { text += "  \(command.usage)\n      \(command.summary)\n" }
    text += "  mua-fix [PATH...]\n      same as check\n\nOptions:\n"
    for option in optionTable {
        let flag = "--\(option.name)" + (option.value.map { " \($0)" } ?? "")
        text += "  " + flag.padded(to: 24) + option.help + "\n"
    }
    text += """

    With no PATH, mua-fix looks in the usual places (~/.thunderbird, Snap, Flatpak).
    Exit status: 0 no problems, 1 warnings or errors found, 2 usage or read errors, 3 a profile is in use.

    """
    return text
}
