import Foundation
import Glibc
import Testing
@testable import MuaFixKit

extension FixIO {
    @Suite struct SafeFileWriterTests {
        func replace(_ path: String, with text: String) throws(FileWriteError) {
            try SafeFileWriter.replaceContents(ofFile: path, with: Array(text.utf8))
        }

        @Test(arguments: [0o600, 0o640, 0o644] as [mode_t])
        func replacesContentKeepsModeAndLeavesNoTemp(mode: mode_t) throws {
            let dir = try Files.scratch(); defer { try? FileManager.default.removeItem(atPath: dir) }
            let umaskBefore = umask(0o077); defer { umask(umaskBefore) }
            try Files.put(dir + "/prefs.js", "old\n", mode: mode)
            var steps: [WriteStep] = []
            try SafeFileWriter.replaceContents(ofFile: dir + "/prefs.js", with: Array("new\n".utf8)) { steps.append($0) }
            #expect(Files.read(dir + "/prefs.js") == "new\n")
            #expect(Files.mode(dir + "/prefs.js") == mode)
            #expect(Files.names(in: dir) == ["prefs.js"])
            #expect(steps == WriteStep.allCases)
        }

        @Test(arguments: ["absolute", "relative"])
        func writesThroughASymlinkAndKeepsIt(kind: String) throws {
            let dir = try Files.scratch(); defer { try? FileManager.default.removeItem(atPath: dir) }
            try FileManager.default.createDirectory(atPath: dir + "/dotfiles", withIntermediateDirectories: true)
            try Files.put(dir + "/dotfiles/muttrc", "set ssl_force_tls = no\n", mode: 0o600)
            let destination = kind == "absolute" ? dir + "/dotfiles/muttrc" : "dotfiles/muttrc"
            #expect(symlink(destination, dir + "/.muttrc") == 0)
            try replace(dir + "/.muttrc", with: "set ssl_force_tls = yes\n")
            #expect(Files.status(dir + "/.muttrc").map { $0.st_mode & S_IFMT } == S_IFLNK)
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/.muttrc") == destination)
            #expect(Files.read(dir + "/dotfiles/muttrc") == "set ssl_force_tls = yes\n")
            #expect(Files.mode(dir + "/dotfiles/muttrc") == 0o600)
            #expect(Files.names(in: dir) == [".muttrc", "dotfiles"])
            #expect(Files.names(in: dir + "/dotfiles") == ["muttrc"])
        }

        @Test func danglingSymlinkIsReported() throws {
            let dir = try Files.scratch(); defer { try? FileManager.default.removeItem(atPath: dir) }
            #expect(symlink(dir + "/missing", dir + "/prefs.js") == 0)
            let error = #expect(throws: FileWriteError.self) { try replace(dir + "/prefs.js", with: "x") }
            #expect(error?.description == "\(dir)/prefs.js: realpath failed: No such file or directory (errno 2)")
            #expect(Files.names(in: dir) == ["prefs.js"])
        }

        @Test(.enabled(if: geteuid() == 0, "SKIPPED: needs root to chown a file to another user"))
        func keepsTheOwner() throws {
            let dir = try Files.scratch(); defer { try? FileManager.default.removeItem(atPath: dir) }
            try Files.put(dir + "/prefs.js", "old\n", mode: 0o640)
            #expect(chown(dir + "/prefs.js", 65534, 65534) == 0)
            try replace(dir + "/prefs.js", with: "new\n")
            let info = try #require(Files.status(dir + "/prefs.js"))
            #expect((info.st_uid, info.st_gid) == (65534, 65534))
            #expect(info.st_mode & 0o7777 == 0o640)
            #expect(Files.read(dir + "/prefs.js") == "new\n")
        }

        @Test func refusesReadOnlyFilesEvenAsRoot() throws {
            let dir = try Files.scratch(); defer { try? FileManager.default.removeItem(atPath: dir) }
            try Files.put(dir + "/prefs.js", "old\n", mode: 0o444)
            let error = #expect(throws: FileWriteError.self) { try replace(dir + "/prefs.js", with: "new\n") }
            #expect(error?.reason == .readOnly(mode: 0o444))
            #expect(error?.description.hasPrefix("\(dir)/prefs.js: file is read-only") == true)
            #expect(Files.read(dir + "/prefs.js") == "old\n")
            #expect(Files.mode(dir + "/prefs.js") == 0o444)
            #expect(Files.names(in: dir) == ["prefs.js"])
        }

