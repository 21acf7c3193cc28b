import Foundation
import Testing
@testable import AssessmentKit

/// Whether `value` equals `expected` to 6 decimals.
private func same(_ value: Double?, _ expected: Double, decimals: Double = 6) -> Bool {
    guard let value else { return false }
    let factor = pow(10, decimals)
    return (value * factor).rounded() == (expected * factor).rounded()
}

/// A table from rows of ratings (units × raters), with generated labels.
private func table(_ rows: [[Double?]], raters: Int? = nil) -> RatingTable {
    let count = raters ?? rows.map(\.count).max() ?? 0
    return RatingTable(raters: (0..<count).map { "r\($0 + 1)" }, units: rows.indices.map { "u\($0 + 1)" }, values: rows)
}

/// Every statistic of an ICC result.
private func statistics(_ result: ICCResult) -> [Double?] {
    [result.icc1, result.icc2, result.icc3, result.icc1k, result.icc2k, result.icc3k]
}

/// testdata/shrout-fleiss-1979.csv: 6 targets (rows) × 4 judges (columns).
private let shroutFleiss: [[Double?]] = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]

/// testdata/krippendorff-2011.csv as published: 4 coders (rows A–D) × 12 units (columns), nil = empty cell.
private let krippendorffByCoder: [[Double?]] = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, nil, nil, nil],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nil, 3],
    [nil, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nil],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nil],
]

/// The Krippendorff data transposed into units × raters.
private let krippendorff = RatingTable(
    raters: ["A", "B", "C", "D"],
    units: (1...12).map { "u\($0)" },
    values: (0..<12).map { unit in krippendorffByCoder.map { $0[unit] } })

@Suite struct ReliabilityPublishedDataTests {
    @Test func shroutFleissICCsMatchThePublishedValues() {
        let result = Reliability.icc(table(shroutFleiss))
        #expect(result.units == 6)
        #expect(result.raters == 4)
        #expect(same(result.icc1, 0.165742))
        #expect(same(result.icc2, 0.289764))
        #expect(same(result.icc3, 0.714841))
        #expect(same(result.icc1k, 0.442797))
        #expect(same(result.icc2k, 0.620051))
        #expect(same(result.icc3k, 0.909316))
    }

    @Test func shroutFleissMeanSquaresMatch() {
        let result = Reliability.icc(table(shroutFleiss))
        #expect(same(result.msr, 11.2417, decimals: 4))
        #expect(same(result.msw, 6.2639, decimals: 4))
        #expect(same(result.msc, 32.4861, decimals: 4))
        #expect(same(result.mse, 1.0194, decimals: 4))
    }

    static let published: [(AlphaMetric, Double)] = [
        (.nominal, 0.743421),
        (.ordinal, 0.815388),
        (.interval, 0.849107),
        (.ratio, 0.797403),
    ]

    @Test(arguments: published)
    func krippendorffAlphaMatchesThePublishedValue(metric: AlphaMetric, published: Double) {
        #expect(same(Reliability.alpha(krippendorff, metric: metric), published))
    }

    @Test func krippendorffDataHasNoCompleteCaseICCBeyondItsCompleteUnits() {
        // Units 2–9 are rated by all four coders (unit 1 misses C; 10–12 miss some).
        let result = Reliability.icc(krippendorff)
        #expect(result.units == 8)
        #expect(result.raters == 4)
        #expect(result.icc1 != nil)
    }
}

@Suite struct ReliabilityHandComputedTests {
    /// 3 units × 2 raters, complete: (1, 2), (3, 3), (4, 5).
    ///
    /// Grand mean 18/6 = 3; unit means 1.5, 3, 4.5; rater means 8/3, 10/3.
    /// SSR = 2·(2.25 + 0 + 2.25) = 9, BMS = 9/2 = 4.5.
    /// SSW = (.25 + .25) + 0 + (.25 + .25) = 1, WMS = 1/(3·1) = 1/3.
    /// SSC = 3·(1/9 + 1/9) = 2/3, JMS = (2/3)/1 = 2/3.
    /// SSE = SSW − SSC = 1/3, EMS = (1/3)/(2·1) = 1/6.
    /// ICC(1,1) = (9/2 − 1/3)/(9/2 + 1/3) = 25/29; ICC(2,1) = (13/3)/(9/2 + 1/6 + 2·(1/2)/3) = 13/15;
    /// ICC(3,1) = (13/3)/(14/3) = 13/14; ICC(1,k) = (25/6)/(9/2) = 25/27;
    /// ICC(2,k) = (13/3)/(9/2 + (1/2)/3) = 13/14; ICC(3,k) = (13/3)/(9/2) = 26/27.
    let small = table([[1, 2], [3, 3], [4, 5]])

