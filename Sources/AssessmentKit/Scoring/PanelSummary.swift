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
        self.panelist = panelist
        self.at = at
        self.text = text
        self.about = about
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
}

/// The oral and written results for one language.
public struct LanguageLine: Codable, Equatable, Sendable {
    public var language: String
    @ExplicitNull public var oral: String?
    @ExplicitNull public var written: String?
    /// The examiner's notes on the standing results.
    public var notes: [NoteEntry] = []
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
    /// The recommendation that stands: the override's where there is one.
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
    /// A closed mock interview: the trainee against the reference ratings.
    public var calibration: CalibrationReport? {
        get { mockCalibration?.wrappedValue }
        set { mockCalibration = mode == .mock ? ExplicitNull(wrappedValue: newValue) : nil }
    }
    /// `calibration` as the JSON has it: in a mock's summary always (`null` until it is
    /// closed), in an interview's never.
    var mockCalibration: ExplicitNull<CalibrationReport>?

    enum CodingKeys: String, CodingKey {
        case assessment, title, vacancy, candidate, panel, mode, method, scale, level, date, started, closed, closedEarly
        case items, languages, languageRequirement, languageRequirementMet, languageDecision, languageReasons, recommendation
        case computedRecommendation, reasons, override, notes, integrity, damage
        case mockCalibration = "calibration"
    }
}

/// Scoring rules: bands, item results, the recommendation. Pure functions of the state.
public enum Scoring {
    /// The band of an item value under the indicator method (DOMAIN.md §2): 0 unsatisfactory,
    /// above 0 up to 0.5 partially satisfactory, above 0.5 below 1 satisfactory, 1 outstanding.
    public static func indicatorBand(_ value: Double) -> Band {
        // Means of halves carry rounding error (0.5000000000000001): compare with a tolerance.
        let tolerance = 1e-9
        if value <= tolerance { return .unsatisfactory }
        if value <= 0.5 + tolerance { return .partiallySatisfactory }
        if value < 1 - tolerance { return .satisfactory }
        return .outstanding
    }

    /// The band of a value under the assessment's method.
    public static func band(_ value: Double, in assessment: Assessment) -> Band {
        switch assessment.method {
        case .indicators: return indicatorBand(value)
        case .scale: return (assessment.scale ?? .un4).band(of: value)
        }
    }

    /// One item's result from the state.
    public static func item(_ index: Int, in state: InterviewState, now: Timestamp) -> ItemResult {
        let assessed = state.assessment.items[index]
        let values = state.values(item: index)
        let mean = values.isEmpty ? nil : values.map(\.value).reduce(0, +) / Double(values.count)
        let consensus = state.consensus(item: index)?.value
        let final = consensus?.value ?? mean
        var evidence: [EvidenceEntry] = []
        let record = state.items[index]
        for score in state.live(record.scores) {
            if let text = score.value.evidence { evidence.append(EvidenceEntry(panelist: score.by, text: text, source: .score)) }
            if let text = score.value.reason { evidence.append(EvidenceEntry(panelist: score.by, text: text, source: .reason)) }
        }
        for rating in state.live(record.ratings) {
            if let text = rating.value.evidence {
                evidence.append(EvidenceEntry(panelist: rating.by, text: text, source: .indicator(rating.value.indicator)))
            }
            if let text = rating.value.reason { evidence.append(EvidenceEntry(panelist: rating.by, text: text, source: .reason)) }
        }
        for note in state.live(record.evidence) {
            evidence.append(EvidenceEntry(panelist: note.by, text: note.value.text, source: .evidence))
        }
        let notes = state.live(record.notes).map { NoteEntry($0, text: $0.value.text) }
        return ItemResult(
            id: assessed.id, name: assessed.name,
            ratings: Dictionary(values.map { ($0.panelist, $0.value) }, uniquingKeysWith: { $1 }),
            mean: mean, spread: state.spread(item: index), flagged: state.isFlagged(item: index),
            consensus: consensus?.value, consensusRationale: consensus?.rationale, final: final,
            band: final.map { band($0, in: state.assessment) }, summary: state.summary(item: index)?.value.text,
            evidence: evidence, notes: notes, timeSpent: Int(state.timeSpent(onItem: index, now: now) / 1000))
    }

