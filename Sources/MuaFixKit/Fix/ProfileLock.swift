import Glibc

public enum ProfileLockState: Sendable, Hashable {
    case unlocked
    /// The profile is in use; `pid` is the holder's process id when it is known and on this machine.
    case locked(pid: Int32?)
    /// `.parentlock` exists but cannot be examined (say, no permission): writing is not safe.
    case undetermined(reason: String)
}

/// Whether a Thunderbird (Gecko) profile is open, decided as Gecko's nsProfileLock does.
/// The `lock` symlink survives a normal quit and `.parentlock` always exists, so neither file's
/// existence means anything; only the fcntl lock on `.parentlock` does.
public enum ProfileLock {
    public static func state(ofProfile directory: String) -> ProfileLockState {
        let fcntlLock = fcntlLockHolder(of: directory + "/.parentlock")
        if case .held(let pid) = fcntlLock { return .locked(pid: pid) }
        if case .unknown(let reason) = fcntlLock { return .undetermined(reason: reason) }
        guard let target = symlinkTarget(directory + "/lock"),
              let colon = target.firstIndex(of: ":") else { return .unlocked }
        // Gecko treats a link it cannot parse as stale.
        let address = String(target[..<colon])
        var pidText = target[target.index(after: colon)...]
        if pidText.hasPrefix("+") {
            // The owner also took the fcntl lock, which nobody holds now.
            if case .free = fcntlLock { return .unlocked }
            pidText = pidText.dropFirst()
        }
        guard let pid = Int32(pidText), pid > 0, let ip = ipv4Address(address) else { return .unlocked }
        // A lock from another machine sharing this home cannot be checked: assume it is live.
        guard isLocalAddress(ip) else { return .locked(pid: nil) }
        if kill(pid, 0) != 0 && errno == ESRCH { return .unlocked }
        return .locked(pid: pid)
    }

    private enum FcntlLock { case free, held(pid: Int32?), unknown(String) }

    private static func fcntlLockHolder(of path: String) -> FcntlLock {
        // F_GETLK with a write lock needs no write access on Linux. O_NONBLOCK: a FIFO must not hang us.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return errno == ENOENT ? .free : .unknown(String(cString: strerror(errno))) }
        defer { close(fd) }
        var query = flock()
        query.l_type = Int16(F_WRLCK)
        query.l_whence = Int16(SEEK_SET)
        query.l_start = 0
        query.l_len = 0
        guard fcntl(fd, F_GETLK, &query) == 0 else { return .unknown(String(cString: strerror(errno))) }
        if query.l_type == Int16(F_UNLCK) { return .free }
        // Open-file-description locks report pid -1.
        return .held(pid: query.l_pid > 0 ? query.l_pid : nil)
    }

    private static func symlinkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 1024)
        let length = readlink(path, &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func ipv4Address(_ text: String) -> in_addr_t? {
        var address = in_addr()
        return inet_pton(AF_INET, text, &address) == 1 ? address.s_addr : nil
    }

    /// Loopback or an address of one of this machine's interfaces; no DNS lookup.
    private static func isLocalAddress(_ address: in_addr_t) -> Bool {
        if UInt32(bigEndian: address) >> 24 == 127 { return true }
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return false }
        defer { freeifaddrs(list) }
        var current = list
        while let entry = current {
            if let socketAddress = entry.pointee.ifa_addr, socketAddress.pointee.sa_family == sa_family_t(AF_INET) {
                let found = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
                if found == address { return true }
            }
            current = entry.pointee.ifa_next
        }
        return false
    }
}
