/// Reads cert_override.txt, where Thunderbird keeps the certificates a user accepted despite errors.
/// Lines Thunderbird itself drops (no TAB after the fingerprint, another hash OID) are skipped too.
enum CertOverrideReader {
    static let sha256OID = "OID.2.16.840.1.101.3.4.2.1"

    static func read(_ bytes: [UInt8], path: String) -> [CertificateException] {
        var exceptions: [CertificateException] = []
        var offset = 0
        var lineNumber = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            defer { offset += line.count + 1 }
            let text = String(decoding: line, as: UTF8.self)
            if text.hasPrefix("#") || text.isEmpty { continue }
            let fields = text.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 4, fields[1] == sha256OID, let endpoint = hostAndPort(fields[0]) else { continue }
            let location = SourceLocation(file: path, line: lineNumber, column: 1, endLine: lineNumber,
                                          endColumn: line.count + 1, byteRange: offset..<(offset + line.count))
            exceptions.append(CertificateException(host: endpoint.host, port: endpoint.port,
                                                   fingerprint: String(fields[2]), location: location))
        }
        return exceptions
    }

    /// `host:port:ATTRIBUTES` (current form; the origin attributes are usually empty) or `host:port`
    /// (legacy); IPv6 hosts are bracketed.
    static func hostAndPort(_ key: Substring) -> (host: String, port: Int)? {
        var host: Substring
        var rest: Substring
        if key.hasPrefix("[") {
            guard let close = key.firstIndex(of: "]") else { return nil }
            host = key[key.index(after: key.startIndex)..<close]
            rest = key[key.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            rest = rest.dropFirst()
        } else {
            guard let colon = key.firstIndex(of: ":") else { return nil }
            host = key[..<colon]
            rest = key[key.index(after: colon)...]
        }
        let portText = rest.prefix { $0 != ":" }
        guard let port = Int(portText), (1...65535).contains(port), !host.isEmpty else { return nil }
        return (String(host).lowercased(), port)
    }
}
