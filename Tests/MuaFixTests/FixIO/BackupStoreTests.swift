import Foundation
import Glibc
import Testing
@testable import MuaFixKit

extension FixIO {
    @Suite struct BackupStoreTests {
        /// 2026-12-03 17:15:00 UTC.
        let date: time_t = 1_796_318_100

        func profile() throws -> String {
            let dir = try Files.scratch()
            try FileManager.default.createDirectory(atPath: dir + "/profile", withIntermediateDirectories: true)
            try Files.put(dir + "/profile/prefs.js", "user_pref(\"socketType\", 2);\n", mode: 0o644)
            try Files.put(dir + "/profile/user.js", "// mine\n", mode: 0o600)
            return dir
        }

        @Test func copiesIntoAHiddenTimestampFolder() throws {
            let dir = try profile(); defer { try? FileManager.default.removeItem(atPath: dir) }
            let backup = try BackupStore.backUp(files: [dir + "/profile/prefs.js", dir + "/profile/user.js"], date: date)
            let set = dir + "/profile/.mua-fix-backups/20261203T171500Z"
            #expect(backup.folders == [set])
            #expect(Files.names(in: set) == ["mua-fix-manifest.txt", "prefs.js", "user.js"])
            #expect(backup.copy(of: dir + "/profile/prefs.js") == set + "/prefs.js")
            #expect(Files.read(set + "/prefs.js") == "user_pref(\"socketType\", 2);\n")
            #expect(Files.read(set + "/user.js") == "// mine\n")
            // Never wider than the original, never readable by others.
            #expect(Files.mode(set + "/prefs.js") == 0o600)
            #expect(Files.mode(set + "/user.js") == 0o600)
            #expect(Files.mode(set) == 0o700)
            let manifest = try #require(Files.read(set + "/mua-fix-manifest.txt"))
            #expect(manifest.hasPrefix("# mua-fix backup manifest 1\n"))
            #expect(manifest.contains("\t\(dir)/profile/prefs.js\n"))
            #expect(Files.names(in: dir + "/profile") == [".mua-fix-backups", "prefs.js", "user.js"])
        }

        @Test func everyRunGetsAFolderNamedAfterTheLastOne() throws {
            let dir = try profile(); defer { try? FileManager.default.removeItem(atPath: dir) }
            _ = try BackupStore.backUp(files: [dir + "/profile/prefs.js"], date: date)
            try SafeFileWriter.replaceContents(ofFile: dir + "/profile/prefs.js", with: Array("second\n".utf8))
            for _ in 0..<10 { _ = try BackupStore.backUp(files: [dir + "/profile/prefs.js"], date: date) }
            let second = try BackupStore.backUp(files: [dir + "/profile/prefs.js"], date: date)
            #expect(second.folders == [dir + "/profile/.mua-fix-backups/20261203T171500Z-11"])
            // -11 is newer than -2 although it sorts before it as text.
            #expect(try BackupStore.newestBackup(under: dir + "/profile").folders == second.folders)
            // A clock set back still makes the last run the newest.
            let afterClockChange = try BackupStore.backUp(files: [dir + "/profile/prefs.js"], date: date - 86_400)
            #expect(afterClockChange.folders == [dir + "/profile/.mua-fix-backups/20261203T171500Z-12"])
        }

        @Test func restoreRoundTripAndUndo() throws {
            let dir = try profile(); defer { try? FileManager.default.removeItem(atPath: dir) }
            let prefs = dir + "/profile/prefs.js", user = dir + "/profile/user.js"
            _ = try BackupStore.backUp(files: [prefs, user], date: date)
            try SafeFileWriter.replaceContents(ofFile: prefs, with: Array("user_pref(\"socketType\", 3);\n".utf8))
            try SafeFileWriter.replaceContents(ofFile: user, with: Array("// changed\n".utf8))

            let restored = try BackupStore.restoreNewest(under: dir + "/profile")
            #expect(Set(restored) == [prefs, user])
            #expect(Files.read(prefs) == "user_pref(\"socketType\", 2);\n")
            #expect(Files.read(user) == "// mine\n")
            #expect(Files.mode(prefs) == 0o644)
            #expect(Files.mode(user) == 0o600)
            #expect(Files.names(in: dir + "/profile/.mua-fix-backups").count == 2)

            // The restore backed up what it replaced, so restoring again undoes it.
            let undone = try BackupStore.restoreNewest(under: dir + "/profile")
            #expect(Set(undone) == [prefs, user])
            #expect(Files.read(prefs) == "user_pref(\"socketType\", 3);\n")
            #expect(Files.read(user) == "// changed\n")
            #expect(Files.temporaryNames(in: dir + "/profile").isEmpty)
        }

