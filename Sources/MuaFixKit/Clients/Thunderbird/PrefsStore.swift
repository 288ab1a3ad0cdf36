/// The preferences Thunderbird ends up with after loading prefs.js and then user.js: user values
/// override defaults, a later statement overrides an earlier one, and a locked default beats any user value.
struct PrefsStore {
    /// A statement by position; materialised only when a pref is looked up.
    private struct Reference {
        var file: Int
        var index: Int
    }

    private var files: [PrefsFile] = []
    private var userValues: [String: Reference] = [:]
    private var defaultValues: [String: Reference] = [:]
    private var locked: Set<String> = []

    mutating func load(_ file: PrefsFile) {
        let fileIndex = files.count
        files.append(file)
        userValues.reserveCapacity(userValues.count + file.statements.count)
        for index in file.statements.indices {
            let name = file.statements.name(at: index)
            let reference = Reference(file: fileIndex, index: index)
            switch file.statements.kind(at: index) {
            case .user: userValues[name] = reference
            case .default, .sticky: defaultValues[name] = reference
            case .locked:
                defaultValues[name] = reference
                locked.insert(name)
            }
        }
    }

    /// The statement that decides the pref's value, or nil when Thunderbird's built-in default applies.
    func statement(_ name: String) -> PrefStatement? {
        let reference = locked.contains(name) ? defaultValues[name] : (userValues[name] ?? defaultValues[name])
        return reference.map { files[$0.file].statements[$0.index] }
    }

    func string(_ name: String) -> String? {
        if case .string(let value)? = statement(name)?.value { return value }
        return nil
    }

    func int(_ name: String) -> Int? {
        if case .int(let value)? = statement(name)?.value { return Int(value) }
        return nil
    }

    func bool(_ name: String) -> Bool? {
        if case .bool(let value)? = statement(name)?.value { return value }
        return nil
    }

    /// A comma-separated key list as Thunderbird splits it: blanks trimmed, empties and repeats dropped.
    func list(_ name: String) -> [String] {
        guard let raw = string(name) else { return [] }
        var seen = Set<String>()
        return raw.split(separator: ",").compactMap { part in
            let key = part.trimmingBlanks
            return key.isEmpty || !seen.insert(key).inserted ? nil : key
        }
    }

    /// Names of all prefs with the given prefix, in no particular order.
    func names(withPrefix prefix: String) -> [String] {
        // Byte comparison: pref names are compared as bytes by Thunderbird too, and it is much faster.
        let start = Array(prefix.utf8)
        return userValues.keys.filter { $0.utf8.starts(with: start) }
            + defaultValues.keys.filter { $0.utf8.starts(with: start) && userValues[$0] == nil }
    }
}

extension PrefValue {
    var typeName: String {
        switch self {
        case .string: "string"
        case .int: "integer"
        case .bool: "boolean"
        }
    }
}
