/// Ratings as units × raters, the input of the reliability statistics; `nil` is a missing rating.
///
/// The labels give the table's shape: `values[unit][rater]` for `unit` in `units.indices` and
/// `rater` in `raters.indices`. A row shorter than `raters` is missing its last ratings, cells
/// beyond the labels are ignored, and a value that is not finite (NaN, infinity) counts as
/// missing. In `compare`, a unit is a (candidate, item) pair and a rater a panelist.
public struct RatingTable: Equatable, Sendable {
    /// The raters, one per column.
    public var raters: [String]
    /// The rated units, one per row.
    public var units: [String]
    /// `values[unit][rater]`; `nil` where that rater gave no rating.
    public var values: [[Double?]]

    /// A table of `values[unit][rater]` under the given labels.
    public init(raters: [String], units: [String], values: [[Double?]]) {
        self.raters = raters
        self.units = units
        self.values = values
    }

    /// The rating of `unit` by `rater`; `nil` when missing, outside the table or not finite.
    func rating(unit: Int, rater: Int) -> Double? {
        guard values.indices.contains(unit), values[unit].indices.contains(rater),
              let value = values[unit][rater], value.isFinite else { return nil }
        return value
    }
}

/// The six intraclass correlations of Shrout & Fleiss (1979) and the mean squares behind them.
///
/// A member is `nil` where it cannot be computed: fewer than two complete units or two raters,
/// or a denominator that is not positive (no variance to compare against; for ICC(2,k), an
/// estimated total variance below zero, where the formula would give values beyond 1). Never
/// NaN or infinity. Encoded as JSON, a `nil` member is written as `null`, not left out, and
/// read back from `null` or a missing key.
public struct ICCResult: Equatable, Sendable, Codable {
    /// ICC(1,1): one-way random, a single rater.
    @ExplicitNull public var icc1: Double?
    /// ICC(2,1): two-way random, absolute agreement, a single rater.
    @ExplicitNull public var icc2: Double?
    /// ICC(3,1): two-way mixed, consistency, a single rater.
    @ExplicitNull public var icc3: Double?
    /// ICC(1,k): one-way random, the mean of the k raters.
    @ExplicitNull public var icc1k: Double?
    /// ICC(2,k): two-way random, absolute agreement, the mean of the k raters.
    @ExplicitNull public var icc2k: Double?
    /// ICC(3,k): two-way mixed, consistency, the mean of the k raters.
    @ExplicitNull public var icc3k: Double?
    /// The complete units used: those every counted rater rated.
    public var units: Int
    /// The raters counted: those who gave at least one rating.
    public var raters: Int
    /// Mean square between targets (units), BMS.
    @ExplicitNull public var msr: Double?
    /// Mean square within targets, WMS.
    @ExplicitNull public var msw: Double?
    /// Mean square between judges (raters), JMS.
    @ExplicitNull public var msc: Double?
    /// Residual mean square, EMS.
    @ExplicitNull public var mse: Double?

    /// A result with the given members; statistics left out are `nil`.
    public init(icc1: Double? = nil, icc2: Double? = nil, icc3: Double? = nil,
                icc1k: Double? = nil, icc2k: Double? = nil, icc3k: Double? = nil,
                units: Int = 0, raters: Int = 0,
                msr: Double? = nil, msw: Double? = nil, msc: Double? = nil, mse: Double? = nil) {
        self.icc1 = icc1
        self.icc2 = icc2
        self.icc3 = icc3
        self.icc1k = icc1k
        self.icc2k = icc2k
        self.icc3k = icc3k
        self.units = units
        self.raters = raters
        self.msr = msr
        self.msw = msw
        self.msc = msc
        self.mse = mse
    }
}

/// The level of measurement for Krippendorff's alpha, which decides its difference function δ².
public enum AlphaMetric: String, Sendable, CaseIterable {
    /// Categories: two values agree or they do not.
    case nominal
    /// Ranks: the distance counts how many ratings lie between two values.
    case ordinal
    /// Equal intervals: the squared difference.
    case interval
    /// Ratios from an absolute zero: the squared difference relative to the sum.
    case ratio
}

/// The statistics a comparison reports, in display order; the raw values are the JSON keys.
public enum ReliabilityStatistic: String, CaseIterable, Codable, CodingKeyRepresentable, Sendable {
    case icc1, icc2, icc3, icc1k, icc2k, icc3k, alphaOrdinal, alphaInterval

    /// `ICC(1,1)`, `Krippendorff's alpha (ordinal)`.
    public var label: String {
        switch self {
        case .icc1: return "ICC(1,1)"
        case .icc2: return "ICC(2,1)"
        case .icc3: return "ICC(3,1)"
        case .icc1k: return "ICC(1,k)"
        case .icc2k: return "ICC(2,k)"
        case .icc3k: return "ICC(3,k)"
        case .alphaOrdinal: return "Krippendorff's alpha (ordinal)"
        case .alphaInterval: return "Krippendorff's alpha (interval)"
        }
    }