        @Test func restoresASymlinkedFileThroughItsLink() throws {
            let dir = try profile(); defer { try? FileManager.default.removeItem(atPath: dir) }
            try FileManager.default.createDirectory(atPath: dir + "/dotfiles", withIntermediateDirectories: true)
            try FileManager.default.removeItem(atPath: dir + "/profile/user.js")
            try Files.put(dir + "/dotfiles/user.js", "// dotfile\n", mode: 0o640)
            #expect(symlink("../dotfiles/user.js", dir + "/profile/user.js") == 0)

            let backup = try BackupStore.backUp(files: [dir + "/profile/prefs.js", dir + "/profile/user.js"], date: date)
            #expect(backup.folders == [dir + "/profile/.mua-fix-backups/20261203T171500Z",
                                       dir + "/dotfiles/.mua-fix-backups/20261203T171500Z"])
            try SafeFileWriter.replaceContents(ofFile: dir + "/profile/user.js", with: Array("// fixed\n".utf8))
            try SafeFileWriter.replaceContents(ofFile: dir + "/profile/prefs.js", with: Array("fixed\n".utf8))

            // One file, named by its link.
            #expect(try BackupStore.restoreNewest(under: dir + "/profile/user.js") == [dir + "/dotfiles/user.js"])
            #expect(Files.read(dir + "/dotfiles/user.js") == "// dotfile\n")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/profile/user.js") == "../dotfiles/user.js")
            #expect(Files.mode(dir + "/dotfiles/user.js") == 0o640)
            #expect(Files.read(dir + "/profile/prefs.js") == "fixed\n")

            // The whole profile, including the link's target kept in another folder.
            try SafeFileWriter.replaceContents(ofFile: dir + "/profile/user.js", with: Array("// fixed again\n".utf8))
            let restored = try BackupStore.restoreNewest(under: dir + "/profile")
            #expect(Set(restored) == [dir + "/profile/prefs.js", dir + "/dotfiles/user.js"])
            #expect(Files.read(dir + "/profile/prefs.js") == "user_pref(\"socketType\", 2);\n")
            #expect(Files.read(dir + "/dotfiles/user.js") == "// dotfile\n")
        }

        @Test func recreatesADeletedFileWithItsMode() throws {
            let dir = try profile(); defer { try? FileManager.default.removeItem(atPath: dir) }
            _ = try BackupStore.backUp(files: [dir + "/profile/user.js"], date: date)
            #expect(unlink(dir + "/profile/user.js") == 0)
            #expect(try BackupStore.restoreNewest(under: dir + "/profile/user.js") == [dir + "/profile/user.js"])
            #expect(Files.read(dir + "/profile/user.js") == "// mine\n")
            #expect(Files.mode(dir + "/profile/user.js") == 0o600)
        }

        @Test func ignoresAnInterruptedBackup() throws {
            let dir = try profile(); defer { try? FileManager.default.removeItem(atPath: dir) }
            _ = try BackupStore.backUp(files: [dir + "/profile/prefs.js"], date: date)
            // A newer folder without a manifest: a run killed mid-backup.
            let partial = dir + "/profile/.mua-fix-backups/20271203T171500Z"
            try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: true)
            try Files.put(partial + "/prefs.js", "half")
            try SafeFileWriter.replaceContents(ofFile: dir + "/profile/prefs.js", with: Array("fixed\n".utf8))
            _ = try BackupStore.restoreNewest(under: dir + "/profile")
            #expect(Files.read(dir + "/profile/prefs.js") == "user_pref(\"socketType\", 2);\n")
        }

        @Test func refusesADamagedCopy() throws {
            let dir = try profile(); defer { try? FileManager.default.removeItem(atPath: dir) }
            let backup = try BackupStore.backUp(files: [dir + "/profile/prefs.js"], date: date)
            try Files.put(try #require(backup.copy(of: dir + "/profile/prefs.js")), "trunc")
            try SafeFileWriter.replaceContents(ofFile: dir + "/profile/prefs.js", with: Array("fixed\n".utf8))
            #expect(throws: BackupError.self) { try BackupStore.restoreNewest(under: dir + "/profile") }
            #expect(Files.read(dir + "/profile/prefs.js") == "fixed\n")
        }

        @Test func saysSoWhenThereIsNoBackup() throws {
            let dir = try profile(); defer { try? FileManager.default.removeItem(atPath: dir) }
            #expect(throws: BackupError.noBackup(path: dir + "/profile")) { try BackupStore.restoreNewest(under: dir + "/profile") }
            _ = try BackupStore.backUp(files: [dir + "/profile/prefs.js"], date: date)
            let error = #expect(throws: BackupError.self) { try BackupStore.restoreNewest(under: dir + "/profile/user.js") }
            #expect(error?.description == "\(dir)/profile/user.js: no mua-fix backup found (looked in .mua-fix-backups next to it)")
            #expect(Files.read(dir + "/profile/user.js") == "// mine\n")
        }

        @Test func missingFileFailsTheWholeBackup() throws {
            let dir = try profile(); defer { try? FileManager.default.removeItem(atPath: dir) }
            let error = #expect(throws: BackupError.self) {
                try BackupStore.backUp(files: [dir + "/profile/prefs.js", dir + "/profile/missing.js"], date: date)
            }
            #expect(error?.description == "\(dir)/profile/missing.js: realpath failed: No such file or directory (errno 2)")
            #expect(Files.names(in: dir + "/profile") == ["prefs.js", "user.js"])
        }
    }
}
