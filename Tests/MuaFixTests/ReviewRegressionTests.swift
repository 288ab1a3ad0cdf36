import Foundation
import Testing
@testable import MuaFixKit

/// Cases a review found, each once a way to break a profile or mislead a user.
@Suite struct ReviewRegressionTests {
    let engine = FixEngineTests()

    @Test func anAddressAtTheProviderDoesNotMoveAnotherProvidersServer() throws {
        let directory = try engine.makeProfile(["prefs.js": """
            user_pref("mail.accountmanager.accounts", "account1");
            user_pref("mail.account.account1.server", "server1");
            user_pref("mail.account.account1.identities", "id1");
            user_pref("mail.identity.id1.useremail", "anna@asnet.am");
            user_pref("mail.server.server1.type", "imap");
            user_pref("mail.server.server1.hostname", "imap.gmail.example");
            user_pref("mail.server.server1.socketType", 2);
            """])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let report = Checker().check(paths: [directory], home: "/nonexistent")
        let change = try #require(FixPlanner().plan(report).changes.first)
        #expect(change.target.host == "imap.gmail.example")
        #expect(change.applicability == .unsafe)
    }

    @Test func theProvidersOwnHostMayMoveToItsListedServer() throws {
        let directory = try engine.makeProfile(["prefs.js": """
            user_pref("mail.smtpservers", "smtp1");
            user_pref("mail.smtpserver.smtp1.hostname", "smtp.asnet.am");
            user_pref("mail.smtpserver.smtp1.try_ssl", 2);
            """])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let report = Checker().check(paths: [directory], home: "/nonexistent")
        let change = try #require(FixPlanner().plan(report).changes.first)
        #expect(change.target.host == "mail.asnet.am" && change.target.port == 465 && change.applicability == .safe)
    }

    @Test func anOutgoingServerSharedByTwoAccountsIsFixedOnce() throws {
        let directory = try engine.makeProfile(["prefs.js": """
            user_pref("mail.accountmanager.accounts", "account1,account2");
            user_pref("mail.account.account1.server", "server1");
            user_pref("mail.account.account1.identities", "id1");
            user_pref("mail.account.account2.server", "server2");
            user_pref("mail.account.account2.identities", "id2");
            user_pref("mail.identity.id1.useremail", "a@example.test");
            user_pref("mail.identity.id2.useremail", "b@example.test");
            user_pref("mail.server.server1.type", "imap");
            user_pref("mail.server.server1.hostname", "imap.example.test");
            user_pref("mail.server.server1.socketType", 3);
            user_pref("mail.server.server2.type", "imap");
            user_pref("mail.server.server2.hostname", "imap2.example.test");
            user_pref("mail.server.server2.socketType", 3);
            user_pref("mail.smtp.defaultserver", "smtp1");
            user_pref("mail.smtpservers", "smtp1");
            user_pref("mail.smtpserver.smtp1.hostname", "smtp.example.test");
            user_pref("mail.smtpserver.smtp1.port", 587);
            """])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = engine.fix(directory, unsafe: true)
        #expect(result.fixes.first?.refusal == nil)
        #expect(result.outcomes.map(\.status) == [.applied])
        #expect(try engine.endpoints(directory)["outgoing:smtp1"]?.port == 465)
    }

    /// New lines must land between statements, never in a byte order mark, a comment or a string.
    @Test(arguments: [
        "\u{FEFF}user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.example.test\");\nuser_pref(\"mail.smtpservers\", \"smtp1\");\n",
        "user_pref(\"a\", 1);/* c\n */user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.example.test\");\nuser_pref(\"mail.smtpservers\", \"smtp1\");\n",
        "user_pref(\"a.name\", \"line one\nline two\"); user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.example.test\");\nuser_pref(\"mail.smtpservers\", \"smtp1\");",
        "user_pref(\"mail.smtpservers\", \"smtp1\"); // no newline at the end\nuser_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.example.test\"); // last",
    ])
    func insertedLinesKeepEveryOtherStatement(_ prefs: String) throws {
        let directory = try engine.makeProfile(["prefs.js": prefs])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let before = PrefsParser.parse(Array(prefs.utf8), path: "p").statements.map { "\($0.name)=\($0.value)" }
        let result = engine.fix(directory, unsafe: true)
        #expect(result.outcomes.map(\.status) == [.applied], "\(result.outcomes.map(\.message))")
        let after = PrefsParser.parse(try FileSystem.readBytes(directory + "/prefs.js"), path: "p")
        #expect(after.diagnostics.isEmpty)
        let names = after.statements.map { "\($0.name)=\($0.value)" }
        #expect(Set(before).isSubset(of: Set(names)))
        #expect(names.contains("mail.smtpserver.smtp1.try_ssl=3") && names.contains("mail.smtpserver.smtp1.port=465"))
    }

