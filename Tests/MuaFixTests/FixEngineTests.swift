import Foundation
import Testing
@testable import MuaFixKit

/// The fix flow end to end on profiles written here: plan, edit, back up, write, verify.
@Suite struct FixEngineTests {
    /// A profile with every fixable kind of endpoint and some lines no fix may touch.
    static let profile: [String: String] = [
        "prefs.js": """
        // Mozilla User Preferences

        /* A comment the fix must keep. */
        user_pref("calendar.registry.c1.type", "ics");
        user_pref("calendar.registry.c1.uri", "http://dav.example.test:80/feed.ics");
        user_pref("ldap_2.servers.Corp.uri", "ldap://ldap.example.test/dc=example,dc=test??sub?(objectclass=*)");
        user_pref("mail.account.account1.identities", "id1");
        user_pref("mail.account.account1.server", "server1");
        user_pref("mail.account.account2.server", "server2");
        user_pref("mail.account.account3.server", "server3");
        user_pref("mail.account.account4.server", "server4");
        user_pref("mail.accountmanager.accounts", "account1,account2,account3,account4");
        user_pref("mail.identity.id1.smtpServer", "smtp1");
        user_pref("mail.identity.id1.useremail", "anna@asnet.am");
        user_pref("mail.server.server1.hostname", "mail.asnet.am");
        user_pref("mail.server.server1.port", 143);
        user_pref("mail.server.server1.socketType", 2);
        user_pref("mail.server.server1.type", "imap");
        user_pref("mail.server.server2.hostname", "pop.example.test");
        user_pref("mail.server.server2.socketType", "0");
        user_pref("mail.server.server2.type", "pop3");
        user_pref("mail.server.server3.hostname", "news.example.test");
        user_pref("mail.server.server3.socketType", 2);
        user_pref("mail.server.server3.type", "nntp");
        user_pref("mail.server.server4.hostname", "imap.example.test");
        user_pref("mail.server.server4.port", 993);
        user_pref("mail.server.server4.socketType", 3);
        user_pref("mail.server.server4.type", "imap");
        user_pref("mail.smtpserver.smtp1.hostname", "mail.asnet.am");
        user_pref("mail.smtpserver.smtp1.try_ssl", 1);
        user_pref("mail.smtpserver.smtp2.hostname", "smtp.example.test");
        user_pref("mail.smtpserver.smtp2.port", 587);
        user_pref("mail.smtpservers", "smtp1,smtp2");
        user_pref("zzz.unrelated", "keep me");

        """,
        "user.js": #"user_pref("mail.server.server1.socketType", 0); // user.js wins at every start"# + "\n",
    ]

    func makeProfile(_ files: [String: String] = profile) throws -> String {
        let directory = try scratchDirectory()
        try writeFiles(files, into: directory)
        return directory
    }

    func fix(_ directory: String, unsafe: Bool) -> (report: CheckReport, fixes: [ProfileFix], outcomes: [FixOutcome]) {
        let report = Checker().check(paths: [directory], home: "/nonexistent")
        let plan = FixPlanner().plan(report)
        let engine = FixEngine()
        let fixes = engine.prepare(plan, for: report, includeUnsafe: unsafe)
        return (report, fixes, fixes.map(engine.apply))
    }

    func endpoints(_ directory: String) throws -> [String: Endpoint] {
        let configuration = try ThunderbirdReader().read(ProfileSource(client: "thunderbird", path: directory))
        return Dictionary(configuration.accounts.flatMap(\.endpoints).map { ("\($0.role.rawValue):\($0.key)", $0) }) { a, _ in a }
    }

