/// Writes planned changes into prefs.js and user.js: the value of every statement that sets a changed
/// pref is replaced in place (user.js too, since it overrides prefs.js at every start), and a pref that
/// no file sets is added to prefs.js as a `user_pref` line in Thunderbird's sorted position.
public struct ThunderbirdWriter: ClientWriter {
    public let client = "thunderbird"
    public init() {}

    public func checkNotInUse(_ path: String) -> FixRefusal? {
        let folder = FileSystem.isDirectory(path) ? path : FileSystem.parent(of: path)
        switch ProfileLock.state(ofProfile: folder) {
        case .unlocked:
            return nil
        case .locked(let pid):
            let holder = pid.map { " (process \($0))" } ?? ""
            return FixRefusal(profile: path,
                              reason: "Thunderbird has this profile open\(holder); it rewrites prefs.js while running and on exit, so quit Thunderbird and run mua-fix again")
        case .undetermined(let reason):
            return FixRefusal(profile: path,
                              reason: "cannot tell whether Thunderbird has this profile open (\(folder)/.parentlock: \(reason)), so nothing is written")
        }
    }

    /// A pref and the value it must end up with.
    struct Assignment {
        var name: String
        var value: PrefValue
        var change: PlannedChange
    }

    public func edits(for changes: [PlannedChange], in configuration: ClientConfiguration,
                      contents: [String: [UInt8]]) throws(FixRefusal) -> [SettingEdit] {
        let prefsFiles = configuration.files.filter { $0.hasSuffix(".js") }
        var parsed: [(path: String, bytes: [UInt8], file: PrefsFile)] = []
        for path in prefsFiles {
            let bytes = contents[path] ?? []
            let file = PrefsParser.parse(bytes, path: path)
            // Thunderbird drops what it cannot parse, and an unterminated comment or a byte order mark
            // would swallow an added line: such files are left for the user to repair first.
            if let problem = file.diagnostics.first {
                throw FixRefusal(profile: configuration.profile,
                                 reason: "\(path):\(problem.location.line): \(problem.message); Thunderbird cannot read this file as written, so mua-fix leaves the profile untouched (see `mua-fix explain misread-setting`)")
            }
            parsed.append((path, bytes, file))
        }
        guard let home = parsed.first else {
            throw FixRefusal(profile: configuration.profile, reason: "no prefs.js or user.js to write")
        }

        // Where each pref is set, by name: one pass over each file, decoding names only.
        let byName: [[String: [Int]]] = parsed.map { entry in
            var index: [String: [Int]] = [:]
            for position in entry.file.statements.indices { index[entry.file.statements.name(at: position), default: []].append(position) }
            return index
        }
        var edits: [SettingEdit] = []
        var insertions: [(name: String, line: String)] = []
        var insertionChanges: [String: PlannedChange] = [:]
        var assigned: [String: PrefValue] = [:]
        for assignment in changes.flatMap(assignments) {
            if let earlier = assigned[assignment.name] {
                guard earlier == assignment.value else {
                    throw FixRefusal(profile: configuration.profile,
                                     reason: "two changes want \(assignment.name) to be both \(earlier) and \(assignment.value)")
                }
                continue
            }
            assigned[assignment.name] = assignment.value
            var found = false
            for ((path, bytes, file), names) in zip(parsed, byName) {
                for position in names[assignment.name] ?? [] {
                    let statement = file.statements[position]
                    found = true
                    guard statement.value != assignment.value else { continue }
                    edits.append(.replacing(statement.valueLocation.byteRange, with: Self.literal(assignment.value),
                                            in: bytes, file: path, line: statement.valueLocation.line,
                                            change: assignment.change))
                }
            }
            if !found {
                let line = "user_pref(\(Self.literal(.string(assignment.name))), \(Self.literal(assignment.value)));"
                insertions.append((assignment.name, line))
                insertionChanges[line] = assignment.change
            }
        }
        edits += insert(insertions, changes: insertionChanges, into: home)
        return edits
    }

    /// The prefs that move one endpoint to implicit TLS on its target.
    func assignments(for change: PlannedChange) -> [Assignment] {
        let endpoint = change.endpoint, target = change.target
        if let urlPref = endpoint.sources[.url]?.name, let url = target.url {
            return [Assignment(name: urlPref, value: .string(url), change: change)]
        }
        let prefix: String, securityName: String
        switch endpoint.role {
        case .incoming: (prefix, securityName) = ("mail.server.\(endpoint.key).", "socketType")
        case .outgoing: (prefix, securityName) = ("mail.smtpserver.\(endpoint.key).", "try_ssl")
        default: return []
        }
        var result = [
            Assignment(name: prefix + securityName, value: .int(3), change: change),
            // An explicit port: with -1 or none, the default would follow socketType anyway, but an
            // explicit one survives any later change of the defaults and reads plainly.
            Assignment(name: prefix + "port", value: .int(Int32(target.port)), change: change),
        ]
        result.append(Assignment(name: prefix + "hostname", value: .string(target.host), change: change))
        return result
    }

