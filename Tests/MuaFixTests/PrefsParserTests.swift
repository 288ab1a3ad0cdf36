import Testing
@testable import MuaFixKit

/// The prefs.js grammar as Gecko's libpref parser accepts it (Debian build).
@Suite struct PrefsParserTests {
    func parse(_ text: String) -> PrefsFile { PrefsParser.parse(Array(text.utf8), path: "prefs.js") }
    func parse(bytes: [UInt8]) -> PrefsFile { PrefsParser.parse(bytes, path: "prefs.js") }

    @Test func readsEveryValueType() {
        let file = parse("user_pref(\"a.b\", \"x\");\nuser_pref('c', -5);\nuser_pref(\"d\", true);\nuser_pref(\"e\", false);\nuser_pref(\"f\", +7);\n")
        #expect(file.statements.map(\.name) == ["a.b", "c", "d", "e", "f"])
        #expect(file.statements.map(\.value) == [.string("x"), .int(-5), .bool(true), .bool(false), .int(7)])
        #expect(file.diagnostics.isEmpty)
    }

    @Test func decodesEscapes() {
        let file = parse(#"user_pref("s", "q\"q\'\\ \n\r \x41 \u00e9 \ud83d\ude00");"#)
        #expect(file.statements.first?.value == .string("q\"q'\\ \n\r A é 😀"))
        #expect(file.diagnostics.isEmpty)
    }

    @Test(arguments: [#"\x00"#, #"\u0000"#, #"\q"#, #"\ud83d"#, #"\ude00"#, #"\xZZ"#])
    func rejectsBadEscapes(_ escape: String) {
        let file = parse("user_pref(\"s\", \"a\(escape)b\");\nuser_pref(\"next\", 1);\n")
        #expect(file.statements.map(\.name) == ["next"], "the bad statement is dropped, the next one kept")
        #expect(file.diagnostics.count == 1)
    }

    @Test func integersAreThirtyTwoBit() {
        let file = parse("user_pref(\"min\", -2147483648);\nuser_pref(\"max\", 2147483647);\nuser_pref(\"over\", 2147483648);\nuser_pref(\"junk\", 123abc);\nuser_pref(\"ok\", 1);\n")
        #expect(file.statements.map(\.name) == ["min", "max", "ok"])
        #expect(file.statements.first?.value == .int(Int32.min))
        #expect(file.diagnostics.map(\.message) == ["integer literal overflowed", "unexpected character in integer literal"])
        #expect(file.diagnostics.map(\.location.line) == [3, 4])
    }

    @Test func keywordsAreCaseSensitive() {
        let file = parse("user_pref(\"a\", True);\nuser_pref(\"b\", 1);\n")
        #expect(file.statements.map(\.name) == ["b"])
        #expect(file.diagnostics.first?.message == "unknown keyword")
    }

    @Test func everyCommentFormAndWhitespace() {
        let text = "# hash\n// slashes\n/* block\n spanning */ user_pref(\"a\",\t1);\u{0B}\u{0C}user_pref(\"b\", 2); // trailing\r\nuser_pref(\"c\", 3);\ruser_pref(\"d\", 4);"
        let file = parse(text)
        #expect(file.statements.map(\.name) == ["a", "b", "c", "d"])
        #expect(file.statements.map(\.statement.line) == [4, 4, 5, 6])
        #expect(file.diagnostics.isEmpty)
    }

    @Test func unterminatedBlockCommentLosesTheRest() {
        let file = parse("user_pref(\"a\", 1);\n/* open\nuser_pref(\"b\", 2);\n")
        #expect(file.statements.map(\.name) == ["a"])
        #expect(file.diagnostics.first?.message == "unterminated /* comment")
        #expect(file.diagnostics.first?.location.line == 2)
    }

    /// Thunderbird 153 keeps the first pref after a byte order mark (the oracle's `bom` fixture).
    @Test func byteOrderMarkIsSkipped() {
        let file = parse(bytes: [0xEF, 0xBB, 0xBF] + Array("user_pref(\"a\", 1);\nuser_pref(\"b\", 2);\n".utf8))
        #expect(file.hasByteOrderMark)
        #expect(file.statements.map(\.name) == ["a", "b"])
        #expect(file.statements.first?.statement.column == 1)
        #expect(file.diagnostics.isEmpty)
        let inside = parse(bytes: Array("user_pref(\"a\", 1);".utf8) + [0xEF, 0xBB, 0xBF] + Array("user_pref(\"b\", 2);".utf8))
        #expect(inside.statements.map(\.name) == ["a"], "only a leading mark is skipped")
    }

    @Test func nulByteEndsTheFile() {
        let file = parse(bytes: Array("user_pref(\"a\", 1);\n".utf8) + [0] + Array("user_pref(\"b\", 2);\n".utf8))
        #expect(file.statements.map(\.name) == ["a"])
        #expect(file.diagnostics.map(\.message) == ["a NUL byte ends the file"])
        #expect(file.diagnostics.first?.location.line == 2)
    }

    /// A bad escape whose character is a line break still counts that line.
    @Test func linesAfterABadEscapeOverALineBreak() {
        for newline in ["\n", "\r", "\r\n"] {
            let file = parse("user_pref(\"a\\\(newline)b\", 1);\(newline)user_pref(\"c\" 1);\(newline)user_pref(\"d\", 1);")
            #expect(file.diagnostics.map(\.location.line) == [1, 3], "\(newline.debugDescription)")
            #expect(file.statements.first?.statement.line == 4, "\(newline.debugDescription)")
        }
    }

    @Test func linesAndColumnsInCROnlyFiles() {
        let file = parse("user_pref(\"a\", 1);\r  user_pref(\"b\",\r \"x\");\r")
        #expect(file.statements.map(\.statement.line) == [1, 2])
        #expect(file.statements.map(\.statement.column) == [1, 3])
        #expect(file.statements.last?.valueLocation.line == 3 && file.statements.last?.valueLocation.column == 2)
    }

    @Test func literalNewlineInsideAStringIsKept() {
        let file = parse("user_pref(\"a\", \"one\ntwo\");\nuser_pref(\"b\", 1);\n")
        #expect(file.statements.first?.value == .string("one\ntwo"))
        #expect(file.statements.last?.statement.line == 3)
    }

    @Test func debianKeywordsAndTheirKinds() {
        let file = parse("pref(\"a\", 1);\nsticky_pref(\"b\", 1);\nlock_pref(\"c\", 1);\nlockPref(\"d\", 1);\npref(\"e\", 1, locked);\nuser_pref(\"f\", 1);\n")
        #expect(file.statements.map(\.kind) == [.default, .sticky, .locked, .user])
        #expect(file.statements.map(\.name) == ["a", "b", "c", "f"])
        #expect(file.diagnostics.map(\.message) == ["unknown keyword", "expected ')' after pref value"])
    }

    @Test func recoversAtTheNextSemicolon() {
        let file = parse("user_pref(\"a\" 1); user_pref(\"b\", 2);\nuser_pref(\"c\", ;\nuser_pref(\"d\", 4);\n@@@;\nuser_pref(\"e\", 5);")
        #expect(file.statements.map(\.name) == ["b", "d", "e"])
        #expect(file.diagnostics.map(\.location.line) == [1, 2, 4])
    }

    @Test func severalStatementsOnOneLine() {
        let file = parse("user_pref(\"a\",1);user_pref(\"b\",2);  user_pref(\"c\",3);")
        #expect(file.statements.map(\.statement.column) == [1, 18, 37])
    }

    @Test func spansPointAtTheExactBytes() {
        let text = "// header\nuser_pref(\"mail.server.server1.port\",   143 );\nuser_pref(\"s\", \"h\\\"i\");\n"
        let bytes = Array(text.utf8)
        let file = parse(bytes: bytes)
        func slice(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        #expect(slice(file.statements[0].statement.byteRange) == "user_pref(\"mail.server.server1.port\",   143 );")
        #expect(slice(file.statements[0].valueLocation.byteRange) == "143")
        #expect(slice(file.statements[1].valueLocation.byteRange) == "\"h\\\"i\"")
        #expect(file.statements[0].valueLocation.line == 2 && file.statements[0].valueLocation.column == 41)
    }

    @Test func unterminatedStringIsReported() {
        let file = parse("user_pref(\"a\", \"never closed);\n")
        #expect(file.statements.isEmpty)
        #expect(file.diagnostics.first?.message == "unterminated string literal")
    }

    /// Any bytes at all: the parser ends, and everything it reports lies inside the file.
    @Test(arguments: 0..<200)
    func arbitraryBytesNeverCrash(seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed))
        let alphabet = Array("user_pref(\"a\",'b'),;/*#\\x u00 0123456789-+truefalse\n\r\t ".utf8) + [0xEF, 0xBB, 0xBF, 0, 0xFF]
        let bytes = (0..<Int.random(in: 0...400, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
        let file = parse(bytes: bytes)
        for statement in file.statements {
            #expect(statement.statement.byteRange.upperBound <= bytes.count)
            #expect(statement.valueLocation.byteRange.lowerBound >= statement.statement.byteRange.lowerBound)
        }
        for diagnostic in file.diagnostics { #expect(diagnostic.location.byteRange.upperBound <= bytes.count) }
    }
}
