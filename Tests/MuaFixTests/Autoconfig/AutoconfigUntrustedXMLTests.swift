import Foundation
import Testing
@testable import MuaFixKit

@Suite struct AutoconfigUntrustedXMLTests {
    func parse(_ xml: String) throws(ReadError) -> XMLElementNode {
        try UntrustedXML.parse(Array(xml.utf8), path: "doc.xml")
    }

    func parseError(_ bytes: [UInt8]) -> ReadError? {
        do {
            _ = try UntrustedXML.parse(bytes, path: "doc.xml")
            return nil
        } catch {
            return error
        }
    }

    @Test func copiesNamesAttributesTextChildrenAndLines() throws {
        let root = try parse("<r a=\"1\" b='x &amp; y'>\n  <c>one<![CDATA[<two>]]>&lt;</c>\n  <p:d xmlns:p=\"urn:x\"/>\n</r>")
        #expect(root.name == "r")
        #expect(root.attributes == [.init(name: "a", value: "1"), .init(name: "b", value: "x & y")])
        #expect(root.children.map(\.name) == ["c", "p:d"])
        #expect(root.children.map(\.line) == [2, 3])
        #expect(root.children[0].text == "one<two><")
        #expect(root.line == 1)
    }

    @Test func keepsChildOrderAcrossLevels() throws {
        let root = try parse("<r><a><a1/><a2/></a><b/><c><c1><c11/></c1></c></r>")
        #expect(root.children.map(\.name) == ["a", "b", "c"])
        #expect(root.children[0].children.map(\.name) == ["a1", "a2"])
        #expect(root.children[2].children[0].children.map(\.name) == ["c11"])
    }

    @Test(arguments: [
        ("<a></b>", 1, "Opening and ending tag mismatch: a line 1 and b"),
        // The first message is the cause; libxml2's last error would be "Premature end of data in tag r".
        ("<r><a></r>", 1, "Opening and ending tag mismatch: a line 1 and r"),
        ("not xml", 1, "Start tag expected, '<' not found"),
        ("<clientConfig>\n  <emailProvider id=\"x\">\n    <domain>x", 3, "Premature end of data in tag domain line 3"),
    ])
    func reportsTheFirstLibxml2MessageWithItsLine(xml: String, line: Int, message: String) {
        let error = parseError(Array(xml.utf8))
        #expect(error == ReadError(file: "doc.xml", line: line, reason: message))
    }

    @Test func refusesEmptyInput() {
        #expect(parseError([]) == ReadError(file: "doc.xml", line: 1, reason: "the file is empty"))
    }

    @Test func whitespaceOnlyInputGetsLibxml2sMessage() {
        let error = parseError(Array("  \n ".utf8))
        #expect(error == ReadError(file: "doc.xml", line: 2, reason: "Start tag expected, '<' not found"))
    }

    @Test func readsUTF8WithAndWithoutByteOrderMark() throws {
        let plain = try parse("<r>Երևան</r>")
        let withBOM = try UntrustedXML.parse([0xEF, 0xBB, 0xBF] + Array("<r>Երևան</r>".utf8), path: "doc.xml")
        #expect(plain.text == "Երևան")
        #expect(withBOM == plain)
    }

    @Test func readsUTF16WithByteOrderMark() throws {
        let utf16: [UInt8] = [0xFF, 0xFE] + "<r>Երևան</r>".utf16.flatMap { unit -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(try UntrustedXML.parse(utf16, path: "doc.xml").text == "Երևան")
    }

    @Test func refusesInputOverTheSizeCapBeforeParsing() {
        let big = Array("<r>".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: UntrustedXML.maximumInputSize) + Array("</r>".utf8)
        let error = parseError(big)
        #expect(error?.line == nil)
        #expect(error?.reason.contains("more than the 1048576 bytes") == true)
        #expect(parseError(Array("<r>".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 1000) + Array("</r>".utf8)) == nil)
    }

    @Test func externalEntityIsRefusedAndTheFileNeverRead() throws {
        let directory = try scratchDirectory("muafix-xxe")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let secret = directory + "/secret.txt"
        try writeFiles(["secret.txt": "TOP-SECRET-MARKER"], into: directory)
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file://\(secret)\">]>\n<r>&x;</r>"

        let error = parseError(Array(xml.utf8))
        #expect(error?.line == 2)
        #expect(error?.reason.contains("DTD") == true)
        #expect(error?.description.contains("TOP-SECRET-MARKER") == false)
        // The process-wide loader refuses even a direct request for the file, whatever the parse options.
        #expect(libxml2LoadsExternalEntity("file://" + secret) == false)
        #expect(libxml2LoadsExternalEntity(secret) == false)
    }

    @Test func externalDTDIsRefused() {
        let error = parseError(Array("<!DOCTYPE r SYSTEM \"file:///etc/hostname\">\n<r/>".utf8))
        #expect(error?.line == 1)
        #expect(error?.reason.contains("DTD") == true)
    }

    @Test func billionLaughsIsRefusedQuickly() {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            xml += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
        }
        xml += "]>\n<lolz>&lol9;</lolz>"
        let clock = ContinuousClock()
        var error: ReadError?
        let elapsed = clock.measure { error = parseError(Array(xml.utf8)) }
        #expect(error != nil)
        #expect(error?.file == "doc.xml")
        #expect(elapsed < .seconds(2))
    }

    @Test func hundredThousandNestedElementsFailWithoutCrashing() {
        let xml = String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000)
        let error = parseError(Array(xml.utf8))
        #expect(error?.reason.contains("Excessive depth in document: 256") == true)
        #expect(error?.line == 1)
    }

    @Test func nestingJustUnderTheLimitIsCopiedWhole() throws {
        let depth = 250
        let root = try parse(String(repeating: "<a>", count: depth) + "deep" + String(repeating: "</a>", count: depth))
        var node = root
        var levels = 1
        while let child = node.children.first {
            node = child
            levels += 1
        }
        #expect(levels == depth)
        #expect(node.text == "deep")
    }

    @Test func undefinedEntityIsAnError() {
        let error = parseError(Array("<r>&undefined;</r>".utf8))
        #expect(error?.reason == "Entity 'undefined' not defined")
    }
}
