import Foundation
import MuaFixKit
import Testing

/// Holds mua-fix's reading of Thunderbird profiles against the real Thunderbird.
///
/// Each fixture under Fixtures/thunderbird/oracle/<case>/ has the profile files and, in expected.json,
/// what the real Thunderbird 153 reported for it (recorded by scripts/oracle/thunderbird/record-expected).
/// (a) re-runs Thunderbird where it is installed, so a stale recording fails;
/// (b) compares mua-fix's reader with the recording, so it runs everywhere.
@Suite("Thunderbird oracle")
struct ThunderbirdOracleTests {
    static let thunderbirdDirectory =
        ProcessInfo.processInfo.environment["MUAFIX_THUNDERBIRD_DIR"] ?? "/usr/lib/thunderbird"

    // MARK: (a) the recordings still match the real Thunderbird

    @Test("The real Thunderbird still reports what each expected.json recorded")
    func recordingsMatchTheRealThunderbird() throws {
        guard oracleAvailable("Thunderbird", executable: Self.thunderbirdDirectory + "/thunderbird-bin") else { return }
        let names = ThunderbirdOracleFixtures.names
        try #require(!names.isEmpty, "no oracle fixtures in \(ThunderbirdOracleFixtures.directory)")

        guard let output = try ThunderbirdOracleFixtures.runHarness(names.map(ThunderbirdOracleFixtures.path)) else { return }

        var reports: [String: JSONValue] = [:]
        for line in output.split(separator: "\n") where !line.isEmpty {
            let report = try JSONValue.parse(Data(line.utf8))
            guard case .string(let profile)? = report["profile"] else {
                Issue.record("harness line without a profile: \(line)")
                continue
            }
            reports[profile] = report
        }

        for name in names {
            guard let report = reports[ThunderbirdOracleFixtures.path(name)] else {
                Issue.record("\(name): the harness printed no result")
                continue
            }
            var actual = report.removing(ThunderbirdOracleFixtures.volatileFields)
            var expected = try JSONValue.parse(ThunderbirdOracleFixtures.expectedData(name))
            // Another Thunderbird build is worth a note, not a failure by itself; what it reports is.
            if let recorded = expected["thunderbird"], let running = actual["thunderbird"], recorded != running {
                FileHandle.standardError.write(Data("note: \(name) was recorded with Thunderbird \(recorded), running \(running)\n".utf8))
                actual = actual.removing(["thunderbird"])
                expected = expected.removing(["thunderbird"])
            }
            // Thunderbird writes some prefs lazily (newsrc paths, feed options), so a loaded machine sees
            // more of them than the recording: extra prefs are not a difference, a changed or missing one is.
            if case .object(let recordedPrefs)? = expected["prefs"], case .object(let runningPrefs)? = actual["prefs"],
               case .object(var members) = actual {
                members["prefs"] = .object(runningPrefs.filter { recordedPrefs[$0.key] != nil })
                actual = .object(members)
            }
            let differences = expected.differences(from: actual)
            if !differences.isEmpty {
                Issue.record(Comment(rawValue: """
                    \(name): the real Thunderbird no longer reports what expected.json recorded \
                    (re-record with scripts/oracle/thunderbird/record-expected \(name) and review):
                    \(differences.prefix(30).joined(separator: "\n"))
                    """))
            }
        }
    }

    // MARK: (b) mua-fix reads each fixture as Thunderbird did

    @Test("mua-fix reads each oracle fixture as the real Thunderbird did", arguments: ThunderbirdOracleFixtures.names)
    func readerAgreesWithThunderbird(_ name: String) throws {
        let report = try JSONDecoder().decode(
            ThunderbirdOracleReport.self, from: ThunderbirdOracleFixtures.expectedData(name))
        // Thunderbird crashed on this profile (imap-host-port-crash): there is no reading to compare.
        guard report.ok else { return }

        let configuration = try ThunderbirdReader().read(
            ProfileSource(client: "thunderbird", path: ThunderbirdOracleFixtures.path(name)))

        let thunderbird = MailServerView.servers(in: report)
        var muaFix: [MailServerView.ID: MailServerView] = [:]
        for endpoint in configuration.accounts.flatMap(\.endpoints) {
            guard let server = MailServerView(endpoint) else { continue }
            // An outgoing server shared by several accounts may be listed under each; it must read the same.
            if let earlier = muaFix[server.id], earlier != server {
                Issue.record("\(name): mua-fix reports \(server.id) twice, differently: \(earlier) and \(server)")
            }
            muaFix[server.id] = server
        }

        for id in Set(thunderbird.keys).union(muaFix.keys).sorted() {
            switch (thunderbird[id], muaFix[id]) {
            case (let expected?, let actual?):
                for difference in expected.differences(from: actual) {
                    Issue.record("\(name): \(id) \(difference)")
                }
            case (let expected?, nil):
                Issue.record("\(name): \(id) missing in mua-fix; Thunderbird uses \(expected)")
            case (nil, let actual?):
                Issue.record("\(name): \(id) reported by mua-fix as \(actual) but Thunderbird has no such server")
            case (nil, nil):
                break
            }
        }
    }
}

