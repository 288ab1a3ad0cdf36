/// The rules as documentation: the `rules` table, `explain` pages and their JSON form.
public enum RuleCatalog {
    public static func table() -> String {
        let width = RuleRegistry.all.map { $0.description.id.count }.max() ?? 0
        return RuleRegistry.all.map { rule in
            let d = rule.description
            return d.id.padded(to: width + 2)
                + d.severity.rawValue.padded(to: 9) + d.summary
        }.joined(separator: "\n") + "\n"
    }

    public static func explanation(of d: RuleDescription) -> String {
        var text = "\(d.id) (\(d.severity.rawValue))\n\n\(d.summary)\n\nWhy it matters\n\(d.rationale)\n\nFix\n\(d.fix)\n\nReferences\n"
        text += d.references.map { "- \($0)" }.joined(separator: "\n") + "\n"
        text += "\nFlagged, for example\n" + render(d.triggeringExamples)
        text += "\nNot flagged\n" + render(d.nonTriggeringExamples)
        return text
    }

    static func render(_ examples: [RuleExample]) -> String {
        examples.map { example in
            example.files.sorted { $0.key < $1.key }.filter { !$0.value.isEmpty }.map { name, content in
                "  \(name):\n" + content.split(separator: "\n", omittingEmptySubsequences: false)
                    .filter { !$0.isEmpty }.map { "    \($0)" }.joined(separator: "\n")
            }.joined(separator: "\n") + "\n"
        }.joined(separator: "\n")
    }

    public static func json() -> String {
        JSONValue.array(RuleRegistry.all.map { rule in
            let d = rule.description
            return JSONValue.object([
                "id": .string(d.id), "severity": .string(d.severity.rawValue), "summary": .string(d.summary),
                "rationale": .string(d.rationale), "fix": .string(d.fix), "references": .array(d.references.map(JSONValue.string)),
            ])
        }).rendered()
    }
}
