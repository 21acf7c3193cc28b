/// One item of a trainee's calibration against the reference panel.
public struct CalibrationItem: Codable, Equatable, Sendable {
    public var id: String
    /// The trainee's item value; nil if the trainee did not rate the item.
    @ExplicitNull public var trainee: Double?
    public var reference: Double
    /// trainee − reference.
    @ExplicitNull public var difference: Double?
    public var rationale: String
    /// One step of difference: a point on a scale; with indicators, one indicator's full
    /// difference (yes against no), 1 ÷ the item's indicators (0.2 of five, 0.11 of nine).
    public var step: Double
}

/// How a trainee's ratings compare with the scenario's reference ratings.
public struct CalibrationReport: Codable, Equatable, Sendable {
    public var scenario: String
    public var trainee: String
    public var items: [CalibrationItem]
    /// The mean of trainee − reference over the rated items: leniency (+) or severity (−).
    @ExplicitNull public var meanSignedDifference: Double?
    @ExplicitNull public var meanAbsoluteDifference: Double?
    /// Share of rated items with no difference.
    @ExplicitNull public var exactAgreement: Double?
    /// Share of rated items within one step (1 point on a scale, one indicator's with indicators).
    @ExplicitNull public var adjacentAgreement: Double?
    /// The (up to) three items furthest from the reference.
    public var furthest: [String]
    /// Under the indicator method: the share of the reference's indicators the trainee rated
    /// the same (yes, partly, no); null on a scale.
    @ExplicitNull public var indicatorAgreement: Double? = nil
    /// What the reference panel's ratings decide, by the rule of a real interview without
    /// languages: recommended only if every item is Satisfactory or Outstanding.
    public var referenceDecision: Recommendation
    /// What the trainee's ratings decide by the same rule; null if an item is unrated.
    @ExplicitNull public var traineeDecision: Recommendation?
    /// Whether the two decisions agree; null if the trainee's cannot be told.
    @ExplicitNull public var decisionAgrees: Bool?
}

public enum Calibration {
    /// One step of agreement: a point on a scale; with indicators, one indicator's full
    /// difference (yes against no): 1 ÷ the item's indicators.
    public static func step(for method: Method, indicators: Int) -> Double { method == .scale ? 1 : 1 / Double(max(1, indicators)) }

    /// What ratings decide, as a real interview's rule does without languages: recommended
    /// only if every item is Satisfactory or Outstanding; nil if an item has no value.
    public static func decision(_ values: [Double?], band: (Double) -> Band) -> Recommendation? {
        var decision = Recommendation.recommended
        for value in values {
            guard let value else { return nil }
            if band(value) < .satisfactory { decision = .notRecommended }
        }
        return decision
    }

    /// The calibration of `trainee`'s ratings against `scenario`'s reference; `band` places an
    /// item value in the assessment's bands.
    public static func report(scenario: Scenario, trainee: String, band: (Double) -> Band,
                              traineeValue: (String) -> Double?) -> CalibrationReport {
        let items = scenario.items.map { item -> CalibrationItem in
            let value = traineeValue(item.id)
            let reference = item.reference.value
            return CalibrationItem(id: item.id, trainee: value, reference: reference,
                                   difference: value.map { Scoring.rounded($0 - reference) }, rationale: item.reference.rationale,
                                   step: step(for: scenario.method, indicators: item.reference.indicators?.count ?? 0))
        }
        let differences = items.compactMap(\.difference)
        let count = Double(differences.count)
        let furthest = items.filter { ($0.difference ?? 0) != 0 }
            .sorted { abs($0.difference ?? 0) > abs($1.difference ?? 0) }.prefix(3).map(\.id)
        let referenceDecision = decision(items.map(\.reference), band: band) ?? .notRecommended
        let traineeDecision = decision(items.map(\.trainee), band: band)
        return CalibrationReport(
            scenario: scenario.id, trainee: trainee, items: items,
            meanSignedDifference: differences.isEmpty ? nil : Scoring.rounded(differences.reduce(0, +) / count),
            meanAbsoluteDifference: differences.isEmpty ? nil : Scoring.rounded(differences.map(abs).reduce(0, +) / count),
            exactAgreement: differences.isEmpty ? nil : Double(differences.filter { abs($0) < 1e-9 }.count) / count,
            adjacentAgreement: differences.isEmpty ? nil
                : Double(items.filter { item in item.difference.map { abs($0) <= item.step + 0.005 } ?? false }.count) / count,
            furthest: furthest, referenceDecision: referenceDecision, traineeDecision: traineeDecision,
            decisionAgrees: traineeDecision.map { $0 == referenceDecision })
    }

    /// The calibration of a mock interview: the first panelist is the trainee.
    public static func report(of state: InterviewState) -> CalibrationReport? {
        guard let scenario = state.started.scenario, let trainee = state.panel.first?.name else { return nil }
        var report = report(scenario: scenario, trainee: trainee, band: { Scoring.band($0, in: state.assessment) }) { id in
            state.assessment.index(ofItem: id).flatMap { state.value(item: $0, by: trainee) }
        }
        if scenario.method == .indicators {
            var same = 0, all = 0
            for item in scenario.items {
                guard let index = state.assessment.index(ofItem: item.id), let reference = item.reference.indicators else { continue }
                let given = state.indicatorRatings(item: index, by: trainee)
                for (offset, rating) in reference.enumerated() {
                    all += 1
                    if given[offset + 1] == rating { same += 1 }
                }
            }
            report.indicatorAgreement = all == 0 ? nil : Double(same) / Double(all)
        }
        return report
    }
}
