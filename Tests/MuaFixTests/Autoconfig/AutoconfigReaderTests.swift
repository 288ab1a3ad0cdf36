import Foundation
import Testing
@testable import MuaFixKit

@Suite struct AutoconfigReaderTests {
    let asnetPath = repositoryRoot + "/profiles/asnet.am.xml"

    @Test func asnetProfileHasThreeImplicitTLSServersOnMailAsnetAm() throws {
        let profile = try AutoconfigReader.read(path: asnetPath)
        #expect(profile.id == "asnet.am")
        #expect(profile.domains == ["asnet.am"])
        #expect(profile.file == asnetPath)
        #expect(profile.notes.isEmpty)
        let servers = profile.servers.map { "\($0.protocolName) \($0.host):\($0.port) \($0.security)" }
        #expect(servers == ["imap mail.asnet.am:993 tls", "pop3 mail.asnet.am:995 tls", "smtp mail.asnet.am:465 tls"])
        #expect(profile.servers.allSatisfy { $0.auth == ["password-cleartext"] && $0.username == "%EMAILADDRESS%" })
        #expect(profile.incomingServers.map(\.line) == [13, 20])
    }

    @Test func readsTheISPDBLayout() throws {
        let profile = try AutoconfigReader.read(path: autoconfigFixtures + "/ispdb/charter.net.xml")
        #expect(profile.domains == ["charter.net", "spectrum.net", "bresnan.net"])
        #expect(profile.displayName == "Charter Communications")
        // The provider's own (non-standard) SSL on 587 is what the file says, so it is what we read.
        #expect(profile.outgoingServers.map(\.port) == [587])
        #expect(profile.outgoingServers.map(\.security) == [.tls])
    }

    @Test func socketTypeTakesTheFirstValueThatMaps() throws {
        let tlsThenSSL = try readProfile(exampleProfile(incoming: imapEntry(socketTypes: ["TLS", "SSL"])))
        #expect(tlsThenSSL.incomingServers.map(\.security) == [.tls])
        let startTLSThenSSL = try readProfile(exampleProfile(incoming: imapEntry(socketTypes: ["STARTTLS", "SSL"])))
        #expect(startTLSThenSSL.incomingServers.map(\.security) == [.starttls])
        let plain = try readProfile(exampleProfile(incoming: imapEntry(port: "143", socketTypes: ["plain"])))
        #expect(plain.incomingServers.map(\.security) == [Security.none])
    }

    @Test func socketTypeIsCaseSensitive() throws {
        let xml = exampleProfile(incoming: imapEntry(port: "143", socketTypes: ["STARTTLS"]) + imapEntry(socketTypes: ["ssl"]))
        let profile = try readProfile(xml)
        #expect(profile.incomingServers.map(\.security) == [.starttls])
        #expect(profile.notes.map(\.message) == ["<incomingServer> ignored: <socketType> 'ssl' is not plain, SSL or STARTTLS"])
        #expect(!profile.confirmsImplicitTLS(protocol: .imap, host: "imap.example.org", port: 993))
    }

    @Test func missingSocketTypeRejectsTheEntry() throws {
        let xml = exampleProfile(incoming: imapEntry(socketTypes: []) + imapEntry(port: "143", socketTypes: ["STARTTLS"]))
        let profile = try readProfile(xml)
        #expect(profile.incomingServers.map(\.port) == [143])
        #expect(profile.notes.map(\.message) == ["<incomingServer> ignored: no <socketType>"])
        #expect(profile.notes.map(\.line) == [5])
    }

