/// The provider profiles mua-fix knows: the bundled ones and any the user adds with `--profile`.
/// Earlier profiles win, so user files go before the bundled ones.
public struct ProviderProfiles: Sendable {
    public var profiles: [ProviderProfile]

    public init(_ profiles: [ProviderProfile] = []) {
        self.profiles = profiles
    }

    /// The profiles compiled into the binary (profiles/ in the repository), parsed once. Parsing can
    /// fail only when libxml2 cannot be loaded (AutoconfigBundledProfilesTests guard the texts).
    static let bundledResult: Result<ProviderProfiles, ReadError> = {
        var profiles: [ProviderProfile] = []
        for file in BundledProfiles.files {
            do throws(ReadError) {
                profiles.append(try AutoconfigReader.read(bytes: Array(file.text.utf8), path: "(bundled) " + file.name))
            } catch {
                return .failure(error)
            }
        }
        return .success(ProviderProfiles(profiles))
    }()

    /// The bundled profiles; none when they cannot be read (`bundled(adding:)` says why).
    public static var bundled: ProviderProfiles { (try? bundledResult.get()) ?? ProviderProfiles() }

    public static func load(files: [String]) throws(ReadError) -> ProviderProfiles {
        var profiles: [ProviderProfile] = []
        for file in files { profiles.append(try AutoconfigReader.read(path: file)) }
        return ProviderProfiles(profiles)
    }

    /// The user's files first, then the bundled profiles.
    public static func bundled(adding files: [String]) throws(ReadError) -> ProviderProfiles {
        ProviderProfiles(try load(files: files).profiles + bundledResult.get().profiles)
    }

    /// The first profile whose domain is the email's domain, else the first that owns `host` (one of
    /// its servers, or under one of its domains). With an email, its placeholders are filled in.
    public func profile(forEmail email: String?, host: String?) -> ProviderProfile? {
        let candidates = email.map { email in profiles.map { $0.substitutingPlaceholders(email: email) } } ?? profiles
        if let email, let byDomain = candidates.first(where: { $0.matches(email: email) }) { return byDomain }
        if let host { return candidates.first { $0.matches(host: host) } }
        return nil
    }

    /// Whether any profile lists implicit TLS for this protocol on exactly this host and port. Placeholder
    /// hosts count only when `email` fills them in.
    public func confirmsImplicitTLS(protocol protocolName: MailProtocol, host: String, port: Int, email: String? = nil) -> Bool {
        profiles.contains { profile in
            let profile = email.map(profile.substitutingPlaceholders(email:)) ?? profile
            return profile.confirmsImplicitTLS(protocol: protocolName, host: host, port: port)
        }
    }
}