    @Test func smallCompleteTableICCs() {
        let result = Reliability.icc(small)
        #expect(result.units == 3)
        #expect(result.raters == 2)
        #expect(same(result.msr, 4.5))
        #expect(same(result.msw, 1.0 / 3))
        #expect(same(result.msc, 2.0 / 3))
        #expect(same(result.mse, 1.0 / 6))
        #expect(same(result.icc1, 25.0 / 29))
        #expect(same(result.icc2, 13.0 / 15))
        #expect(same(result.icc3, 13.0 / 14))
        #expect(same(result.icc1k, 25.0 / 27))
        #expect(same(result.icc2k, 13.0 / 14))
        #expect(same(result.icc3k, 26.0 / 27))
    }

    /// The same table for alpha: n = 6 pairable values, n_1 = n_2 = n_4 = n_5 = 1, n_3 = 2.
    ///
    /// Observed Σ o_ck δ²: only units (1, 2) and (4, 5) disagree; each gives two ordered pairs
    /// weighted 1/(2−1). alpha = 1 − (n−1)·observed/expected = 1 − 5·observed/expected.
    /// - nominal: observed 2 + 2 = 4; expected n² − Σ n_c² = 36 − 8 = 28; alpha = 1 − 20/28 = 2/7.
    /// - interval: observed 2·1 + 2·1 = 4; expected 2·(n·Σ n_c c² − (Σ n_c c)²) = 2·(6·64 − 18²) = 120;
    ///   alpha = 1 − 20/120 = 5/6.
    /// - ordinal: δ(1,2) = (1 + 1) − 1 = 1 and δ(4,5) = 1, so observed 4; expected = 2·Σ_{c<k} n_c n_k δ²:
    ///   (1,2) 1, (1,3) 2·2.5² = 12.5, (1,4) 4² = 16, (1,5) 5² = 25, (2,3) 2·1.5² = 4.5, (2,4) 3² = 9,
    ///   (2,5) 4² = 16, (3,4) 2·1.5² = 4.5, (3,5) 2·2.5² = 12.5, (4,5) 1 → 2·102 = 204; alpha = 1 − 20/204 = 46/51.
    /// - ratio: observed 2·(1/3)² + 2·(1/9)² = 20/81; expected = 2·(1/9 + 2/4² + 9/25 + 4/9 + 2/25 + 1/9
    ///   + 9/49 + 2/49 + 2/16 + 1/81) = 1562597/396900; alpha = 1 − 5·(20/81)/(1562597/396900)
    ///   = 1072597/1562597.
    static let smallAlphas: [(AlphaMetric, Double)] = [
        (.nominal, 2.0 / 7),
        (.ordinal, 46.0 / 51),
        (.interval, 5.0 / 6),
        (.ratio, 1072597.0 / 1562597),
    ]

    @Test(arguments: smallAlphas)
    func smallCompleteTableAlpha(metric: AlphaMetric, expected: Double) {
        #expect(same(Reliability.alpha(small, metric: metric), expected))
    }

    /// 4 units × 3 raters: (1, 2, 3), (3, 4, 5), (2, 3, 4) and (1, –, 3) with a missing rating.
    ///
    /// ICC over the 3 complete units only: every rater is a fixed offset from the unit, so
    /// there is no residual. Grand mean 3; unit means 2, 4, 3; rater means 2, 3, 4.
    /// SSR = 3·(1 + 1 + 0) = 6, BMS = 3; SSW = 3·(1 + 0 + 1) = 6, WMS = 6/(3·2) = 1;
    /// SSC = 3·(1 + 0 + 1) = 6, JMS = 3; SSE = 0, EMS = 0.
    /// ICC(1,1) = 2/(3 + 2) = 2/5; ICC(2,1) = 3/(3 + 0 + 3·3/3) = 1/2; ICC(3,1) = 3/3 = 1;
    /// ICC(1,k) = 2/3; ICC(2,k) = 3/(3 + 3/3) = 3/4; ICC(3,k) = 1.
    let withMissing = table([[1, 2, 3], [3, 4, 5], [2, 3, 4], [1, nil, 3]])

