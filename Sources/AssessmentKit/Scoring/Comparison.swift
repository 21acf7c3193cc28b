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
}

/// A transcript `compare` read but left out of the ranking and the statistics, and why.
public struct LeftOut: Codable, Equatable, Sendable {
    public enum Why: String, Codable, Sendable { case damaged, unreadable, copy }
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
    @ExplicitNull public var meanAbsoluteDifference: Double?
    @ExplicitNull public var exactAgreement: Double?
    @ExplicitNull public var adjacentAgreement: Double?
}

/// Several trainees' mock interviews of one scenario, side by side with the reference.
public struct GroupCalibration: Codable, Equatable, Sendable {
    public var scenario: String
    public var trainees: [TraineeCalibration]
    /// The trainees' reliability among themselves: items as units, trainees as raters.
    public var reliability: ReliabilityBlock
    /// The same with the reference panel added as one more rater.
    public var withReference: ReliabilityBlock
    /// The group's mean absolute difference from the reference.
    public var meanAbsoluteDifference: Double?
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
    /// Transcripts read but not compared (damaged ones).
    public var leftOut: [LeftOut] = []
    /// Damaged transcripts were compared on the events before their damage (`--accept-damaged`).
    @OmittedWhenDefault public var acceptedDamage = false
    /// What a reader must know about the set: a candidate id in more than one interview.
    @OmittedWhenDefault public var warnings: [String] = []
    /// What each key and figure means, for readers of the JSON without the README.
    public var legend: [String: String]

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
        ]
        for (id, name) in zip(items, itemNames) { legend["items.\(id)"] = name }
        return legend
    }
}

public enum ComparisonError: Error, Equatable, Sendable, CustomStringConvertible {
    case nothingToCompare
    case mixedAssessments([String: Int])
    case mixedModes(mock: Int, interviews: Int)
    case differentItems(assessment: String)
    case allDamaged(Int)

    public var description: String {
        switch self {
        case .allDamaged(let count):
            return count == 1 ? "the only transcript is damaged; 'assess verify' names the damage, and --accept-damaged compares what the events before it say"
                : "all \(count) transcripts are damaged; 'assess verify' names the damage, and --accept-damaged compares what the events before it say"
        case .nothingToCompare:
            return "no transcripts to compare; give transcript files or a folder that holds them"
        case .mixedAssessments(let counts):
            let list = counts.keys.sorted().map { "\($0) (\(counts[$0] ?? 0))" }.joined(separator: ", ")
            return "these transcripts are of different assessments: \(list); compare one assessment at a time"
        case .mixedModes(let mock, let interviews):
            return "these transcripts mix \(mock) mock assessment\(mock == 1 ? "" : "s") and \(interviews) interview\(interviews == 1 ? "" : "s"); compare trainees and candidates separately (give the files of each)"
        case .differentItems(let assessment):
            return "the transcripts of \(assessment) assess different items (the assessment changed between interviews); compare those with the same items"
        }
    }
}

