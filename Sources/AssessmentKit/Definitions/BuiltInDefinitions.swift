/// Everything `Assessments/` ships — the framework, the three vacancies and every training
/// scenario — compiled into the binary, so `assess` works from any directory.
///
/// `Sources/AssessmentKit/BuiltIn` is a link to `Assessments/`, embedded as code by the
/// package (`.embedInCode("BuiltIn")`), so the files there are the one copy. A file added to
/// `Assessments/` needs its line below: `BuiltInDefinitionTests` fails until it has one.
enum BuiltInDefinitions {
    static let prefix = "built-in:"

    static let frameworks = texts([
        "iom": PackageResources.iom_yaml,
    ])

    static let assessments = texts([
        "lmi-intern": PackageResources.lmi_intern_yaml,
        "project-assistant": PackageResources.project_assistant_yaml,
        "border-consultant": PackageResources.border_consultant_yaml,
    ])

    /// The training scenarios (`Assessments/mock/`).
    static let scenarios = texts([
        "lmi-strong": PackageResources.lmi_strong_yaml,
        "lmi-mixed": PackageResources.lmi_mixed_yaml,
        "lmi-weak": PackageResources.lmi_weak_yaml,
        "pa-solo": PackageResources.pa_solo_yaml,
        "bc-expert": PackageResources.bc_expert_yaml,
    ])

    static func path(_ id: String) -> String { prefix + id }

    static func isBuiltIn(_ path: String) -> Bool { path.hasPrefix(prefix) }

    private static func texts(_ resources: [String: [UInt8]]) -> [String: String] {
        resources.mapValues { String(decoding: $0, as: UTF8.self) }
    }
}
