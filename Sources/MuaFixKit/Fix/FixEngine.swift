/// A file's old and new content.
public struct FileRewrite: Sendable, Hashable {
    public var path: String
    public var old: [UInt8]
    public var new: [UInt8]
}

/// Everything mua-fix would do to one profile, computed without touching it.
public struct ProfileFix: Sendable {
    public var configuration: ClientConfiguration
    /// Every change planned for this profile, applied or not.
    public var changes: [PlannedChange]
    /// The edits of the changes selected for applying (safe ones, plus unsafe ones on request).
    public var edits: [SettingEdit]
    public var rewrites: [FileRewrite]
    /// Set when the profile must be left untouched.
    public var refusal: FixRefusal?

    public func isSelected(_ change: PlannedChange) -> Bool { edits.contains { $0.change == change } }

    public func diff() -> String {
        rewrites.map { UnifiedDiff.make(old: $0.old, new: $0.new, oldPath: $0.path, newPath: $0.path) }.joined()
    }
}

/// What applying one profile's fix did.
public struct FixOutcome: Sendable {
    public enum Status: Sendable, Equatable {
        case applied
        case nothingToDo
        /// The client has the profile open.
        case inUse
        /// Refused or failed; nothing of the profile was changed (or it was put back).
        case failed
    }
    public var profile: String
    public var status: Status
    public var message: String?
    public var backup: Backup?
    public var written: [String] = []
}

/// The one fix engine every client shares: plans become text edits, edits become new file contents,
/// and new contents reach the disk only through backups, crash-safe writes and a re-read that proves them.
public struct FixEngine: Sendable {
    public var writers: [any ClientWriter]
    public var readers: [any ClientReader]

    public init(writers: [any ClientWriter] = [ThunderbirdWriter()], readers: [any ClientReader] = Checker.allReaders) {
        self.writers = writers
        self.readers = readers
    }

    public func prepare(_ plan: FixPlan, for report: CheckReport, includeUnsafe: Bool) -> [ProfileFix] {
        report.configurations.compactMap { configuration -> ProfileFix? in
            let changes = plan.changes.filter { $0.profile == configuration.profile }
            guard !changes.isEmpty else { return nil }
            var fix = ProfileFix(configuration: configuration, changes: changes, edits: [], rewrites: [])
            guard let writer = writers.first(where: { $0.client == configuration.client }) else {
                fix.refusal = FixRefusal(profile: configuration.profile, reason: "mua-fix cannot write \(configuration.client) configurations yet")
                return fix
            }
            let selected = changes.filter { includeUnsafe || $0.applicability == .safe }
            do throws(FixRefusal) {
                var contents: [String: [UInt8]] = [:]
                for path in configuration.files {
                    do throws(ReadError) { contents[path] = try FileSystem.readBytes(path) } catch {
                        throw FixRefusal(profile: configuration.profile, reason: error.description)
                    }
                }
                fix.edits = try writer.edits(for: selected, in: configuration, contents: contents)
                for path in configuration.files {
                    let fileEdits = fix.edits.filter { $0.file == path }.map(\.edit)
                    guard !fileEdits.isEmpty, let old = contents[path] else { continue }
                    let new: [UInt8]
                    do { new = try TextEdits.applying(fileEdits, to: old) } catch {
                        throw FixRefusal(profile: configuration.profile, reason: "\(path): \(error)")
                    }
                    if let problem = writer.verify(old: old, new: new, path: path, edits: fix.edits.filter { $0.file == path }) {
                        throw FixRefusal(profile: configuration.profile, reason: "\(problem); nothing was written (please report this as a mua-fix bug)")
                    }
                    fix.rewrites.append(FileRewrite(path: path, old: old, new: new))
                }
            } catch {
                fix.refusal = error
                fix.edits = []
                fix.rewrites = []
            }
            return fix
        }
    }

