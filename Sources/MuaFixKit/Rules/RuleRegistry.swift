/// Every rule mua-fix runs, in the order `mua-fix rules` lists them.
public enum RuleRegistry {
    public static let all: [any Rule.Type] = [
        PlaintextConnectionRule.self,
        OpportunisticStartTLSRule.self,
        StartTLSRule.self,
        PortSecurityMismatchRule.self,
        WeakTLSVersionRule.self,
        CertificateExceptionRule.self,
        InsecureServiceURLRule.self,
        MisreadSettingRule.self,
    ]

    public static func rule(id: String) -> (any Rule.Type)? {
        all.first { $0.description.id == id }
    }

    /// Runs every rule over one configuration.
    public static func check(_ configuration: ClientConfiguration) -> [Finding] {
        all.flatMap { $0.init().check(configuration) }
    }
}
