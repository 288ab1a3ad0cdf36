/// Line-based unified diffs, as `diff -u` writes them, for showing a fix before it is written.
public enum UnifiedDiff {
    /// A diff that `patch -p1` and `git apply` turn `old` into `new` with; empty when they are equal.
    /// Paths get an `a/` and `b/` prefix (leading slashes dropped).
    public static func make(old: [UInt8], new: [UInt8], oldPath: String, newPath: String, context: Int = 3) -> String {
        let oldLines = lines(of: old), newLines = lines(of: new)
        let blocks = changeBlocks(oldLines, newLines)
        guard !blocks.isEmpty else { return "" }
        let context = max(0, context)
        var output = "--- a/\(oldPath.drop { $0 == "/" })\n+++ b/\(newPath.drop { $0 == "/" })\n"
        var groupStart = 0
        while groupStart < blocks.count {
            // Changes closer than two contexts share a hunk.
            var groupEnd = groupStart + 1
            while groupEnd < blocks.count,
                  blocks[groupEnd].old.lowerBound - blocks[groupEnd - 1].old.upperBound <= 2 * context {
                groupEnd += 1
            }
            let group = blocks[groupStart..<groupEnd]
            let first = group.first!, last = group.last!
            let leading = min(context, first.old.lowerBound)
            let trailing = min(context, oldLines.count - last.old.upperBound)
            let oldRange = (first.old.lowerBound - leading)..<(last.old.upperBound + trailing)
            let newRange = (first.new.lowerBound - leading)..<(last.new.upperBound + trailing)
            output += "@@ -\(header(oldRange)) +\(header(newRange)) @@\n"
            var oldIndex = oldRange.lowerBound
            for block in group {
                for line in oldLines[oldIndex..<block.old.lowerBound] { append(line, marker: " ", to: &output) }
                for line in oldLines[block.old] { append(line, marker: "-", to: &output) }
                for line in newLines[block.new] { append(line, marker: "+", to: &output) }
                oldIndex = block.old.upperBound
            }
            for line in oldLines[oldIndex..<oldRange.upperBound] { append(line, marker: " ", to: &output) }
            groupStart = groupEnd
        }
        return output
    }

    /// A run of old lines replaced by a run of new lines (either may be empty).
    struct ChangeBlock: Equatable {
        var old: Range<Int>
        var new: Range<Int>
    }

    /// Lines with their terminating newline, so that a missing final newline counts as a difference.
    static func lines(of bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            result.append(bytes[start...index])
            start = index + 1
        }
        if start < bytes.count { result.append(bytes[start...]) }
        return result
    }

    private static func header(_ range: Range<Int>) -> String {
        // An empty side names the line before it, as diff does.
        let start = range.isEmpty ? range.lowerBound : range.lowerBound + 1
        return range.count == 1 ? "\(start)" : "\(start),\(range.count)"
    }

    private static func append(_ line: ArraySlice<UInt8>, marker: Character, to output: inout String) {
        output.append(marker)
        output += String(decoding: line, as: UTF8.self)
        if line.last != UInt8(ascii: "\n") { output += "\n\\ No newline at end of file\n" }
    }

    /// Edit distance beyond which the middle is shown as one replaced block: still a correct diff,
    /// and it bounds the memory of the search (about maxEditDistance² integers).
    static let maxEditDistance = 1_000

    static func changeBlocks(_ oldLines: [ArraySlice<UInt8>], _ newLines: [ArraySlice<UInt8>]) -> [ChangeBlock] {
        // Compare small integers instead of byte strings.
        var ids: [ArraySlice<UInt8>: Int] = [:]
        func id(_ line: ArraySlice<UInt8>) -> Int {
            if let known = ids[line] { return known }
            ids[line] = ids.count
            return ids.count - 1
        }
        let a = oldLines.map(id), b = newLines.map(id)
        // Common prefix and suffix need no search.
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix,
              a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let oldMiddle = Array(a[prefix..<(a.count - suffix)])
        let newMiddle = Array(b[prefix..<(b.count - suffix)])
        if oldMiddle.isEmpty && newMiddle.isEmpty { return [] }
        let blocks = myersBlocks(oldMiddle, newMiddle)
            ?? [ChangeBlock(old: 0..<oldMiddle.count, new: 0..<newMiddle.count)]
        return blocks.map {
            ChangeBlock(old: ($0.old.lowerBound + prefix)..<($0.old.upperBound + prefix),
                        new: ($0.new.lowerBound + prefix)..<($0.new.upperBound + prefix))
        }
    }

    /// Myers' O(ND) shortest edit script as change blocks, or nil when it needs more than `maxEditDistance` edits.
    static func myersBlocks(_ a: [Int], _ b: [Int]) -> [ChangeBlock]? {
        let n = a.count, m = b.count
        let limit = min(n + m, maxEditDistance)
        let offset = limit + 1
        var furthest = [Int](repeating: 0, count: 2 * limit + 3)  // furthest x on each diagonal k = x - y
        var history: [[Int]] = []  // `furthest` for k in -d...d before step d + 1
        var found = false
        search: for d in 0...limit {
            for k in stride(from: -d, through: d, by: 2) {
                let down = k == -d || (k != d && furthest[offset + k - 1] < furthest[offset + k + 1])
                var x = down ? furthest[offset + k + 1] : furthest[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] { x += 1; y += 1 }
                furthest[offset + k] = x
                if x >= n && y >= m {
                    history.append(Array(furthest[(offset - d)...(offset + d)]))
                    found = true
                    break search
                }
            }
            history.append(Array(furthest[(offset - d)...(offset + d)]))
        }
        guard found else { return nil }

        // Walk back from the end, one edit per step.
        var edits: [(deletes: Bool, x: Int, y: Int)] = []
        var x = n, y = m
        for d in stride(from: history.count - 1, to: 0, by: -1) {
            let previous = history[d - 1]  // k in -(d-1)...(d-1)
            let k = x - y
            let down = k == -d || (k != d && previous[k - 1 + d - 1] < previous[k + 1 + d - 1])
            let previousK = down ? k + 1 : k - 1
            let previousX = previous[previousK + d - 1]
            let previousY = previousX - previousK
            edits.append(down ? (false, previousX, previousY) : (true, previousX, previousY))
            x = previousX
            y = previousY
        }
        // Merge single-line edits, in file order, into blocks.
        var blocks: [ChangeBlock] = []
        for edit in edits.reversed() {
            let old = edit.deletes ? edit.x..<(edit.x + 1) : edit.x..<edit.x
            let new = edit.deletes ? edit.y..<edit.y : edit.y..<(edit.y + 1)
            if var last = blocks.last, last.old.upperBound == old.lowerBound, last.new.upperBound == new.lowerBound {
                last.old = last.old.lowerBound..<old.upperBound
                last.new = last.new.lowerBound..<new.upperBound
                blocks[blocks.count - 1] = last
            } else {
                blocks.append(ChangeBlock(old: old, new: new))
            }
        }
        return blocks
    }
}