    /// The common reading of a value: Koo & Li's for an ICC, Krippendorff's for alpha.
    public func reading(_ value: Double) -> String {
        switch self {
        case .icc1, .icc2, .icc3, .icc1k, .icc2k, .icc3k: return Reliability.iccReading(value)
        case .alphaOrdinal, .alphaInterval: return Reliability.alphaReading(value)
        }
    }
}

/// Inter-rater reliability of a panel (DOMAIN.md §5): pure functions over a `RatingTable`.
public enum Reliability {
    /// Shrout & Fleiss (1979) ICCs over the units that every rater rated (complete cases).
    ///
    /// Raters who gave no rating at all are left out first, so that a panelist who never
    /// rated does not empty the table; then only units rated by every remaining rater count.
    /// With n units and k raters: BMS = SSR/(n−1), WMS = SSW/(n(k−1)), JMS = SSC/(k−1),
    /// EMS = SSE/((n−1)(k−1)), each sum of squares computed from its own deviations so that
    /// none comes out negative; a sum of squares at the level of rounding noise is taken as 0.
    /// Fewer than two complete units or two raters leave every statistic `nil`.
    public static func icc(_ table: RatingTable) -> ICCResult {
        let columns = table.raters.indices.filter { rater in
            table.units.indices.contains { table.rating(unit: $0, rater: rater) != nil }
        }
        let rows: [[Double]] = columns.isEmpty ? [] : table.units.indices.compactMap { unit in
            let row = columns.compactMap { table.rating(unit: unit, rater: $0) }
            return row.count == columns.count ? row : nil
        }
        var result = ICCResult(units: rows.count, raters: columns.count)
        let n = rows.count, k = columns.count
        guard n >= 2, k >= 2 else { return result }

        let nd = Double(n), kd = Double(k)
        let grand = mean(rows.flatMap { $0 })
        let rowMeans = rows.map(mean)
        let columnMeans = (0..<k).map { column in mean(rows.map { $0[column] }) }
        let ssr = kd * rowMeans.reduce(0) { $0 + ($1 - grand) * ($1 - grand) }
        let ssc = nd * columnMeans.reduce(0) { $0 + ($1 - grand) * ($1 - grand) }
        var ssw = 0.0, sse = 0.0
        for (row, values) in rows.enumerated() {
            for (column, value) in values.enumerated() {
                let within = value - rowMeans[row]
                let residual = within - columnMeans[column] + grand
                ssw += within * within
                sse += residual * residual
            }
        }
        // Deviations of values that are all equal can come out as a few ulps instead of 0;
        // anything below this is noise, far below any real difference between ratings.
        // (Compared through square roots so that large ratings cannot overflow the bound.)
        guard [ssr, ssc, ssw, sse].allSatisfy(\.isFinite) else { return result }
        let largest = rows.reduce(0) { max($0, $1.reduce(0) { max($0, abs($1)) }) }
        let noise = (nd * kd).squareRoot() * largest * 1e-13
        func denoised(_ sum: Double) -> Double { sum.squareRoot() <= noise ? 0 : sum }

        let bms = denoised(ssr) / (nd - 1), wms = denoised(ssw) / (nd * (kd - 1))
        let jms = denoised(ssc) / (kd - 1), ems = denoised(sse) / ((nd - 1) * (kd - 1))
        guard [bms, wms, jms, ems].allSatisfy(\.isFinite) else { return result }
        result.msr = bms
        result.msw = wms
        result.msc = jms
        result.mse = ems

        result.icc1 = ratio(bms - wms, bms + (kd - 1) * wms)
        result.icc2 = ratio(bms - ems, bms + (kd - 1) * ems + kd * (jms - ems) / nd,
                            scale: bms + (kd - 1) * ems + kd * (jms + ems) / nd)
        result.icc3 = ratio(bms - ems, bms + (kd - 1) * ems)
        result.icc1k = ratio(bms - wms, bms)
        result.icc2k = ratio(bms - ems, bms + (jms - ems) / nd, scale: bms + (jms + ems) / nd)
        result.icc3k = ratio(bms - ems, bms)
        return result
    }

