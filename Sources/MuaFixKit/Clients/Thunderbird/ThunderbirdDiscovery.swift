/// Finds Thunderbird profiles: a root holding profiles.ini, one profile folder, or one prefs.js.
enum ThunderbirdDiscovery {
    /// Profile roots relative to the home folder, for Debian's package, Snap and the Flatpak ids.
    static let defaultRootsInHome = [
        ".thunderbird",
        "snap/thunderbird/common/.thunderbird",
        ".var/app/org.mozilla.Thunderbird/.thunderbird",
        ".var/app/org.mozilla.thunderbird/.thunderbird",
        ".var/app/org.mozilla.thunderbird_esr/.thunderbird",
        ".var/app/net.thunderbird.Thunderbird/.thunderbird",
        ".icedove",
    ]

    static func discover(at path: String) throws(ReadError) -> [ProfileSource] {
        if FileSystem.isRegularFile(path) {
            let name = FileSystem.name(of: path)
            if name.hasSuffix(".js") { return [ProfileSource(client: "thunderbird", path: path)] }
            if name == "profiles.ini" { return try profiles(inRoot: FileSystem.parent(of: path)) }
            return []
        }
        guard FileSystem.isDirectory(path) else { return [] }
        if FileSystem.exists(FileSystem.join(path, "profiles.ini")) { return try profiles(inRoot: path) }
        if FileSystem.exists(FileSystem.join(path, "prefs.js")) || FileSystem.exists(FileSystem.join(path, "user.js")) {
            return [ProfileSource(client: "thunderbird", path: path)]
        }
        return []
    }

    /// Every profile profiles.ini lists, marking the one Thunderbird starts with.
    static func profiles(inRoot root: String) throws(ReadError) -> [ProfileSource] {
        let iniPath = FileSystem.join(root, "profiles.ini")
        let ini = IniFile(bytes: try FileSystem.readBytes(iniPath), path: iniPath)
        let installsPath = FileSystem.join(root, "installs.ini")
        let installs = FileSystem.exists(installsPath)
            ? IniFile(bytes: (try? FileSystem.readBytes(installsPath)) ?? [], path: installsPath) : nil

        // An install's own default wins over the legacy Default=1 (Gecko's nsToolkitProfileService).
        let installDefaults = Set(
            ini.sections.filter { $0.name.hasPrefix("Install") }.compactMap { $0["Default"] }
            + (installs?.sections.compactMap { $0["Default"] } ?? []))

        var found: [ProfileSource] = []
        for section in ini.sections where section.name.hasPrefix("Profile") {
            guard let relative = section["Path"], !relative.isEmpty else {
                throw ReadError(file: iniPath, line: section.line, reason: "[\(section.name)] has no Path=")
            }
            let isRelative = section["IsRelative"] != "0"
            let path = isRelative ? FileSystem.join(root, relative) : relative
            let isDefault = installDefaults.isEmpty ? section["Default"] == "1" : installDefaults.contains(relative)
            found.append(ProfileSource(client: "thunderbird", path: path, name: section["Name"], isDefault: isDefault))
        }
        if found.isEmpty { throw ReadError(file: iniPath, reason: "lists no [Profile] sections") }
        return found
    }
}
