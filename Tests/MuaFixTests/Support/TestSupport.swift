import Foundation
import Testing

/// The folder holding this test target's fixtures, found from this source file so tests run from any directory.
let fixturesDirectory: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures").path

func fixture(_ relativePath: String) -> String { fixturesDirectory + "/" + relativePath }

/// A new empty folder, removed by the caller.
func scratchDirectory(_ label: String = "muafix") throws -> String {
    let temporary = NSTemporaryDirectory().hasSuffix("/") ? String(NSTemporaryDirectory().dropLast()) : NSTemporaryDirectory()
    var template = Array("\(temporary)/\(label)-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
    return String(cString: made)
}

/// Writes `files` (relative path → text) under `directory`, creating folders.
func writeFiles(_ files: [String: String], into directory: String) throws {
    for (path, text) in files {
        let full = directory + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
    }
}

/// Whether tests that run a real client must run: MUAFIX_REQUIRE_ORACLES=1 turns a missing client into a failure.
let oraclesRequired = ProcessInfo.processInfo.environment["MUAFIX_REQUIRE_ORACLES"] == "1"

/// Returns true when the oracle `name` can run; otherwise says so loudly and records a failure
/// if oracles are required.
func oracleAvailable(_ name: String, executable: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
    if FileManager.default.isExecutableFile(atPath: executable) { return true }
    let message = "ORACLE MISSING: \(name) (\(executable)) is not installed; the comparison with the real client did not run"
    FileHandle.standardError.write(Data("\n*** \(message) ***\n".utf8))
    if oraclesRequired { Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation) }
    return false
}

/// Another process holding `.parentlock` in `profile` the way a running Thunderbird does: an fcntl
/// write lock over the whole file. Returns once the lock is held; `release()` kills the holder.
final class ProfileLockHolder {
    let process = Process()

    init(profile: String) throws {
        _ = FileManager.default.createFile(atPath: profile + "/.parentlock", contents: Data())
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", "import fcntl,sys,time; f=open(sys.argv[1],'r+'); fcntl.lockf(f, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(60)",
                             profile + "/.parentlock"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        _ = output.fileHandleForReading.availableData   // returns when the holder prints "locked"
    }

    var pid: Int32 { process.processIdentifier }

    /// SIGKILL: the test runner's children may not see SIGTERM.
    func release() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// A small deterministic generator (SplitMix64), so failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
