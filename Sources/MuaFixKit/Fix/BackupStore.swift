import Glibc

/// One run's backup: the copies made of each file, in one timestamp folder per parent folder.
public struct Backup: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        /// The file backed up, symlinks resolved.
        public var original: String
        /// The backup copy.
        public var copy: String
        /// The original's permission bits, for recreating it if it was deleted.
        public var mode: UInt32
    }

    /// The timestamp folders, e.g. `<profile>/.mua-fix-backups/20261203T171500Z`.
    public var folders: [String]
    public var entries: [Entry]

    public func copy(of original: String) -> String? { entries.first { $0.original == original }?.copy }
}

public enum BackupError: Error, Sendable, Hashable, CustomStringConvertible {
    case noBackup(path: String)
    case damagedBackup(path: String, reason: String)
    case file(FileWriteError)
    /// Some files were restored before one failed.
    case partialRestore(restored: [String], failure: FileWriteError)

    public var description: String {
        switch self {
        case .noBackup(let path):
            "\(path): no mua-fix backup found (looked in \(BackupStore.folderName) next to it)"
        case .damagedBackup(let path, let reason):
            "\(path): backup is damaged: \(reason)"
        case .file(let error):
            error.description
        case .partialRestore(let restored, let failure):
            "\(failure); already restored: \(restored.joined(separator: ", "))"
        }
    }
}

/// Copies of files taken before mua-fix changes them, kept in a hidden folder next to each file
/// where no mail client looks, and put back on request.
public enum BackupStore {
    public static let folderName = ".mua-fix-backups"
    public static let manifestName = "mua-fix-manifest.txt"

    /// What a timestamp folder holds. Written last, so a folder without one is an interrupted backup.
    struct Manifest {
        struct File {
            /// The copy's name inside the timestamp folder.
            var copy: String
            var original: String
            var mode: UInt32
            var uid: UInt32
            var gid: UInt32
            var size: Int
        }
        var created: String
        /// Every timestamp folder of the same run, this one included.
        var run: [String]
        var files: [File]
    }

    /// Copies every file (symlinks resolved) into `<its folder>/.mua-fix-backups/<UTC time>[-N]/`.
    public static func backUp(files: [String], date: time_t = time(nil)) throws(BackupError) -> Backup {
        var originals: [(path: String, info: stat, bytes: [UInt8])] = []
        do throws(FileWriteError) {
            for file in files {
                let path = try SafeFileWriter.resolvedPath(file)
                if originals.contains(where: { $0.path == path }) { continue }
                var info = stat()
                guard stat(path, &info) == 0 else { throw .system(path, "stat") }
                guard info.st_mode & S_IFMT == S_IFREG else { throw FileWriteError(path: path, reason: .notARegularFile) }
                originals.append((path, info, try SafeFileWriter.readContents(ofFile: path)))
            }
        } catch { throw .file(error) }

        var folderOrder: [String] = []
        for original in originals where !folderOrder.contains(SafeFileWriter.split(original.path).folder) {
            folderOrder.append(SafeFileWriter.split(original.path).folder)
        }
        let stamp = timestamp(date)
        var setFolders: [String] = []
        var written: [String] = []
        do throws(FileWriteError) {
            for folder in folderOrder { setFolders.append(try makeSetFolder(in: folder, stamp: stamp)) }
            var entries: [Backup.Entry] = []
            for (folder, setFolder) in zip(folderOrder, setFolders) {
                var manifest = Manifest(created: stamp, run: setFolders, files: [])
                for original in originals where SafeFileWriter.split(original.path).folder == folder {
                    var name = SafeFileWriter.split(original.path).name
                    if name == manifestName { name += ".file" }
                    let copy = setFolder + "/" + name
                    let mode = original.info.st_mode & 0o600
                    try SafeFileWriter.createFile(atPath: copy, with: original.bytes, mode: mode,
                                                  owner: (original.info.st_uid, original.info.st_gid))
                    written.append(copy)
                    manifest.files.append(.init(copy: name, original: original.path, mode: original.info.st_mode & 0o7777,
                                                uid: original.info.st_uid, gid: original.info.st_gid,
                                                size: original.bytes.count))
                    entries.append(.init(original: original.path, copy: copy, mode: original.info.st_mode & 0o7777))
                }
                let manifestPath = setFolder + "/" + manifestName
                try SafeFileWriter.createFile(atPath: manifestPath, with: encode(manifest), mode: 0o600,
                                              owner: owner(of: folder))
                written.append(manifestPath)
            }
            return Backup(folders: setFolders, entries: entries)
        } catch {
            // Leave no half backup behind; the originals were not touched.
            for path in written { unlink(path) }
            for folder in setFolders { rmdir(folder) }
            throw .file(error)
        }
    }

