import Glibc

/// The points of a safe write, in order; tests stop the process at each one.
public enum WriteStep: String, Sendable, CaseIterable {
    case tempCreated, dataWritten, tempSynced, renamed, dirSynced
}

/// A file that could not be written (or read), named by its symlink-resolved path. Unless
/// `contentReplaced` is true, the file still holds its old content and no temporary file is left.
public struct FileWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// A system call failed: its name and errno.
        case system(operation: String, errno: Int32)
        /// No write bit is set: the user made it read-only, so it is left alone even for root.
        case readOnly(mode: UInt32)
        /// Renaming over a hard-linked file would leave the other names with the old content.
        case hardLinked(linkCount: Int)
        case notARegularFile
        case alreadyExists
        /// The file no longer holds what the caller read, so writing would lose someone else's change.
        case changedSinceRead
    }

    public var path: String
    public var reason: Reason
    /// True when the failure came after the rename: the new content is in place but may not
    /// survive a power loss.
    public var contentReplaced: Bool

    public init(path: String, reason: Reason, contentReplaced: Bool = false) {
        self.path = path
        self.reason = reason
        self.contentReplaced = contentReplaced
    }

    static func system(_ path: String, _ operation: String, _ code: Int32 = errno,
                       contentReplaced: Bool = false) -> FileWriteError {
        FileWriteError(path: path, reason: .system(operation: operation, errno: code), contentReplaced: contentReplaced)
    }

    public var errorNumber: Int32? {
        if case .system(_, let code) = reason { return code }
        return nil
    }

    public var description: String {
        let text: String
        switch reason {
        case .system(let operation, let code):
            text = "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
        case .readOnly(let mode):
            text = "file is read-only (mode \(String(mode, radix: 8))); make it writable to let mua-fix change it"
        case .hardLinked(let count):
            text = "file has \(count) hard links; rewriting it would split them, so it was left alone"
        case .notARegularFile:
            text = "not a regular file"
        case .alreadyExists:
            text = "file already exists"
        case .changedSinceRead:
            text = "file changed since it was read (is the mail client running?); it was left alone"
        }
        let after = contentReplaced ? " (the new content is already in place but may not survive a power loss)" : ""
        return "\(path): \(text)\(after)"
    }
}

/// Crash-safe file replacement: after a crash at any moment the file holds its old or its new content, whole.
public enum SafeFileWriter {
    /// Replaces the content of the file at `path` (following symlinks, which stay links) with `bytes`,
    /// keeping its mode and owner. Refuses read-only and hard-linked files.
    /// If `expectedContent` is given, refuses when the file no longer holds exactly those bytes.
    public static func replaceContents(ofFile path: String, with bytes: [UInt8], expectedContent: [UInt8]? = nil,
                                       onStep: (WriteStep) -> Void = { _ in }) throws(FileWriteError) {
        let target = try resolvedPath(path)
        var info = stat()
        guard stat(target, &info) == 0 else { throw .system(target, "stat") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw FileWriteError(path: target, reason: .notARegularFile) }
        guard info.st_mode & 0o222 != 0 else {
            throw FileWriteError(path: target, reason: .readOnly(mode: info.st_mode & 0o7777))
        }
        guard info.st_nlink <= 1 else {
            throw FileWriteError(path: target, reason: .hardLinked(linkCount: Int(info.st_nlink)))
        }
        // Catches read-only mounts (EROFS, even for root) and, for other users, missing permission.
        guard access(target, W_OK) == 0 else { throw .system(target, "access(W_OK)") }
        if let expectedContent, try readContents(ofFile: target) != expectedContent {
            throw FileWriteError(path: target, reason: .changedSinceRead)
        }
        let temp = try writeTemporaryFile(nextTo: target, bytes: bytes, mode: info.st_mode & 0o7777,
                                          owner: (info.st_uid, info.st_gid), onStep: onStep)
        guard rename(temp, target) == 0 else {
            let error = FileWriteError.system(target, "rename")
            unlink(temp)
            throw error
        }
        onStep(.renamed)
        try syncDirectory(of: target)
        onStep(.dirSynced)
    }

