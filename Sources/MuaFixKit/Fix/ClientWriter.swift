/// One setting rewritten in one file, as the user sees it.
public struct SettingEdit: Sendable, Hashable {
    public var file: String
    public var line: Int
    /// The line before the edit; nil when the line is new.
    public var before: String?
    public var after: String
    public var edit: TextEdit
    /// The planned change this edit carries out.
    public var change: PlannedChange
}

/// Why a profile cannot be changed at all. The profile is then left exactly as it was.
public struct FixRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    public var profile: String
    public var reason: String
    public init(profile: String, reason: String) {
        self.profile = profile
        self.reason = reason
    }
    public var description: String { "\(profile): \(reason)" }
}

/// One client's half of fixing: where its settings live and how to write them.
/// The engine (reading, backups, safe writes, diffs) is shared by every client.
public protocol ClientWriter: Sendable {
    var client: String { get }
    /// Refuses while the client has the profile (folder or file) at `path` open.
    func checkNotInUse(_ path: String) -> FixRefusal?
    /// The minimal text edits that carry out `changes`, given the current content of each file.
    func edits(for changes: [PlannedChange], in configuration: ClientConfiguration,
               contents: [String: [UInt8]]) throws(FixRefusal) -> [SettingEdit]
    /// Checks, before anything is written, that the client reads `new` as `old` with only `edits`
    /// applied; returns the problem otherwise.
    func verify(old: [UInt8], new: [UInt8], path: String, edits: [SettingEdit]) -> String?
}

extension SettingEdit {
    /// A replacement of `range` inside the line that holds it, with the line before and after for reports.
    static func replacing(_ range: Range<Int>, with text: String, in bytes: [UInt8], file: String, line: Int,
                          change: PlannedChange) -> SettingEdit {
        let lineRange = LineRange.around(range.lowerBound, in: bytes)
        let before = String(decoding: bytes[lineRange], as: UTF8.self)
        let after = String(decoding: bytes[lineRange.lowerBound..<range.lowerBound], as: UTF8.self) + text
            + String(decoding: bytes[range.upperBound..<max(range.upperBound, lineRange.upperBound)], as: UTF8.self)
        return SettingEdit(file: file, line: line, before: before, after: after,
                           edit: TextEdit(range: range, replacement: text), change: change)
    }
}

enum LineRange {
    /// The bytes of the line holding `offset`, without its line ending.
    static func around(_ offset: Int, in bytes: [UInt8]) -> Range<Int> {
        var start = min(offset, bytes.count)
        while start > 0, bytes[start - 1] != 0x0A, bytes[start - 1] != 0x0D { start -= 1 }
        var end = min(offset, bytes.count)
        while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
        return start..<end
    }

    /// The 1-based line of `offset`, counting LF, a lone CR, and CRLF once, as Thunderbird's parser does.
    static func lineNumber(of offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        for index in 0..<min(offset, bytes.count) {
            let byte = bytes[index]
            if byte == 0x0A || (byte == 0x0D && !(index + 1 < bytes.count && bytes[index + 1] == 0x0A)) { line += 1 }
        }
        return line
    }

    /// Whether the file uses CRLF line endings (judged by its first line ending).
    static func usesCRLF(_ bytes: [UInt8]) -> Bool {
        guard let newline = bytes.firstIndex(of: 0x0A) else { return false }
        return newline > 0 && bytes[newline - 1] == 0x0D
    }
}
