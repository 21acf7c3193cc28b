/// One item's ratings laid out for the panel to discuss (`reveal`, `show ratings`) and for the
/// summaries: a column per panelist, under the indicator method a row per indicator with each
/// panelist's yes/partly/no, then each panelist's value, the mean, spread, flag and consensus.
/// The renderers are in Reports (`RatingGridView`). The model lives here, beside `ItemResult`,
/// which carries one, so Scoring does not reach up into Reports.
public struct RatingGrid: Equatable, Sendable {
    /// One panelist's ratings of the item.
    public struct Column: Equatable, Sendable {
        public var panelist: Panelist
        /// The score, or the item value once every indicator is rated; nil while incomplete.
        public var value: Double?
        /// The value's word: the scale's label of the score, or the item value's band.
        public var label: String?
        /// Indicator method: the latest rating of each indicator, by number.
        public var ratings: [Int: IndicatorRating]
        /// What the panelist gave with their ratings, oldest first (empty in a summary's grid).
        public var evidence: [Evidence]
    }

    /// An indicator of the item: a row of the grid under the indicator method.
    public struct Row: Equatable, Sendable {
        public var number: Int
        public var text: String
    }

    /// A text a panelist recorded on the item.
    public struct Evidence: Equatable, Sendable {
        public enum Kind: Equatable, Sendable {
            /// Given with a score, or as an `evidence` note.
            case evidence
            /// Given with the rating of this indicator.
            case indicator(Int)
            /// Why a revealed score was changed (blind mode), to this value.
            case changedScore(Int)
            /// Why revealed indicator ratings were changed, to these ratings (one command
            /// changing several gives one entry).
            case changedRatings([Int: IndicatorRating])
        }
        public var kind: Kind
        public var text: String
    }

    /// A panelist whose column is withheld (blind mode, before the reveal).
    public struct Withheld: Equatable, Sendable {
        public var panelist: String
        /// Indicator method: how many indicators they have rated; on a scale 0 or 1.
        public var rated: Int
        public var finished: Bool
    }

    public var item: String
    public var name: String
    public var method: Method
    /// Indicator method: the item's indicators; empty on a scale.
    public var rows: [Row]
    public var columns: [Column]
    public var mean: Double?
    public var spread: Double?
    public var flagged: Bool
    public var consensus: Double?
    public var consensusRationale: String?
    /// Panelists whose ratings are hidden from the one looking (see `withholding`).
    public var withheld: [Withheld] = []

    /// Whether anyone has rated the item (a summary shows no grid of dashes).
    public var hasRatings: Bool { columns.contains { $0.value != nil || !$0.ratings.isEmpty } }

    /// The rating in a row's cell of a column; nil where the panelist has not rated it.
    public func cell(_ row: Row, _ column: Column) -> IndicatorRating? { column.ratings[row.number] }

    /// The grid of item `index`. Its columns are the panelists who rate (`InterviewState.raters`)
    /// and any other who rated the item or gave evidence on it (older transcripts), in panel
    /// order. `evidence: false` leaves the texts out (a summary lists them apart).
    public init(_ state: InterviewState, item index: Int, evidence withEvidence: Bool = true) {
        let assessed = state.assessment.items[index]
        let record = state.items[index]
        var texts: [String: [(seq: Int, entry: Evidence)]] = [:]
        if withEvidence {
            func add(_ by: String, _ seq: Int, _ kind: Evidence.Kind, _ text: String?) {
                if let text { texts[by, default: []].append((seq, Evidence(kind: kind, text: text))) }
            }
            for score in state.live(record.scores) {
                add(score.by, score.seq, .evidence, score.value.evidence)
                add(score.by, score.seq, .changedScore(score.value.value), score.value.reason)
            }
            for rating in state.live(record.ratings) {
                add(rating.by, rating.seq, .indicator(rating.value.indicator), rating.value.evidence)
                add(rating.by, rating.seq, .changedRatings([rating.value.indicator: rating.value.rating]), rating.value.reason)
            }
            for note in state.live(record.evidence) { add(note.by, note.seq, .evidence, note.value.text) }
        }
        let shown = state.panel.filter { panelist in
            state.assessment.panel.rates(panelist) || state.hasRated(item: index, by: panelist.name) || texts[panelist.name] != nil
        }
        columns = shown.map { panelist in
            let value = state.value(item: index, by: panelist.name)
            let label: String?
            switch state.assessment.method {
            case .scale: label = value.flatMap { state.assessment.scale?.labels[Int($0)] }
            case .indicators: label = value.map { Scoring.band($0, in: state.assessment).title }
            }
            let entries = (texts[panelist.name] ?? []).sorted { $0.seq < $1.seq }.map(\.entry)
            return Column(panelist: panelist, value: value, label: label,
                          ratings: state.assessment.method == .indicators ? state.indicatorRatings(item: index, by: panelist.name) : [:],
                          evidence: Self.mergingChanges(entries))
        }
        item = assessed.id
        name = assessed.name
        method = state.assessment.method
        rows = method == .indicators ? assessed.indicators.map { Row(number: $0.number, text: $0.text) } : []
        let values = state.values(item: index).map(\.value)
        mean = values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
        spread = state.spread(item: index)
        flagged = state.isFlagged(item: index)
        let agreed = state.consensus(item: index)?.value
        consensus = agreed?.value
        consensusRationale = agreed?.rationale
    }

    /// One command that changes several revealed ratings records the reason with each: shown once.
    private static func mergingChanges(_ entries: [Evidence]) -> [Evidence] {
        var merged: [Evidence] = []
        for entry in entries {
            if case .changedRatings(let new) = entry.kind, let last = merged.last, last.text == entry.text,
               case .changedRatings(let earlier) = last.kind, new.keys.allSatisfy({ earlier[$0] == nil }) {
                merged[merged.count - 1].kind = .changedRatings(earlier.merging(new) { $1 })
            } else {
                merged.append(entry)
            }
        }
        return merged
    }

    /// The grid as `viewer` may see it in blind mode before the reveal: their own column only;
    /// the others are listed as withheld with how far they have got, and the mean, spread and
    /// flag, which would tell something of their ratings, are left out.
    public func withholding(from viewer: String?) -> RatingGrid {
        var grid = self
        grid.columns = columns.filter { $0.panelist.name == viewer }
        grid.withheld = columns.filter { $0.panelist.name != viewer }.map { column in
            Withheld(panelist: column.panelist.name, rated: method == .indicators ? column.ratings.count : (column.value == nil ? 0 : 1),
                     finished: column.value != nil)
        }
        (grid.mean, grid.spread, grid.flagged) = (nil, nil, false)
        return grid
    }

    /// The grid of item `index` as `viewer` (the panelist asking) may see it: whole, unless its
    /// ratings are hidden (`InterviewState.ratingsHidden`).
    public static func shown(_ state: InterviewState, item index: Int, to viewer: String?) -> RatingGrid {
        let grid = RatingGrid(state, item: index)
        return state.ratingsHidden(item: index) ? grid.withholding(from: viewer) : grid
    }
}