        @Test func refusesHardLinkedFiles() throws {
            let dir = try Files.scratch(); defer { try? FileManager.default.removeItem(atPath: dir) }
            try Files.put(dir + "/prefs.js", "old\n")
            #expect(link(dir + "/prefs.js", dir + "/other-name") == 0)
            let error = #expect(throws: FileWriteError.self) { try replace(dir + "/prefs.js", with: "new\n") }
            #expect(error?.reason == .hardLinked(linkCount: 2))
            #expect(Files.read(dir + "/prefs.js") == "old\n")
            #expect(Files.status(dir + "/prefs.js")?.st_nlink == 2)
            #expect(Files.names(in: dir) == ["other-name", "prefs.js"])
        }

        @Test func refusesAFileChangedSinceItWasRead() throws {
            let dir = try Files.scratch(); defer { try? FileManager.default.removeItem(atPath: dir) }
            try Files.put(dir + "/prefs.js", "written by Thunderbird meanwhile\n")
            let error = #expect(throws: FileWriteError.self) {
                try SafeFileWriter.replaceContents(ofFile: dir + "/prefs.js", with: Array("new\n".utf8),
                                                   expectedContent: Array("what we read\n".utf8))
            }
            #expect(error?.reason == .changedSinceRead)
            #expect(Files.read(dir + "/prefs.js") == "written by Thunderbird meanwhile\n")
            try SafeFileWriter.replaceContents(ofFile: dir + "/prefs.js", with: Array("new\n".utf8),
                                               expectedContent: Array("written by Thunderbird meanwhile\n".utf8))
            #expect(Files.read(dir + "/prefs.js") == "new\n")
        }