    @Test func safeFixesOnlyTouchWhatAProviderConfirms() throws {
        let directory = try makeProfile()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = fix(directory, unsafe: false)
        #expect(result.outcomes.map(\.status) == [.applied])
        let now = try endpoints(directory)
        #expect(now["incoming:server1"]?.security == .tls && now["incoming:server1"]?.port == 993)
        #expect(now["outgoing:smtp1"]?.security == .tls && now["outgoing:smtp1"]?.port == 465)
        #expect(now["incoming:server2"]?.security == Security.none, "no provider confirms pop.example.test: unsafe, not applied")
        let userJS = try String(contentsOfFile: directory + "/user.js", encoding: .utf8)
        #expect(userJS == #"user_pref("mail.server.server1.socketType", 3); // user.js wins at every start"# + "\n",
                "user.js overrides prefs.js, so it is fixed too, comment kept")
    }

    @Test func unsafeFixesMoveEveryEndpointToImplicitTLSAndTouchNothingElse() throws {
        let directory = try makeProfile()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let before = try endpoints(directory)
        let result = fix(directory, unsafe: true)
        #expect(result.outcomes.map(\.status) == [.applied])
        let now = try endpoints(directory)
        let expected: [String: (Int, Security)] = [
            "incoming:server1": (993, .tls), "incoming:server2": (995, .tls), "incoming:server3": (563, .tls),
            "incoming:server4": (993, .tls), "outgoing:smtp1": (465, .tls), "outgoing:smtp2": (465, .tls),
            "directory:Corp": (636, .tls), "calendar:c1": (443, .tls),
        ]
        for (key, (port, security)) in expected {
            #expect(now[key]?.port == port && now[key]?.security == security, "\(key): \(String(describing: now[key]))")
            #expect(now[key]?.host == before[key]?.host)
        }
        #expect(now["directory:Corp"]?.url == "ldaps://ldap.example.test/dc=example,dc=test??sub?(objectclass=*)")
        #expect(now["calendar:c1"]?.url == "https://dav.example.test:443/feed.ics")

        // Byte for byte: every line that is not a changed pref is exactly as it was, in order.
        let old = Self.profile["prefs.js"]!.split(separator: "\n", omittingEmptySubsequences: false)
        let new = try String(contentsOfFile: directory + "/prefs.js", encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let touched = ["socketType", "try_ssl", ".port", ".uri", "hostname"]
        let keptOld = old.filter { line in !touched.contains { line.contains($0) } }
        let keptNew = new.filter { line in !touched.contains { line.contains($0) } }
        #expect(keptOld == keptNew)
        #expect(new.contains(#"user_pref("mail.server.server2.socketType", 3);"#), "a quoted number is written as a number")
        #expect(new.contains(#"user_pref("mail.server.server2.port", 995);"#))
        #expect(new.firstIndex(of: #"user_pref("mail.server.server2.port", 995);"#)! < new.firstIndex(of: #"user_pref("mail.server.server2.socketType", 3);"#)!,
                "inserted in Thunderbird's sorted order")
    }

    @Test func aSecondRunChangesNothing() throws {
        let directory = try makeProfile()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = fix(directory, unsafe: true)
        let first = try Data(contentsOf: URL(fileURLWithPath: directory + "/prefs.js"))
        let again = fix(directory, unsafe: true)
        #expect(again.fixes.allSatisfy { $0.rewrites.isEmpty })
        #expect(again.outcomes.allSatisfy { $0.status == .nothingToDo })
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/prefs.js")) == first)
    }

    @Test func backupsAreMadeAndRestorePutsTheOriginalBack() throws {
        let directory = try makeProfile()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = fix(directory, unsafe: true)
        let backup = try #require(result.outcomes.first?.backup)
        #expect(backup.entries.count == 2)
        #expect(backup.folders.allSatisfy { $0.contains("/.mua-fix-backups/") })
        let restored = try BackupStore.restoreNewest(under: directory)
        #expect(Set(restored.map { FileSystem.name(of: $0) }) == ["prefs.js", "user.js"])
        #expect(try String(contentsOfFile: directory + "/prefs.js", encoding: .utf8) == Self.profile["prefs.js"]!)
    }

    @Test func aProfileThunderbirdHasOpenIsRefused() throws {
        let directory = try makeProfile()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let holder = try ProfileLockHolder(profile: directory)
        defer { holder.release() }
        let before = try Data(contentsOf: URL(fileURLWithPath: directory + "/prefs.js"))
        let result = fix(directory, unsafe: true)
        #expect(result.outcomes.map(\.status) == [.inUse])
        #expect(result.outcomes.first?.message?.contains("process \(holder.pid)") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/prefs.js")) == before)
        #expect(!FileManager.default.fileExists(atPath: directory + "/.mua-fix-backups"))
    }

    @Test func aFileThunderbirdCannotParseLeavesTheProfileUntouched() throws {
        var files = Self.profile
        files["prefs.js"] = files["prefs.js"]! + "/* never closed\n"
        let directory = try makeProfile(files)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = fix(directory, unsafe: true)
        let reason = try #require(result.fixes.first?.refusal?.reason)
        #expect(reason.contains("/prefs.js:") && reason.contains("unterminated /* comment"))
        #expect(result.outcomes.map(\.status) == [.failed])
        #expect(try String(contentsOfFile: directory + "/prefs.js", encoding: .utf8) == files["prefs.js"]!)
    }

    @Test func aWriteFailureLeavesEveryFileAsItWas() throws {
        let directory = try makeProfile()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // user.js is written after prefs.js; make it read-only so the second write fails.
        chmod(directory + "/user.js", 0o444)
        let result = fix(directory, unsafe: true)
        #expect(result.outcomes.map(\.status) == [.failed])
        let message = try #require(result.outcomes.first?.message)
        #expect(message.contains("user.js") && message.contains("the original files were put back"))
        #expect(try String(contentsOfFile: directory + "/prefs.js", encoding: .utf8) == Self.profile["prefs.js"]!)
        #expect(try String(contentsOfFile: directory + "/user.js", encoding: .utf8) == Self.profile["user.js"]!)
    }

    @Test func symlinkedPrefsAreWrittenThroughTheLink() throws {
        let directory = try makeProfile()
        let dotfiles = try scratchDirectory()
        defer { for d in [directory, dotfiles] { try? FileManager.default.removeItem(atPath: d) } }
        try FileManager.default.moveItem(atPath: directory + "/prefs.js", toPath: dotfiles + "/prefs.js")
        try FileManager.default.createSymbolicLink(atPath: directory + "/prefs.js", withDestinationPath: dotfiles + "/prefs.js")
        chmod(dotfiles + "/prefs.js", 0o600)
        let result = fix(directory, unsafe: true)
        #expect(result.outcomes.map(\.status) == [.applied])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory + "/prefs.js") == dotfiles + "/prefs.js")
        let attributes = try FileManager.default.attributesOfItem(atPath: dotfiles + "/prefs.js")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try String(contentsOfFile: dotfiles + "/prefs.js", encoding: .utf8).contains(#""mail.server.server2.socketType", 3"#))
    }

    @Test func crlfFilesKeepTheirLineEndings() throws {
        var files = Self.profile
        files["prefs.js"] = files["prefs.js"]!.replacingOccurrences(of: "\n", with: "\r\n")
        files["user.js"] = nil
        let directory = try makeProfile(files)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = fix(directory, unsafe: true)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/prefs.js"))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("user_pref(\"mail.server.server2.port\", 995);\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "no bare LF introduced")
    }

    /// Every fixable rule example: after an unsafe fix, checking again finds nothing the fix targets.
    @Test(arguments: RuleRegistry.all.flatMap { $0.description.triggeringExamples })
    func everyFixableExampleIsFixed(_ example: RuleExample) throws {
        let directory = try makeProfile(example.files)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = fix(directory, unsafe: true)
        let after = Checker().check(paths: [directory], home: "/nonexistent")
        let fixable = result.report.findings.filter { $0.fix != nil }
        if result.fixes.contains(where: { $0.refusal != nil }) { return }   // broken files are left for the user
        #expect(after.findings.filter { $0.fix != nil }.isEmpty,
                "still fixable after fixing \(example): \(after.findings.map(\.message)) (before: \(fixable.map(\.message)))")
    }
}

