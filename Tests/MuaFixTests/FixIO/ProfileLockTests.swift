import Foundation
import Glibc
import Testing
@testable import MuaFixKit

extension FixIO {
    @Suite struct ProfileLockTests {
        /// A profile as Thunderbird leaves it after a normal quit: empty `.parentlock`, no lock held.
        func quitProfile() throws -> String {
            let dir = try Files.scratch()
            try Files.put(dir + "/.parentlock", "")
            try Files.put(dir + "/prefs.js", "")
            return dir
        }

        @Test func emptyFolderIsUnlocked() throws {
            let dir = try Files.scratch(); defer { try? FileManager.default.removeItem(atPath: dir) }
            #expect(ProfileLock.state(ofProfile: dir) == .unlocked)
            #expect(ProfileLock.state(ofProfile: dir + "/missing") == .unlocked)
        }

        /// A child holds the fcntl write lock on `.parentlock` as a running Thunderbird does.
        @Test func heldParentLockMeansRunning() throws {
            let python = try #require(Files.tool("/usr/bin/python3", "/usr/local/bin/python3"), "python3 is needed to hold a lock")
            let dir = try quitProfile(); defer { try? FileManager.default.removeItem(atPath: dir) }
            // The symlink Thunderbird leaves behind; the fcntl lock decides, not this.
            #expect(symlink("127.0.0.1:+999999", dir + "/lock") == 0)
            let holder = Process()
            holder.executableURL = URL(fileURLWithPath: python)
            holder.arguments = ["-c", """
                import fcntl, sys, time
                f = open(sys.argv[1], "r+")
                fcntl.lockf(f, fcntl.LOCK_EX)
                print("locked", flush=True)
                time.sleep(60)
                """, dir + "/.parentlock"]
            let output = Pipe()
            holder.standardOutput = output
            try holder.run()
            defer { if holder.isRunning { kill(holder.processIdentifier, SIGKILL); holder.waitUntilExit() } }
            var said = Data()
            while !said.contains(UInt8(ascii: "\n")) {
                let more = output.fileHandleForReading.availableData
                if more.isEmpty { break }
                said += more
            }
            try #require(String(decoding: said, as: UTF8.self) == "locked\n")

            #expect(ProfileLock.state(ofProfile: dir) == .locked(pid: holder.processIdentifier))
            // Only read access is needed for the check.
            #expect(chmod(dir + "/.parentlock", 0o444) == 0)
            #expect(ProfileLock.state(ofProfile: dir) == .locked(pid: holder.processIdentifier))

            kill(holder.processIdentifier, SIGKILL)
            holder.waitUntilExit()
            #expect(ProfileLock.state(ofProfile: dir) == .unlocked)
        }

        @Test func staleSymlinkWithFreeParentLockIsUnlocked() throws {
            let dir = try quitProfile(); defer { try? FileManager.default.removeItem(atPath: dir) }
            #expect(symlink("127.0.0.1:+999999", dir + "/lock") == 0)
            #expect(ProfileLock.state(ofProfile: dir) == .unlocked)
            // Even when the pid is alive: `+` says its owner would hold the fcntl lock.
            #expect(unlink(dir + "/lock") == 0 && symlink("127.0.0.1:+\(getpid())", dir + "/lock") == 0)
            #expect(ProfileLock.state(ofProfile: dir) == .unlocked)
        }

        @Test func symlinkWithoutFcntlLockIsCheckedByPid() throws {
            let dir = try quitProfile(); defer { try? FileManager.default.removeItem(atPath: dir) }
            #expect(symlink("127.0.0.1:\(getpid())", dir + "/lock") == 0)
            #expect(ProfileLock.state(ofProfile: dir) == .locked(pid: getpid()))

            // pid_max is far below this, so the process cannot exist.
            #expect(unlink(dir + "/lock") == 0 && symlink("127.0.0.1:999999999", dir + "/lock") == 0)
            #expect(ProfileLock.state(ofProfile: dir) == .unlocked)

            // A lock taken on another machine sharing the profile cannot be checked here.
            #expect(unlink(dir + "/lock") == 0 && symlink("192.0.2.77:\(getpid())", dir + "/lock") == 0)
            #expect(ProfileLock.state(ofProfile: dir) == .locked(pid: nil))

            // Gecko ignores a link it cannot parse.
            #expect(unlink(dir + "/lock") == 0 && symlink("garbage", dir + "/lock") == 0)
            #expect(ProfileLock.state(ofProfile: dir) == .unlocked)
        }
    }
}