        @Test func failureAfterRenameSaysTheNewContentIsInPlace() throws {
            let dir = try Files.scratch(); defer { try? FileManager.default.removeItem(atPath: dir) }
            try FileManager.default.createDirectory(atPath: dir + "/profile", withIntermediateDirectories: true)
            try Files.put(dir + "/profile/prefs.js", "old\n")
            // Moving the folder away makes the directory fsync's open fail.
            let error = #expect(throws: FileWriteError.self) {
                try SafeFileWriter.replaceContents(ofFile: dir + "/profile/prefs.js", with: Array("new\n".utf8)) { step in
                    if step == .renamed { rename(dir + "/profile", dir + "/moved") }
                }
            }
            #expect(error?.contentReplaced == true)
            #expect(error?.reason == .system(operation: "open(dir)", errno: ENOENT))
            #expect(error?.description.contains("new content is already in place") == true)
            #expect(Files.read(dir + "/moved/prefs.js") == "new\n")
            #expect(Files.names(in: dir + "/moved") == ["prefs.js"])
        }

        @Test func removesOnlyItsOwnStaleTemps() throws {
            let dir = try Files.scratch(); defer { try? FileManager.default.removeItem(atPath: dir) }
            try Files.put(dir + "/prefs.js", "x")
            for name in [".prefs.js.tmp-a1B2c3", ".prefs.js.tmp-short", ".user.js.tmp-a1B2c3", ".prefs.js.tmp-a1B2c3x"] {
                try Files.put(dir + "/" + name, "stale")
            }
            #expect(symlink("prefs.js", dir + "/.prefs.js.tmp-zzzzzz") == 0)
            #expect(symlink("prefs.js", dir + "/link.js") == 0)
            let removed = SafeFileWriter.removeStaleTemporaryFiles(nextTo: dir + "/link.js")
            #expect(removed == [dir + "/.prefs.js.tmp-a1B2c3"])
            #expect(Files.names(in: dir) == [".prefs.js.tmp-a1B2c3x", ".prefs.js.tmp-short", ".prefs.js.tmp-zzzzzz",
                                             ".user.js.tmp-a1B2c3", "link.js", "prefs.js"])
        }

        // MARK: - Crashes and full disks

        @Test(arguments: WriteStep.allCases)
        func killedAtAnyStepLeavesOldOrNewWhole(step: WriteStep) async throws {
            let dir = try Files.scratch(); defer { try? FileManager.default.removeItem(atPath: dir) }
            let target = dir + "/prefs.js"
            let old = String(repeating: "user_pref(\"old\", 1);\n", count: 5_000)
            let new = String(repeating: "user_pref(\"new\", 22);\n", count: 7_000)
            try Files.put(target, old, mode: 0o640)
            let stepName = step.rawValue
            await #expect(processExitsWith: .signal(SIGKILL)) { [target = target as String, new = new as String, stepName = stepName as String] in
                try SafeFileWriter.replaceContents(ofFile: target, with: Array(new.utf8)) { reached in
                    if reached.rawValue == stepName { kill(getpid(), SIGKILL) }
                }
            }
            let committed = step == .renamed || step == .dirSynced
            #expect(Files.read(target) == (committed ? new : old))
            #expect(Files.mode(target) == 0o640)
            // A kill before the rename may leave our temp; the next run removes it.
            let stale = SafeFileWriter.removeStaleTemporaryFiles(nextTo: target)
            #expect(stale.count == (committed ? 0 : 1))
            #expect(Files.names(in: dir) == ["prefs.js"])
        }

        @Test func killedAtRandomMomentsLeavesOldOrNewWhole() async throws {
            let dir = try Files.scratch(); defer { try? FileManager.default.removeItem(atPath: dir) }
            let target = dir + "/muttrc"
            let a = String(repeating: "set a = 1\n", count: 20_000), b = String(repeating: "set bb = 22\n", count: 30_000)
            try Files.put(target, a)
            for _ in 0..<8 {
                let delay = Int.random(in: 1_000...30_000)
                await #expect(processExitsWith: .signal(SIGALRM)) { [target = target as String, a = a as String, b = b as String, delay = delay as Int] in
                    signal(SIGALRM, SIG_DFL)
                    ualarm(useconds_t(delay), 0)
                    var flip = false
                    while true {
                        try SafeFileWriter.replaceContents(ofFile: target, with: Array((flip ? a : b).utf8))
                        flip.toggle()
                    }
                }
                let now = Files.read(target)
                #expect(now == a || now == b, "torn file: \(now?.utf8.count ?? -1) bytes")
            }
        }

        @Test(.enabled(if: geteuid() == 0, "SKIPPED: needs root to mount a 64 KB tmpfs"))
        func fullDiskLeavesTheOriginalAndNoTemp() throws {
            let dir = try Files.scratch(); defer { try? FileManager.default.removeItem(atPath: dir) }
            let mounted = try Files.run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k,mode=0755", "tmpfs", dir])
            try #require(mounted.status == 0, "mount failed: \(mounted.error)")
            defer { _ = try? Files.run("/bin/umount", [dir]) }
            let original = String(repeating: "o", count: 8 * 1024)
            try Files.put(dir + "/prefs.js", original, mode: 0o600)
            try Files.put(dir + "/filler", String(repeating: "f", count: 40 * 1024))
            let error = #expect(throws: FileWriteError.self) {
                try replace(dir + "/prefs.js", with: String(repeating: "n", count: 40 * 1024))
            }
            #expect(error?.reason == .system(operation: "write", errno: ENOSPC))
            #expect(error?.description == "\(dir)/prefs.js: write failed: No space left on device (errno 28)")
            #expect(error?.contentReplaced == false)
            #expect(Files.read(dir + "/prefs.js") == original)
            #expect(Files.mode(dir + "/prefs.js") == 0o600)
            #expect(Files.names(in: dir) == ["filler", "prefs.js"])
        }

        /// Root ignores permission bits, so the child drops to nobody itself (no helper binary needed).
        @Test(.enabled(if: geteuid() == 0, "SKIPPED: needs root to switch to the nobody user"))
        func permissionDeniedLeavesTheOriginal() async throws {
            let dir = try Files.scratch(); defer { try? FileManager.default.removeItem(atPath: dir) }
            #expect(chmod(dir, 0o755) == 0)
            let target = dir + "/prefs.js"
            try Files.put(target, "old\n", mode: 0o666)
            await #expect(processExitsWith: .success) { [target = target as String] in
                guard setgroups(0, nil) == 0, setgid(65534) == 0, setuid(65534) == 0 else { exit(10) }
                do throws(FileWriteError) {
                    try SafeFileWriter.replaceContents(ofFile: target, with: Array("new\n".utf8))
                    exit(11)
                } catch {
                    let expected = "\(target): mkstemp failed: Permission denied (errno 13)"
                    exit(error.reason == .system(operation: "mkstemp", errno: EACCES) && error.description == expected ? 0 : 12)
                }
            }
            #expect(Files.read(target) == "old\n")
            #expect(Files.names(in: dir) == ["prefs.js"])
        }
    }
}
