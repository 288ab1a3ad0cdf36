import Foundation
import Testing
@testable import MuaFixKit

@Suite struct ThunderbirdDiscoveryTests {
    let prefs = Examples.imap(#"user_pref("mail.server.server1.socketType", 3);"#)["prefs.js"]!

    @Test func rootWithRelativeAndAbsoluteProfilesAndInstallDefault() throws {
        let root = try scratchDirectory()
        let elsewhere = try scratchDirectory()
        defer { for d in [root, elsewhere] { try? FileManager.default.removeItem(atPath: d) } }
        try writeFiles([
            "profiles.ini": """
            [Profile1]
            Name=default
            IsRelative=1
            Path=old.default
            Default=1

            [InstallFDC34C9F024745EB]
            Default=new.default-default
            Locked=1

            [Profile0]
            Name=default-default
            IsRelative=1
            Path=new.default-default

            [Profile2]
            Name=work
            IsRelative=0
            Path=\(elsewhere)
            """,
            "old.default/prefs.js": prefs,
            "new.default-default/prefs.js": prefs,
        ], into: root)
        try writeFiles(["prefs.js": prefs], into: elsewhere)
        let profiles = ThunderbirdReader().discover(at: root).profiles
        #expect(profiles.map(\.name) == ["default", "default-default", "work"])
        #expect(profiles.map(\.isDefault) == [false, true, false])
        #expect(profiles[2].path == elsewhere)
    }

    @Test func profileFolderAndSingleFile() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try writeFiles(["prefs.js": prefs], into: directory)
        #expect(ThunderbirdReader().discover(at: directory).profiles.map(\.path) == [directory])
        #expect(ThunderbirdReader().discover(at: directory + "/prefs.js").profiles.map(\.path) == [directory + "/prefs.js"])
        #expect(ThunderbirdReader().discover(at: directory + "/missing").profiles.isEmpty)
    }

    @Test func aMissingProfileFolderIsAnErrorButOthersAreStillChecked() throws {
        let root = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try writeFiles([
            "profiles.ini": "[Profile0]\nPath=gone\nIsRelative=1\n\n[Profile1]\nPath=here\nIsRelative=1\nDefault=1\n",
            "here/prefs.js": Examples.imap("")["prefs.js"]!,
        ], into: root)
        let report = Checker().check(paths: [root], home: "/nonexistent")
        #expect(report.configurations.count == 1)
        #expect(report.errors.count == 1)
        #expect(report.errors.first?.file.hasSuffix("gone") == true)
        #expect(report.findings.contains { $0.rule == "plaintext-connection" })
    }

    @Test func defaultRootsAreSearchedWhenNoPathIsGiven() throws {
        let home = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        try writeFiles([
            ".thunderbird/profiles.ini": "[Profile0]\nPath=a.default\nIsRelative=1\nDefault=1\n",
            ".thunderbird/a.default/prefs.js": prefs,
            "snap/thunderbird/common/.thunderbird/profiles.ini": "[Profile0]\nPath=b.default\nIsRelative=1\n",
            "snap/thunderbird/common/.thunderbird/b.default/prefs.js": prefs,
        ], into: home)
        let report = Checker().check(paths: [], home: home)
        #expect(report.configurations.count == 2)
        #expect(report.errors.isEmpty)
        let empty = Checker().check(paths: [], home: home + "/nothing-here")
        #expect(empty.errors.first?.reason.contains("no mail client configuration found") == true)
    }

    @Test(arguments: ["profiles.ini", "installs.ini", "compatibility.ini", "cert_override.txt", "prefs.js", "user.js"])
    func arbitraryBytesInAnyProfileFileNeverCrash(file: String) throws {
        var generator = SeededGenerator(seed: UInt64(file.utf8.count))
        for _ in 0..<20 {
            let root = try scratchDirectory()
            defer { try? FileManager.default.removeItem(atPath: root) }
            try writeFiles(["profiles.ini": "[Profile0]\nPath=p\nIsRelative=1\n", "p/prefs.js": prefs], into: root)
            let target = file.hasSuffix(".ini") && file != "compatibility.ini" ? root + "/" + file : root + "/p/" + file
            let noise = (0..<Int.random(in: 0...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            try Data(noise + Array("\n[Profile0]\nPath=\n=\n[\n".utf8)).write(to: URL(fileURLWithPath: target))
            let report = Checker().check(paths: [root], home: "/nonexistent")
            #expect(report.configurations.count + report.errors.count >= 1)
            for error in report.errors { #expect(!error.reason.isEmpty && !error.file.isEmpty) }
        }
    }
}
