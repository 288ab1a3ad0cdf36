extension StringProtocol {
    /// The text without leading and trailing blanks (space, tab, CR, LF), as INI and key lists are written.
    public var trimmingBlanks: String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(self[first...last])
    }
}

extension String {
    /// The text padded with spaces to at least `width` characters, for aligned columns.
    public func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

extension String {
    /// The text with every scalar that `table` names replaced by its escape, and any other scalar for
    /// which `otherwise` returns a string replaced by that: one loop for every file format's escaping.
    func escaped(_ table: [Unicode.Scalar: String], otherwise: (Unicode.Scalar) -> String? = { _ in nil }) -> String {
        guard unicodeScalars.contains(where: { table[$0] != nil || otherwise($0) != nil }) else { return self }
        var out = ""
        for scalar in unicodeScalars {
            if let replacement = table[scalar] ?? otherwise(scalar) {
                out += replacement
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
