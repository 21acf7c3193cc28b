/// One candidate's row in the comparative analysis.
public struct CandidateRow: Encodable, Equatable, Sendable {
    public var name: String
    @ExplicitNull public var id: String?
    public var rank: Int
    public var recommendation: Recommendation
    /// Final value per item id (null where the item has none).
    public var items: [String: Double?]
    @ExplicitNull public var meanFinal: Double?
    public var languageRequirementMet: Bool
    public var overridden: Bool
    /// False for an interview not closed yet: its result may still change.
    public var closed: Bool
    public var date: String
    public var integrity: Integrity
    public var transcript: String
    /// Band per item id (null where the item has no final value).
    public var bands: [String: Band?] = [:]
    /// Why the recommendation is what it is (the summary's reasons).
    public var reasons: [String] = []
    /// The language results and the requirement's outcome, in one line.
    public var languages: String = ""
    public var panel: [Panelist] = []
    /// When the interview closed (RFC 3339), if it did.
    @ExplicitNull public var closedAt: String?
    /// A closed interview's sign-off, as its summary's `endorsements`; null otherwise.
    @ExplicitNull public var endorsements: SignOffCount? = nil

    /// A closed interview that not every panelist has validly endorsed.
    public var notFullyEndorsed: Bool { endorsements.map { !$0.isComplete } ?? false }
}

/// A transcript `compare` read but left out of the ranking and the statistics, and why.
public struct LeftOut: Codable, Equatable, Sendable {
    public enum Why: String, Codable, Sendable {
        case damaged, unreadable, copy, void
        /// A mock interview not closed: it has no calibration yet.
        case open
    }
    public var transcript: String
    public var candidate: String
    public var why: Why
    public var reason: String

    public init(transcript: String, candidate: String, why: Why, reason: String) {
        (self.transcript, self.candidate, self.why, self.reason) = (transcript, candidate, why, reason)
    }
}

/// The panel's reliability over all (candidate, item) units, with readings.
public struct ReliabilityBlock: Codable, Equatable, Sendable {
    /// (candidate, item) units with at least one rating.
    public var units: Int
    public var raters: Int
    /// Units every rater rated: what the ICCs use.
    public var iccUnits: Int
    @ExplicitNull public var icc1: Double?
    @ExplicitNull public var icc2: Double?
    @ExplicitNull public var icc3: Double?
    @ExplicitNull public var icc1k: Double?
    @ExplicitNull public var icc2k: Double?
    @ExplicitNull public var icc3k: Double?
    @ExplicitNull public var alphaOrdinal: Double?
    @ExplicitNull public var alphaInterval: Double?
    /// The reading of each statistic that could be computed (Koo & Li for ICC; .667/.8 for alpha).
    public var readings: [ReliabilityStatistic: String]

    /// The statistics in display order, with their values.
    public var statistics: [(kind: ReliabilityStatistic, value: Double?)] {
        ReliabilityStatistic.allCases.map { ($0, value(of: $0)) }
    }

    public func value(of statistic: ReliabilityStatistic) -> Double? {
        switch statistic {
        case .icc1: return icc1
        case .icc2: return icc2
        case .icc3: return icc3
        case .icc1k: return icc1k
        case .icc2k: return icc2k
        case .icc3k: return icc3k
        case .alphaOrdinal: return alphaOrdinal
        case .alphaInterval: return alphaInterval
        }
    }
}

/// How one panelist rated across the candidates.
public struct PanelistCalibration: Codable, Equatable, Sendable {
    public var name: String
    public var ratings: Int
    /// How many times each value was given ("3": 12).
    public var distribution: [String: Int]
    @ExplicitNull public var mean: Double?
    /// Mean absolute distance of the panelist's ratings from the items' final values.
    @ExplicitNull public var meanDistance: Double?
}

/// One trainee's row in a group calibration.
public struct TraineeCalibration: Codable, Equatable, Sendable {
    public var name: String
    /// trainee − reference per item id (null where the trainee did not rate).
    public var differences: [String: Double?]
    /// Leniency (+) or severity (−): the mean of the differences.
    @ExplicitNull public var meanSignedDifference: Double?
    @ExplicitNull public var meanAbsoluteDifference: Double?
    @ExplicitNull public var exactAgreement: Double?
    @ExplicitNull public var adjacentAgreement: Double?
    /// Indicator method: the share of indicators rated as the reference rated them.
    @ExplicitNull public var indicatorAgreement: Double?
    /// What the trainee's ratings decide (null if an item is unrated), and whether that is
    /// the reference panel's decision.
    @ExplicitNull public var decision: Recommendation?
    @ExplicitNull public var decisionAgrees: Bool?
    /// The items furthest from the reference, furthest first.
    public var furthest: [String]
    public var transcript: String
}

