/// readFromXML's checks of one `<incomingServer>` or `<outgoingServer>`, in Thunderbird's order, so
/// the reason given for a rejected entry is the one Thunderbird stops at.
enum ServerEntry {
    static let incomingTypes = ["pop3", "imap", "nntp", "exchange", "ews", "owa"]

    /// Exact, case-sensitive: `ssl` or `TLS` is no socket type at all.
    static let socketTypes: [String: Security] = ["plain": .none, "SSL": .tls, "STARTTLS": .starttls]

    static let incomingAuthentication: Set<String> = [
        "password-cleartext", "plain", "password-encrypted", "secure", "GSSAPI", "NTLM", "OAuth2",
    ]
    static let outgoingAuthentication = incomingAuthentication.union(["none", "client-IP-address", "smtp-after-pop"])

    typealias Accepted = (server: ProviderServer, notes: [ProviderProfileNote])

    static func incoming(_ element: XMLElementNode) -> Result<Accepted, Rejection> {
        let typeName = element.attribute("type").map { ThunderbirdValue(text: $0).text }
        guard let typeName, incomingTypes.contains(typeName) else {
            return .failure(Rejection("type '\(typeName ?? "")' is not one of \(incomingTypes.joined(separator: ", "))"))
        }
        return common(element, role: .incoming, protocolName: MailProtocol(rawValue: typeName),
                      authentication: incomingAuthentication, usernameRequired: true)
    }

    static func outgoing(_ element: XMLElementNode) -> Result<Accepted, Rejection> {
        let typeName = element.attribute("type").map { ThunderbirdValue(text: $0).text }
        guard typeName == "smtp" else { return .failure(Rejection("type '\(typeName ?? "")' is not smtp")) }
        return common(element, role: .outgoing, protocolName: .smtp,
                      authentication: outgoingAuthentication, usernameRequired: false)
    }

    private static func common(_ element: XMLElementNode, role: EndpointRole, protocolName: MailProtocol,
                               authentication known: Set<String>, usernameRequired: Bool) -> Result<Accepted, Rejection> {
        let host: String, port: Int
        switch ThunderbirdSanitizer.hostname(ThunderbirdValue(firstChild: "hostname", of: element)) {
        case .success(let value): host = value
        case .failure(let rejection): return .failure(Rejection("<hostname> \(rejection.reason)"))
        }
        switch ThunderbirdSanitizer.integer(ThunderbirdValue(firstChild: "port", of: element), in: 1...65535) {
        case .success(let value): port = value
        case .failure(let rejection): return .failure(Rejection("<port> \(rejection.reason)"))
        }

        // The first value that maps wins; later ones are never looked at.
        let socketTypeValues = element.children(named: "socketType").map { ThunderbirdValue(element: $0).text }
        guard let security = socketTypeValues.lazy.compactMap({ socketTypes[$0] }).first else {
            let written = socketTypeValues.map { "'\($0)'" }.joined(separator: ", ")
            return .failure(Rejection(written.isEmpty ? "no <socketType>" : "<socketType> \(written) is not plain, SSL or STARTTLS"))
        }

        // Thunderbird also drops OAuth2 for hosts missing from its built-in OAuth2 provider list, which
        // depends on the Thunderbird version and is not reproduced.
        let authentication = element.children(named: "authentication")
            .map { ThunderbirdValue(element: $0).text }
            .filter(known.contains)
        guard !authentication.isEmpty else { return .failure(Rejection("no usable <authentication>")) }

        var notes: [ProviderProfileNote] = []
        let usernameValue = ThunderbirdValue(firstChild: "username", of: element)
        let authIsPassword = authentication[0].hasPrefix("password-") || ["plain", "secure"].contains(authentication[0])
        if usernameValue == nil, usernameRequired || authIsPassword {
            // Sanitizer.string(undefined) does not throw: the entry stays, with a useless username.
            notes.append(.init(line: element.line, message: "no <username>: Thunderbird uses the text 'undefined' as the user name"))
        } else if usernameValue == .boolean(true), element.firstChild(named: "username")?.text.isEmpty == true {
            notes.append(.init(line: element.line, message: "empty <username>: Thunderbird uses the text 'true' as the user name"))
        }

        let server = ProviderServer(role: role, protocolName: protocolName, host: host, port: port, security: security,
                                    auth: authentication, username: usernameValue?.text, line: element.line)
        return .success((server, notes))
    }
}
