/// One item of a trainee's calibration against the reference panel.
public struct CalibrationItem: Codable, Equatable, Sendable {
    public var id: String
    /// The trainee's item value; nil if the trainee did not rate the item.
    @ExplicitNull public var trainee: Double?
    public var reference: Double
    /// trainee − reference.
    @ExplicitNull public var difference: Double?
    public var rationale: String
}

/// How a trainee's ratings compare with the scenario's reference ratings.
public struct CalibrationReport: Codable, Equatable, Sendable {
    public var scenario: String
    public var trainee: String
    public var items: [CalibrationItem]
    @ExplicitNull public var meanAbsoluteDifference: Double?
    /// Share of rated items with no difference.
    @ExplicitNull public var exactAgreement: Double?
    /// Share of rated items within one step (1 point on a scale, 0.2 with indicators).
    @ExplicitNull public var adjacentAgreement: Double?
    /// The (up to) three items furthest from the reference.
    public var furthest: [String]
}

public enum Calibration {
    /// One step of agreement: a point on a scale; with indicators, one indicator's full
    /// difference (yes against no) on a five-indicator item, 0.2.
    public static func step(for method: Method) -> Double { method == .scale ? 1 : 0.2 }

    /// The calibration of `trainee`'s ratings against `scenario`'s reference.
    public static func report(scenario: Scenario, trainee: String, traineeValue: (String) -> Double?) -> CalibrationReport {
        let step = step(for: scenario.method)
        let items = scenario.items.map { item -> CalibrationItem in
            let value = traineeValue(item.id)
            let reference = item.reference.value
            return CalibrationItem(id: item.id, trainee: value, reference: reference,
                                   difference: value.map { Scoring.rounded($0 - reference) }, rationale: item.reference.rationale)
        }
        let differences = items.compactMap(\.difference)
        let count = Double(differences.count)
        let furthest = items.filter { ($0.difference ?? 0) != 0 }
            .sorted { abs($0.difference ?? 0) > abs($1.difference ?? 0) }.prefix(3).map(\.id)
        return CalibrationReport(
            scenario: scenario.id, trainee: trainee, items: items,
            meanAbsoluteDifference: differences.isEmpty ? nil : Scoring.rounded(differences.map(abs).reduce(0, +) / count),
            exactAgreement: differences.isEmpty ? nil : Double(differences.filter { abs($0) < 1e-9 }.count) / count,
            adjacentAgreement: differences.isEmpty ? nil : Double(differences.filter { abs($0) <= step + 1e-9 }.count) / count,
            furthest: furthest)
    }

    /// The calibration of a mock interview: the first panelist is the trainee.
    public static func report(of state: InterviewState) -> CalibrationReport? {
        guard let scenario = state.started.scenario, let trainee = state.panel.first?.name else { return nil }
        return report(scenario: scenario, trainee: trainee) { id in
            state.assessment.index(ofItem: id).flatMap { state.value(item: $0, by: trainee) }
        }
    }
}