    public func apply(_ fix: ProfileFix) -> FixOutcome {
        var outcome = FixOutcome(profile: fix.configuration.profile, status: .failed)
        if let refusal = fix.refusal {
            outcome.message = refusal.reason
            return outcome
        }
        guard !fix.rewrites.isEmpty else {
            outcome.status = .nothingToDo
            return outcome
        }
        if let refusal = writers.first(where: { $0.client == fix.configuration.client })?.checkNotInUse(fix.configuration.profile) {
            outcome.status = .inUse
            outcome.message = refusal.reason
            return outcome
        }
        let backup: Backup
        do {
            backup = try BackupStore.backUp(files: fix.rewrites.map(\.path))
        } catch {
            outcome.message = "could not back up the files, so nothing was changed: \(error)"
            return outcome
        }
        outcome.backup = backup

        for rewrite in fix.rewrites {
            // Temporary files a killed earlier run left behind.
            SafeFileWriter.removeStaleTemporaryFiles(nextTo: rewrite.path)
            do {
                // expectedContent: if the client (or anyone) changed the file since it was read, stop.
                try SafeFileWriter.replaceContents(ofFile: rewrite.path, with: rewrite.new, expectedContent: rewrite.old)
                outcome.written.append(rewrite.path)
            } catch {
                // The new content may already be in place (only the folder's fsync failed): undo it too.
                if error.contentReplaced { outcome.written.append(rewrite.path) }
                outcome.message = "\(error); " + rollBack(outcome.written, in: fix)
                outcome.written = []
                return outcome
            }
        }
        if let problem = verify(fix) {
            outcome.message = "after writing, \(problem); " + rollBack(outcome.written, in: fix)
            outcome.written = []
            return outcome
        }
        outcome.status = .applied
        return outcome
    }

    /// Puts back the old content of files already written, so a failed fix leaves the profile whole.
    func rollBack(_ written: [String], in fix: ProfileFix) -> String {
        var failures: [String] = []
        for path in written {
            guard let rewrite = fix.rewrites.first(where: { $0.path == path }) else { continue }
            do { try SafeFileWriter.replaceContents(ofFile: path, with: rewrite.old) } catch { failures.append(error.description) }
        }
        if failures.isEmpty { return written.isEmpty ? "nothing was changed" : "the original files were put back" }
        return "putting the originals back failed (\(failures.joined(separator: "; "))); restore them with `mua-fix restore \(fix.configuration.profile)`"
    }

    /// Reads the profile again, as the client will: every applied change took effect, and every
    /// other account and server reads exactly as before.
    func verify(_ fix: ProfileFix) -> String? {
        guard let reader = readers.first(where: { $0.client == fix.configuration.client }) else { return nil }
        let configuration: ClientConfiguration
        do {
            configuration = try reader.read(ProfileSource(client: fix.configuration.client, path: fix.configuration.profile))
        } catch {
            return "the profile could not be read back: \(error)"
        }
        guard configuration.accounts.map(\.id) == fix.configuration.accounts.map(\.id) else {
            return "the accounts read back differ (\(configuration.accounts.map(\.id)) instead of \(fix.configuration.accounts.map(\.id)))"
        }
        if configuration.misreadings.count > fix.configuration.misreadings.count {
            return "the profile reads back with new problems: \(configuration.misreadings.map(\.message).joined(separator: "; "))"
        }
        func id(_ endpoint: Endpoint) -> String { "\(endpoint.role.rawValue) \(endpoint.key)" }
        let now = Dictionary(configuration.accounts.flatMap(\.endpoints).map { (id($0), $0) }) { first, _ in first }
        let applied = Dictionary(fix.changes.filter(fix.isSelected).map { (id($0.endpoint), $0) }) { first, _ in first }
        for endpoint in fix.configuration.accounts.flatMap(\.endpoints) {
            guard let after = now[id(endpoint)] else { return "\(endpoint.label) disappeared from the configuration" }
            if let change = applied[id(endpoint)] {
                if after.security != .tls || after.port != change.target.port || after.host != change.target.host {
                    return "\(endpoint.label) reads back as \(after.security.rawValue) on \(after.host):\(after.port), not SSL/TLS on \(change.target.host):\(change.target.port)"
                }
            } else if (after.host, after.port, after.security, after.auth, after.username, after.url)
                        != (endpoint.host, endpoint.port, endpoint.security, endpoint.auth, endpoint.username, endpoint.url) {
                return "\(endpoint.label) was not to change but reads back as \(after.security.rawValue) on \(after.host):\(after.port)"
            }
        }
        return nil
    }
}
