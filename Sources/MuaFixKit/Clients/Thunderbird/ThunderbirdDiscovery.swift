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

    static func discover(at path: String) -> Discovery {
        if FileSystem.isRegularFile(path) {
            let name = FileSystem.name(of: path)
            if name.hasSuffix(".js") { return Discovery(profiles: [ProfileSource(client: "thunderbird", path: path)]) }
            if name == "profiles.ini" { return profiles(inRoot: FileSystem.parent(of: path)) }
            return Discovery()
        }
        guard FileSystem.isDirectory(path) else { return Discovery() }
        if FileSystem.exists(FileSystem.join(path, "profiles.ini")) { return profiles(inRoot: path) }
        if FileSystem.exists(FileSystem.join(path, "prefs.js")) || FileSystem.exists(FileSystem.join(path, "user.js")) {
            return Discovery(profiles: [ProfileSource(client: "thunderbird", path: path)])
        }
        return Discovery()
    }

    /// Every profile profiles.ini lists, marking the one Thunderbird starts with. A broken section
    /// is an error of its own; the other profiles are still found.
    static func profiles(inRoot root: String) -> Discovery {
        let iniPath = FileSystem.join(root, "profiles.ini")
        let ini: IniFile
        do { ini = IniFile(bytes: try FileSystem.readBytes(iniPath), path: iniPath) } catch {
            return Discovery(errors: [error])
        }
        let installsPath = FileSystem.join(root, "installs.ini")
        let installs = FileSystem.exists(installsPath)
            ? IniFile(bytes: (try? FileSystem.readBytes(installsPath)) ?? [], path: installsPath) : nil

        // An install's own default wins over the legacy Default=1 (Gecko's nsToolkitProfileService).
        let installDefaults = Set(
            ini.sections.filter { $0.name.hasPrefix("Install") }.compactMap { $0["Default"] }
            + (installs?.sections.compactMap { $0["Default"] } ?? []))

        var found = Discovery()
        for section in ini.sections where isProfileSection(section.name) {
            guard let relative = section["Path"], !relative.isEmpty else {
                found.errors.append(ReadError(file: iniPath, line: section.line, reason: "[\(section.name)] has no Path=, so Thunderbird cannot use it"))
                continue
            }
            let isRelative = section["IsRelative"] != "0"
            let path = isRelative ? FileSystem.join(root, relative) : relative
            let isDefault = installDefaults.isEmpty ? section["Default"] == "1" : installDefaults.contains(relative)
            found.profiles.append(ProfileSource(client: "thunderbird", path: path, name: section["Name"], isDefault: isDefault))
        }
        if found.profiles.isEmpty && found.errors.isEmpty {
            found.errors.append(ReadError(file: iniPath, reason: "lists no [Profile] sections"))
        }
        return found
    }

    /// `[Profile0]`, `[Profile12]`: what Gecko's profile service reads; other sections are not profiles.
    static func isProfileSection(_ name: String) -> Bool {
        name.hasPrefix("Profile") && name.count > 7 && name.dropFirst(7).allSatisfy(\.isASCII) && name.dropFirst(7).allSatisfy(\.isNumber)
    }
}