    /// The panel summary of an interview; `damage` is where its chain broke, if it did.
    /// `hidingUnrevealed` (the live shell in blind mode) leaves out ratings not yet revealed.
    public static func summary(of state: InterviewState, damage: TranscriptDamage? = nil, hidingUnrevealed: Bool = false) -> PanelSummary {
        let now = state.closed?.at ?? state.lastEventAt
        let items = state.assessment.items.indices.map { index -> ItemResult in
            var result = item(index, in: state, now: now)
            if hidingUnrevealed && state.ratingsHidden(item: index) {
                result.ratings = [:]
                result.mean = nil
                result.spread = nil
                result.flagged = false
                result.final = result.consensus
                result.band = result.final.map { band($0, in: state.assessment) }
                result.evidence = []
                result.ratingsHidden = true
            }
            return result
        }
        let results = state.languageResults
        let languages = results.keys.sorted().map { language in
            LanguageLine(language: language, oral: results[language]?[.oral]?.description,
                         written: results[language]?[.written]?.description,
                         notes: state.languageNotes(language).map {
                             NoteEntry($0, text: $0.value.note ?? "", about: "\($0.value.skill.rawValue) \($0.value.level)")
                         })
        }
        let decision = state.languageDecision
        var reasons: [String] = []
        for item in items {
            guard let band = item.band else {
                let anyRating = state.assessment.index(ofItem: item.id).map { !state.values(item: $0).isEmpty } ?? false
                reasons.append(item.ratingsHidden && anyRating ? "\(item.id): ratings hidden until 'reveal'" : "\(item.id) has no rating")
                continue
            }
            if band < .satisfactory { reasons.append("\(item.id) is \(band.title) (\(format(rounded(item.final ?? 0))))") }
        }
        // A mock interview has no language results: the requirement does not apply to it.
        let requirementApplies = state.assessment.languages.requirement != nil && state.mode == .interview
        let requirementMet = decision.decision == .met || !requirementApplies
        if !requirementMet {
            reasons.append(decision.decision == .undecided
                ? "the language requirement is not shown: " + decision.reasons.joined(separator: "; ")
                : "the language requirement is not met: " + decision.reasons.joined(separator: "; "))
        }
        let computed: Recommendation = reasons.isEmpty ? .recommended : .notRecommended
        if reasons.isEmpty {
            reasons.append("every item is Satisfactory or Outstanding" + (requirementApplies ? " and the language requirement is met" : ""))
        }
        let override = state.override.map { OverrideLine(recommendation: $0.value.recommendation, justification: $0.value.justification) }
        return PanelSummary(
            assessment: state.assessment.id, title: state.assessment.title, vacancy: state.assessment.vacancy,
            candidate: state.candidate, panel: state.panel, mode: state.mode, method: state.assessment.method,
            scale: state.assessment.scale, level: state.assessment.level, date: state.startedAt.date,
            started: state.startedAt.description, closed: state.closed?.at.description,
            closedEarly: state.closed?.value.forced == true ? state.closed?.value.reason : nil,
            items: items, languages: languages, languageRequirement: state.assessment.languages.requirement,
            languageRequirementMet: requirementMet, languageDecision: requirementApplies ? decision.decision : .met,
            languageReasons: decision.reasons,
            recommendation: override?.recommendation ?? computed, computedRecommendation: computed, reasons: reasons,
            override: override, notes: state.notes.map { NoteEntry($0, text: $0.value.text) },
            integrity: Integrity(damage), damage: damage.map(DamageLine.init),
            // The reference stays hidden until the trainee has closed the mock interview.
            mockCalibration: state.mode == .mock ? ExplicitNull(wrappedValue: state.isClosed ? Calibration.report(of: state) : nil) : nil)
    }

    /// Rounds to two decimals for display.
    public static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}

extension InterviewState {
    /// The standing results for a language (the latest per skill) that carry a note, in the order recorded.
    func languageNotes(_ language: String) -> [Recorded<LanguageResult>] {
        latestLanguageResults.filter { $0.value.language == language && $0.value.note != nil }.sorted { $0.seq < $1.seq }
    }
}
