import Foundation
import Testing
@testable import MuaFixKit

/// How mua-fix reads Thunderbird's account model: effective ports, security, fallbacks and overrides.
@Suite struct ThunderbirdReaderTests {
    /// Reads a profile made of `files`, returning its configuration.
    func read(_ files: [String: String]) throws -> ClientConfiguration {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try writeFiles(files, into: directory)
        var configuration = try ThunderbirdReader().read(ProfileSource(client: "thunderbird", path: directory))
        // Paths point into the scratch folder; strip them so tests compare names.
        configuration.profile = ""
        return configuration
    }

    func incoming(type: String, _ settings: String, extra: String = "") throws -> Endpoint {
        let configuration = try read(["prefs.js": """
            user_pref("mail.accountmanager.accounts", "account1");
            user_pref("mail.account.account1.server", "server1");
            user_pref("mail.server.server1.type", "\(type)");
            user_pref("mail.server.server1.hostname", "host.example.test");
            \(settings)
            """ + extra])
        return try #require(configuration.accounts.first?.endpoints.first)
    }

    func outgoing(_ settings: String) throws -> Endpoint {
        let configuration = try read(["prefs.js": """
            user_pref("mail.smtpservers", "smtp1");
            user_pref("mail.smtpserver.smtp1.hostname", "smtp.example.test");
            \(settings)
            """])
        return try #require(configuration.accounts.first?.endpoints.first)
    }

    struct PortCase: Sendable, CustomTestStringConvertible {
        var type: String
        var settings: String
        var port: Int
        var security: Security
        var testDescription: String { "\(type) [\(settings)] → \(port) \(security)" }
    }