/// Every fixture profile the project has: fixing twice changes nothing the second time.
@Suite struct FixIdempotenceTests {
    static let profiles: [String] = {
        let oracle = fixture("thunderbird/oracle")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: oracle)) ?? []
        return names.sorted().map { oracle + "/" + $0 }
            + [URL(fileURLWithPath: fixturesDirectory).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("samples/thunderbird/x7k2m9qa.default-default").path]
    }()

    @Test(arguments: profiles)
    func aSecondFixChangesNothing(_ source: String) throws {
        let scratch = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let copy = scratch + "/profile"
        try FileManager.default.copyItem(atPath: source, toPath: copy)
        let engine = FixEngineTests()
        let first = engine.fix(copy, unsafe: true)
        let snapshot = try ["prefs.js", "user.js"].map { try? Data(contentsOf: URL(fileURLWithPath: copy + "/" + $0)) }
        let second = engine.fix(copy, unsafe: true)
        #expect(second.fixes.allSatisfy { $0.rewrites.isEmpty }, "\(source): the second run would rewrite \(second.fixes.flatMap(\.rewrites).map(\.path))")
        #expect(try ["prefs.js", "user.js"].map { try? Data(contentsOf: URL(fileURLWithPath: copy + "/" + $0)) } == snapshot)
        _ = first
    }
}