/// One mock interview in a trainee's calibration over time.
public struct ProgressSession: Codable, Equatable, Sendable {
    public var date: String
    public var scenario: String
    public var assessment: String
    public var method: Method
    /// The mean difference from the reference in steps (a point on a scale, one indicator's
    /// full difference with indicators), so sessions of either method compare: leniency.
    @ExplicitNull public var leniencySteps: Double?
    /// The mean size of the difference, in steps.
    @ExplicitNull public var distanceSteps: Double?
    @ExplicitNull public var exactAgreement: Double?
    @ExplicitNull public var decisionAgrees: Bool?
    public var transcript: String
}

/// A trainee's mock interviews in the order they were held, and whether their leniency and
/// distance from the reference shrink: last minus first.
public struct TraineeProgress: Codable, Equatable, Sendable {
    public var name: String
    public var sessions: [ProgressSession]
    /// Change in the size of the leniency in steps (|last| − |first|): below 0, closer to the reference.
    @ExplicitNull public var leniencyChange: Double?
    @ExplicitNull public var distanceChange: Double?
}

/// One item as the group rated it against the reference.
public struct GroupItem: Codable, Equatable, Sendable {
    public var id: String
    public var reference: Double
    /// The mean over the trainees who rated it of trainee − reference, and of its size.
    @ExplicitNull public var meanSignedDifference: Double?
    @ExplicitNull public var meanAbsoluteDifference: Double?
    public var rationale: String
}

/// Several trainees' mock interviews of one scenario against the reference panel: a
/// calibration report, not a ranking.
public struct GroupCalibration: Codable, Equatable, Sendable {
    public var scenario: String
    /// The reference panel's decision by the rule of a real interview, languages aside.
    public var referenceDecision: Recommendation
    public var trainees: [TraineeCalibration]
    /// Every item against the reference, in the assessment's order.
    public var items: [GroupItem]
    /// The (up to three) items the group got most wrong, most first.
    public var mostMissed: [String]
    /// The trainees' reliability among themselves: items as units, trainees as raters.
    public var reliability: ReliabilityBlock
    /// The same with the reference panel added as one more rater.
    public var withReference: ReliabilityBlock
    /// The group's mean absolute difference from the reference.
    @ExplicitNull public var meanAbsoluteDifference: Double?
    /// The group's mean signed difference: leniency (+) or severity (−).
    @ExplicitNull public var meanSignedDifference: Double?
}

/// The comparative analysis of one assessment's candidates.
public struct Comparison: Encodable, Equatable, Sendable {
    public var assessment: String
    public var title: String
    public var method: Method
    @ExplicitNull public var scale: Scale?
    public var items: [String]
    /// The items' names, in the order of `items`.
    public var itemNames: [String]
    public var candidates: [CandidateRow]
    public var reliability: ReliabilityBlock
    public var calibration: [PanelistCalibration]
    /// Mock transcripts of one scenario: the trainees against the reference.
    @ExplicitNull public var groupCalibration: GroupCalibration?
    /// Mock transcripts of several scenarios: each trainee's calibration over time. Absent
    /// from the JSON otherwise.
    public var progress: [TraineeProgress]?
    /// Transcripts read but not compared (damaged ones).
    public var leftOut: [LeftOut] = []
    /// Damaged transcripts were compared on the events before their damage (`--accept-damaged`).
    @OmittedWhenDefault public var acceptedDamage = false
    /// What a reader must know about the set: a candidate id in more than one interview.
    @OmittedWhenDefault public var warnings: [String] = []
    /// What each key and figure means, for readers of the JSON without the README.
    public var legend: [String: String]

    /// What the keys of a group calibration (mock transcripts of one scenario) mean.
    static let groupLegend: [String: String] = [
        "groupCalibration": "trainees' mock interviews of one scenario against its reference panel: a calibration report, not a ranking (candidates is empty)",
        "groupCalibration.referenceDecision": "what the reference ratings decide by the rule of a real interview (every item Satisfactory or better), languages aside",
        "groupCalibration.trainees.differences": "trainee − reference per item: + more lenient, − more severe",
        "groupCalibration.trainees.meanSignedDifference": "leniency (+) or severity (−): the mean of the differences",
        "groupCalibration.trainees.meanAbsoluteDifference": "the mean size of the differences",
        "groupCalibration.trainees.exactAgreement": "share of items with no difference; adjacentAgreement: within one step (1 point; with indicators one indicator's full difference, 1 ÷ the item's indicators)",
        "groupCalibration.trainees.indicatorAgreement": "indicator method: share of indicators rated as the reference rated them; null on a scale",
        "groupCalibration.trainees.decision": "what the trainee's ratings decide by the same rule; decisionAgrees: whether it is the reference's",
        "groupCalibration.items": "each item against the reference: the group's mean difference and mean size of difference, with the reference rationale",
        "groupCalibration.mostMissed": "the items with the largest mean size of difference, largest first",
        "groupCalibration.reliability": "the trainees' agreement among themselves (items as units); withReference: with the reference panel as one more rater; null where a statistic cannot be computed",
    ]

