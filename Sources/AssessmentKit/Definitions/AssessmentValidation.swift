/// Bounds every assessment keeps, whether read from a YAML file or from a transcript's
/// `started` event. The hash chain is unkeyed, so anyone who can write a transcript can
/// forge a valid `started`: what it embeds is checked as a file would be, and these
/// bounds keep a forged one from making a reader hang, allocate gigabytes or crash.
public enum DefinitionLimits {
    /// Points of a scale (max − min + 1): a 0–20 scale fits, and each point needs a label.
    public static let scalePoints = 21
    /// The largest magnitude of a scale point.
    public static let scaleBound = 1000
    public static let items = 100
    public static let indicatorsPerItem = 100
    public static let panelists = 50
    public static let roles = 20
    /// A language requirement's length in characters, and how deep its brackets nest.
    public static let requirementLength = 1000
    public static let requirementDepth = 32
    /// The competency levels an assessment may be at (docs/assessment-format.md).
    public static let levels = 1...3
    /// A definition file's size in bytes.
    public static let fileBytes = 1 << 20

    /// The problem of a definition file of `size` bytes, over `fileBytes`.
    static func tooLarge(_ size: Int) -> String {
        "the file is \(size / 1024) KB; a definition file is at most \(fileBytes / 1024) KB, so split or shorten it"
    }
}

/// Whether `text` is an id: lowercase ASCII letters, digits and '-', starting with a letter.
func isIdentifier(_ text: String) -> Bool {
    text.first.map { $0.isLowercase && $0.isASCII } == true
        && text.allSatisfy { ($0.isLowercase && $0.isASCII) || ($0.isNumber && $0.isASCII) || $0 == "-" }
}

extension Scale {
    /// The first rule of a scale definition this one breaks, as a phrase; nil when sound.
    public var problem: String? {
        guard isIdentifier(id) else { return "the scale id '\(id)' is not lowercase letters, digits and '-'" }
        guard min < max else { return "the scale's min \(min) is not below its max \(max)" }
        let bound = DefinitionLimits.scaleBound
        guard min >= -bound, max <= bound else { return "the scale \(min)–\(max) goes beyond ±\(bound)" }
        guard max - min < DefinitionLimits.scalePoints else {
            return "the scale \(min)–\(max) has \(max - min + 1) points; at most \(DefinitionLimits.scalePoints)"
        }
        if let point = labels.keys.sorted().first(where: { !contains($0) }) {
            return "the scale has a label for \(point), outside \(min)–\(max)"
        }
        if let point = (min...max).first(where: { labels[$0]?.trimmingWhitespace.isEmpty ?? true }) {
            return "the scale has no label for \(point)"
        }
        let rising = [Double(min), edges.partiallySatisfactory, edges.satisfactory, edges.outstanding]
        guard rising.allSatisfy(\.isFinite), zip(rising, rising.dropFirst()).allSatisfy({ $0 < $1 }),
              edges.outstanding <= Double(max) else {
            return "the scale's band edges do not rise from above \(min) to at most \(max)"
        }
        return nil
    }
}

extension Assessment {
    /// The first rule of an assessment file this assessment breaks, as a phrase; nil when
    /// `AssessmentLoader` could have produced it. Readers of transcripts rely on every rule
    /// here (unique item ids, a bounded scale, a parsable requirement).
    public var problem: String? {
        guard isIdentifier(id) else { return "its id '\(id)' is not lowercase letters, digits and '-'" }
        guard !title.trimmingWhitespace.isEmpty else { return "it has no title" }
        guard DefinitionLimits.levels.contains(level) else { return "its level \(level) is not 1, 2 or 3" }
        switch (method, scale) {
        case (.scale, nil): return "it rates on a scale but has none"
        case (.indicators, .some): return "it has a scale under the indicator method"
        case (.scale, .some(let scale)): if let problem = scale.problem { return problem }
        case (.indicators, nil): break
        }
        if let problem = itemsProblem { return problem }
        if let error = languages.requirementProblem { return "bad language requirement: \(error.message)" }
        guard !languages.skills.isEmpty else { return "its language requirement names no skills" }
        guard (1...DefinitionLimits.panelists).contains(panel.minimum) else {
            return "its panel minimum \(panel.minimum) is not from 1 to \(DefinitionLimits.panelists)"
        }
        guard (1...DefinitionLimits.roles).contains(panel.roles.count) else {
            return "it has \(panel.roles.count) panel roles; give 1 to \(DefinitionLimits.roles)"
        }
        if let role = panel.roles.first(where: { !isIdentifier($0) }) { return "the role '\(role)' is not a lowercase word" }
        if let role = firstRepeat(panel.roles) { return "the role '\(role)' appears twice" }
        guard rules.discrepancy.isFinite, rules.discrepancy > 0, method == .scale || rules.discrepancy <= 1 else {
            return "its discrepancy \(rules.discrepancy) is out of range"
        }
        guard rules.summaryWords >= 1 else { return "its summary word limit is below 1" }
        return nil
    }

    private var itemsProblem: String? {
        guard (1...DefinitionLimits.items).contains(items.count) else {
            return "it has \(items.count) items; give 1 to \(DefinitionLimits.items)"
        }
        if let id = firstRepeat(itemIDs) { return "the item '\(id)' appears twice" }
        for item in items {
            guard isIdentifier(item.id) else { return "the item id '\(item.id)' is not lowercase letters, digits and '-'" }
            guard item.indicators.count <= DefinitionLimits.indicatorsPerItem else {
                return "'\(item.id)' has \(item.indicators.count) indicators; at most \(DefinitionLimits.indicatorsPerItem)"
            }
            guard item.indicators.map(\.number) == Array(item.indicators.indices.map { $0 + 1 }) else {
                return "the indicators of '\(item.id)' are not numbered 1, 2, 3…"
            }
            if method == .indicators && item.indicators.isEmpty { return "'\(item.id)' has no indicators to rate" }
        }
        return nil
    }
}

extension Scenario {
    /// The first way this scenario does not fit `assessment` (as `ScenarioLoader` checks it).
    public func problem(for assessment: Assessment) -> String? {
        guard method == assessment.method else { return "the scenario's method differs from the assessment's" }
        if let id = firstRepeat(items.map(\.id)) { return "the scenario's item '\(id)' appears twice" }
        guard items.map(\.id).sorted() == assessment.itemIDs.sorted() else {
            return "the scenario's items are not the assessment's"
        }
        for item in items {
            let reference = item.reference
            switch (method, reference.rating, reference.indicators) {
            case (.scale, .some(let rating), nil) where assessment.scale?.contains(rating) == true: continue
            case (.indicators, nil, .some(let ratings))
                where ratings.count == assessment.items[assessment.index(ofItem: item.id) ?? 0].indicators.count: continue
            default: return "the reference rating of '\(item.id)' does not fit the assessment"
            }
        }
        return nil
    }
}

/// The first element seen twice.
func firstRepeat(_ values: [String]) -> String? {
    var seen: Set<String> = []
    return values.first { !seen.insert($0).inserted }
}
