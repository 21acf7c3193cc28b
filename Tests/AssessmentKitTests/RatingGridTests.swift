import Foundation
import Testing
@testable import AssessmentKit

/// The grid of an item's ratings: its columns, evidence, what it withholds, and where the
/// summary carries it.
@Suite struct RatingGridTests {
    /// The mini assessment under the indicator method (integrity has 2 indicators), with an
    /// examiner on the panel.
    func indicatorStarted(blind: Bool = false) throws -> Started {
        var started = try sampleStarted(blind: blind)
        started.assessment.method = .indicators
        started.assessment.scale = nil
        started.assessment.rules.discrepancy = 0.5
        started.panel.append(Panelist(name: "Eva", role: "examiner"))
        return started
    }

    @Test func columnsAreTheRatersAndAnyoneElseWhoRated() throws {
        let started = try indicatorStarted()
        let alone = RatingGrid(state(started, [("Ana", .rated(Rated(item: "integrity", indicator: 1, rating: .yes)))]), item: 0)
        #expect(alone.columns.map(\.panelist.name) == ["Ana", "Ben"], "the examiner does not rate")
        #expect(alone.columns.map(\.value) == [nil, nil])
        #expect(alone.rows.map(\.number) == [1, 2])
        #expect(alone.cell(alone.rows[0], alone.columns[0]) == .yes)
        #expect(alone.cell(alone.rows[1], alone.columns[0]) == nil)
        #expect(alone.hasRatings)

        // An older transcript in which the examiner rated: their column is shown.
        let grid = RatingGrid(state(started, [
            ("Eva", .rated(Rated(item: "integrity", indicator: 1, rating: .no))),
            ("Eva", .rated(Rated(item: "integrity", indicator: 2, rating: .partly))),
        ]), item: 0)
        #expect(grid.columns.map(\.panelist.name) == ["Ana", "Ben", "Eva"])
        #expect(grid.columns.map(\.value) == [nil, nil, 0.25])
        #expect(grid.columns[2].label == "Partially Satisfactory")
        #expect(grid.mean == 0.25)
        #expect(grid.spread == 0)
        #expect(!RatingGrid(state(started, []), item: 0).hasRatings)
    }

