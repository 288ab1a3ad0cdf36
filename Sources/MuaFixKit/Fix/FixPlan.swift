/// How sure mua-fix is that a change keeps mail working (ruff's model).
public enum Applicability: String, Sendable, Codable {
    /// A provider profile lists SSL/TLS on exactly the target host and port.
    case safe
    /// Only RFC 8314's standard port suggests the target; nothing confirms the server listens there.
    case unsafe
}

/// One endpoint moved to implicit TLS: what changes, and how sure we are.
public struct PlannedChange: Sendable, Hashable {
    public var client: String
    public var profile: String
    public var accountID: String
    public var accountName: String
    public var endpoint: Endpoint
    public var target: FixTarget
    public var applicability: Applicability
    /// Why the change is safe or unsafe, for the user.
    public var reason: String
    /// The rules whose findings this change resolves.
    public var rules: [String]
}

public struct FixPlan: Sendable {
    public var changes: [PlannedChange] = []
    /// Findings no automatic change resolves (certificate exceptions, TLS version overrides, broken files).
    public var manual: [Finding] = []
}

/// Turns findings into planned changes, consulting provider profiles to decide host and applicability.
public struct FixPlanner: Sendable {
    public var providers: ProviderProfiles

    public init(providers: ProviderProfiles = .bundled) {
        self.providers = providers
    }

    public func plan(_ report: CheckReport) -> FixPlan {
        var plan = FixPlan()
        var indexByEndpoint: [String: Int] = [:]
        for finding in report.findings {
            guard let endpoint = finding.endpoint, finding.fix != nil, let accountID = finding.accountID,
                  let account = report.configurations.first(where: { $0.profile == finding.profile })?
                    .accounts.first(where: { $0.id == accountID }) else {
                plan.manual.append(finding)
                continue
            }
            // One change per server, however many accounts share it (one SMTP server for several accounts).
            let key = "\(finding.profile)\u{0}\(endpoint.role.rawValue)\u{0}\(endpoint.key)"
            if let index = indexByEndpoint[key] {
                plan.changes[index].rules.append(finding.rule)
                continue
            }
            indexByEndpoint[key] = plan.changes.count
            plan.changes.append(change(for: endpoint, of: account, finding: finding))
        }
        return plan
    }

    func change(for endpoint: Endpoint, of account: Account, finding: Finding) -> PlannedChange {
        var target = finding.fix!
        let provider = providers.profile(forEmail: account.email, host: endpoint.host)
        // The host changes only when the configured host is the provider's own: an asnet.am address
        // may well read its mail from another provider, whose host must stay.
        if endpoint.url == nil, let provider, provider.matches(host: endpoint.host),
           let server = provider.implicitTLSServer(for: endpoint.protocolName) {
            target.host = server.host
        }
        let confirmed = endpoint.url == nil && providers.confirmsImplicitTLS(
            protocol: endpoint.protocolName, host: target.host, port: target.port, email: account.email)
        let place = "\(target.host):\(target.port)"
        let reason = confirmed
            ? "provider profile \(provider?.id ?? "?") lists SSL/TLS on \(place)"
            : "only the RFC 8314 standard port suggests \(target.url ?? place); no provider profile confirms the server listens there"
        return PlannedChange(client: finding.client, profile: finding.profile, accountID: account.id,
                             accountName: account.name, endpoint: endpoint, target: target,
                             applicability: confirmed ? .safe : .unsafe, reason: reason, rules: [finding.rule])
    }
}