    /// New `user_pref` lines, each placed before the first statement whose name sorts after it
    /// (Thunderbird writes prefs.js sorted by byte order), or at the end. A line goes at the start of
    /// that statement's line only when nothing but blanks precede the statement there; otherwise it
    /// goes right before the statement, so it never lands in a comment, a string or a byte order mark.
    func insert(_ lines: [(name: String, line: String)], changes: [String: PlannedChange],
                into target: (path: String, bytes: [UInt8], file: PrefsFile)) -> [SettingEdit] {
        let newline = LineRange.usesCRLF(target.bytes) ? "\r\n" : "\n"
        var byOffset: [Int: [String]] = [:]
        for (name, line) in lines.sorted(by: { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }) {
            let key = Array(name.utf8)
            let statements = target.file.statements
            let next = statements.indices.first { position in
                statements.kind(at: position) == .user && key.lexicographicallyPrecedes(Array(statements.name(at: position).utf8))
            }.map { statements[$0] }
            var offset = target.bytes.count
            if let next {
                let start = next.statement.byteRange.lowerBound
                let lineStart = LineRange.around(start, in: target.bytes).lowerBound
                let onlyBlanks = target.bytes[lineStart..<start].allSatisfy { $0 == 0x20 || $0 == 0x09 }
                offset = onlyBlanks ? lineStart : start
            }
            byOffset[offset, default: []].append(line)
        }
        return byOffset.sorted { $0.key < $1.key }.map { offset, group in
            let atEnd = offset == target.bytes.count
            let needsLeadingNewline = atEnd && !(target.bytes.last == 0x0A || target.bytes.last == 0x0D || target.bytes.isEmpty)
            let text = (needsLeadingNewline ? newline : "") + group.map { $0 + newline }.joined()
            let line = LineRange.lineNumber(of: offset, in: target.bytes) + (needsLeadingNewline ? 1 : 0)
            return SettingEdit(file: target.path, line: line, before: nil, after: group.joined(separator: "\n"),
                               edit: TextEdit(range: offset..<offset, replacement: text), change: changes[group[0]]!)
        }
    }

    /// Thunderbird must read the new file as the old one plus exactly the intended values: no parse
    /// error, no statement lost or gained beyond the added lines, every other statement unchanged.
    public func verify(old: [UInt8], new: [UInt8], path: String, edits: [SettingEdit]) -> String? {
        let before = PrefsParser.parse(old, path: path), after = PrefsParser.parse(new, path: path)
        if let problem = after.diagnostics.first {
            return "the new \(FileSystem.name(of: path)) would not parse (line \(problem.location.line): \(problem.message))"
        }
        let added = edits.filter { $0.before == nil }.reduce(0) { $0 + $1.after.split(separator: "\n").count }
        guard after.statements.count == before.statements.count + added else {
            return "the new \(FileSystem.name(of: path)) would have \(after.statements.count) statements instead of \(before.statements.count + added)"
        }
        let changedNames = Set(edits.flatMap { edit in assignments(for: edit.change).map(\.name) })
        struct Key: Hashable { var kind: PrefKind; var name: String; var value: PrefValue }
        func unchanged(_ file: PrefsFile) -> [Key: Int] {
            var counts: [Key: Int] = [:]
            for position in file.statements.indices {
                let name = file.statements.name(at: position)
                guard !changedNames.contains(name) else { continue }
                counts[Key(kind: file.statements.kind(at: position), name: name, value: file.statements.value(at: position)), default: 0] += 1
            }
            return counts
        }
        let expected = unchanged(before), actual = unchanged(after)
        if let lost = expected.first(where: { actual[$0.key] != $0.value }) {
            return "the new \(FileSystem.name(of: path)) would lose or change \(lost.key.name)"
        }
        return nil
    }

    /// The only four escapes Thunderbird writes; every other byte goes out raw.
    static let prefsStringEscapes = EscapeTable(["\"": "\\\"", "\\": "\\\\", "\n": "\\n", "\r": "\\r"])

    /// A value as Thunderbird writes it: ints and bools bare, strings double-quoted with its four escapes.
    static func literal(_ value: PrefValue) -> String {
        switch value {
        case .int(let number): return String(number)
        case .bool(let flag): return String(flag)
        case .string(let text):
            return "\"" + text.escaped(prefsStringEscapes) + "\""
        }
    }
}
