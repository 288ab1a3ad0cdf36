/// What one run of `mua-fix check` learned: every profile read, every finding, every file that could not be read.
public struct CheckReport: Sendable {
    public var profiles: [ProfileSource] = []
    public var configurations: [ClientConfiguration] = []
    public var findings: [Finding] = []
    public var errors: [ReadError] = []

    public init() {}

    public func count(_ severity: Severity) -> Int { findings.filter { $0.severity == severity }.count }
    public var accountCount: Int { configurations.reduce(0) { $0 + $1.accounts.count } }
    public var fileCount: Int { Set(configurations.flatMap(\.files)).count }
}

/// Finds the profiles named by paths, reads each with its client's reader and runs every rule.
public struct Checker: Sendable {
    /// Every supported client. A new client is one more entry here.
    public static let allReaders: [any ClientReader] = [ThunderbirdReader()]

    public var readers: [any ClientReader]

    public init(readers: [any ClientReader] = Checker.allReaders) {
        self.readers = readers
    }

    /// The profiles at `paths`, or in the clients' default places when `paths` is empty.
    public func discover(paths: [String], home: String) -> (profiles: [ProfileSource], errors: [ReadError]) {
        var profiles: [ProfileSource] = []
        var errors: [ReadError] = []
        let searchDefaults = paths.isEmpty
        let candidates = searchDefaults
            ? readers.flatMap { $0.defaultRoots(home: home) }.filter(FileSystem.exists)
            : paths
        for path in candidates {
            var found: [ProfileSource] = []
            var foundErrors: [ReadError] = []
            for reader in readers {
                let discovery = reader.discover(at: path)
                found += discovery.profiles
                foundErrors += discovery.errors
            }
            errors += foundErrors
            if found.isEmpty && !searchDefaults && foundErrors.isEmpty {
                let reason: String
                if !FileSystem.exists(path) {
                    reason = "no such file or folder"
                } else if !FileSystem.isDirectory(path) && !FileSystem.isRegularFile(path) {
                    reason = "cannot be followed (\(FileSystem.resolveFailure(path)))"
                } else {
                    reason = "not a mail client configuration mua-fix knows (looked for a Thunderbird profiles.ini, prefs.js or user.js)"
                }
                errors.append(ReadError(file: path, reason: reason))
            }
            profiles += found
        }
        if searchDefaults && profiles.isEmpty && errors.isEmpty {
            let places = readers.flatMap { $0.defaultRoots(home: home) }.joined(separator: ", ")
            errors.append(ReadError(file: home, reason: "no mail client configuration found in the usual places (\(places)); name a profile folder or file"))
        }
        return (profiles, errors)
    }

    public func check(paths: [String], home: String) -> CheckReport {
        var report = CheckReport()
        let discovered = discover(paths: paths, home: home)
        report.errors = discovered.errors
        for profile in discovered.profiles {
            guard let reader = readers.first(where: { $0.client == profile.client }) else { continue }
            do {
                let configuration = try reader.read(profile)
                report.profiles.append(profile)
                report.configurations.append(configuration)
                report.findings += RuleRegistry.check(configuration)
            } catch {
                report.errors.append(error)
            }
        }
        return report
    }
}