    @Test func missingRatingDropsTheUnitFromICC() {
        let result = Reliability.icc(withMissing)
        #expect(result.units == 3)
        #expect(result.raters == 3)
        #expect(result.mse == 0)
        #expect(same(result.icc1, 0.4))
        #expect(same(result.icc2, 0.5))
        #expect(result.icc3 == 1)
        #expect(same(result.icc1k, 2.0 / 3))
        #expect(same(result.icc2k, 0.75))
        #expect(result.icc3k == 1)
        // The incomplete unit changes nothing.
        #expect(result == Reliability.icc(table([[1, 2, 3], [3, 4, 5], [2, 3, 4]])))
    }

    /// Alpha uses all 4 units: n = 11 values; n_1 = 2, n_2 = 2, n_3 = 4, n_4 = 2, n_5 = 1.
    ///
    /// alpha = 1 − 10·observed/expected.
    /// - interval: observed: each 3-value unit of consecutive values gives 2·(1 + 4 + 1)/2 = 6,
    ///   so 18, plus (1, 3): 2·4/1 = 8 → 26; Σ n_c c = 31, Σ n_c c² = 103,
    ///   expected 2·(11·103 − 31²) = 344; alpha = 1 − 260/344 = 21/86.
    /// - nominal: observed 3·(6/2) + 2/1 = 11; expected 121 − (4 + 4 + 16 + 4 + 1) = 92;
    ///   alpha = 1 − 110/92 = −9/46 (worse than chance).
    @Test func missingRatingStillCountsForAlpha() {
        #expect(same(Reliability.alpha(withMissing, metric: .interval), 21.0 / 86))
        #expect(same(Reliability.alpha(withMissing, metric: .nominal), -9.0 / 46))
        // Without the incomplete unit alpha differs, so it was used.
        let complete = table([[1, 2, 3], [3, 4, 5], [2, 3, 4]])
        #expect(Reliability.alpha(complete, metric: .interval) != Reliability.alpha(withMissing, metric: .interval))
    }

    /// (1, 2) and (2, 1): BMS = 0, JMS = 0, WMS = 1/2, EMS = 1.
    ///
    /// ICC(1,1) = (0 − 1/2)/(0 + 1/2) = −1 and ICC(3,1) = (0 − 1)/(0 + 1) = −1 are real values;
    /// ICC(2,1) has denominator 0 + 1 + 2·(0 − 1)/2 = 0, ICC(1,k) and ICC(3,k) have BMS = 0,
    /// and ICC(2,k) has 0 + (0 − 1)/2 < 0 (the formula would give 2): all `nil`.
    @Test func zeroOrNegativeDenominatorsGiveNil() {
        let result = Reliability.icc(table([[1, 2], [2, 1]]))
        #expect(same(result.icc1, -1))
        #expect(same(result.icc3, -1))
        #expect(result.icc2 == nil)
        #expect(result.icc1k == nil)
        #expect(result.icc2k == nil)
        #expect(result.icc3k == nil)
        #expect(result.msr == 0)
        #expect(result.msc == 0)
        #expect(same(result.msw, 0.5))
        #expect(same(result.mse, 1))
    }

    @Test func ratersWhoNeverRatedAreLeftOut() {
        let result = Reliability.icc(table([[1, 2, nil], [3, 3, nil], [4, 5, nil]]))
        #expect(result.raters == 2)
        #expect(result == Reliability.icc(small))
    }

    @Test func nonFiniteValuesAndShortRowsCountAsMissing() {
        let odd = table([[1, 2, 3], [3, 4, 5], [2, 3, 4], [1, .nan, 3], [.infinity, 2]], raters: 3)
        #expect(Reliability.icc(odd) == Reliability.icc(withMissing))
        // Unit 5 keeps one value and is not pairable.
        #expect(Reliability.alpha(odd, metric: .interval) == Reliability.alpha(withMissing, metric: .interval))
    }

    @Test func equalValuesThatAreNotExactInBinaryStillHaveNoVariance() {
        let result = Reliability.icc(table(Array(repeating: [0.1, 0.1, 0.1], count: 1000)))
        #expect(statistics(result).allSatisfy { $0 == nil })
        #expect(result.msr == 0)
        #expect(result.mse == 0)
    }
}

@Suite struct ReliabilityDegenerateInputTests {
    static let degenerate: [(String, RatingTable)] = [
        ("one rater", table([[1], [2], [3]])),
        ("one unit", table([[1, 2, 3]])),
        ("all values equal", table([[3, 3, 3], [3, 3, 3], [3, 3, 3]])),
        ("empty table", RatingTable(raters: [], units: [], values: [])),
        ("raters but no ratings", table([[nil, nil], [nil, nil]])),
        ("nobody rated the same unit twice", table([[1, nil, nil], [nil, 2, nil], [nil, nil, 3]])),
    ]