    @Test func aFIFOIsRefusedWithoutWaiting() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(mkfifo(directory + "/prefs.js", 0o600) == 0)
        let report = Checker().check(paths: [directory], home: "/nonexistent")
        #expect(report.errors.first?.reason.contains("not a regular file") == true)
    }

    @Test func crlfProfilesIniAndABrokenSectionDoNotHideProfiles() throws {
        let root = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try writeFiles([
            "profiles.ini": "[ProfileGroups]\r\nPath=x\r\n\r\n[Profile0]\r\nName=broken\r\n\r\n[Profile1]\r\nPath=good\r\nIsRelative=1\r\n",
            "good/prefs.js": Examples.imap("")["prefs.js"]!,
        ], into: root)
        let discovery = ThunderbirdReader().discover(at: root)
        #expect(discovery.profiles.map(\.path) == [root + "/good"])
        #expect(discovery.errors.map(\.line) == [4])
    }

    @Test func aSinglePrefsJSReadsItsProfilesCompatibilityAndExceptions() throws {
        let directory = try engine.makeProfile([
            "prefs.js": Examples.imap(#"user_pref("mail.server.server1.socketType", 1);"#)["prefs.js"]!,
            "compatibility.ini": "[Compatibility]\nLastVersion=115.0_1/1\n",
            "cert_override.txt": "imap.example.test:993:^userContextId=2\tOID.2.16.840.1.101.3.4.2.1\tAA\t\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = try ThunderbirdReader().read(ProfileSource(client: "thunderbird", path: directory + "/prefs.js"))
        #expect(configuration.accounts.first?.endpoints.first?.security == .starttlsOptional)
        #expect(configuration.certificateExceptions.map(\.port) == [993], "origin attributes after the port are allowed")
    }

    @Test func terminalControlCharactersFromFilesAreEscaped() {
        #expect(TerminalText.clean("Anna\u{1B}[31m\nX") == "Anna\\u{1b}[31m\\u{a}X")
        #expect(TerminalText.clean("plain ünïcode") == "plain ünïcode")
    }

    @Test func theUndoCommandNamesFilesBackedUpOutsideTheProfile() throws {
        let directory = try engine.makeProfile(["prefs.js": #"user_pref("mail.smtpservers", "smtp1"); user_pref("mail.smtpserver.smtp1.hostname", "s.example.test");"#])
        let dotfiles = try scratchDirectory()
        defer { for d in [directory, dotfiles] { try? FileManager.default.removeItem(atPath: d) } }
        try FileManager.default.moveItem(atPath: directory + "/prefs.js", toPath: dotfiles + "/prefs.js")
        try FileManager.default.createSymbolicLink(atPath: directory + "/prefs.js", withDestinationPath: dotfiles + "/prefs.js")
        let result = engine.fix(directory, unsafe: true)
        let text = FixTextReport(fixes: result.fixes, outcomes: result.outcomes, manual: [],
                                 colors: TerminalColors(enabled: false)).rendered()
        #expect(text.contains("undo with `mua-fix restore \(dotfiles)/prefs.js`"))
        #expect(try BackupStore.restoreNewest(under: dotfiles + "/prefs.js").count == 1)
    }
}

@Suite struct BackupManifestTests {
    @Test func pathsWithTabsNewlinesAndBackslashesRoundTrip() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let name = directory + "/we\tird\\\nprefs.js"
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: name))
        _ = try BackupStore.backUp(files: [name])
        try Data("new\n".utf8).write(to: URL(fileURLWithPath: name))
        #expect(try BackupStore.restoreNewest(under: name) == [name])
        #expect(try String(contentsOfFile: name, encoding: .utf8) == "old\n")
    }
}

@Suite struct NothingSilentlyMissingTests {
    @Test func unusableAccountsAndServersAreNamed() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try writeFiles(["prefs.js": """
            user_pref("mail.accountmanager.accounts", "account1,account2");
            user_pref("mail.account.account2.server", "server2");
            user_pref("mail.server.server2.type", "imap");
            user_pref("mail.smtpservers", "smtp1");
            """], into: directory)
        let configuration = try ThunderbirdReader().read(ProfileSource(client: "thunderbird", path: directory))
        let messages = configuration.misreadings.map(\.message)
        #expect(messages.contains { $0.contains("account1") && $0.contains("no mail.account.account1.server") })
        #expect(messages.contains { $0.contains("server2") && $0.contains("no mail.server.server2.hostname") })
        #expect(messages.contains { $0.contains("smtp1") && $0.contains("hostname") })
        #expect(configuration.misreadings.map(\.location.line).sorted() == [1, 2, 4])
    }
}

