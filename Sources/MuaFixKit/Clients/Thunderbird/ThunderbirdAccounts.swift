/// Turns Thunderbird's preferences into accounts and endpoints exactly as Thunderbird 153 computes
/// them (mailnews account manager, nsMsgIncomingServer, SmtpServer/SmtpClient, protocol infos).
struct ThunderbirdAccounts {
    let prefs: PrefsStore
    /// What `socketType`/`try_ssl` 1 means for this profile: opportunistic STARTTLS before
    /// Thunderbird 132, plaintext since (unless a pending migration turns it into 2).
    let socketTypeOne: Security
    var misreadings: [Misreading] = []

    init(prefs: PrefsStore, lastVersionMajor: Int?) {
        self.prefs = prefs
        let uiVersion = prefs.int("mail.ui-rdf.version")
        if let major = lastVersionMajor, major <= 131 {
            socketTypeOne = .starttlsOptional
        } else if let uiVersion, (1...43).contains(uiVersion) {
            // MailMigrator upgrades 1 to 2 (required STARTTLS) on the next start.
            socketTypeOne = .starttls
        } else {
            socketTypeOne = .none
        }
    }

    static let ignoredServerTypes: Set<String> = ["none", "rss", "im"]

    mutating func read() -> [Account] {
        var accounts: [Account] = []
        var usedOutgoing = Set<String>()
        let outgoingKeys = prefs.list("mail.smtpservers")
        let defaultOutgoing = prefs.string("mail.smtp.defaultserver") ?? outgoingKeys.first

        for accountID in prefs.list("mail.accountmanager.accounts") {
            let accountPrefix = "mail.account.\(accountID)."
            guard let serverKey = prefs.string(accountPrefix + "server"), !serverKey.isEmpty else {
                missing("account \(accountID) is listed but has no \(accountPrefix)server; Thunderbird skips it",
                        at: "mail.accountmanager.accounts", accountID: accountID)
                continue
            }
            let serverType = prefs.string("mail.server.\(serverKey).type") ?? ""
            if Self.ignoredServerTypes.contains(serverType) { continue }

            var endpoints: [Endpoint] = []
            if let incoming = incomingEndpoint(key: serverKey, type: serverType, accountID: accountID) {
                endpoints.append(incoming)
            }
            var email: String?
            var fullName: String?
            for identity in prefs.list(accountPrefix + "identities") {
                let identityPrefix = "mail.identity.\(identity)."
                if email == nil { email = prefs.string(identityPrefix + "useremail") }
                if fullName == nil { fullName = prefs.string(identityPrefix + "fullName") }
                var outgoingKey = prefs.string(identityPrefix + "smtpServer") ?? ""
                if outgoingKey.isEmpty { outgoingKey = defaultOutgoing ?? "" }
                guard !outgoingKey.isEmpty, !endpoints.contains(where: { $0.role == .outgoing && $0.key == outgoingKey }),
                      let outgoing = outgoingEndpoint(key: outgoingKey) else { continue }
                usedOutgoing.insert(outgoingKey)
                endpoints.append(outgoing)
            }
            let name = prefs.string("mail.server.\(serverKey).name") ?? email ?? accountID
            accounts.append(Account(id: accountID, name: name, email: email, endpoints: endpoints))
        }

        // Servers no identity uses still hold passwords and may be chosen later: check them too.
        let unused = outgoingKeys.filter { !usedOutgoing.contains($0) }.compactMap { outgoingEndpoint(key: $0) }
        if !unused.isEmpty {
            accounts.append(Account(id: "mail.smtpservers", name: "Outgoing servers no identity uses", endpoints: unused))
        }
        accounts += directoryAccounts() + calendarAccounts()
        return accounts
    }

    // MARK: Incoming