    @Test(arguments: degenerate)
    func degenerateTablesGiveNil(_ name: String, _ input: RatingTable) {
        let result = Reliability.icc(input)
        #expect(statistics(result).allSatisfy { $0 == nil }, "\(name)")
        for metric in AlphaMetric.allCases {
            #expect(Reliability.alpha(input, metric: metric) == nil, "\(name), \(metric)")
        }
    }

    @Test func degenerateCountsAreReported() {
        #expect(Reliability.icc(RatingTable(raters: [], units: [], values: [])) == ICCResult(units: 0, raters: 0))
        #expect(Reliability.icc(table([[1], [2], [3]])) == ICCResult(units: 3, raters: 1))
        #expect(Reliability.icc(table([[1, 2, 3]])) == ICCResult(units: 1, raters: 3))
        let equal = Reliability.icc(table([[3, 3, 3], [3, 3, 3], [3, 3, 3]]))
        #expect(equal == ICCResult(units: 3, raters: 3, msr: 0, msw: 0, msc: 0, mse: 0))
    }

    @Test func aSingleUnitGivesNoAlpha() {
        // With one unit, observed and expected disagreement coincide: alpha would be 0 whatever the ratings.
        #expect(Reliability.alpha(table([[1, 4, 4, 4]]), metric: .interval) == nil)
        #expect(Reliability.alpha(table([[1, 4, 4, 4], [2, nil, nil, nil]]), metric: .interval) == nil)
    }

    @Test func ratioAlphaRefusesNegativeValues() {
        let signed = table([[-1, 1], [2, 3]])
        #expect(Reliability.alpha(signed, metric: .ratio) == nil)
        #expect(Reliability.alpha(signed, metric: .interval) != nil)
    }

    @Test func hugeValuesNeverGiveNaNOrInfinity() {
        let huge = table([[1e300, -1e300], [1e300, 1e300], [-1e300, 1e300]])
        for value in statistics(Reliability.icc(huge)) {
            #expect(value == nil || value?.isFinite == true)
        }
        for metric in AlphaMetric.allCases {
            let alpha = Reliability.alpha(huge, metric: metric)
            #expect(alpha == nil || alpha?.isFinite == true)
        }
    }
}

@Suite struct ReliabilityReadingTests {
    static let iccEdges: [(Double, String)] = [
        (0.0, "poor"), (0.4999, "poor"), (0.5, "moderate"), (0.7499, "moderate"), (0.75, "good"),
        (0.9, "good"), (0.9 + 1e-12, "good"), (0.9001, "excellent"), (1.0, "excellent"), (-0.3, "poor"),
    ]

    @Test(arguments: iccEdges)
    func iccReadingsAtTheirEdges(value: Double, reading: String) {
        #expect(Reliability.iccReading(value) == reading)
    }

    static let alphaEdges: [(Double, String)] = [
        (0.8, "reliable"), (0.8 - 1e-12, "reliable"), (1.0, "reliable"), (0.7999, "tentative"),
        (0.667, "tentative"), (2.0 / 3, "unreliable"), (0.66, "unreliable"), (-0.2, "unreliable"),
    ]

    @Test(arguments: alphaEdges)
    func alphaReadingsAtTheirEdges(value: Double, reading: String) {
        #expect(Reliability.alphaReading(value) == reading)
    }
}

@Suite struct ReliabilityCodingTests {
    @Test func statisticsThatCannotBeComputedAreWrittenAsNull() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(ICCResult(icc1: 0.5, units: 1, raters: 2)), as: UTF8.self)
        #expect(text == #"{"icc1":0.5,"icc1k":null,"icc2":null,"icc2k":null,"icc3":null,"icc3k":null,"msc":null,"mse":null,"msr":null,"msw":null,"raters":2,"units":1}"#)
    }

    @Test func resultsSurviveARoundTrip() throws {
        let result = Reliability.icc(table(shroutFleiss))
        #expect(try JSONDecoder().decode(ICCResult.self, from: JSONEncoder().encode(result)) == result)
        let empty = ICCResult(units: 0, raters: 0)
        #expect(try JSONDecoder().decode(ICCResult.self, from: JSONEncoder().encode(empty)) == empty)
    }
}
