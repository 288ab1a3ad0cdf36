import Foundation
import Testing
@testable import MuaFixKit

/// Every rule's documented examples are tests: the triggering ones must be flagged by that rule,
/// the others must not.
@Suite struct RuleExampleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var ruleID: String
        var example: RuleExample
        var triggers: Bool
        var testDescription: String { "\(ruleID) \(triggers ? "flags" : "passes") \(example)" }
    }

    static let cases: [Case] = RuleRegistry.all.flatMap { rule in
        rule.description.triggeringExamples.map { Case(ruleID: rule.description.id, example: $0, triggers: true) }
        + rule.description.nonTriggeringExamples.map { Case(ruleID: rule.description.id, example: $0, triggers: false) }
    }

    @Test(arguments: cases)
    func example(_ testCase: Case) throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try writeFiles(testCase.example.files, into: directory)
        let configuration = try ThunderbirdReader().read(ProfileSource(client: "thunderbird", path: directory))
        let rule = try #require(RuleRegistry.rule(id: testCase.ruleID))
        let findings = rule.init().check(configuration)
        if testCase.triggers {
            #expect(!findings.isEmpty, "expected \(testCase.ruleID) to flag the example at \(testCase.example)")
            #expect(findings.allSatisfy { $0.rule == testCase.ruleID && $0.severity == rule.description.severity })
        } else {
            #expect(findings.isEmpty, "expected no \(testCase.ruleID) finding for \(testCase.example): \(findings.map(\.message))")
        }
    }

    @Test func everyRuleIsDocumentedAndHasBothKindsOfExample() {
        var ids = Set<String>()
        for rule in RuleRegistry.all {
            let d = rule.description
            #expect(ids.insert(d.id).inserted, "duplicate rule id \(d.id)")
            #expect(d.id.allSatisfy { $0.isLowercase || $0 == "-" }, "\(d.id) is not kebab-case")
            #expect(!d.triggeringExamples.isEmpty && !d.nonTriggeringExamples.isEmpty, "\(d.id) needs both kinds of example")
            #expect(!d.rationale.isEmpty && !d.fix.isEmpty && !d.references.isEmpty, "\(d.id) is missing documentation")
        }
        let required: Set = ["plaintext-connection", "opportunistic-starttls", "starttls", "port-security-mismatch",
                             "weak-tls-version", "certificate-exception", "insecure-service-url", "misread-setting"]
        #expect(required.isSubset(of: ids))
    }
}
