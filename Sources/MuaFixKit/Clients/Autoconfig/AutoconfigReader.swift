#if canImport(Glibc)
import Glibc
#endif

/// Reads a Mozilla autoconfig file (clientConfig 1.1, the ISPDB format) the way Thunderbird's
/// readFromXML does: entries it cannot use are skipped (and noted), and the file is refused when
/// no provider, domain, incoming or outgoing server is left.
public enum AutoconfigReader {
    public static func read(path: String) throws(ReadError) -> ProviderProfile {
        try read(bytes: readFile(path, limit: UntrustedXML.maximumInputSize), path: path)
    }

    public static func read(bytes: [UInt8], path: String) throws(ReadError) -> ProviderProfile {
        let root = try UntrustedXML.parse(bytes, path: path)
        func refuse(_ line: Int, _ reason: String) -> ReadError { ReadError(file: path, line: line, reason: reason) }

        guard root.name == "clientConfig" else {
            throw refuse(root.line, "the root element is <\(root.name)>, not <clientConfig>")
        }
        guard let provider = root.firstChild(named: "emailProvider") else {
            throw refuse(root.line, "no <emailProvider> in <clientConfig>")
        }
        var notes: [ProviderProfileNote] = []

        let idValue = provider.attribute("id").map(ThunderbirdValue.init(text:))
        guard case .success(let id) = ThunderbirdSanitizer.hostname(idValue) else {
            throw refuse(provider.line, "<emailProvider> needs an id attribute that is a host name")
        }

        var domains: [String] = []
        for element in provider.children(named: "domain") {
            switch ThunderbirdSanitizer.hostname(ThunderbirdValue(element: element)) {
            case .success(let domain): domains.append(domain)
            case .failure(let rejection): notes.append(.init(line: element.line, message: "<domain> ignored: \(rejection.reason)"))
            }
        }
        guard !domains.isEmpty else { throw refuse(provider.line, "<emailProvider> has no usable <domain>") }

        var incoming: [ProviderServer] = []
        var lastIncomingRejection: (line: Int, reason: String)?
        for element in provider.children(named: "incomingServer") {
            switch ServerEntry.incoming(element) {
            case .success(let (server, entryNotes)):
                incoming.append(server)
                notes += entryNotes
            case .failure(let rejection):
                lastIncomingRejection = (element.line, rejection.reason)
                notes.append(.init(line: element.line, message: "<incomingServer> ignored: \(rejection.reason)"))
            }
        }
        guard !incoming.isEmpty else {
            throw refuse(lastIncomingRejection?.line ?? provider.line,
                         "no usable <incomingServer>" + (lastIncomingRejection.map { ": \($0.reason)" } ?? ""))
        }

        var outgoing: [ProviderServer] = []
        var lastOutgoingRejection: (line: Int, reason: String)?
        for element in provider.children(named: "outgoingServer") {
            switch ServerEntry.outgoing(element) {
            case .success(let (server, entryNotes)):
                outgoing.append(server)
                notes += entryNotes
            case .failure(let rejection):
                lastOutgoingRejection = (element.line, rejection.reason)
                notes.append(.init(line: element.line, message: "<outgoingServer> ignored: \(rejection.reason)"))
            }
        }
        guard !outgoing.isEmpty else {
            throw refuse(lastOutgoingRejection?.line ?? provider.line,
                         "no usable <outgoingServer>" + (lastOutgoingRejection.map { ": \($0.reason)" } ?? ""))
        }

        let displayName = provider.firstChild(named: "displayName").map { ThunderbirdValue(element: $0).text }
        return ProviderProfile(id: id, displayName: displayName, domains: domains, incomingServers: incoming,
                               outgoingServers: outgoing, file: path, notes: notes.sorted { $0.line < $1.line })
    }
}

/// The whole file, refused before reading when it is larger than `limit`.
private func readFile(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw ReadError(file: path, reason: "cannot open: \(String(cString: strerror(errno)))") }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { throw ReadError(file: path, reason: "cannot stat: \(String(cString: strerror(errno)))") }
    guard (status.st_mode & S_IFMT) == S_IFREG else { throw ReadError(file: path, reason: "not a regular file") }
    guard Int(status.st_size) <= limit else {
        throw ReadError(file: path, reason: "file is \(status.st_size) bytes, more than the \(limit) bytes an XML file may have")
    }
    // One byte more than the limit, so a file that grew since fstat is still caught.
    var bytes = [UInt8](repeating: 0, count: limit + 1)
    var count = 0
    while count < bytes.count {
        let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + count, $0.count - count) }
        if got == 0 { break }
        if got < 0 {
            if errno == EINTR { continue }
            throw ReadError(file: path, reason: "cannot read: \(String(cString: strerror(errno)))")
        }
        count += got
    }
    guard count <= limit else { throw ReadError(file: path, reason: "file is more than the \(limit) bytes an XML file may have") }
    return Array(bytes[..<count])
}
