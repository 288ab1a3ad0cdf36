import Testing
@testable import MuaFixKit

extension FixIO {
    @Suite struct TextEditTests {
        /// Bytes a text editor might mangle: CRLF, NUL, invalid UTF-8, a BOM, no final newline.
        let original: [UInt8] = Array("\u{FEFF}user_pref(\"a\", 1);\r\n".utf8) + [0x00, 0xFF, 0xFE, 0x80]
            + Array("\nuser_pref(\"mail.server.server1.socketType\", 2);\n// tail".utf8)

        @Test func keepsEveryUnrelatedByte() throws {
            let text = original
            let valueStart = text.firstRange(of: Array("2);".utf8))!.lowerBound
            let edits = [
                TextEdit(range: valueStart..<(valueStart + 1), replacement: "3"),
                TextEdit(range: 0..<0, replacement: "// head\n"),
                TextEdit(range: text.count..<text.count, replacement: "\n"),
            ]
            let result = try TextEdits.applying(edits, to: text)
            let expected = Array("// head\n".utf8) + text[..<valueStart] + Array("3".utf8) + text[(valueStart + 1)...]
                + Array("\n".utf8)
            #expect(result == expected)
        }

        @Test func orderOfEditsDoesNotMatter() throws {
            let edits = (0..<8).map { index in
                TextEdit(range: (index * 5)..<(index * 5 + 2), replacement: Array(repeating: UInt8(ascii: "A") + UInt8(index), count: index))
            }
            let inOrder = try TextEdits.applying(edits, to: original)
            #expect(try TextEdits.applying(edits.reversed(), to: original) == inOrder)
            #expect(try TextEdits.applying(edits.shuffled(), to: original) == inOrder)
            #expect(inOrder.count == original.count - 16 + (0..<8).reduce(0, +))
        }

        @Test func noEditsKeepsTheBytes() throws {
            #expect(try TextEdits.applying([], to: original) == original)
            #expect(try TextEdits.applying([], to: []) == [])
        }

        @Test func touchingEditsAndInsertionsAtTheEdgesOfAReplacement() throws {
            let bytes = Array("abcdef".utf8)
            let edits = [
                TextEdit(range: 1..<3, replacement: "X"),
                TextEdit(range: 3..<4, replacement: "Y"),
                TextEdit(range: 1..<1, replacement: "<"),
                TextEdit(range: 4..<4, replacement: ">"),
            ]
            #expect(try TextEdits.applying(edits, to: bytes) == Array("a<XY>ef".utf8))
        }

        @Test(arguments: [
            (TextEdit(range: 2..<5, replacement: "x"), TextEdit(range: 4..<6, replacement: "y")),
            (TextEdit(range: 2..<5, replacement: "x"), TextEdit(range: 2..<5, replacement: "x")),
            (TextEdit(range: 2..<5, replacement: "x"), TextEdit(range: 3..<3, replacement: "y")),
            (TextEdit(range: 3..<3, replacement: "x"), TextEdit(range: 3..<3, replacement: "y")),
            (TextEdit(range: 0..<6, replacement: ""), TextEdit(range: 1..<2, replacement: "y")),
        ])
        func rejectsOverlaps(_ first: TextEdit, _ second: TextEdit) {
            #expect(throws: TextEditError.self) { try TextEdits.applying([first, second], to: Array("abcdef".utf8)) }
            #expect(throws: TextEditError.self) { try TextEdits.applying([second, first], to: Array("abcdef".utf8)) }
        }

        @Test func rejectsRangesOutsideTheFile() throws {
            let bytes = Array("abc".utf8)
            let past = TextEdit(range: 2..<4, replacement: "x")
            #expect(throws: TextEditError.outOfBounds(past, fileSize: 3)) { try TextEdits.applying([past], to: bytes) }
            #expect(throws: TextEditError.self) { try TextEdits.applying([TextEdit(range: -1..<0, replacement: "x")], to: bytes) }
            #expect(try TextEdits.applying([TextEdit(range: 3..<3, replacement: "d")], to: bytes) == Array("abcd".utf8))
        }

        @Test func errorsSayWhichBytes() {
            let error = TextEditError.overlapping(TextEdit(range: 2..<5, replacement: "x"), TextEdit(range: 4..<6, replacement: "y"))
            #expect(error.description == "edits of bytes 2..<5 and 4..<6 overlap")
        }
    }
}
