import Foundation
@testable import MuaFixKit

/// The repository's root, found from this file so tests run from any directory.
let repositoryRoot: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .path

let autoconfigFixtures = fixture("autoconfig")

func readProfile(_ xml: String, path: String = "test.xml") throws(ReadError) -> ProviderProfile {
    try AutoconfigReader.read(bytes: Array(xml.utf8), path: path)
}

/// The error reading `xml` throws, or nil when it parses.
func readError(_ xml: String, path: String = "test.xml") -> ReadError? {
    readError(bytes: Array(xml.utf8), path: path)
}

func readError(bytes: [UInt8], path: String = "test.xml") -> ReadError? {
    do {
        _ = try AutoconfigReader.read(bytes: bytes, path: path)
        return nil
    } catch {
        return error
    }
}

/// A minimal valid profile for example.org whose servers are `incoming` and `outgoing` (XML fragments).
func exampleProfile(incoming: String = imapEntry(), outgoing: String = smtpEntry(), domains: String = "<domain>example.org</domain>") -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <clientConfig version="1.1">
      <emailProvider id="example.org">
        \(domains)
        \(incoming)
        \(outgoing)
      </emailProvider>
    </clientConfig>
    """
}

func imapEntry(type: String = "imap", host: String = "imap.example.org", port: String = "993",
               socketTypes: [String] = ["SSL"], username: String? = "%EMAILADDRESS%",
               authentication: [String] = ["password-cleartext"]) -> String {
    serverEntry("incomingServer", type: type, host: host, port: port, socketTypes: socketTypes, username: username,
                authentication: authentication)
}

func smtpEntry(type: String = "smtp", host: String = "smtp.example.org", port: String = "465",
               socketTypes: [String] = ["SSL"], username: String? = "%EMAILADDRESS%",
               authentication: [String] = ["password-cleartext"]) -> String {
    serverEntry("outgoingServer", type: type, host: host, port: port, socketTypes: socketTypes, username: username,
                authentication: authentication)
}

private func serverEntry(_ element: String, type: String, host: String, port: String, socketTypes: [String],
                         username: String?, authentication: [String]) -> String {
    var lines = ["<\(element) type=\"\(type)\">", "<hostname>\(host)</hostname>", "<port>\(port)</port>"]
    lines += socketTypes.map { "<socketType>\($0)</socketType>" }
    if let username { lines.append("<username>\(username)</username>") }
    lines += authentication.map { "<authentication>\($0)</authentication>" }
    lines.append("</\(element)>")
    return lines.joined(separator: "\n    ")
}