    /// Krippendorff's alpha over all pairable values (units with at least two values).
    ///
    /// Follows Krippendorff, "Computing Krippendorff's alpha-reliability" (2011):
    /// alpha = 1 − D_o/D_e = 1 − (n−1)·Σ o_ck δ²_ck / Σ n_c n_k δ²_ck, where o is the
    /// coincidence matrix (each pair within a unit of m values weighted 1/(m−1)), n_c the
    /// marginal frequency of value c and n the number of pairable values. The ordinal δ² uses
    /// the marginal frequencies of the values present. `nil` when fewer than two units are
    /// pairable (with a single unit alpha is 0 whatever the ratings, so it says nothing),
    /// when D_e = 0 (every pairable value is the same), or for the ratio metric when a value
    /// is negative (a ratio scale has none).
    public static func alpha(_ table: RatingTable, metric: AlphaMetric) -> Double? {
        let pairable: [[Double]] = table.units.indices.compactMap { unit in
            let values = table.raters.indices.compactMap { table.rating(unit: unit, rater: $0) }
            return values.count >= 2 ? values : nil
        }
        guard pairable.count >= 2 else { return nil }
        if metric == .ratio, pairable.contains(where: { $0.contains { $0 < 0 } }) { return nil }

        var frequency: [Double: Double] = [:]
        for unit in pairable {
            for value in unit { frequency[value, default: 0] += 1 }
        }
        let values = frequency.keys.sorted()
        let index = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, $0) })
        let margins = values.map { frequency[$0] ?? 0 }
        let total = margins.reduce(0, +)
        let distance = SquaredDistance(metric: metric, values: values, margins: margins)

        // Σ o_ck δ²_ck, unit by unit: a unit holding value c a times and k b times adds
        // a·b/(m−1) to o_ck and to o_kc; equal values add nothing since δ²_cc = 0.
        var observed = 0.0
        for unit in pairable {
            var counts: [Int: Double] = [:]
            for value in unit {
                if let position = index[value] { counts[position, default: 0] += 1 }
            }
            let present = counts.sorted { $0.key < $1.key }
            var sum = 0.0
            for first in present.indices {
                for second in present.indices where second > first {
                    sum += 2 * present[first].value * present[second].value
                        * distance(present[first].key, present[second].key)
                }
            }
            observed += sum / Double(unit.count - 1)
        }
        var expected = 0.0
        for c in values.indices {
            for k in values.indices where k > c {
                expected += 2 * margins[c] * margins[k] * distance(c, k)
            }
        }
        guard expected > 0, expected.isFinite, observed.isFinite else { return nil }
        let alpha = 1 - (total - 1) * observed / expected
        return alpha.isFinite ? alpha : nil
    }

    /// The common reading of an ICC (Koo & Li 2016): poor < .5, moderate .5–.75, good .75–.9, excellent > .9.
    ///
    /// Edges: .5 and .75 open the band above them ("moderate", "good"), while .9 itself is
    /// still "good" — Koo & Li call values *greater than* .9 excellent. Values within 1e-9 of
    /// an edge count as on it, so rounding noise does not move a result across. Returns one of
    /// "poor", "moderate", "good", "excellent"; NaN reads as "poor".
    public static func iccReading(_ value: Double) -> String {
        if value > 0.9 + edgeTolerance { return "excellent" }
        if value >= 0.75 - edgeTolerance { return "good" }
        if value >= 0.5 - edgeTolerance { return "moderate" }
        return "poor"
    }

    /// The reading of alpha: "reliable" ≥ .8, "tentative" ≥ .667, else "unreliable".
    ///
    /// Both edges belong to the band above them (.8 is reliable, .667 tentative), and values
    /// within 1e-9 of an edge count as on it. Krippendorff's .667 is taken literally, so 2/3
    /// (0.6666…) is "unreliable". NaN reads as "unreliable".
    public static func alphaReading(_ value: Double) -> String {
        if value >= 0.8 - edgeTolerance { return "reliable" }
        if value >= 0.667 - edgeTolerance { return "tentative" }
        return "unreliable"
    }

    /// The mean, corrected by the mean deviation from a first estimate, so that equal values
    /// give exactly their value and long sums do not drift.
    private static func mean(_ values: [Double]) -> Double {
        let count = Double(values.count)
        let estimate = values.reduce(0, +) / count
        return estimate + values.reduce(0) { $0 + ($1 - estimate) } / count
    }

    /// How close to an edge of a reading band a value counts as on it.
    private static let edgeTolerance = 1e-9

    /// `numerator / denominator`, or `nil` unless the denominator is positive beyond rounding
    /// noise relative to `scale` (the size of the terms it was summed from) and the result is finite.
    private static func ratio(_ numerator: Double, _ denominator: Double, scale: Double? = nil) -> Double? {
        guard denominator > 0, denominator > (scale ?? denominator) * 1e-12 else { return nil }
        let value = numerator / denominator
        return value.isFinite ? value : nil
    }
}

/// Krippendorff's δ² between the values at two positions of the sorted pairable values.
private struct SquaredDistance {
    let metric: AlphaMetric
    let values: [Double]
    let margins: [Double]
    /// cumulative[i] = n_0 + … + n_(i−1), for the ordinal metric.
    let cumulative: [Double]

    init(metric: AlphaMetric, values: [Double], margins: [Double]) {
        self.metric = metric
        self.values = values
        self.margins = margins
        var cumulative = [0.0]
        for margin in margins { cumulative.append((cumulative.last ?? 0) + margin) }
        self.cumulative = cumulative
    }

    func callAsFunction(_ first: Int, _ second: Int) -> Double {
        if first == second { return 0 }
        let c = values[first], k = values[second]
        switch metric {
        case .nominal:
            return 1
        case .interval:
            return (c - k) * (c - k)
        case .ratio:
            let difference = (c - k) / (c + k)
            return difference * difference
        case .ordinal:
            let low = min(first, second), high = max(first, second)
            let between = cumulative[high + 1] - cumulative[low] - (margins[low] + margins[high]) / 2
            return between * between
        }
    }
}
