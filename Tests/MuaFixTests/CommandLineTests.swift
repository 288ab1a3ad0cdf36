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