    /// The legend of a comparison of these items.
    static func legend(items: [String], itemNames: [String]) -> [String: String] {
        var legend: [String: String] = [
            "candidates.items": "each item's final value: the panel's consensus where there is one, else the mean of the panelists' values",
            "candidates.bands": "each item's band: unsatisfactory, partially-satisfactory, satisfactory or outstanding",
            "candidates.meanFinal": "the mean of the items' final values; candidates are ranked recommended first, then by it",
            "reliability": "the panel's agreement over every (candidate, item) pair, the panelists as raters; null where a statistic cannot be computed",
            "reliability.icc1": "ICC(1,1): one rater's reliability, raters treated as random and interchangeable",
            "reliability.icc2": "ICC(2,1): one rater's absolute agreement, raters a random sample",
            "reliability.icc3": "ICC(3,1): one rater's consistency, these raters only",
            "reliability.icc1k": "ICC(1,k): the mean of k raters, as ICC(1,1)",
            "reliability.icc2k": "ICC(2,k): the mean of k raters, as ICC(2,1)",
            "reliability.icc3k": "ICC(3,k): the mean of k raters, as ICC(3,1)",
            "reliability.alphaOrdinal": "Krippendorff's alpha, ordinal: agreement on the order of values, over all pairable ratings",
            "reliability.alphaInterval": "Krippendorff's alpha, interval: agreement on the values, over all pairable ratings",
            "calibration": "per panelist: ratings given, their mean, and the mean distance from the items' final values",
            "leftOut": "transcripts read but not ranked or counted in the statistics, with the reason",
            "candidates.endorsements": "a closed interview's sign-off: panelists who endorsed it, invalid endorsements (not counted), panelists; checked against the keys the transcript names (HR checks them with 'assess verify --signers FILE'); null where there is none (not closed, damaged, or a mock)",
        ]
        for (id, name) in zip(items, itemNames) { legend["items.\(id)"] = name }
        return legend
    }
}

public enum ComparisonError: Error, Equatable, Sendable, CustomStringConvertible {
    case nothingToCompare
    case mixedAssessments([String: Int])
    case mixedModes(mock: Int, interviews: Int)
    /// Mock interviews, none of them closed (or readable).
    case noClosedMock(Int)
    /// Mock interviews of several scenarios in which no trainee has more than one.
    case separateGroups(scenarios: [String])
    case differentItems(assessment: String)
    case allDamaged(Int)
    /// Every transcript given was voided (and none damaged).
    case allVoid(Int)

    public var description: String {
        switch self {
        case .allDamaged(let count):
            return count == 1 ? "the only transcript is damaged; 'assess verify' names the damage, and --accept-damaged compares what the events before it say"
                : "all \(count) transcripts are damaged; 'assess verify' names the damage, and --accept-damaged compares what the events before it say"
        case .allVoid(let count):
            return count == 1 ? "the only transcript was voided, so there is nothing to compare" : "all \(count) transcripts were voided, so there is nothing to compare"
        case .nothingToCompare:
            return "no transcripts to compare; give transcript files or a folder that holds them"
        case .mixedAssessments(let counts):
            let list = counts.keys.sorted().map { "\($0) (\(counts[$0] ?? 0))" }.joined(separator: ", ")
            return "these transcripts are of different assessments: \(list); compare one assessment at a time"
        case .mixedModes(let mock, let interviews):
            return "these transcripts mix \(mock) mock assessment\(mock == 1 ? "" : "s") and \(interviews) interview\(interviews == 1 ? "" : "s"); compare trainees and candidates separately (give the files of each)"
        case .noClosedMock(let count):
            return "none of the \(count) mock interview\(count == 1 ? "" : "s") here is closed and sound: a calibration needs the trainee's 'close'"
        case .separateGroups(let scenarios):
            return "these are mock assessments of \(scenarios.count) scenarios (\(scenarios.joined(separator: ", "))) and no trainee took more than one; compare each scenario's transcripts on their own for the group's calibration"
        case .differentItems(let assessment):
            return "the transcripts of \(assessment) assess different items (the assessment changed between interviews); compare those with the same items"
        }
    }
}