    /// The newest complete backup of `path`: for a folder, every file of its newest run (including
    /// files of that run in other folders, e.g. symlink targets); for a file, the newest copy of it.
    public static func newestBackup(under path: String) throws(BackupError) -> Backup {
        let (target, isFolder) = try resolveAllowingMissing(path)
        let folder = isFolder ? target : SafeFileWriter.split(target).folder
        for (setFolder, manifest) in completeSets(in: folder) {
            if isFolder {
                var backup = Backup(folders: [], entries: [])
                for runFolder in manifest.run {
                    let runManifest = runFolder == setFolder ? manifest : readManifest(in: runFolder)
                    guard let runManifest else { continue }
                    backup.folders.append(runFolder)
                    backup.entries += runManifest.files.map { .init(original: $0.original, copy: runFolder + "/" + $0.copy, mode: $0.mode) }
                }
                return backup
            }
            if let file = manifest.files.first(where: { $0.original == target }) {
                return Backup(folders: [setFolder],
                              entries: [.init(original: file.original, copy: setFolder + "/" + file.copy, mode: file.mode)])
            }
        }
        throw .noBackup(path: path)
    }

    /// Puts back every file of `newestBackup(under:)` through the safe writer, after backing up the
    /// current content (so a restore can be undone the same way). Returns the restored paths.
    @discardableResult
    public static func restoreNewest(under path: String) throws(BackupError) -> [String] {
        let backup = try newestBackup(under: path)
        var contents: [[UInt8]] = []
        var manifests: [String: Manifest] = [:]
        for entry in backup.entries {
            let setFolder = SafeFileWriter.split(entry.copy).folder
            if manifests[setFolder] == nil { manifests[setFolder] = readManifest(in: setFolder) }
            let bytes: [UInt8]
            do { bytes = try SafeFileWriter.readContents(ofFile: entry.copy) } catch { throw .file(error) }
            let expected = manifests[setFolder]?.files.first { setFolder + "/" + $0.copy == entry.copy }
            guard let expected, expected.size == bytes.count else {
                throw .damagedBackup(path: entry.copy, reason: "its size differs from the manifest's")
            }
            contents.append(bytes)
        }

        let changing = zip(backup.entries, contents).filter { entry, bytes in
            (try? SafeFileWriter.readContents(ofFile: entry.original)) != bytes
        }
        let existing = changing.map(\.0.original).filter { access($0, F_OK) == 0 }
        if !existing.isEmpty { _ = try backUp(files: existing) }

        var restored: [String] = []
        for (entry, bytes) in zip(backup.entries, contents) {
            let isChanging = changing.contains { $0.0.original == entry.original }
            do throws(FileWriteError) {
                if isChanging && access(entry.original, F_OK) == 0 {
                    try SafeFileWriter.replaceContents(ofFile: entry.original, with: bytes)
                } else if isChanging {
                    let file = manifests[SafeFileWriter.split(entry.copy).folder]?.files.first { $0.original == entry.original }
                    try SafeFileWriter.createFile(atPath: entry.original, with: bytes, mode: mode_t(entry.mode),
                                                  owner: file.map { ($0.uid, $0.gid) })
                }
            } catch {
                throw restored.isEmpty ? .file(error) : .partialRestore(restored: restored, failure: error)
            }
            restored.append(entry.original)
        }
        return restored
    }

    // MARK: - Folders and manifests

