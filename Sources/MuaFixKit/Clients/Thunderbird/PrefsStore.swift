import Foundation

/// The preferences Thunderbird ends up with after loading prefs.js and then user.js: user values
/// override defaults, a later statement overrides an earlier one, and a locked default beats any user value.
struct PrefsStore {
    private var userValues: [String: PrefStatement] = [:]
    private var defaultValues: [String: PrefStatement] = [:]
    private var locked: Set<String> = []

    mutating func load(_ file: PrefsFile) {
        for statement in file.statements {
            switch statement.kind {
            case .user: userValues[statement.name] = statement
            case .default, .sticky: defaultValues[statement.name] = statement
            case .locked:
                defaultValues[statement.name] = statement
                locked.insert(statement.name)
            }
        }
    }

    /// The statement that decides the pref's value, or nil when Thunderbird's built-in default applies.
    func statement(_ name: String) -> PrefStatement? {
        if locked.contains(name) { return defaultValues[name] }
        return userValues[name] ?? defaultValues[name]
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
            let key = part.trimmingCharacters(in: .whitespaces)
            return key.isEmpty || !seen.insert(key).inserted ? nil : key
        }
    }

    /// Names of all prefs with the given prefix, in no particular order.
    func names(withPrefix prefix: String) -> [String] {
        Set(userValues.keys).union(defaultValues.keys).filter { $0.hasPrefix(prefix) }
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