    /// Creates a new file at `path` (not following a final symlink, never replacing anything)
    /// with the same discipline: temp file, fsync, rename, fsync of the folder.
    public static func createFile(atPath path: String, with bytes: [UInt8], mode: mode_t = 0o600,
                                  owner: (uid_t, gid_t)? = nil) throws(FileWriteError) {
        var existing = stat()
        if lstat(path, &existing) == 0 { throw FileWriteError(path: path, reason: .alreadyExists) }
        let temp = try writeTemporaryFile(nextTo: path, bytes: bytes, mode: mode, owner: owner, onStep: { _ in })
        // link() fails rather than replacing a file that appeared meanwhile; file systems without
        // hard links (vfat) get a plain rename after the check above.
        if link(temp, path) == 0 {
            unlink(temp)
        } else {
            let linkErrno = errno
            let canRename = linkErrno == EPERM || linkErrno == EOPNOTSUPP
            if !canRename || rename(temp, path) != 0 {
                let error = canRename ? FileWriteError.system(path, "rename") : .system(path, "link", linkErrno)
                unlink(temp)
                throw error
            }
        }
        try syncDirectory(of: path)
    }

    /// Removes temporary files a killed run of ours left next to the file at `path` (or its symlink target).
    /// Returns the paths removed.
    @discardableResult
    public static func removeStaleTemporaryFiles(nextTo path: String) -> [String] {
        let target = (try? resolvedPath(path)) ?? path
        let (folder, name) = split(target)
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        let prefix = Array(".\(name).tmp-".utf8)
        var removed: [String] = []
        while let entry = readdir(directory) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix(while: { $0 != 0 }))
            }
            guard isOurTemporaryName(entryName, prefix: prefix) else { continue }
            let full = folder + "/" + String(decoding: entryName, as: UTF8.self)
            var info = stat()
            // mkstemp only makes regular files; anything else with that name is not ours.
            guard lstat(full, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            if unlink(full) == 0 { removed.append(full) }
        }
        return removed
    }

    /// The whole content of the file at `path`.
    public static func readContents(ofFile path: String) throws(FileWriteError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .system(path, "open") }
        defer { close(fd) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .system(path, "read")
            }
            if count == 0 { return result }
            result += buffer[0..<count]
        }
    }

    // MARK: - Steps

    static func resolvedPath(_ path: String) throws(FileWriteError) -> String {
        guard let resolved = realpath(path, nil) else { throw .system(path, "realpath") }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = slash == path.startIndex ? "/" : String(path[..<slash])
        return (folder, String(path[path.index(after: slash)...]))
    }

    /// `.NAME.tmp-` followed by the six letters or digits mkstemp picks.
    private static func isOurTemporaryName(_ name: [UInt8], prefix: [UInt8]) -> Bool {
        guard name.count == prefix.count + 6, name.starts(with: prefix) else { return false }
        return name[prefix.count...].allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
    }

    /// A synced, closed temp file in the folder of `path` holding `bytes`; removed again on failure.
    private static func writeTemporaryFile(nextTo path: String, bytes: [UInt8], mode: mode_t, owner: (uid_t, gid_t)?,
                                           onStep: (WriteStep) -> Void) throws(FileWriteError) -> String {
        let (folder, name) = split(path)
        var template = Array("\(folder)/.\(name).tmp-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw .system(path, "mkstemp") }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        let temp = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var isOpen = true
        do throws(FileWriteError) {
            onStep(.tempCreated)
            try writeAll(bytes, to: fd, reportingAs: path)
            onStep(.dataWritten)
            // Owner first: chown clears set-id bits that fchmod would restore.
            if let owner, fchown(fd, owner.0, owner.1) != 0, errno != EPERM { throw .system(path, "fchown") }
            guard fchmod(fd, mode) == 0 else { throw .system(path, "fchmod") }
            guard fsync(fd) == 0 else { throw .system(path, "fsync") }
            isOpen = false
            guard close(fd) == 0 else { throw .system(path, "close") }
            onStep(.tempSynced)
            return temp
        } catch {
            if isOpen { close(fd) }
            unlink(temp)
            throw error
        }
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32, reportingAs path: String) throws(FileWriteError) {
        let failure: Int32? = bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let failure { throw .system(path, "write", failure) }
    }

    /// Makes the rename durable. Fails only after the new content is in place.
    private static func syncDirectory(of path: String) throws(FileWriteError) {
        try syncFolder(split(path).folder, reportingAs: path)
    }

    static func syncFolder(_ folder: String, reportingAs path: String) throws(FileWriteError) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .system(path, "open(dir)", contentReplaced: true) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .system(path, "fsync(dir)", contentReplaced: true) }
    }
}
