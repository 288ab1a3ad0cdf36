/// Where a setting was written: the file, a 1-based line and column span, and the byte range
/// that an edit must replace to change it.
public struct SourceLocation: Sendable, Hashable, Codable, Comparable {
    public var file: String
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var endColumn: Int
    /// Byte offsets into the file, end exclusive.
    public var byteRange: Range<Int>

    public init(file: String, line: Int, column: Int, endLine: Int, endColumn: Int, byteRange: Range<Int>) {
        self.file = file
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
        self.byteRange = byteRange
    }

    /// A location for a whole line, when no finer span is known.
    public static func line(_ line: Int, in file: String) -> SourceLocation {
        SourceLocation(file: file, line: line, column: 1, endLine: line, endColumn: 1, byteRange: 0..<0)
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// One setting of the client: its name in the client's own vocabulary and where it was set.
/// `location` is nil when the value is the client's built-in default.
public struct SettingSource: Sendable, Hashable {
    public var name: String
    public var location: SourceLocation?

    public init(name: String, location: SourceLocation?) {
        self.name = name
        self.location = location
    }
}