public enum ComparativeAnalysis {
    /// Ranks the candidates (recommended first, then by mean final value) and measures the panel.
    /// Damaged transcripts are left out of both and listed, unless `acceptingDamage`: then they
    /// are compared on the events before their damage, and marked.
    /// `notRead`: files that gave no summary at all (unreadable, or a forged `started`),
    /// listed with the rest that is left out.
    public static func compare(_ all: [(summary: PanelSummary, path: String)], notRead: [LeftOut] = [],
                               acceptingDamage: Bool = false) throws(ComparisonError) -> Comparison {
        // Each interview counts once (a copy would weigh twice in the statistics); damaged
        // ones only when accepted.
        var summaries: [(summary: PanelSummary, path: String)] = []
        var leftOut = notRead
        var firstPath: [String: String] = [:]
        for entry in all {
            let summary = entry.summary
            let interview = ([summary.assessment, summary.candidate.name, summary.candidate.id ?? "", summary.started]
                + summary.panel.map(\.name)).joined(separator: "\u{0}")
            if let damage = summary.damage, !acceptingDamage {
                leftOut.append(LeftOut(transcript: entry.path, candidate: candidateName(summary), why: .damaged,
                                       reason: "damaged at line \(damage.line) (\(damage.kind))"))
            } else if let first = firstPath[interview] {
                leftOut.append(LeftOut(transcript: entry.path, candidate: candidateName(summary), why: .copy,
                                       reason: "the same interview as \(first)"))
            } else {
                firstPath[interview] = entry.path
                summaries.append(entry)
            }
        }
        guard let first = summaries.first?.summary else {
            throw leftOut.isEmpty ? .nothingToCompare : .allDamaged(leftOut.filter { $0.why == .damaged }.count)
        }
        var counts: [String: Int] = [:]
        for entry in summaries { counts[entry.summary.assessment, default: 0] += 1 }
        guard counts.count == 1 else { throw .mixedAssessments(counts) }
        let mocks = summaries.filter { $0.summary.mode == .mock }.count
        guard mocks == 0 || mocks == summaries.count else { throw .mixedModes(mock: mocks, interviews: summaries.count - mocks) }
        let itemIDs = first.items.map(\.id)
        guard summaries.allSatisfy({ $0.summary.items.map(\.id) == itemIDs }) else {
            throw .differentItems(assessment: first.assessment)
        }

        var rows = summaries.map { entry -> CandidateRow in
            let summary = entry.summary
            let finals = summary.items.compactMap(\.final)
            let name = summary.mode == .mock ? "\(summary.candidate.name) · \(summary.panel.first?.name ?? "")" : summary.candidate.name
            return CandidateRow(
                name: name, id: summary.candidate.id, rank: 0, recommendation: summary.recommendation,
                items: Dictionary(summary.items.map { ($0.id, $0.final) }, uniquingKeysWith: { first, _ in first }),
                meanFinal: finals.isEmpty ? nil : finals.reduce(0, +) / Double(finals.count),
                languageRequirementMet: summary.languageRequirementMet, overridden: summary.override != nil,
                closed: summary.closed != nil,
                date: summary.date, integrity: summary.integrity, transcript: entry.path,
                bands: Dictionary(summary.items.map { ($0.id, $0.band) }, uniquingKeysWith: { first, _ in first }),
                reasons: summary.reasons, languages: languageLine(summary), panel: summary.panel, closedAt: summary.closed)
        }
        rows.sort { a, b in
            if a.recommendation != b.recommendation { return a.recommendation == .recommended }
            if (a.meanFinal ?? -1) != (b.meanFinal ?? -1) { return (a.meanFinal ?? -1) > (b.meanFinal ?? -1) }
            return a.name < b.name
        }
        for index in rows.indices { rows[index].rank = index + 1 }

        let itemNames = first.items.map(\.name)
        var comparison = Comparison(
            assessment: first.assessment, title: first.title, method: first.method, scale: first.scale,
            items: itemIDs, itemNames: itemNames, candidates: rows,
            reliability: reliability(summaries.map(\.summary)), calibration: calibration(summaries.map(\.summary)),
            groupCalibration: groupCalibration(summaries.map(\.summary), items: itemIDs), leftOut: leftOut,
            legend: Comparison.legend(items: itemIDs, itemNames: itemNames))
        // Two interviews of one candidate: both are ranked, and the reader must know.
        var pathsByID: [String: [String]] = [:]
        for entry in summaries { if let id = entry.summary.candidate.id { pathsByID[id, default: []].append(entry.path) } }
        comparison.warnings = pathsByID.keys.sorted().compactMap { id in
            guard let paths = pathsByID[id], paths.count > 1 else { return nil }
            return "candidate \(id) has \(paths.count) interviews here, each ranked: \(paths.joined(separator: ", ")); leave out the one that does not count"
        }
        comparison.acceptedDamage = acceptingDamage && summaries.contains { $0.summary.damage != nil }
        return comparison
    }

    static func candidateName(_ summary: PanelSummary) -> String {
        summary.candidate.name + (summary.candidate.id.map { " (\($0))" } ?? "")
    }

    /// `english oral C1, written C2; french oral B2 · requirement english:fluent: met`.
    static func languageLine(_ summary: PanelSummary) -> String {
        var parts = summary.languages.map { line in
            line.language + " " + [line.oral.map { "oral \($0)" }, line.written.map { "written \($0)" }].compactMap { $0 }.joined(separator: ", ")
        }.joined(separator: "; ")
        if parts.isEmpty { parts = "none recorded" }
        guard let requirement = summary.languageRequirement, summary.mode == .interview else { return parts }
        let outcome: String
        switch summary.languageDecision {
        case .met: outcome = "met"
        case .notMet: outcome = "not met"
        case .undecided: outcome = "not shown"
        }
        return parts + " · requirement \(requirement): \(outcome)"
    }

