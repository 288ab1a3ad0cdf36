#if canImport(Glibc)
import Glibc
#endif

/// Small, explicit file-system helpers that report errors with the path and the system's reason.
enum FileSystem {
    /// Files larger than this are refused rather than read: no mail client configuration is this big.
    static let maximumFileSize = 512 << 20

    static func readBytes(_ path: String) throws(ReadError) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; only regular files are read.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw ReadError(file: path, reason: systemReason()) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ReadError(file: path, reason: systemReason()) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw ReadError(file: path, reason: "is a folder, not a file") }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw ReadError(file: path, reason: "is not a regular file (a device, FIFO or socket); refusing to read it")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        guard Int(info.st_size) <= maximumFileSize else {
            throw ReadError(file: path, reason: "file is larger than \(maximumFileSize >> 20) MB; refusing to read it")
        }
        // One byte more than the size, so that reaching the end needs no growth.
        var bytes = [UInt8](repeating: 0, count: max(Int(info.st_size), 0) + 1)
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: 65536)) }
            let count = bytes.withUnsafeMutableBytes { buffer in
                read(fd, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(file: path, reason: systemReason())
            }
            if count == 0 { break }
            filled += count
            guard filled <= maximumFileSize else {
                throw ReadError(file: path, reason: "file is larger than \(maximumFileSize >> 20) MB; refusing to read it")
            }
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    /// True for anything at `path`, including a symlink loop or a dangling link, so that reading
    /// it reports the real reason instead of the file being skipped.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    static func join(_ directory: String, _ name: String) -> String {
        if name.hasPrefix("/") { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    static func systemReason() -> String { String(cString: strerror(errno)) }

    /// The names in a folder (without `.` and `..`); empty when it cannot be read.
    static func entries(of folder: String) -> [String] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Why `stat` fails on `path` (a symlink loop, a dangling link), in the system's words.
    static func resolveFailure(_ path: String) -> String {
        var info = stat()
        return stat(path, &info) == 0 ? "not a file or folder" : systemReason()
    }
}