    private mutating func incomingEndpoint(key: String, type: String, accountID: String) -> Endpoint? {
        let prefix = "mail.server.\(key)."
        if type == "ews" || type == "graph" {
            return urlEndpoint(pref: prefix + "ews_url", role: .incoming, protocolName: MailProtocol(rawValue: type), key: key)
        }
        let protocolName: MailProtocol
        switch type {
        case "imap": protocolName = .imap
        case "pop3": protocolName = .pop3
        case "nntp": protocolName = .nntp
        default:
            if let statement = prefs.statement(prefix + "type") ?? prefs.statement("mail.account.\(accountID).server") {
                misreadings.append(Misreading(
                    message: "server \(key) has type \"\(type)\", which Thunderbird does not know; the account is not loaded",
                    location: statement.statement, accountID: accountID))
            }
            return nil
        }
        var sources: [EndpointField: SettingSource] = [:]
        let host = serverString(prefix, "hostname", field: .host, into: &sources) ?? ""
        if host.isEmpty {
            missing("server \(key) has no \(prefix)hostname, so account \(accountID) cannot connect",
                    at: "mail.account.\(accountID).server", accountID: accountID)
        }
        let username = serverString(prefix, "userName", field: .username, into: &sources)

        // An absent socketType with the old isSecure flag set means SSL (nsMsgIncomingServer::GetSocketType).
        var socketType = serverInt(prefix, "socketType", builtIn: 0, field: .security, into: &sources, accountID: accountID)
        if prefs.statement(prefix + "socketType") == nil, prefs.bool(prefix + "isSecure") == true {
            socketType = 3
            sources[.security] = SettingSource(name: prefix + "isSecure", location: prefs.statement(prefix + "isSecure")?.statement)
        }
        let security = security(socketType: socketType, protocolName: protocolName, source: sources[.security], accountID: accountID)
        let rawPort = serverInt(prefix, "port", builtIn: -1, field: .port, into: &sources, accountID: accountID)
        let implicitTLS = socketType == 3
        let port: Int
        switch protocolName {
        case .imap: port = rawPort != -1 && rawPort != 0 ? rawPort : (implicitTLS ? 993 : 143)
        case .pop3: port = rawPort > 1 ? rawPort : (implicitTLS ? 995 : 110)
        default: port = rawPort > 1 ? rawPort : (implicitTLS ? 563 : 119)
        }
        let authMethod = serverInt(prefix, "authMethod", builtIn: 3, field: .auth, into: &sources, accountID: accountID)

        let hostAndPort = Self.splitHostAndPort(host)
        if protocolName == .imap, hostAndPort.hadPort, let location = sources[.host]?.location {
            misreadings.append(Misreading(
                message: "IMAP hostname \"\(host)\" contains a port; Thunderbird 153 crashes at startup on it — put the port in the port setting",
                location: location, accountID: accountID))
        }
        return Endpoint(role: .incoming, protocolName: protocolName, host: hostAndPort.host, port: port, security: security,
                        auth: Self.authName(authMethod), username: username, key: key, sources: sources)
    }

    // MARK: Outgoing

    private mutating func outgoingEndpoint(key: String) -> Endpoint? {
        let type = prefs.string("mail.smtpserver.\(key).type") ?? "smtp"
        if type == "ews" || type == "graph" {
            return urlEndpoint(pref: "mail.outgoingserver.\(key).ews_url", role: .outgoing,
                               protocolName: MailProtocol(rawValue: type), key: key)
        }
        let prefix = "mail.smtpserver.\(key)."
        var sources: [EndpointField: SettingSource] = [:]
        guard let host = serverString(prefix, "hostname", field: .host, into: &sources), !host.isEmpty else {
            missing("outgoing server \(key) is listed but has no \(prefix)hostname; Thunderbird cannot send through it",
                    at: "mail.smtpservers", accountID: nil)
            return nil
        }
        let username = serverString(prefix, "username", field: .username, into: &sources)
        let trySSL = serverInt(prefix, "try_ssl", builtIn: 0, field: .security, into: &sources, accountID: nil)
        let security = security(socketType: trySSL, protocolName: .smtp, source: sources[.security], accountID: nil)
        // SmtpServer reads `port` from its own branch only: mail.smtpserver.default.port is ignored (oracle).
        let rawPort = serverInt(prefix, "port", builtIn: 0, field: .port, into: &sources, accountID: nil, fallback: false)
        // SmtpClient: `this._server.port || (requireTLS ? 465 : 587)` — never 25 by default.
        let port = rawPort != 0 ? rawPort : (trySSL == 3 ? 465 : 587)
        let authMethod = serverInt(prefix, "authMethod", builtIn: 3, field: .auth, into: &sources, accountID: nil)
        return Endpoint(role: .outgoing, protocolName: .smtp, host: host, port: port, security: security,
                        auth: Self.authName(authMethod), username: username, key: key, sources: sources)
    }

    /// Records that something listed cannot be used, pointing at the pref that lists it, so that no
    /// account or server disappears from the report without a word.
    private mutating func missing(_ message: String, at listingPref: String, accountID: String?) {
        guard let location = prefs.statement(listingPref)?.statement else { return }
        let misreading = Misreading(message: message, location: location, accountID: accountID)
        if !misreadings.contains(misreading) { misreadings.append(misreading) }
    }

    // MARK: Address books and calendars

    private mutating func directoryAccounts() -> [Account] {
        var accounts: [Account] = []
        let uriNames = prefs.names(withPrefix: "ldap_2.servers.").filter { $0.hasSuffix(".uri") || $0.hasSuffix(".carddav.url") }
        for name in uriNames.sorted() {
            let isCardDAV = name.hasSuffix(".carddav.url")
            let prefix = String(name.dropLast(isCardDAV ? ".carddav.url".count : ".uri".count))
            guard let value = prefs.string(name) else { continue }
            let lowered = value.lowercased()
            guard isCardDAV || lowered.hasPrefix("ldap://") || lowered.hasPrefix("ldaps://") else { continue }
            let key = String(prefix.dropFirst("ldap_2.servers.".count))
            guard let endpoint = urlEndpoint(pref: name, role: .directory, protocolName: isCardDAV ? .carddav : .ldap, key: key) else { continue }
            accounts.append(Account(id: prefix, name: prefs.string(prefix + ".description") ?? key, endpoints: [endpoint]))
        }
        return accounts
    }

