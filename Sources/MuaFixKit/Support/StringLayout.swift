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

/// How a file format escapes ASCII characters, looked up by byte; built once per format.
struct EscapeTable: Sendable {
    private var replacements = [String?](repeating: nil, count: 128)

    /// `pairs` for the named characters; `control` for any other byte below 0x20 (and DEL), if given.
    init(_ pairs: [Unicode.Scalar: String], control: ((UInt8) -> String)? = nil) {
        if let control {
            for byte in UInt8(0)..<0x20 { replacements[Int(byte)] = control(byte) }
            replacements[0x7F] = control(0x7F)
        }
        for (scalar, replacement) in pairs where scalar.isASCII { replacements[Int(scalar.value)] = replacement }
    }

    subscript(byte: UInt8) -> String? { byte < 0x80 ? replacements[Int(byte)] : nil }
}

extension String {
    /// The text with every byte that `table` names replaced by its escape: one loop for every file
    /// format's escaping, and no copy when nothing needs escaping (the common case).
    func escaped(_ table: EscapeTable) -> String {
        guard utf8.contains(where: { table[$0] != nil }) else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            if let replacement = table[byte] { out.append(contentsOf: replacement.utf8) } else { out.append(byte) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
