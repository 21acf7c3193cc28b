/// The framework, the default assessment and its training scenarios compiled into the
/// binary (package resources embedded as code), so `assess` works from any directory.
enum BuiltInDefinitions {
    static let prefix = "built-in:"

    static let frameworks: [String: String] = [
        "iom": String(decoding: PackageResources.iom_yaml, as: UTF8.self),
    ]

    static let assessments: [String: String] = [
        "lmi-intern": String(decoding: PackageResources.lmi_intern_yaml, as: UTF8.self),
    ]

    /// The training scenarios of the default assessment.
    static let scenarios: [String: String] = [
        "lmi-strong": String(decoding: PackageResources.lmi_strong_yaml, as: UTF8.self),
        "lmi-mixed": String(decoding: PackageResources.lmi_mixed_yaml, as: UTF8.self),
        "lmi-weak": String(decoding: PackageResources.lmi_weak_yaml, as: UTF8.self),
    ]

    static func path(_ id: String) -> String { prefix + id }

    static func isBuiltIn(_ path: String) -> Bool { path.hasPrefix(prefix) }
}
