import Foundation
import Testing
@testable import MuaFixKit

@Suite struct AutoconfigBundledProfilesTests {
    @Test func bundledTextIsByteIdenticalToProfilesFolder() throws {
        let regenerate = "BundledProfiles.swift is out of date with profiles/asnet.am.xml: run scripts/bundle-profiles"
        let bundled = try #require(BundledProfiles.files.first { $0.name == "asnet.am.xml" })
        let onDisk = try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/profiles/asnet.am.xml"))
        let identical = Array(bundled.text.utf8) == Array(onDisk)
        #expect(identical, Comment(rawValue: regenerate))
    }

    @Test func everyFileInProfilesIsBundled() throws {
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot + "/profiles")
            .filter { $0.hasSuffix(".xml") }.sorted()
        #expect(BundledProfiles.files.map(\.name).sorted() == onDisk)
    }

    @Test func bundledProfilesParseLikeTheFile() throws {
        var fromDisk = try AutoconfigReader.read(path: repositoryRoot + "/profiles/asnet.am.xml")
        fromDisk.file = "(bundled) asnet.am.xml"
        #expect(ProviderProfiles.bundled.profiles == [fromDisk])
    }

    @Test func asnetProfileListsOnlyImplicitTLSAndSaysItNeedsConfirmation() throws {
        let text = try #require(BundledProfiles.files.first?.text)
        #expect(!text.contains("STARTTLS") && !text.contains(">plain<"))
        #expect(text.contains("helpdesk must confirm"))
    }
}
