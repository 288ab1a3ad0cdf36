import Foundation
import Glibc
import Testing
@testable import MuaFixKit

extension FixIO {
    @Suite struct UnifiedDiffTests {
        func diff(_ old: String, _ new: String, context: Int = 3) -> String {
            UnifiedDiff.make(old: Array(old.utf8), new: Array(new.utf8), oldPath: "prefs.js", newPath: "prefs.js", context: context)
        }

        @Test func equalFilesGiveNoDiff() {
            #expect(diff("", "") == "")
            #expect(diff("a\nb\n", "a\nb\n") == "")
        }

        @Test func writesHunksAsDiffDoes() {
            let old = (1...12).map { "line \($0)\n" }.joined()
            let new = old.replacingOccurrences(of: "line 2\n", with: "line two\n")
                .replacingOccurrences(of: "line 11\n", with: "")
            #expect(diff(old, new) == """
                --- a/prefs.js
                +++ b/prefs.js
                @@ -1,5 +1,5 @@
                 line 1
                -line 2
                +line two
                 line 3
                 line 4
                 line 5
                @@ -8,5 +8,4 @@
                 line 8
                 line 9
                 line 10
                -line 11
                 line 12

                """)
            // Changes six lines apart share one hunk with context 3.
            #expect(diff(old, new, context: 4).components(separatedBy: "\n@@").count == 2)
        }

        @Test func marksAMissingFinalNewline() {
            #expect(diff("a\nb", "a\nc\n") == """
                --- a/prefs.js
                +++ b/prefs.js
                @@ -1,2 +1,2 @@
                 a
                -b
                \\ No newline at end of file
                +c

                """)
            #expect(diff("", "x") == "--- a/prefs.js\n+++ b/prefs.js\n@@ -0,0 +1 @@\n+x\n\\ No newline at end of file\n")
            #expect(diff("x\n", "x") == "--- a/prefs.js\n+++ b/prefs.js\n@@ -1 +1 @@\n-x\n+x\n\\ No newline at end of file\n")
        }

        @Test func absolutePathsGetPrefixes() {
            let text = UnifiedDiff.make(old: Array("a\n".utf8), new: Array("b\n".utf8), oldPath: "/home/u/prefs.js", newPath: "/home/u/prefs.js")
            #expect(text.hasPrefix("--- a/home/u/prefs.js\n+++ b/home/u/prefs.js\n@@ -1 +1 @@\n"))
        }

        @Test func isFastOnLargeFilesWithFewChanges() {
            let lines = (0..<10_000).map { "user_pref(\"setting.\($0)\", \($0 % 7));\n" }
            var changed = lines
            changed[100] = "user_pref(\"mail.server.server1.socketType\", 3);\n"
            changed.remove(at: 5_000)
            changed.insert("user_pref(\"added\", true);\n", at: 9_000)
            let clock = ContinuousClock()
            var text = ""
            let elapsed = clock.measure { text = diff(lines.joined(), changed.joined()) }
            #expect(elapsed < .seconds(2), "\(elapsed)")
            #expect(text.components(separatedBy: "\n@@ ").count == 1 + 3)
            #expect(text.split(separator: "\n").filter { $0.hasPrefix("+") || $0.hasPrefix("-") }.count == 2 + 4)
        }

        static func randomPair(seed: UInt64) -> (old: String, new: String) {
            var random = SeededGenerator(seed: seed)
            // Few distinct lines, so matches are ambiguous and the search is exercised.
            let vocabulary = ["a", "b", "c", "user_pref(\"x\", 1);", "", "  indented", "d"]
            var old = (0..<Int.random(in: 0...40, using: &random)).map { _ in vocabulary.randomElement(using: &random)! }
            var new = old
            for _ in 0..<Int.random(in: 0...8, using: &random) {
                switch Int.random(in: 0..<3, using: &random) {
                case 0 where !new.isEmpty: new.remove(at: Int.random(in: 0..<new.count, using: &random))
                case 1 where !new.isEmpty: new[Int.random(in: 0..<new.count, using: &random)] = vocabulary.randomElement(using: &random)!
                default: new.insert(vocabulary.randomElement(using: &random)!, at: Int.random(in: 0...new.count, using: &random))
                }
            }
            if seed % 5 == 0 { old = new.shuffled(using: &random) }
            let oldText = old.map { $0 + "\n" }.joined(), newText = new.map { $0 + "\n" }.joined()
            // Drop the final newline on either side now and then.
            return (seed % 3 == 1 && !oldText.isEmpty ? String(oldText.dropLast()) : oldText,
                    seed % 4 == 2 && !newText.isEmpty ? String(newText.dropLast()) : newText)
        }

        @Test func appliesWithPatchAndGitApply() throws {
            let patch = try #require(Files.tool("/usr/bin/patch"), "patch is not installed")
            let git = try #require(Files.tool("/usr/bin/git", "/usr/local/bin/git"), "git is not installed")
            let dir = try Files.scratch(); defer { try? FileManager.default.removeItem(atPath: dir) }
            var cases = (1...60).map { Self.randomPair(seed: $0) }
            // Beyond the search limit the middle becomes one block; still a valid diff.
            let many = (0..<1_500).map { "old \($0)\n" }.joined(), other = (0..<1_500).map { "new \($0)\n" }.joined()
            cases.append((many, other))
            cases.append(("same\n" + many + "same\n", "same\n" + other + "same"))
            for (index, pair) in cases.enumerated() where pair.old != pair.new {
                let text = diff(pair.old, pair.new, context: index % 4)
                try Files.put(dir + "/change.diff", text)
                // git apply mishandles a zero-context hunk at a missing final newline (GNU diff -U0's own
                // output fails the same way), so git checks the diffs with context only.
                for tool in index % 4 == 0 ? ["patch"] : ["patch", "git"] {
                    try Files.put(dir + "/prefs.js", pair.old)
                    let result = tool == "patch"
                        ? try Files.run(patch, ["-s", "-p1", "--posix", "-i", "change.diff"], in: dir)
                        : try Files.run(git, ["apply", "--unidiff-zero", "change.diff"], in: dir)
                    #expect(result.status == 0, "\(tool) case \(index): \(result.output)\(result.error)\n\(text)")
                    #expect(Files.read(dir + "/prefs.js") == pair.new, "\(tool) case \(index):\n\(text)")
                }
            }
        }
    }
}
