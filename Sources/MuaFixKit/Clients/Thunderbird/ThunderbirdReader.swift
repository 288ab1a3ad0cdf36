/// Reads one Thunderbird profile (or one prefs file) into the client-neutral model.
public struct ThunderbirdReader: ClientReader {
    public let client = "thunderbird"
    public init() {}

    public func discover(at path: String) -> Discovery {
        ThunderbirdDiscovery.discover(at: path)
    }

    public func defaultRoots(home: String) -> [String] {
        ThunderbirdDiscovery.defaultRootsInHome.map { FileSystem.join(home, $0) }
    }

    public func read(_ source: ProfileSource) throws(ReadError) -> ClientConfiguration {
        let folder: String
        var prefsFiles: [String]
        // A profile's own files sit next to prefs.js; a prefs file under another name stands alone.
        let isProfile = FileSystem.isDirectory(source.path) || FileSystem.name(of: source.path) == "prefs.js"
        if FileSystem.isDirectory(source.path) {
            folder = source.path
            // user.js is read after prefs.js, so its values win (and are saved back into prefs.js).
            prefsFiles = ["prefs.js", "user.js"].map { FileSystem.join(folder, $0) }.filter(FileSystem.exists)
        } else if FileSystem.isRegularFile(source.path) {
            folder = FileSystem.parent(of: source.path)
            prefsFiles = [source.path]
            let userJS = FileSystem.join(folder, "user.js")
            if FileSystem.name(of: source.path) == "prefs.js", FileSystem.exists(userJS) { prefsFiles.append(userJS) }
        } else {
            throw ReadError(file: source.path, reason: "no such profile folder or file")
        }

        var configuration = ClientConfiguration(client: client, profile: source.path)
        var store = PrefsStore()
        for path in prefsFiles {
            let file = PrefsParser.parse(try FileSystem.readBytes(path), path: path)
            store.load(file)
            configuration.files.append(path)
            configuration.misreadings += Self.misreadings(of: file)
        }

        var lastVersionMajor: Int?
        let compatibility = FileSystem.join(folder, "compatibility.ini")
        if isProfile, let bytes = try? FileSystem.readBytes(compatibility) {
            let version = IniFile(bytes: bytes, path: compatibility).section("Compatibility")?["LastVersion"]
            lastVersionMajor = version.flatMap { Int($0.prefix { $0.isNumber }) }
        }

        var accounts = ThunderbirdAccounts(prefs: store, lastVersionMajor: lastVersionMajor)
        configuration.accounts = accounts.read()
        configuration.misreadings += accounts.misreadings
        configuration.tlsVersionSettings = Self.tlsVersionSettings(store)

        let overrides = FileSystem.join(folder, "cert_override.txt")
        if isProfile, FileSystem.exists(overrides) {
            configuration.certificateExceptions = CertOverrideReader.read(try FileSystem.readBytes(overrides), path: overrides)
            configuration.files.append(overrides)
        }
        return configuration
    }

    static func misreadings(of file: PrefsFile) -> [Misreading] {
        var found: [Misreading] = []
        for diagnostic in file.diagnostics {
            let losesTheRest = diagnostic.message.hasPrefix("unterminated /*") || diagnostic.message == PrefsParser.nulByteMessage
            let consequence = losesTheRest ? "Thunderbird ignores everything after it" : "Thunderbird drops this statement"
            found.append(Misreading(message: "\(diagnostic.message): \(consequence)", location: diagnostic.location))
        }
        for index in file.statements.indices where file.statements.kind(at: index) != .user {
            let statement = file.statements[index]
            found.append(Misreading(
                message: "\(statement.kind.rawValue)(\"\(statement.name)\", …) in a profile file is read only by Debian's Thunderbird builds; others drop it — use user_pref",
                location: statement.statement))
        }
        return found
    }

    static func tlsVersionSettings(_ store: PrefsStore) -> [TLSVersionSetting] {
        var settings: [TLSVersionSetting] = []
        for (name, kind) in [("security.tls.version.min", TLSVersionSetting.Kind.minimum),
                             ("security.tls.version.max", .maximum)] {
            if let statement = store.statement(name), case .int(let value) = statement.value {
                settings.append(TLSVersionSetting(kind: kind, version: TLSVersion(rawValue: Int(value)),
                                                  source: SettingSource(name: name, location: statement.statement)))
            }
        }
        let deprecated = "security.tls.version.enable-deprecated"
        if let statement = store.statement(deprecated), case .bool(let enabled) = statement.value {
            settings.append(TLSVersionSetting(kind: .deprecatedVersionsEnabled, enabled: enabled,
                                              source: SettingSource(name: deprecated, location: statement.statement)))
        }
        return settings
    }
}
