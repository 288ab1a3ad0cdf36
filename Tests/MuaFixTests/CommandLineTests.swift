import Foundation
import Testing

/// Runs the real `mua-fix` binary, as users and scripts do.
@Suite struct CommandLineTests {
    static let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("mua-fix").path
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("samples/thunderbird").path

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func sampleProfileHasFindingsAndExitsOne() throws {
        let result = try run([Self.sample])
        #expect(result.status == 1)
        #expect(result.stdout.contains("anna@asnet.am"))
        #expect(result.stdout.contains("IMAP mail.asnet.am:143"))
        #expect(result.stdout.contains("fix: use SSL/TLS: mail.asnet.am:993"))
        #expect(result.stdout.contains("\u{1B}[") == false, "no colour when stdout is not a terminal")
        #expect(result.stdout.hasSuffix("2 errors, 6 warnings in 5 accounts (2 files read)\n"))
    }

    @Test func jsonContract() throws {
        let result = try run(["check", Self.sample, "--format", "json"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        let accounts = try #require(object["accounts"] as? [[String: Any]])
        let first = try #require(accounts.first)
        for key in ["client", "profile", "id", "name", "email", "endpoints"] { #expect(first[key] != nil, "account lacks \(key)") }
        let endpoint = try #require((first["endpoints"] as? [[String: Any]])?.first)
        for key in ["role", "protocol", "host", "port", "security", "auth", "file", "line"] { #expect(endpoint[key] != nil, "endpoint lacks \(key)") }
        #expect(endpoint["port"] as? Int == 143 && endpoint["security"] as? String == "starttls")
        let findings = try #require(object["findings"] as? [[String: Any]])
        let plaintext = try #require(findings.first { $0["rule"] as? String == "plaintext-connection" })
        for key in ["rule", "severity", "client", "file", "line", "account", "protocol", "host", "port", "security", "message", "fix"] {
            #expect(plaintext[key] != nil, "finding lacks \(key)")
        }
        let fix = try #require(plaintext["fix"] as? [String: Any])
        #expect(fix["security"] as? String == "tls")
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary == ["errors": 2, "warnings": 6, "notes": 0, "accounts": 5, "files": 2])
    }

    @Test func cleanProfileExitsZero() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try writeFiles(["prefs.js": #"user_pref("mail.smtpservers", "smtp1"); user_pref("mail.smtpserver.smtp1.hostname", "s.example.test"); user_pref("mail.smtpserver.smtp1.try_ssl", 3);"#], into: directory)
        let result = try run([directory])
        #expect(result.status == 0)
        #expect(result.stdout.contains("0 errors, 0 warnings in 1 account"))
    }

    @Test func readErrorsNameTheFileAndExitTwo() throws {
        let result = try run(["/nonexistent/profile", Self.sample])
        #expect(result.status == 2)
        #expect(result.stdout.contains("/nonexistent/profile: no such file or folder"))
        #expect(result.stdout.contains("anna@asnet.am"), "the other profile is still checked")
    }

    @Test(arguments: [["--bogus"], ["check", "--format", "xml"], ["rules", "--yes"], ["explain"], ["explain", "no-such-rule"], ["--formt", "json"]])
    func usageErrorsExitTwo(_ arguments: [String]) throws {
        let result = try run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("mua-fix: "))
    }

    @Test func rulesExplainHelpVersion() throws {
        let rules = try run(["rules"])
        #expect(rules.status == 0 && rules.stdout.contains("plaintext-connection") && rules.stdout.contains("misread-setting"))
        let explain = try run(["explain", "opportunistic-starttls"])
        #expect(explain.status == 0 && explain.stdout.contains("RFC 8314") && explain.stdout.contains("socketType\", 1"))
        let help = try run(["--help"])
        #expect(help.status == 0 && help.stdout.contains("--unsafe-fixes"))
        let version = try run(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("mua-fix "))
        let suggestion = try run(["--formt", "json"])
        #expect(suggestion.stderr.contains("did you mean --format?"))
    }
}

/// `mua-fix fix` and `mua-fix restore` on a copy of the sample profile.
@Suite struct FixCommandLineTests {
    let cli = CommandLineTests()

    func sampleCopy() throws -> (root: String, profile: String) {
        let root = try scratchDirectory()
        try FileManager.default.removeItem(atPath: root)
        try FileManager.default.copyItem(atPath: CommandLineTests.sample, toPath: root)
        return (root, root + "/x7k2m9qa.default-default")
    }

    func contents(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func dryRunPrintsAnApplicableDiffAndWritesNothing() throws {
        let (root, profile) = try sampleCopy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let before = try contents(profile + "/prefs.js")
        let result = try cli.run(["fix", root, "--dry-run"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("\n-user_pref(\"mail.server.server1.socketType\", 2);\n"))
        #expect(result.stdout.contains("\n+user_pref(\"mail.server.server1.socketType\", 3);\n"))
        #expect(!result.stdout.contains("pop.iiap.sci.am\", 995"), "unsafe changes are not in the diff without --unsafe-fixes")
        #expect(try contents(profile + "/prefs.js") == before)
        #expect(!FileManager.default.fileExists(atPath: profile + "/.mua-fix-backups"))

        // The diff applies with patch and gives exactly what fix --yes writes.
        let diff = String(result.stdout[..<result.stdout.range(of: "Profile ")!.lowerBound])
        let patched = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: patched) }
        try before.write(to: URL(fileURLWithPath: patched + "/prefs.js"))
        let patch = Process()
        patch.executableURL = URL(fileURLWithPath: "/usr/bin/patch")
        patch.arguments = ["-s", patched + "/prefs.js"]
        let input = Pipe()
        patch.standardInput = input
        try patch.run()
        input.fileHandleForWriting.write(Data(diff.utf8))
        try input.fileHandleForWriting.close()
        patch.waitUntilExit()
        #expect(patch.terminationStatus == 0)
        _ = try cli.run(["fix", root, "--yes"])
        #expect(try contents(patched + "/prefs.js") == contents(profile + "/prefs.js"))
    }

    @Test func fixAppliesSafeChangesAndReportsTheRest() throws {
        let (root, _) = try sampleCopy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fixed = try cli.run(["fix", root, "--yes"])
        #expect(fixed.status == 1, "unsafe and manual findings remain")
        #expect(fixed.stdout.contains("safe: provider profile asnet.am lists SSL/TLS on mail.asnet.am:993; applied"))
        #expect(fixed.stdout.contains("not applied: unsafe, apply with --unsafe-fixes"))
        #expect(fixed.stdout.contains("[certificate-exception]"))
        #expect(fixed.stdout.contains("2 changes applied, 4 not applied, 2 to fix by hand"))

        let all = try cli.run(["fix", root, "--yes", "--unsafe-fixes", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [String: Any])
        let changes = try #require(object["changes"] as? [[String: Any]])
        #expect(!changes.isEmpty && changes.allSatisfy { $0["applied"] as? Bool == true })
        for key in ["file", "line", "before", "after", "applicability", "applied"] {
            #expect(changes.contains { $0[key] != nil }, "changes lack \(key)")
        }
        let again = try cli.run(["fix", root, "--yes", "--unsafe-fixes"])
        #expect(again.stdout.contains("0 changes applied"))

    }

    @Test func restoreBringsBackTheOriginalBytes() throws {
        let (root, profile) = try sampleCopy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let before = try contents(profile + "/prefs.js")
        _ = try cli.run(["fix", root, "--yes", "--unsafe-fixes"])
        #expect(try contents(profile + "/prefs.js") != before)
        let restored = try cli.run(["restore", profile])
        #expect(restored.status == 0 && restored.stdout.contains("restored \(profile)/prefs.js"))
        #expect(try contents(profile + "/prefs.js") == before)
        let nothing = try cli.run(["restore", root + "/nowhere"])
        #expect(nothing.status == 2 && nothing.stderr.contains("no mua-fix backup"))
    }

    @Test func exitStatusesOfFix() throws {
        let (root, _) = try sampleCopy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let noTerminal = try cli.run(["fix", root])
        #expect(noTerminal.status == 2 && noTerminal.stderr.contains("add --yes"))
        let dryRun = try cli.run(["fix", root, "--dry-run", "--format", "json"])
        #expect(dryRun.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(dryRun.stdout.utf8)) as? [String: Any])
        #expect((object["fixes"] as? [[String: Any]])?.first?["status"] as? String == "planned")
        let badProfile = try cli.run(["check", root, "--profile", "/nonexistent/provider.xml"])
        #expect(badProfile.status == 2 && badProfile.stderr.contains("/nonexistent/provider.xml"))
    }

    @Test func aProfileInUseExitsThree() throws {
        let (root, profile) = try sampleCopy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let holder = try ProfileLockHolder(profile: profile)
        defer { holder.release() }
        let before = try contents(profile + "/prefs.js")
        let result = try cli.run(["fix", root, "--yes"])
        #expect(result.status == 3)
        #expect(result.stdout.contains("Thunderbird has this profile open"))
        #expect(try contents(profile + "/prefs.js") == before)
        let restore = try cli.run(["restore", profile])
        #expect(restore.status == 3)
    }
}
