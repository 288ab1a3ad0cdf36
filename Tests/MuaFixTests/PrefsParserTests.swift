import Testing
@testable import MuaFixKit

@Suite struct PrefsParserTests {
    func parse(_ text: String) -> PrefsFile { PrefsParser.parse(Array(text.utf8), path: "prefs.js") }

    @Test func readsUserPrefs() {
        let file = parse("user_pref(\"a.b\", \"x\");\nuser_pref('c', -5);\nuser_pref(\"d\", true);\n")
        #expect(file.statements.map(\.name) == ["a.b", "c", "d"])
        #expect(file.statements.map(\.value) == [.string("x"), .int(-5), .bool(true)])
        #expect(file.diagnostics.isEmpty)
    }
}