@Suite struct EscapingTests {
    @Test func jsonStringsRoundTripThroughAJSONParser() throws {
        let nasty = "quote\" backslash\\ newline\n tab\t bell\u{7} ünï 😀"
        let text = MuaFixKit.JSONValue.object(["key": .string(nasty)]).rendered()
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String])
        #expect(parsed["key"] == nasty)
    }

    @Test func prefsStringsRoundTripThroughThePrefsParser() {
        let nasty = "quote\" backslash\\ newline\n cr\r tab\t ünï"
        let line = "user_pref(\"x\", \(ThunderbirdWriter.literal(.string(nasty))));"
        #expect(PrefsParser.parse(Array(line.utf8), path: "p").statements.first?.value == .string(nasty))
    }
}

@Suite struct UndeterminedLockTests {
    @Test func aParentlockThatCannotBeExaminedStopsTheFix() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try writeFiles(["prefs.js": #"user_pref("mail.smtpservers", "smtp1"); user_pref("mail.smtpserver.smtp1.hostname", "s.example.test");"#], into: directory)
        try FileManager.default.createSymbolicLink(atPath: directory + "/.parentlock", withDestinationPath: directory + "/.parentlock")
        guard case .undetermined = ProfileLock.state(ofProfile: directory) else {
            Issue.record("a .parentlock that loops must not count as unlocked")
            return
        }
        let result = FixEngineTests().fix(directory, unsafe: true)
        #expect(result.outcomes.map(\.status) == [.inUse])
        #expect(result.outcomes.first?.message?.contains("cannot tell whether Thunderbird has this profile open") == true)
    }
}

@Suite struct SecondReviewTests {
    @Test func anUnusableServiceURLIsNamedNotDropped() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try writeFiles(["prefs.js": """
            user_pref("ldap_2.servers.Bad.uri", "ldap://ldap.example.test:99999/dc=x");
            user_pref("ldap_2.servers.Plus.uri", "ldap://ldap.example.test:+389/dc=x");
            user_pref("ldap_2.servers.Six.uri", "ldaps://[::1]:1636/dc=x");
            """], into: directory)
        let configuration = try ThunderbirdReader().read(ProfileSource(client: "thunderbird", path: directory))
        #expect(configuration.misreadings.map(\.location.line).sorted() == [1, 2])
        #expect(configuration.accounts.flatMap(\.endpoints).map { "\($0.host):\($0.port)" } == ["::1:1636"])
    }

    @Test func aReportThatCannotBeWrittenIsNotAClean() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try writeFiles(["prefs.js": #"user_pref("mail.smtpservers", "smtp1"); user_pref("mail.smtpserver.smtp1.hostname", "s.example.test"); user_pref("mail.smtpserver.smtp1.try_ssl", 3);"#], into: directory)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        process.arguments = ["check", directory, "--format", "json"]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("No space left on device"))
    }

    @Test func aNULByteLeavesTheProfileUntouched() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let prefs = Array(#"user_pref("mail.smtpservers", "smtp1"); user_pref("mail.smtpserver.smtp1.hostname", "s.example.test");"#.utf8) + [0] + Array("junk".utf8)
        try Data(prefs).write(to: URL(fileURLWithPath: directory + "/prefs.js"))
        let result = FixEngineTests().fix(directory, unsafe: true)
        #expect(result.fixes.first?.refusal?.reason.contains("a NUL byte ends the file") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/prefs.js")) == Data(prefs))
    }
}
