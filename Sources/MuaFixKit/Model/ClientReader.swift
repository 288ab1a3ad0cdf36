/// A profile (or single configuration file) of one mail client, found on disk.
public struct ProfileSource: Sendable, Hashable {
    public var client: String
    /// The folder or file to read.
    public var path: String
    public var name: String?
    /// Whether the client starts with this profile by default.
    public var isDefault: Bool

    public init(client: String, path: String, name: String? = nil, isDefault: Bool = false) {
        self.client = client
        self.path = path
        self.name = name
        self.isDefault = isDefault
    }
}

/// A file that could not be read at all. Everything else a reader meets becomes a misreading.
public struct ReadError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var reason: String

    public init(file: String, line: Int? = nil, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String {
        if let line { return "\(file):\(line): \(reason)" }
        return "\(file): \(reason)"
    }
}

/// What discovery found at a path: the profiles, and what could not be made sense of.
public struct Discovery: Sendable {
    public var profiles: [ProfileSource] = []
    public var errors: [ReadError] = []
    public init(profiles: [ProfileSource] = [], errors: [ReadError] = []) {
        self.profiles = profiles
        self.errors = errors
    }
}

/// One mail client's discovery and reading. Adding a client means adding one of these; no rule changes.
public protocol ClientReader: Sendable {
    var client: String { get }
    /// The profiles found at `path`; nothing at all when the path is not this client's.
    func discover(at path: String) -> Discovery
    /// Where the client keeps its profiles when the user names no path.
    func defaultRoots(home: String) -> [String]
    func read(_ source: ProfileSource) throws(ReadError) -> ClientConfiguration
}
