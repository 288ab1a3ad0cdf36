/// The INI dialect of profiles.ini, installs.ini and compatibility.ini: `[Section]`, `Key=Value`,
/// `;`/`#` comments. Keeps line numbers so errors can point at them.
struct IniFile {
    struct Entry {
        var value: String
        var line: Int
    }
    struct Section {
        var name: String
        var line: Int
        var entries: [String: Entry] = [:]
        subscript(key: String) -> String? { entries[key]?.value }
    }

    var path: String
    var sections: [Section] = []

    init(bytes: [UInt8], path: String) {
        self.path = path
        var lineNumber = 0
        // Split bytes, not Characters: Swift reads "\r\n" as one Character, which would hide CRLF lines.
        for rawLine in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = String(decoding: rawLine, as: UTF8.self).trimmingBlanks
            if lineNumber == 1, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            if line.isEmpty || line.hasPrefix(";") || line.hasPrefix("#") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                sections.append(Section(name: String(line.dropFirst().dropLast()), line: lineNumber))
            } else if let equals = line.firstIndex(of: "="), !sections.isEmpty {
                let key = line[..<equals].trimmingBlanks
                let value = line[line.index(after: equals)...].trimmingBlanks
                sections[sections.count - 1].entries[key] = Entry(value: value, line: lineNumber)
            }
        }
    }

    func section(_ name: String) -> Section? { sections.first { $0.name == name } }
}