/// One mail server as it is compared: the client's key, protocol, and where and how it connects.
struct MailServerView: Equatable, CustomStringConvertible {
    struct ID: Hashable, Comparable, CustomStringConvertible {
        var role: String
        var key: String
        var description: String { "\(role) \(key)" }
        static func < (a: ID, b: ID) -> Bool { (a.role, a.key) < (b.role, b.key) }
    }

    var id: ID
    var protocolName: String
    var host: String
    var port: Int
    var security: Security

    var description: String { "\(protocolName) \(host):\(port) \(security.rawValue)" }

    static let comparedIncoming: Set<String> = ["imap", "pop3", "nntp"]

    /// Thunderbird 153's meaning of a socketType/try_ssl value (MailNewsTypes2.idl and the protocol clients).
    static func security(socketType: Int, protocolName: String) -> Security {
        switch socketType {
        case 3: .tls
        // NNTP has no STARTTLS: NntpClient uses TLS for any "secure" socketType, from the first byte.
        case 2: protocolName == "nntp" ? .tls : .starttls
        // 0, the former trySTARTTLS 1 (ignored since TB 132; the recording shows 2 where it was
        // migrated), and unknown values all connect in plaintext.
        default: .none
        }
    }

    /// The servers Thunderbird reported: incoming IMAP/POP3/NNTP and outgoing SMTP.
    static func servers(in report: ThunderbirdOracleReport) -> [ID: MailServerView] {
        var servers: [ID: MailServerView] = [:]
        for server in report.incoming ?? [] {
            guard let type = server.type, comparedIncoming.contains(type) else { continue }
            let view = MailServerView(
                id: ID(role: "incoming", key: server.key), protocolName: type, host: server.hostname ?? "",
                port: server.port ?? -1,
                security: security(socketType: server.socketType ?? 0, protocolName: type))
            servers[view.id] = view
        }
        for server in report.outgoing ?? [] where (server.type ?? "smtp") == "smtp" {
            guard let key = server.key else { continue }
            let view = MailServerView(
                id: ID(role: "outgoing", key: key), protocolName: "smtp", host: server.hostname ?? "",
                port: server.port ?? -1,
                security: security(socketType: server.socketType ?? 0, protocolName: "smtp"))
            servers[view.id] = view
        }
        return servers
    }

    init(id: ID, protocolName: String, host: String, port: Int, security: Security) {
        self.id = id
        self.protocolName = protocolName
        self.host = host
        self.port = port
        self.security = security
    }

    /// mua-fix's endpoint, when it is one of the compared kinds.
    init?(_ endpoint: Endpoint) {
        let name = endpoint.protocolName.rawValue
        switch endpoint.role {
        case .incoming where Self.comparedIncoming.contains(name): break
        case .outgoing where endpoint.protocolName == .smtp: break
        default: return nil
        }
        self.init(id: ID(role: endpoint.role.rawValue, key: endpoint.key), protocolName: name,
                  host: endpoint.host, port: endpoint.port, security: endpoint.security)
    }

    /// `field: Thunderbird X, mua-fix Y` for each field that differs.
    func differences(from muaFix: MailServerView) -> [String] {
        var lines: [String] = []
        func compare<T: Equatable>(_ field: String, _ thunderbird: T, _ ours: T) {
            if thunderbird != ours { lines.append("\(field): Thunderbird \(thunderbird), mua-fix \(ours)") }
        }
        compare("protocol", protocolName, muaFix.protocolName)
        compare("host", host, muaFix.host)
        compare("port", port, muaFix.port)
        compare("security", security.rawValue, muaFix.security.rawValue)
        return lines
    }
}
