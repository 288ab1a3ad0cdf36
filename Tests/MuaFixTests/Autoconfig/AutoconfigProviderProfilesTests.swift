import Foundation
import Testing
@testable import MuaFixKit

@Suite struct AutoconfigProviderProfilesTests {
    let profiles = ProviderProfiles.bundled

    @Test func matchesByEmailDomainIgnoringCase() {
        #expect(profiles.profile(forEmail: "Armen@ASNET.AM", host: nil)?.id == "asnet.am")
        #expect(profiles.profile(forEmail: "armen@asnet.am.", host: nil)?.id == "asnet.am")
        #expect(profiles.profile(forEmail: "armen@sci.asnet.am", host: nil) == nil)
        #expect(profiles.profile(forEmail: "armen@example.org", host: nil) == nil)
        #expect(profiles.profile(forEmail: "asnet.am", host: nil) == nil)
    }

    @Test func matchesByServerHostOrSubdomain() {
        #expect(profiles.profile(forEmail: nil, host: "MAIL.asnet.am.")?.id == "asnet.am")
        #expect(profiles.profile(forEmail: nil, host: "imap.sci.asnet.am")?.id == "asnet.am")
        #expect(profiles.profile(forEmail: "someone@example.org", host: "mail.asnet.am")?.id == "asnet.am")
        for foreign in ["asnet.am", "evilasnet.am", "asnet.am.example.org", "mail.asnet.am.example.org", ""] {
            #expect(profiles.profile(forEmail: nil, host: foreign) == nil, "\(foreign)")
        }
    }

    @Test func emailDomainWinsOverHost() throws {
        let other = try readProfile(exampleProfile(), path: "example.xml")
        let both = ProviderProfiles([other] + profiles.profiles)
        #expect(both.profile(forEmail: "armen@asnet.am", host: "imap.example.org")?.id == "asnet.am")
        #expect(both.profile(forEmail: nil, host: "imap.example.org")?.id == "example.org")
    }

    @Test func confirmsImplicitTLSOnlyForListedProtocolHostAndPort() throws {
        let asnet = try #require(profiles.profile(forEmail: "armen@asnet.am", host: nil))
        #expect(asnet.confirmsImplicitTLS(protocol: .imap, host: "Mail.Asnet.Am", port: 993))
        #expect(asnet.confirmsImplicitTLS(protocol: .pop3, host: "mail.asnet.am", port: 995))
        #expect(asnet.confirmsImplicitTLS(protocol: .smtp, host: "mail.asnet.am", port: 465))
        #expect(!asnet.confirmsImplicitTLS(protocol: .imap, host: "mail.asnet.am", port: 143))
        #expect(!asnet.confirmsImplicitTLS(protocol: .smtp, host: "mail.asnet.am", port: 993))
        #expect(!asnet.confirmsImplicitTLS(protocol: .imap, host: "imap.asnet.am", port: 993))
        #expect(profiles.confirmsImplicitTLS(protocol: .smtp, host: "mail.asnet.am", port: 465))
        #expect(!profiles.confirmsImplicitTLS(protocol: .smtp, host: "mail.asnet.am", port: 587))
    }

    @Test func startTLSEntriesConfirmNothing() throws {
        let profile = try readProfile(exampleProfile(incoming: imapEntry(port: "993", socketTypes: ["STARTTLS"])))
        #expect(!profile.confirmsImplicitTLS(protocol: .imap, host: "imap.example.org", port: 993))
        #expect(profile.implicitTLSServer(for: .imap) == nil)
        #expect(profile.implicitTLSServer(for: .smtp)?.port == 465)
    }

    @Test func implicitTLSServerIsTheFirstSSLEntryOfTheProtocol() throws {
        let xml = exampleProfile(incoming: imapEntry(host: "old.example.org", port: "143", socketTypes: ["STARTTLS"])
                                     + imapEntry(host: "new.example.org") + imapEntry(host: "other.example.org"))
        let profile = try readProfile(xml)
        #expect(profile.implicitTLSServer(for: .imap)?.host == "new.example.org")
        #expect(profile.implicitTLSServer(for: .pop3) == nil)
        let asnet = try #require(profiles.profiles.first)
        #expect(asnet.implicitTLSServer(for: .pop3).map { "\($0.host):\($0.port)" } == "mail.asnet.am:995")
    }

    @Test func placeholderHostsMatchOnlyOnceAnEmailFillsThemIn() throws {
        let xml = exampleProfile(incoming: imapEntry(host: "imap.%EMAILDOMAIN%"), domains: "<domain>%EMAILDOMAIN%</domain>")
        let collection = ProviderProfiles([try readProfile(xml)])
        // A placeholder domain would otherwise claim every address.
        #expect(collection.profile(forEmail: "someone@example.com", host: nil) == nil)
        #expect(!collection.confirmsImplicitTLS(protocol: .imap, host: "imap.example.com", port: 993))
        #expect(collection.confirmsImplicitTLS(protocol: .imap, host: "imap.example.com", port: 993, email: "someone@Example.com"))
        let filled = try #require(collection.profile(forEmail: "someone@example.com", host: "imap.example.com"))
        #expect(filled.incomingServers.map(\.host) == ["imap.example.com"])
        #expect(filled.incomingServers.map(\.username) == ["someone@example.com"])
    }

    @Test func loadsFilesAndPutsThemBeforeTheBundledOnes() throws {
        let directory = try scratchDirectory("muafix-profiles")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let override = exampleProfile(incoming: imapEntry(host: "imap2.asnet.am"), domains: "<domain>asnet.am</domain>")
        try writeFiles(["override.xml": override], into: directory)
        let combined = try ProviderProfiles.bundled(adding: [directory + "/override.xml"])
        #expect(combined.profiles.map(\.file) == [directory + "/override.xml", "(bundled) asnet.am.xml"])
        #expect(combined.profile(forEmail: "armen@asnet.am", host: nil)?.file == directory + "/override.xml")

        do {
            _ = try ProviderProfiles.load(files: [directory + "/override.xml", directory + "/missing.xml"])
            Issue.record("loaded a missing file")
        } catch {
            #expect(error.file == directory + "/missing.xml")
        }
    }
}