    private mutating func calendarAccounts() -> [Account] {
        var accounts: [Account] = []
        for name in prefs.names(withPrefix: "calendar.registry.").filter({ $0.hasSuffix(".uri") }).sorted() {
            let prefix = String(name.dropLast(".uri".count))
            let type = prefs.string(prefix + ".type") ?? ""
            guard type == "caldav" || type == "ics" else { continue }
            let key = String(prefix.dropFirst("calendar.registry.".count))
            guard let endpoint = urlEndpoint(pref: name, role: .calendar, protocolName: type == "ics" ? .ics : .caldav, key: key) else { continue }
            accounts.append(Account(id: prefix, name: prefs.string(prefix + ".name") ?? key, endpoints: [endpoint]))
        }
        return accounts
    }

    private mutating func urlEndpoint(pref: String, role: EndpointRole, protocolName: MailProtocol, key: String) -> Endpoint? {
        guard let statement = prefs.statement(pref), case .string(let url) = statement.value else { return nil }
        guard let parsed = ServiceURL(url) else {
            misreadings.append(Misreading(message: "\(pref) is \"\(url)\", which is not a URL Thunderbird can connect to",
                                          location: statement.statement))
            return nil
        }
        let source = SettingSource(name: pref, location: statement.statement)
        return Endpoint(role: role, protocolName: protocolName, host: parsed.host, port: parsed.port,
                        security: parsed.security, url: url, key: key,
                        sources: [.url: source, .host: source, .port: source, .security: source])
    }

    // MARK: Pref lookups with Thunderbird's fallbacks

    /// `PREFIX.NAME`, falling back to the protocol's `default` branch.
    private func defaultPrefix(_ prefix: String) -> String {
        prefix.hasPrefix("mail.smtpserver.") ? "mail.smtpserver.default." : "mail.server.default."
    }

    private func serverString(_ prefix: String, _ name: String, field: EndpointField,
                              into sources: inout [EndpointField: SettingSource]) -> String? {
        for candidate in [prefix + name, defaultPrefix(prefix) + name] {
            if let statement = prefs.statement(candidate), case .string(let value) = statement.value {
                sources[field] = SettingSource(name: prefix + name, location: statement.statement)
                return value
            }
        }
        sources[field] = SettingSource(name: prefix + name, location: nil)
        return nil
    }

    /// An integer setting. A value of the wrong type (a quoted number) is ignored by Thunderbird,
    /// which falls back to the default: that is a misreading worth an error.
    private mutating func serverInt(_ prefix: String, _ name: String, builtIn: Int, field: EndpointField,
                                    into sources: inout [EndpointField: SettingSource], accountID: String?,
                                    fallback: Bool = true) -> Int {
        for candidate in [prefix + name] + (fallback ? [defaultPrefix(prefix) + name] : []) {
            guard let statement = prefs.statement(candidate) else { continue }
            if case .int(let value) = statement.value {
                sources[field] = SettingSource(name: prefix + name, location: statement.statement)
                return Int(value)
            }
            misreadings.append(Misreading(
                message: "\(candidate) is a \(statement.value.typeName) (\(statement.value)); Thunderbird wants a number here, ignores it and uses the default",
                location: statement.statement, accountID: accountID))
        }
        sources[field] = SettingSource(name: prefix + name, location: nil)
        return builtIn
    }

    private mutating func security(socketType: Int, protocolName: MailProtocol, source: SettingSource?, accountID: String?) -> Security {
        switch socketType {
        case 0: return .none
        case 1: return socketTypeOne
        // NNTP has no STARTTLS: socketType 2 turns on TLS from the first byte (NntpClient isSecure).
        case 2: return protocolName == .nntp ? .tls : .starttls
        case 3: return .tls
        default:
            if let location = source?.location {
                misreadings.append(Misreading(
                    message: "\(source!.name) is \(socketType), which Thunderbird does not know; it connects without TLS",
                    location: location, accountID: accountID))
            }
            return .none
        }
    }

    static func authName(_ method: Int) -> String {
        switch method {
        case 1: "none"
        case 2: "password-cleartext-old"
        case 3: "password-cleartext"
        case 4: "password-encrypted"
        case 5: "gssapi"
        case 6: "ntlm"
        case 7: "tls-certificate"
        case 8: "secure"
        case 9: "any"
        case 10: "oauth2"
        default: "unknown-\(method)"
        }
    }

    /// nsMsgIncomingServer::GetHostname splits `host:port` when the name holds exactly one colon.
    static func splitHostAndPort(_ host: String) -> (host: String, hadPort: Bool) {
        guard host.filter({ $0 == ":" }).count == 1, let colon = host.firstIndex(of: ":") else { return (host, false) }
        return (String(host[..<colon]), true)
    }
}