    /// The group's calibration when every transcript is a closed mock interview of one scenario.
    static func groupCalibration(_ summaries: [PanelSummary], items: [String]) -> GroupCalibration? {
        let reports = summaries.compactMap(\.calibration)
        guard reports.count == summaries.count, let scenario = reports.first?.scenario,
              reports.allSatisfy({ $0.scenario == scenario }) else { return nil }
        let trainees = reports.map { report in
            TraineeCalibration(name: report.trainee,
                               differences: Dictionary(report.items.map { ($0.id, $0.difference) }, uniquingKeysWith: { first, _ in first }),
                               meanAbsoluteDifference: report.meanAbsoluteDifference, exactAgreement: report.exactAgreement,
                               adjacentAgreement: report.adjacentAgreement)
        }
        func table(withReference: Bool) -> RatingTable {
            var raters = reports.map(\.trainee)
            if withReference { raters.append("reference") }
            let values = items.map { id -> [Double?] in
                var row = reports.map { report in report.items.first { $0.id == id }?.trainee }
                if withReference { row.append(reports[0].items.first { $0.id == id }?.reference) }
                return row
            }
            return RatingTable(raters: raters, units: items, values: values)
        }
        let differences = reports.flatMap { $0.items.compactMap(\.difference) }
        return GroupCalibration(
            scenario: scenario, trainees: trainees, reliability: block(table(withReference: false)),
            withReference: block(table(withReference: true)),
            meanAbsoluteDifference: differences.isEmpty ? nil : Scoring.rounded(differences.map(abs).reduce(0, +) / Double(differences.count)))
    }

    /// Units are (candidate, item) pairs; raters are the panelists, by name.
    static func ratingTable(_ summaries: [PanelSummary]) -> RatingTable {
        var raters: [String] = []
        for summary in summaries {
            for panelist in summary.panel where !raters.contains(panelist.name) { raters.append(panelist.name) }
        }
        var units: [String] = []
        var values: [[Double?]] = []
        for summary in summaries {
            for item in summary.items where !item.ratings.isEmpty {
                units.append("\(summary.candidate.id ?? summary.candidate.name)/\(item.id)")
                values.append(raters.map { item.ratings[$0] })
            }
        }
        return RatingTable(raters: raters, units: units, values: values)
    }

    static func reliability(_ summaries: [PanelSummary]) -> ReliabilityBlock {
        block(ratingTable(summaries))
    }

    /// Every statistic of a rating table, with readings.
    static func block(_ table: RatingTable) -> ReliabilityBlock {
        let icc = Reliability.icc(table)
        let ordinal = Reliability.alpha(table, metric: .ordinal)
        let interval = Reliability.alpha(table, metric: .interval)
        var block = ReliabilityBlock(units: table.units.count, raters: table.raters.count, iccUnits: icc.units,
                                     icc1: icc.icc1, icc2: icc.icc2, icc3: icc.icc3, icc1k: icc.icc1k, icc2k: icc.icc2k,
                                     icc3k: icc.icc3k, alphaOrdinal: ordinal, alphaInterval: interval, readings: [:])
        for (statistic, value) in block.statistics {
            if let value { block.readings[statistic] = statistic.reading(value) }
        }
        return block
    }

    static func calibration(_ summaries: [PanelSummary]) -> [PanelistCalibration] {
        let names = ratingTable(summaries).raters
        return names.map { name in
            var values: [Double] = []
            var distances: [Double] = []
            for summary in summaries {
                for item in summary.items {
                    guard let value = item.ratings[name] else { continue }
                    values.append(value)
                    if let final = item.final { distances.append(abs(value - final)) }
                }
            }
            var distribution: [String: Int] = [:]
            for value in values { distribution[format(Scoring.rounded(value)), default: 0] += 1 }
            return PanelistCalibration(
                name: name, ratings: values.count, distribution: distribution,
                mean: values.isEmpty ? nil : values.reduce(0, +) / Double(values.count),
                meanDistance: distances.isEmpty ? nil : distances.reduce(0, +) / Double(distances.count))
        }
    }
}
