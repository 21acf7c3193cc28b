/// Facts from the vacancy notice.
public struct Vacancy: Codable, Equatable, Sendable {
    public var reference: String?
    public var organization: String?
    public var unit: String?
    public var grade: String?
    public var dutyStation: String?
    /// YYYY-MM-DD.
    public var closingDate: String?
    public var source: String?
}

/// One behavioural indicator as an assessment uses it, numbered for `rate`.
public struct Indicator: Codable, Equatable, Sendable {
    /// 1-based number shown by `show` and used by `rate`.
    public var number: Int
    /// The competency level it belongs to; nil for values.
    public var level: Int?
    public var text: String
}

/// A value or competency as assessed for one vacancy, at the vacancy's level.
public struct AssessedItem: Codable, Equatable, Sendable {
    public var id: String
    public var name: String
    public var layer: Layer
    public var definition: String
    public var indicators: [Indicator]
    public var counterIndicators: [String]
    public var questions: [Question]
}

public struct LanguagePolicy: Codable, Equatable, Sendable {
    /// The requirement in canonical form, e.g. `english:fluent and (french:fluent or dutch:fluent)`.
    /// Transcripts embed this text; it is parsed once, when set or read.
    public var requirement: String? {
        didSet { parsed = requirement.map(Self.parse) }
    }
    /// The skills a `fluent` or CEFR requirement must be shown in.
    public var skills: [LanguageSkill]
    /// `requirement` parsed; nil without a requirement.
    private var parsed: Result<LanguageRequirement, LanguageRequirement.ParseError>?

    public init(requirement: String?, skills: [LanguageSkill]) {
        self.requirement = requirement
        self.skills = skills
        parsed = requirement.map(Self.parse)
    }

    /// The requirement; nil without one, or when its text does not parse (`requirementProblem`).
    public var parsedRequirement: LanguageRequirement? { try? parsed?.get() }

    /// Why the requirement's text does not parse; nil when it does, or there is none.
    public var requirementProblem: LanguageRequirement.ParseError? {
        guard case .failure(let error)? = parsed else { return nil }
        return error
    }

    private static func parse(_ text: String) -> Result<LanguageRequirement, LanguageRequirement.ParseError> {
        Result { () throws(LanguageRequirement.ParseError) in try LanguageRequirement(parsing: text) }
    }

    enum CodingKeys: String, CodingKey { case requirement, skills }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(requirement: try container.decodeIfPresent(String.self, forKey: .requirement),
                  skills: try container.decode([LanguageSkill].self, forKey: .skills))
    }
}

public struct PanelPolicy: Codable, Equatable, Sendable {
    public var minimum: Int
    public var roles: [String]
    /// `hr: observes` in the assessment: the HR representative takes notes and does not rate.
    @OmittedWhenDefault public var hrObserves = false

    public static let defaultRoles = ["chair", "member", "hr", "examiner"]

    public init(minimum: Int, roles: [String], hrObserves: Bool = false) {
        (self.minimum, self.roles) = (minimum, roles)
        self.hrObserves = hrObserves
    }
}

public struct Rules: Codable, Equatable, Sendable {
    /// Ratings of an item that differ by at least this much are flagged.
    public var discrepancy: Double
    /// Ratings stay hidden until every panelist has rated the item.
    public var blind: Bool
    /// Word limit of an item's written summary.
    public var summaryWords: Int
}

/// A vacancy's assessment, resolved against its framework: everything an interview needs.
/// This is what a transcript embeds, so it replays the same after the YAML changes.
public struct Assessment: Codable, Equatable, Sendable {
    public var id: String
    public var title: String
    public var vacancy: Vacancy
    public var frameworkID: String
    public var frameworkTitle: String
    public var level: Int
    public var method: Method
    /// The rating scale; nil under the indicator method.
    public var scale: Scale?
    public var opening: [Question]
    public var items: [AssessedItem]
    public var languages: LanguagePolicy
    public var panel: PanelPolicy
    public var rules: Rules

    public var itemIDs: [String] { items.map(\.id) }

    public func index(ofItem id: String) -> Int? { items.firstIndex { $0.id == id } }

    /// Finds an item by id or by its 1-based number.
    public func item(named reference: String) -> Int? {
        if let number = Int(reference), number >= 1, number <= items.count { return number - 1 }
        return index(ofItem: reference.lowercased())
    }
}