    @Test func fileWithNoUsableIncomingServerIsRefusedAtTheLastRejectedEntry() {
        let xml = exampleProfile(incoming: imapEntry(socketTypes: ["ssl"]))
        #expect(readError(xml) == ReadError(file: "test.xml", line: 5,
                                            reason: "no usable <incomingServer>: <socketType> 'ssl' is not plain, SSL or STARTTLS"))
    }

    @Test func outgoingTypeMustBeExactlySMTP() throws {
        let profile = try readProfile(exampleProfile(outgoing: smtpEntry(type: "SMTP") + smtpEntry(port: "587", socketTypes: ["STARTTLS"])))
        #expect(profile.outgoingServers.map(\.port) == [587])
        #expect(profile.notes.map(\.message) == ["<outgoingServer> ignored: type 'SMTP' is not smtp"])
        #expect(readError(exampleProfile(outgoing: smtpEntry(type: "submission")))?.reason
                == "no usable <outgoingServer>: type 'submission' is not smtp")
    }

    @Test(arguments: ["pop3", "imap", "nntp", "exchange", "ews", "owa"])
    func acceptsThunderbirdsIncomingTypes(type: String) throws {
        let profile = try readProfile(exampleProfile(incoming: imapEntry(type: type)))
        #expect(profile.incomingServers.map(\.protocolName) == [MailProtocol(rawValue: type)])
    }

    @Test(arguments: ["IMAP", "jmap", "smtp", ""])
    func rejectsOtherIncomingTypes(type: String) {
        #expect(readError(exampleProfile(incoming: imapEntry(type: type)))?.reason.hasPrefix("no usable <incomingServer>: type") == true)
    }

    @Test(arguments: ["0", "65536", "-993", "", "x993", "0x3E1", "99999999999999999999999"])
    func rejectsPortsThunderbirdRejects(port: String) {
        let error = readError(exampleProfile(incoming: imapEntry(port: port)))
        #expect(error?.reason.hasPrefix("no usable <incomingServer>: <port>") == true)
        #expect(error?.line == 5)
    }

    /// JavaScript's number parsing, as Thunderbird applies it.
    @Test(arguments: [("993", 993), (" 993 ", 993), ("99x", 99), ("993.7", 993), ("1e3", 1000), ("+993", 993), ("65535", 65535), ("1", 1)])
    func readsPortsAsThunderbirdDoes(port: String, expected: Int) throws {
        #expect(try readProfile(exampleProfile(incoming: imapEntry(port: port))).incomingServers.map(\.port) == [expected])
    }

    @Test func hostnamesAreLowerCasedAndChecked() throws {
        let profile = try readProfile(exampleProfile(incoming: imapEntry(host: " IMAP.Example.ORG ") + imapEntry(host: "bad_host.example.org")))
        #expect(profile.incomingServers.map(\.host) == ["imap.example.org"])
        #expect(profile.notes.map(\.message) == ["<incomingServer> ignored: <hostname> 'bad_host.example.org' is not a host name"])
        #expect(try readProfile(exampleProfile(incoming: imapEntry(host: "192.0.2.7"))).incomingServers.map(\.host) == ["192.0.2.7"])
    }

    @Test func placeholdersAreAllowedInHostnamesAndDomains() throws {
        let xml = exampleProfile(incoming: imapEntry(host: "imap.%EMAILDOMAIN%"),
                                 domains: "<domain>%EMAILDOMAIN%</domain><domain>example.org</domain>")
        let profile = try readProfile(xml)
        #expect(profile.domains == ["%EMAILDOMAIN%", "example.org"])
        #expect(profile.incomingServers.map(\.host) == ["imap.%EMAILDOMAIN%"])
        // Lower-case placeholder names are not placeholders, and `%` is no host-name character.
        #expect(readError(exampleProfile(incoming: imapEntry(host: "imap.%emaildomain%"))) != nil)
    }

    @Test func authenticationKeepsKnownValuesInOrderAndNeedsOne() throws {
        let profile = try readProfile(exampleProfile(incoming: imapEntry(authentication: ["TLS-client-cert", "password-encrypted", "password-cleartext"])))
        #expect(profile.incomingServers.map(\.auth) == [["password-encrypted", "password-cleartext"]])
        #expect(readError(exampleProfile(incoming: imapEntry(authentication: ["none"])))?.reason == "no usable <incomingServer>: no usable <authentication>")
        let outgoing = try readProfile(exampleProfile(outgoing: smtpEntry(port: "25", socketTypes: ["plain"], username: nil, authentication: ["none"])))
        #expect(outgoing.outgoingServers.map(\.auth) == [["none"]])
        #expect(outgoing.notes.isEmpty)
    }

    @Test func notesAUsernameThunderbirdWouldInvent() throws {
        let profile = try readProfile(exampleProfile(incoming: imapEntry(username: nil), outgoing: smtpEntry(username: "")))
        #expect(profile.notes.map(\.message) == [
            "no <username>: Thunderbird uses the text 'undefined' as the user name",
            "empty <username>: Thunderbird uses the text 'true' as the user name",
        ])
        #expect(profile.incomingServers.count == 1 && profile.outgoingServers.count == 1)
    }

    @Test func refusesFilesWithoutProviderIdOrDomain() {
        #expect(readError("<clientConfig/>") == ReadError(file: "test.xml", line: 1, reason: "no <emailProvider> in <clientConfig>"))
        #expect(readError("<config><emailProvider id=\"x.org\"/></config>")?.reason == "the root element is <config>, not <clientConfig>")
        #expect(readError(exampleProfile().replacingOccurrences(of: " id=\"example.org\"", with: ""))
                == ReadError(file: "test.xml", line: 3, reason: "<emailProvider> needs an id attribute that is a host name"))
        #expect(readError(exampleProfile(domains: "<domain>not a domain</domain>"))?.reason == "<emailProvider> has no usable <domain>")
    }

    @Test func malformedXMLIsAReadErrorWithFileLineAndLibxml2sFirstMessage() {
        #expect(readError("<a></b>", path: "p.xml") == ReadError(file: "p.xml", line: 1, reason: "Opening and ending tag mismatch: a line 1 and b"))
        #expect(readError("", path: "p.xml") == ReadError(file: "p.xml", line: 1, reason: "the file is empty"))
        #expect(readError("not xml", path: "p.xml") == ReadError(file: "p.xml", line: 1, reason: "Start tag expected, '<' not found"))
        let truncated = "<clientConfig>\n  <emailProvider id=\"example.org\">\n    <domain>example.org</domain>\n    <incomingServer type=\"imap\">\n      <hostname>imap.exa"
        #expect(readError(truncated, path: "p.xml") == ReadError(file: "p.xml", line: 5, reason: "Premature end of data in tag hostname line 5"))
    }

    @Test func readsAFileWithByteOrderMark() throws {
        let bytes = try [0xEF, 0xBB, 0xBF] + Array(String(contentsOfFile: asnetPath, encoding: .utf8).utf8)
        let profile = try AutoconfigReader.read(bytes: bytes, path: asnetPath)
        #expect(profile == (try AutoconfigReader.read(path: asnetPath)))
    }

    @Test func missingFileIsAReadError() {
        do {
            _ = try AutoconfigReader.read(path: "/nonexistent/mua-fix/x.xml")
            Issue.record("read a file that does not exist")
        } catch {
            #expect(error.file == "/nonexistent/mua-fix/x.xml")
            #expect(error.reason.hasPrefix("cannot open"))
        }
    }

    @Test func everyFixtureReadsOrFailsCleanly() throws {
        let directory = autoconfigFixtures + "/ispdb"
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".xml") }.sorted()
        #expect(files.count >= 9)
        var parsed: [String] = []
        for name in files {
            let path = directory + "/" + name
            do {
                let profile = try AutoconfigReader.read(path: path)
                #expect(profile.file == path)
                #expect(!profile.incomingServers.isEmpty && !profile.outgoingServers.isEmpty)
                #expect(profile.servers.allSatisfy { (1...65535).contains($0.port) && $0.line > 0 })
                parsed.append(name)
            } catch {
                #expect(error.file == path)
                #expect(error.line != nil)
            }
        }
        // All of these are accepted by Thunderbird, so all must be accepted here.
        #expect(parsed == files)
    }

    @Test func realDefectsInTheCorpusAreReadAsThunderbirdReadsThem() throws {
        let cty = try AutoconfigReader.read(path: autoconfigFixtures + "/ispdb/cty-net.ne.jp.xml")
        #expect(cty.domains.filter { $0 == "cty-net.ne.jp" }.count == 2)
        let tiki = try AutoconfigReader.read(path: autoconfigFixtures + "/ispdb/mx1.tiki.ne.jp.xml")
        #expect(tiki.incomingServers.map(\.host) == ["%EMAILDOMAIN%"])
        let kokuyou = try AutoconfigReader.read(path: autoconfigFixtures + "/ispdb/kokuyou.ne.jp.xml")
        #expect(kokuyou.servers.map(\.security) == [Security.none, .none])
        #expect(kokuyou.outgoingServers.map(\.username) == [nil])
    }
}
