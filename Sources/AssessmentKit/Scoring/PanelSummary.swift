/// One panelist's evidence for an item, from a score, an indicator rating or a note.
public struct EvidenceEntry: Codable, Equatable, Sendable {
    public var panelist: String
    public var text: String
    public var source: EvidenceSource
}

/// What an evidence entry was given with; in reports and JSON `score`, `reason`,
/// `indicator 2` or `evidence`.
public enum EvidenceSource: Hashable, Sendable, CustomStringConvertible, Codable {
    /// A rating on the scale.
    case score
    /// Why a revealed rating was changed (blind mode).
    case reason
    /// A rating of the indicator with this number.
    case indicator(Int)
    /// An `evidence` note.
    case evidence

    public var description: String {
        switch self {
        case .score: return "score"
        case .reason: return "reason"
        case .indicator(let number): return "indicator \(number)"
        case .evidence: return "evidence"
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        switch text {
        case "score": self = .score
        case "reason": self = .reason
        case "evidence": self = .evidence
        default:
            guard text.hasPrefix("indicator "), let number = Int(text.dropFirst("indicator ".count)) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an evidence source: \(text)")
            }
            self = .indicator(number)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A note the panel recorded: on an item, on a language result, or on the interview.
public struct NoteEntry: Codable, Equatable, Sendable {
    public var panelist: String
    /// RFC 3339 UTC.
    public var at: String
    public var text: String
    /// For a language note: the result it belongs to (`oral C1`).
    public var about: String?

    public init(panelist: String, at: String, text: String, about: String? = nil) {
        (self.panelist, self.at, self.text, self.about) = (panelist, at, text, about)
    }

    init<Value>(_ recorded: Recorded<Value>, text: String, about: String? = nil) {
        self.init(panelist: recorded.by, at: recorded.at.description, text: text, about: about)
    }
}

/// Where a damaged transcript's damage is: the summary covers only the events before `line`.
public struct DamageLine: Codable, Equatable, Sendable {
    public var line: Int
    public var kind: String
    public var detail: String

    init(line: Int, kind: String, detail: String) {
        (self.line, self.kind, self.detail) = (line, kind, detail)
    }

    public init(_ damage: TranscriptDamage) {
        line = damage.line
        kind = damage.kind
        detail = damage.description
    }

    /// `DAMAGED: line 12, edited line (…)`: the first line of every report of a damaged transcript.
    public var headline: String { "DAMAGED: \(detail)" }
    /// What stands in for the recommendation.
    public var undetermined: String { "cannot be determined: transcript damaged at line \(line)" }
    /// How a report accepted with `--accept-damaged` marks itself.
    public var partial: String { "only the events before line \(line) are shown; this is not the panel's complete record" }
}

/// One item's result: every rating, the spread, the consensus, the final value and its band.
public struct ItemResult: Codable, Equatable, Sendable {
    public var id: String
    public var name: String
    /// Each panelist's value: the score, or the mean of the indicator ratings.
    public var ratings: [String: Double]
    @ExplicitNull public var mean: Double?
    @ExplicitNull public var spread: Double?
    public var flagged: Bool
    @ExplicitNull public var consensus: Double?
    @ExplicitNull public var consensusRationale: String?
    /// The consensus where there is one, else the mean.
    @ExplicitNull public var final: Double?
    @ExplicitNull public var band: Band?
    @ExplicitNull public var summary: String?
    public var evidence: [EvidenceEntry]
    /// Notes on the item (`note` while at it).
    public var notes: [NoteEntry] = []
    /// Seconds spent on the item.
    public var timeSpent: Int
    /// Blind mode, seen live before `reveal`: the ratings and evidence are left out.
    @OmittedWhenDefault public var ratingsHidden = false
    /// Who rated what (each indicator under the indicator method), for the Markdown and HTML
    /// summaries; nil where the ratings are hidden. Not in the JSON, which has `ratings`.
    public var grid: RatingGrid? = nil

    enum CodingKeys: String, CodingKey {
        case id, name, ratings, mean, spread, flagged, consensus, consensusRationale, final, band, summary, evidence, notes
        case timeSpent, ratingsHidden
    }
}

/// The oral and written results for one language.
public struct LanguageLine: Codable, Equatable, Sendable {
    public var language: String
    @ExplicitNull public var oral: String?
    @ExplicitNull public var written: String?
    /// The examiner's notes on the standing results.
    public var notes: [NoteEntry] = []
}

/// `void REASON`: who ended the interview as void, when and why.
public struct VoidLine: Codable, Equatable, Sendable {
    public var at: String
    public var by: String
    public var reason: String
}

/// The panel's override of the computed recommendation.
public struct OverrideLine: Codable, Equatable, Sendable {
    public var recommendation: Recommendation
    public var justification: String
}

/// Everything a panel summary shows; the JSON form carries the contract keys.
public struct PanelSummary: Encodable, Equatable, Sendable {
    public var assessment: String
    public var title: String
    public var vacancy: Vacancy
    public var candidate: Candidate
    public var panel: [Panelist]
    public var mode: InterviewMode
    public var method: Method
    @ExplicitNull public var scale: Scale?
    public var level: Int
    /// The interview's date (YYYY-MM-DD, UTC).
    public var date: String
    public var started: String
    @ExplicitNull public var closed: String?
    @ExplicitNull public var closedEarly: String?
    public var items: [ItemResult]
    public var languages: [LanguageLine]
    @ExplicitNull public var languageRequirement: String?
    public var languageRequirementMet: Bool
    /// met, not-met or undecided (not enough results yet).
    public var languageDecision: LanguageDecision
    public var languageReasons: [String]
    /// The recommendation that stands: the override's where there is one. A voided interview
    /// has none: its JSON says `null` here and in `computedRecommendation` (see `encode(to:)`).
    public var recommendation: Recommendation
    /// What the rules give before any override.
    public var computedRecommendation: Recommendation
    public var reasons: [String]
    @ExplicitNull public var override: OverrideLine?
    /// Notes on the interview as a whole.
    public var notes: [NoteEntry]
    /// Whether the hash chain checks out; in the JSON, `verified` or what is wrong.
    public var integrity: Integrity
    /// Where the transcript is damaged; nil for a sound one. A damaged transcript's summary
    /// covers only the events before the damage and is never the panel's record.
    public var damage: DamageLine?
    /// Set when the chair voided the interview: it has no result, and `compare` leaves it out.
    public var voided: VoidLine?
    /// Each panelist's sign-off of a closed, sound interview (`endorsed` events), checked
    /// against the keys the transcript names; nil otherwise, and for a mock. In the JSON,
    /// `signOff` is then `null`.
    public var signOff: [SignOff]?
    /// How many endorsed, of how many: in the JSON as `endorsements`, `null` where `signOff` is.
    public var endorsements: SignOffCount? { signOff.map(SignOffCount.init) }
    /// A closed mock interview: the trainee against the reference ratings. Always nil in an
    /// interview's summary.
    public var calibration: CalibrationReport? {
        get { mockCalibration?.wrappedValue }
        set { mockCalibration = mode == .mock ? ExplicitNull(wrappedValue: newValue) : nil }
    }
    /// `calibration` as the JSON has it: in a mock's summary always (`null` until it is
    /// closed), in an interview's never.
    var mockCalibration: ExplicitNull<CalibrationReport>? = nil

    enum CodingKeys: String, CodingKey {
        case assessment, title, vacancy, candidate, panel, mode, method, scale, level, date, started, closed, closedEarly
        case items, languages, languageRequirement, languageRequirementMet, languageDecision, languageReasons, recommendation
        case computedRecommendation, reasons, override, notes, integrity, damage, voided, signOff, endorsements
        case mockCalibration = "calibration"
    }
}

extension PanelSummary {
    /// What synthesized `Encodable` would write, except that a voided interview, which has no
    /// result, has `null` for `recommendation` and `computedRecommendation` (the keys stay).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(assessment, forKey: .assessment)
        try container.encode(title, forKey: .title)
        try container.encode(vacancy, forKey: .vacancy)
        try container.encode(candidate, forKey: .candidate)
        try container.encode(panel, forKey: .panel)
        try container.encode(mode, forKey: .mode)
        try container.encode(method, forKey: .method)
        try container.encode(_scale, forKey: .scale)
        try container.encode(level, forKey: .level)
        try container.encode(date, forKey: .date)
        try container.encode(started, forKey: .started)
        try container.encode(_closed, forKey: .closed)
        try container.encode(_closedEarly, forKey: .closedEarly)
        try container.encode(items, forKey: .items)
        try container.encode(languages, forKey: .languages)
        try container.encode(_languageRequirement, forKey: .languageRequirement)
        try container.encode(languageRequirementMet, forKey: .languageRequirementMet)
        try container.encode(languageDecision, forKey: .languageDecision)
        try container.encode(languageReasons, forKey: .languageReasons)
        let void = voided != nil
        try container.encode(ExplicitNull(wrappedValue: void ? nil : recommendation), forKey: .recommendation)
        try container.encode(ExplicitNull(wrappedValue: void ? nil : computedRecommendation), forKey: .computedRecommendation)
        try container.encode(reasons, forKey: .reasons)
        try container.encode(_override, forKey: .override)
        try container.encode(notes, forKey: .notes)
        try container.encode(integrity, forKey: .integrity)
        try container.encodeIfPresent(damage, forKey: .damage)
        try container.encodeIfPresent(voided, forKey: .voided)
        try container.encode(ExplicitNull(wrappedValue: signOff), forKey: .signOff)
        try container.encode(ExplicitNull(wrappedValue: endorsements), forKey: .endorsements)
        try container.encodeIfPresent(mockCalibration, forKey: .mockCalibration)
    }
}
