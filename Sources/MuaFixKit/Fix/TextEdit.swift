/// A replacement of a byte range of a file; an empty range inserts at its offset.
public struct TextEdit: Sendable, Hashable {
    /// Byte offsets into the original file, end exclusive.
    public var range: Range<Int>
    public var replacement: [UInt8]

    public init(range: Range<Int>, replacement: [UInt8]) {
        self.range = range
        self.replacement = replacement
    }

    public init(range: Range<Int>, replacement: String) {
        self.init(range: range, replacement: Array(replacement.utf8))
    }
}

/// Why a set of edits cannot be applied. Nothing is changed when one is thrown.
public enum TextEditError: Error, Sendable, Hashable, CustomStringConvertible {
    case outOfBounds(TextEdit, fileSize: Int)
    /// Two edits touch the same bytes, or insert at the same offset, so their order would be a guess.
    case overlapping(TextEdit, TextEdit)

    public var description: String {
        switch self {
        case .outOfBounds(let edit, let size):
            "edit of bytes \(edit.range.lowerBound)..<\(edit.range.upperBound) is outside the file (\(size) bytes)"
        case .overlapping(let a, let b):
            "edits of bytes \(a.range.lowerBound)..<\(a.range.upperBound) and \(b.range.lowerBound)..<\(b.range.upperBound) overlap"
        }
    }
}

public enum TextEdits {
    /// `bytes` with every edit applied; the edits' ranges refer to `bytes`, in any order.
    /// Every byte outside the edited ranges is kept exactly. An insertion at the start or end
    /// of a replaced range is allowed and lands before or after it.
    public static func applying(_ edits: [TextEdit], to bytes: [UInt8]) throws(TextEditError) -> [UInt8] {
        for edit in edits where edit.range.lowerBound < 0 || edit.range.upperBound > bytes.count {
            throw .outOfBounds(edit, fileSize: bytes.count)
        }
        // Insertions sort before a replacement starting at the same offset.
        let sorted = edits.sorted {
            ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound)
        }
        for (previous, next) in zip(sorted, sorted.dropFirst()) {
            let sameInsertionPoint = previous.range.isEmpty && next.range.isEmpty
                && previous.range.lowerBound == next.range.lowerBound
            if next.range.lowerBound < previous.range.upperBound || sameInsertionPoint {
                throw .overlapping(previous, next)
            }
        }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + sorted.reduce(0) { $0 + $1.replacement.count - $1.range.count })
        var copied = 0
        for edit in sorted {
            result += bytes[copied..<edit.range.lowerBound]
            result += edit.replacement
            copied = edit.range.upperBound
        }
        result += bytes[copied...]
        return result
    }
}
