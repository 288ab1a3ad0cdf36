import Foundation
import MuaFixKit
import Testing

/// The real Thunderbird loads every profile mua-fix has fixed: each fixed server must come up with
/// socketType 3 on its dedicated port, and every other server exactly as before.
@Suite("Thunderbird oracle: fixed profiles")
struct ThunderbirdFixOracleTests {
    static let sample = ThunderbirdOracleFixtures.packageRoot + "/samples/thunderbird/x7k2m9qa.default-default"

    struct Fixed {
        var name: String
        var copy: String
        /// Thunderbird's view before the fix: the fixture's recording, or a run on the original.
        var before: ThunderbirdOracleReport?
        var changes: [MailServerView.ID: PlannedChange]
    }

    @Test("Thunderbird 153 reads every fixed server as SSL/TLS on its dedicated port and the rest unchanged")
    func fixedProfilesLoadInThunderbird() throws {
        guard oracleAvailable("Thunderbird", executable: ThunderbirdOracleTests.thunderbirdDirectory + "/thunderbird-bin") else { return }
        let scratch = try scratchDirectory("muafix-fix-oracle")
        defer { try? FileManager.default.removeItem(atPath: scratch) }

        var fixed: [Fixed] = []
        let sources = ThunderbirdOracleFixtures.names.map { ($0, ThunderbirdOracleFixtures.path($0)) } + [("sample", Self.sample)]
        for (name, source) in sources {
            let copy = scratch + "/" + name
            try FileManager.default.copyItem(atPath: source, toPath: copy)
            try? FileManager.default.removeItem(atPath: copy + "/expected.json")
            let before = try? JSONDecoder().decode(ThunderbirdOracleReport.self, from: ThunderbirdOracleFixtures.expectedData(name))
            if before?.ok == false { continue }   // Thunderbird crashes on the original: nothing to compare
            let report = Checker().check(paths: [copy], home: "/nonexistent")
            let plan = FixPlanner().plan(report)
            let engine = FixEngine()
            var changes: [MailServerView.ID: PlannedChange] = [:]
            for fix in engine.prepare(plan, for: report, includeUnsafe: true) {
                let outcome = engine.apply(fix)
                guard outcome.status == .applied else { continue }
                for change in fix.changes where fix.isSelected(change) {
                    changes[.init(role: change.endpoint.role.rawValue, key: change.endpoint.key)] = change
                }
            }
            fixed.append(Fixed(name: name, copy: copy, before: before, changes: changes))
        }
        #expect(fixed.contains { !$0.changes.isEmpty }, "the fixtures must give the fixer something to do")

        // One harness run: the fixed copies, plus the originals that have no recording.
        let originals = fixed.filter { $0.before == nil }.map { name -> String in
            let original = scratch + "/original-" + name.name
            try? FileManager.default.copyItem(atPath: sources.first { $0.0 == name.name }!.1, toPath: original)
            return original
        }
        let reports = try runHarness(fixed.map(\.copy) + originals)
        guard !reports.isEmpty else { return }

        for entry in fixed {
            let before = try #require(entry.before ?? reports[scratch + "/original-" + entry.name], "\(entry.name): no reading of the original")
            guard let after = reports[entry.copy], after.ok else {
                Issue.record("\(entry.name): Thunderbird did not load the fixed profile: \(String(describing: reports[entry.copy]))")
                continue
            }
            let old = MailServerView.servers(in: before), new = MailServerView.servers(in: after)
            #expect(Set(old.keys) == Set(new.keys), "\(entry.name): the fix must not add or lose servers")
            for (id, server) in new {
                if let change = entry.changes[id] {
                    let socketType = id.role == "incoming"
                        ? after.incoming?.first { $0.key == id.key }?.socketType
                        : after.outgoing?.first { $0.key == id.key }?.socketType
                    #expect(socketType == 3, "\(entry.name): \(id) fixed but Thunderbird reads socketType \(String(describing: socketType))")
                    #expect(server.port == change.target.port && server.host == change.target.host,
                            "\(entry.name): \(id) fixed to \(change.target.host):\(change.target.port) but Thunderbird uses \(server)")
                } else {
                    #expect(server == old[id], "\(entry.name): \(id) was not to change: before \(String(describing: old[id])), after \(server)")
                }
            }
        }
    }

    /// Runs the oracle harness; an empty result means it could not run (already reported).
    private func runHarness(_ profiles: [String]) throws -> [String: ThunderbirdOracleReport] {
        guard let output = try ThunderbirdOracleFixtures.runHarness(profiles) else { return [:] }
        var reports: [String: ThunderbirdOracleReport] = [:]
        struct Named: Decodable { var profile: String }
        for line in output.split(separator: "\n") where !line.isEmpty {
            let data = Data(line.utf8)
            reports[try JSONDecoder().decode(Named.self, from: data).profile] = try JSONDecoder().decode(ThunderbirdOracleReport.self, from: data)
        }
        return reports
    }
}