    /// UTC, e.g. `20261203T171500Z`.
    static func timestamp(_ date: time_t) -> String {
        var seconds = date
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let length = strftime(&buffer, buffer.count, "%Y%m%dT%H%M%SZ", &parts)
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Creates `<folder>/.mua-fix-backups/<stamp>[-N]`, private to the folder's owner, named after every existing one.
    private static func makeSetFolder(in folder: String, stamp: String) throws(FileWriteError) -> String {
        let root = folder + "/" + folderName
        let folderOwner = owner(of: folder)
        if mkdir(root, 0o700) == 0 {
            if let folderOwner { _ = chown(root, folderOwner.0, folderOwner.1) }
            try SafeFileWriter.syncFolder(folder, reportingAs: root)
        } else if errno != EEXIST {
            throw .system(root, "mkdir")
        }
        var info = stat()
        // lstat: a planted symlink must not redirect backups elsewhere.
        guard lstat(root, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw .system(root, "mkdir", ENOTDIR)
        }
        // The last run must be the newest even if the clock went back: continue after the newest name.
        var stamp = stamp, number = 0
        let names = FileSystem.entries(of: root)
        if let newest = names.compactMap(setOrder).max(), newest >= SetOrder(stamp: stamp, number: 0) {
            (stamp, number) = (newest.stamp, newest.number + 1)
        }
        while true {
            let setFolder = root + "/" + (number == 0 ? stamp : "\(stamp)-\(number)")
            if mkdir(setFolder, 0o700) == 0 {
                if let folderOwner { _ = chown(setFolder, folderOwner.0, folderOwner.1) }
                try SafeFileWriter.syncFolder(root, reportingAs: setFolder)
                return setFolder
            }
            guard errno == EEXIST else { throw .system(setFolder, "mkdir") }
            number += 1
        }
    }

    private static func owner(of path: String) -> (uid_t, gid_t)? {
        var info = stat()
        return stat(path, &info) == 0 ? (info.st_uid, info.st_gid) : nil
    }

    /// Timestamp folders with a manifest, newest first.
    private static func completeSets(in folder: String) -> [(String, Manifest)] {
        let root = folder + "/" + folderName
        let names = FileSystem.entries(of: root)
        let ordered = names.compactMap { name in setOrder(name).map { (name, $0) } }
            .sorted { $0.1 > $1.1 }
        return ordered.compactMap { name, _ in
            readManifest(in: root + "/" + name).map { (root + "/" + name, $0) }
        }
    }

    /// `20261203T171500Z-2` → ("20261203T171500Z", 2); nil for other names.
    private static func setOrder(_ name: String) -> SetOrder? {
        let parts = name.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        let stamp = parts[0]
        guard stamp.count == 16, stamp.utf8.enumerated().allSatisfy({ index, byte in
            switch index {
            case 8: byte == UInt8(ascii: "T")
            case 15: byte == UInt8(ascii: "Z")
            default: (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            }
        }) else { return nil }
        if parts.count == 1 { return SetOrder(stamp: String(stamp), number: 0) }
        guard let number = Int(parts[1]), number > 0 else { return nil }
        return SetOrder(stamp: String(stamp), number: number)
    }

    private struct SetOrder: Comparable {
        var stamp: String
        var number: Int
        static func < (a: SetOrder, b: SetOrder) -> Bool { (a.stamp, a.number) < (b.stamp, b.number) }
    }

    // The manifest is plain text, one record a line, fields separated by tabs, paths escaped:
    //   # mua-fix backup manifest 1
    //   created<TAB>20261203T171500Z
    //   run<TAB>/path/to/.mua-fix-backups/20261203T171500Z          (one line per folder of the run)
    //   file<TAB>copy<TAB>mode<TAB>uid<TAB>gid<TAB>size<TAB>/original/path

    private static let manifestHeader = "# mua-fix backup manifest 1"
    private static let manifestEscapes = EscapeTable(["\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"])

    private static func readManifest(in setFolder: String) -> Manifest? {
        guard let bytes = try? SafeFileWriter.readContents(ofFile: setFolder + "/" + manifestName) else { return nil }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.first == manifestHeader[...] else { return nil }
        var manifest = Manifest(created: "", run: [], files: [])
        for line in lines.dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { unescape($0) }
            switch (fields.first, fields.count) {
            case ("created", 2): manifest.created = fields[1]
            case ("run", 2): manifest.run.append(fields[1])
            case ("file", 7):
                guard let mode = UInt32(fields[2]), let uid = UInt32(fields[3]), let gid = UInt32(fields[4]),
                      let size = Int(fields[5]) else { return nil }
                manifest.files.append(.init(copy: fields[1], original: fields[6], mode: mode, uid: uid, gid: gid, size: size))
            case ("file", _), ("created", _), ("run", _): return nil
            default: continue   // a record a later version added
            }
        }
        return manifest
    }

    private static func encode(_ manifest: Manifest) -> [UInt8] {
        var lines = [manifestHeader, "created\t" + escape(manifest.created)]
        lines += manifest.run.map { "run\t" + escape($0) }
        lines += manifest.files.map { file in
            ["file", escape(file.copy), String(file.mode), String(file.uid), String(file.gid), String(file.size),
             escape(file.original)].joined(separator: "\t")
        }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// Paths may hold any byte but NUL: tabs, newlines and backslashes are escaped.
    private static func escape(_ text: String) -> String {
        text.escaped(manifestEscapes)
    }

    private static func unescape(_ text: Substring) -> String {
        var out = ""
        var escaping = false
        for character in text.unicodeScalars {
            if escaping {
                switch character {
                case "t": out += "\t"
                case "n": out += "\n"
                case "r": out += "\r"
                default: out.unicodeScalars.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// The resolved path and whether it is a folder; a deleted file resolves through its folder.
    private static func resolveAllowingMissing(_ path: String) throws(BackupError) -> (String, Bool) {
        do throws(FileWriteError) {
            let resolved: String
            if access(path, F_OK) == 0 {
                resolved = try SafeFileWriter.resolvedPath(path)
            } else {
                let (folder, name) = SafeFileWriter.split(path)
                resolved = try SafeFileWriter.resolvedPath(folder) + "/" + name
            }
            var info = stat()
            return (resolved, stat(resolved, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR)
        } catch { throw .file(error) }
    }
}