    static let incomingCases: [PortCase] = [
        PortCase(type: "imap", settings: "", port: 143, security: .none),
        PortCase(type: "imap", settings: #"user_pref("mail.server.server1.socketType", 3);"#, port: 993, security: .tls),
        PortCase(type: "imap", settings: #"user_pref("mail.server.server1.socketType", 3); user_pref("mail.server.server1.port", -1);"#, port: 993, security: .tls),
        PortCase(type: "imap", settings: #"user_pref("mail.server.server1.socketType", 2); user_pref("mail.server.server1.port", 0);"#, port: 143, security: .starttls),
        PortCase(type: "imap", settings: #"user_pref("mail.server.server1.socketType", 3); user_pref("mail.server.server1.port", 1143);"#, port: 1143, security: .tls),
        PortCase(type: "pop3", settings: "", port: 110, security: .none),
        PortCase(type: "pop3", settings: #"user_pref("mail.server.server1.socketType", 3); user_pref("mail.server.server1.port", 1);"#, port: 995, security: .tls),
        PortCase(type: "pop3", settings: #"user_pref("mail.server.server1.port", 2110);"#, port: 2110, security: .none),
        PortCase(type: "nntp", settings: #"user_pref("mail.server.server1.socketType", 2);"#, port: 119, security: .tls),
        PortCase(type: "nntp", settings: #"user_pref("mail.server.server1.socketType", 3);"#, port: 563, security: .tls),
        PortCase(type: "imap", settings: #"user_pref("mail.server.server1.isSecure", true);"#, port: 993, security: .tls),
        PortCase(type: "imap", settings: #"user_pref("mail.server.server1.isSecure", true); user_pref("mail.server.server1.socketType", 0);"#, port: 143, security: .none),
        PortCase(type: "imap", settings: #"user_pref("mail.server.default.socketType", 3);"#, port: 993, security: .tls),
        PortCase(type: "imap", settings: #"user_pref("mail.server.server1.socketType", "3");"#, port: 143, security: .none),
        PortCase(type: "imap", settings: #"user_pref("mail.server.server1.socketType", 7);"#, port: 143, security: .none),
        PortCase(type: "imap", settings: #"user_pref("mail.server.server1.socketType", 1);"#, port: 143, security: .none),
    ]

    @Test(arguments: incomingCases)
    func incomingPortAndSecurity(_ testCase: PortCase) throws {
        let endpoint = try incoming(type: testCase.type, testCase.settings)
        #expect(endpoint.port == testCase.port)
        #expect(endpoint.security == testCase.security)
        #expect(endpoint.host == "host.example.test")
        #expect(endpoint.key == "server1")
    }

    static let outgoingCases: [PortCase] = [
        PortCase(type: "smtp", settings: "", port: 587, security: .none),
        PortCase(type: "smtp", settings: #"user_pref("mail.smtpserver.smtp1.try_ssl", 3);"#, port: 465, security: .tls),
        PortCase(type: "smtp", settings: #"user_pref("mail.smtpserver.smtp1.try_ssl", 2); user_pref("mail.smtpserver.smtp1.port", 0);"#, port: 587, security: .starttls),
        PortCase(type: "smtp", settings: #"user_pref("mail.smtpserver.smtp1.port", 25);"#, port: 25, security: .none),
        PortCase(type: "smtp", settings: #"user_pref("mail.smtpserver.default.try_ssl", 3);"#, port: 465, security: .tls),
    ]

    @Test(arguments: outgoingCases)
    func outgoingPortAndSecurity(_ testCase: PortCase) throws {
        let endpoint = try outgoing(testCase.settings)
        #expect(endpoint.port == testCase.port)
        #expect(endpoint.security == testCase.security)
        #expect(endpoint.role == .outgoing && endpoint.protocolName == .smtp)
    }

    @Test func socketTypeOneDependsOnTheThunderbirdVersion() throws {
        let setting = #"user_pref("mail.server.server1.socketType", 1);"#
        let old = try incoming(type: "imap", setting)
        #expect(old.security == .none, "no compatibility.ini: assume Thunderbird 153, which ignores 1")
        let migrating = try incoming(type: "imap", setting + #"user_pref("mail.ui-rdf.version", 43);"#)
        #expect(migrating.security == .starttls, "ui-rdf.version 43: the next start migrates 1 to 2")

        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try writeFiles(["prefs.js": Examples.imap(setting)["prefs.js"]!,
                        "compatibility.ini": "[Compatibility]\nLastVersion=128.5.0_20241120/20241120\n"], into: directory)
        let configuration = try ThunderbirdReader().read(ProfileSource(client: "thunderbird", path: directory))
        #expect(configuration.accounts.first?.endpoints.first?.security == .starttlsOptional)
    }

    @Test func userJSOverridesPrefsJSAndLockedDefaultsWin() throws {
        let configuration = try read([
            "prefs.js": Examples.imap(#"user_pref("mail.server.server1.socketType", 0); user_pref("mail.server.server1.port", 143);"#)["prefs.js"]!,
            "user.js": #"user_pref("mail.server.server1.socketType", 3);"# + "\n" + #"lock_pref("mail.server.server1.port", 1993);"# + "\n" + #"user_pref("mail.server.server1.port", 2993);"#,
        ])
        let endpoint = try #require(configuration.accounts.first?.endpoints.first)
        #expect(endpoint.security == .tls)
        #expect(endpoint.port == 1993)
        #expect(endpoint.sources[.security]?.location?.file.hasSuffix("user.js") == true)
        #expect(configuration.misreadings.contains { $0.message.hasPrefix("lock_pref") })
    }

    @Test func accountsIdentitiesAndOutgoingServers() throws {
        let configuration = try read(["prefs.js": """
            user_pref("mail.accountmanager.accounts", "account1, account2,account3,,account1");
            user_pref("mail.account.account1.server", "server1");
            user_pref("mail.account.account1.identities", "id1,id2");
            user_pref("mail.account.account2.server", "server2");
            user_pref("mail.account.account2.identities", "id3");
            user_pref("mail.account.account3.server", "server3");
            user_pref("mail.identity.id1.useremail", "one@example.test");
            user_pref("mail.identity.id1.smtpServer", "smtp2");
            user_pref("mail.identity.id2.useremail", "alias@example.test");
            user_pref("mail.identity.id3.useremail", "two@example.test");
            user_pref("mail.server.server1.type", "imap");
            user_pref("mail.server.server1.hostname", "imap.example.test");
            user_pref("mail.server.server2.type", "pop3");
            user_pref("mail.server.server2.hostname", "pop.example.test");
            user_pref("mail.server.server3.type", "none");
            user_pref("mail.server.server3.hostname", "Local Folders");
            user_pref("mail.smtp.defaultserver", "smtp1");
            user_pref("mail.smtpservers", "smtp1,smtp2,smtp3");
            user_pref("mail.smtpserver.smtp1.hostname", "smtp1.example.test");
            user_pref("mail.smtpserver.smtp2.hostname", "smtp2.example.test");
            user_pref("mail.smtpserver.smtp3.hostname", "unused.example.test");
            """])
        #expect(configuration.accounts.map(\.id) == ["account1", "account2", "mail.smtpservers"])
        #expect(configuration.accounts[0].email == "one@example.test")
        #expect(configuration.accounts[0].endpoints.map(\.key) == ["server1", "smtp2", "smtp1"])
        #expect(configuration.accounts[1].endpoints.map(\.key) == ["server2", "smtp1"])
        #expect(configuration.accounts[2].endpoints.map(\.host) == ["unused.example.test"])
    }

    @Test func urlEndpoints() throws {
        let configuration = try read(["prefs.js": """
            user_pref("ldap_2.servers.Corp.uri", "ldap://ldap.example.test/dc=example??sub");
            user_pref("ldap_2.servers.Corp.description", "Corporate");
            user_pref("ldap_2.servers.Secure.uri", "ldaps://LDAP.example.test:1636/dc=x");
            user_pref("ldap_2.servers.history.uri", "jsaddrbook://history.sqlite");
            user_pref("ldap_2.servers.Card.carddav.url", "http://dav.example.test:8080/card/");
            user_pref("calendar.registry.u1.type", "caldav");
            user_pref("calendar.registry.u1.uri", "https://dav.example.test/cal/");
            user_pref("calendar.registry.u2.type", "storage");
            user_pref("calendar.registry.u2.uri", "moz-storage-calendar://");
            user_pref("mail.accountmanager.accounts", "account1");
            user_pref("mail.account.account1.server", "server1");
            user_pref("mail.server.server1.type", "ews");
            user_pref("mail.server.server1.ews_url", "http://exchange.example.test/EWS/Exchange.asmx");
            user_pref("mail.smtpservers", "ews1");
            user_pref("mail.smtpserver.ews1.type", "ews");
            user_pref("mail.outgoingserver.ews1.ews_url", "https://exchange.example.test/EWS/Exchange.asmx");
            """])
        let endpoints = configuration.accounts.flatMap(\.endpoints)
        let summary = endpoints.map { "\($0.role.rawValue) \($0.protocolName) \($0.host):\($0.port) \($0.security.rawValue)" }
        #expect(Set(summary) == [
            "incoming ews exchange.example.test:80 none",
            "outgoing ews exchange.example.test:443 tls",
            "directory carddav dav.example.test:8080 none",
            "directory ldap ldap.example.test:389 none",
            "directory ldap ldap.example.test:1636 tls",
            "calendar caldav dav.example.test:443 tls",
        ])
        #expect(configuration.accounts.contains { $0.name == "Corporate" })
    }

    @Test func misreadingsNameTheLine() throws {
        let configuration = try read(["prefs.js": """
            user_pref("mail.accountmanager.accounts", "account1");
            user_pref("mail.account.account1.server", "server1");
            user_pref("mail.server.server1.type", "imap");
            user_pref("mail.server.server1.hostname", "imap.example.test:1993");
            user_pref("mail.server.server1.port", "993");
            user_pref("broken" 1);
            """])
        let lines = configuration.misreadings.map(\.location.line).sorted()
        #expect(lines == [4, 5, 6])
        #expect(configuration.accounts.first?.endpoints.first?.host == "imap.example.test")
        #expect(configuration.misreadings.contains { $0.message.contains("crashes") })
    }

    @Test func tlsVersionSettingsAndCertificateExceptions() throws {
        let configuration = try read([
            "prefs.js": #"user_pref("security.tls.version.min", 1); user_pref("security.tls.version.enable-deprecated", true);"#,
            "cert_override.txt": """
            # PSM Certificate Override Settings file
            imap.example.test:993:\tOID.2.16.840.1.101.3.4.2.1\tAA:BB\t
            [::1]:995:\tOID.2.16.840.1.101.3.4.2.1\tCC:DD\t
            legacy.example.test:465\tOID.2.16.840.1.101.3.4.2.1\tEE:FF\tU\tAAAA
            dropped.example.test:993:\tOID.2.16.840.1.101.3.4.2.1\tEE:FF
            other-oid.example.test:993:\tOID.1.2.3\tEE:FF\t

            """,
        ])
        #expect(configuration.tlsVersionSettings.map(\.kind) == [.minimum, .deprecatedVersionsEnabled])
        #expect(configuration.tlsVersionSettings.first?.version == .tls10)
        #expect(configuration.certificateExceptions.map { "\($0.host):\($0.port)@\($0.location.line)" }
                == ["imap.example.test:993@2", "::1:995@3", "legacy.example.test:465@4"])
    }
}