    @Test func evidenceIsInOrderAndOneChangeOfSeveralIndicatorsIsOneEntry() throws {
        let started = try indicatorStarted(blind: true)
        let rated = state(started, [
            ("Ana", .rated(Rated(item: "integrity", indicator: 1, rating: .no, evidence: "Vague"))),
            ("Ana", .rated(Rated(item: "integrity", indicator: 2, rating: .no))),
            ("Ana", .evidence(EvidenceNote(item: "integrity", text: "Later example"))),
            ("Ben", .rated(Rated(item: "integrity", indicator: 1, rating: .yes))),
            ("Ben", .rated(Rated(item: "integrity", indicator: 2, rating: .yes))),
            ("Ana", .revealed(Revealed(item: "integrity"))),
            ("Ana", .rated(Rated(item: "integrity", indicator: 1, rating: .yes, reason: "Heard again"))),
            ("Ana", .rated(Rated(item: "integrity", indicator: 2, rating: .partly, reason: "Heard again"))),
            ("Ana", .rated(Rated(item: "integrity", indicator: 2, rating: .yes, reason: "Heard again"))),
        ])
        let grid = RatingGrid(rated, item: 0)
        #expect(grid.columns[0].evidence == [
            RatingGrid.Evidence(kind: .indicator(1), text: "Vague"),
            RatingGrid.Evidence(kind: .evidence, text: "Later example"),
            RatingGrid.Evidence(kind: .changedRatings([1: .yes, 2: .partly]), text: "Heard again"),
            RatingGrid.Evidence(kind: .changedRatings([2: .yes]), text: "Heard again"),
        ], "a second change of indicator 2 is a second command")
        #expect(grid.columns[1].evidence.isEmpty)
        #expect(grid.columns.map(\.value) == [1, 1])
        #expect(RatingGrid(rated, item: 0, evidence: false).columns.allSatisfy { $0.evidence.isEmpty })
    }

    @Test func withholdingKeepsTheViewersColumnAndSaysHowFarTheOthersAre() throws {
        let started = try indicatorStarted(blind: true)
        var rated = state(started, [
            ("Ana", .rated(Rated(item: "integrity", indicator: 1, rating: .no, evidence: "Vague"))),
            ("Ana", .rated(Rated(item: "integrity", indicator: 2, rating: .no))),
            ("Ana", .acting(Acting(panelist: "Ben"))),
            ("Ben", .rated(Rated(item: "integrity", indicator: 1, rating: .yes, evidence: "Clear"))),
        ])
        let shown = RatingGrid.shown(rated, item: 0, to: "Ben")
        #expect(shown.columns.map(\.panelist.name) == ["Ben"])
        #expect(shown.columns[0].evidence == [RatingGrid.Evidence(kind: .indicator(1), text: "Clear")])
        #expect(shown.withheld == [RatingGrid.Withheld(panelist: "Ana", rated: 2, finished: true)])
        #expect(shown.mean == nil && shown.spread == nil && !shown.flagged)
        #expect(RatingGrid(rated, item: 0).withholding(from: nil).columns.isEmpty)

        rated.apply(Event(seq: 6, at: Timestamp(milliseconds: 5000), by: "Ben",
                          payload: .rated(Rated(item: "integrity", indicator: 2, rating: .yes)), prev: ""))
        rated.apply(Event(seq: 7, at: Timestamp(milliseconds: 6000), by: "Ben", payload: .revealed(Revealed(item: "integrity")), prev: ""))
        #expect(RatingGrid.shown(rated, item: 0, to: "Ben") == RatingGrid(rated, item: 0), "revealed: the whole grid")
    }

    @Test func namesAndIndicatorTextsAreInertInMarkdownAndHTML() throws {
        var started = try indicatorStarted()
        let name = "Ben <b>|*x*\u{1b}[2J"
        started.panel[1].name = name
        started.assessment.items[0].indicators[0].text = "Declares <i>conflicts</i> | *all*"
        let summary = Scoring.summary(of: state(started, [(name, .rated(Rated(item: "integrity", indicator: 1, rating: .yes)))]))
        let markdown = SummaryReport.render(summary, as: .markdown)
        #expect(markdown.contains("""

            | Indicator | Ana | Ben &lt;b&gt;\\|\\*x\\*^\\[\\[2J |
            |---|:---:|:---:|
            | 1. Declares &lt;i&gt;conflicts&lt;/i&gt; \\| \\*all\\* | – | yes |
            | 2. Reports misconduct. | – | – |
            | **Item value** | – | – |

            """))
        let html = SummaryReport.render(summary, as: .html)
        #expect(html.contains("""
            <table class="ratings-grid"><tr><th>Indicator</th><th>Ana</th><th>Ben &lt;b&gt;|*x*^[[2J</th></tr>
            <tr><td>1. Declares &lt;i&gt;conflicts&lt;/i&gt; | *all*</td><td class="rating none">–</td><td class="rating yes">yes</td></tr>

            """))
    }

    @Test func theSummaryCarriesTheGridUnlessTheRatingsAreHidden() throws {
        let started = try indicatorStarted(blind: true)
        let rated = state(started, [("Ana", .rated(Rated(item: "integrity", indicator: 1, rating: .no, evidence: "Vague")))])
        let open = Scoring.summary(of: rated)
        #expect(open.items[0].grid == RatingGrid(rated, item: 0, evidence: false))
        #expect(Scoring.summary(of: rated, hidingUnrevealed: true).items[0].grid == nil)
        #expect(Scoring.summary(of: rated, grids: false).items[0].grid == nil)
        #expect(!SummaryReport.json(open).contains("grid"), "the JSON keeps its keys")
    }
}
