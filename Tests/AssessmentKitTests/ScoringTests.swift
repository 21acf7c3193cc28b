import Testing
@testable import AssessmentKit

/// Builds a state by applying payloads as `by`, one second apart.
func state(_ started: Started, _ steps: [(String, EventPayload)]) -> InterviewState {
    var state = InterviewState(started: started, at: Timestamp(milliseconds: 0))
    for (offset, step) in steps.enumerated() {
        state.apply(Event(seq: offset + 2, at: Timestamp(milliseconds: Int64(offset + 1) * 1000), by: step.0,
                          payload: step.1, prev: ""))
    }
    return state
}

@Suite struct ScoringTests {
    @Test func workedExampleOfDomainMDIsSatisfactory() {
        // Five indicators rated 0.5, 0.5, 0.5, 1, 1 → 3.5 / 5 = 0.7 → Satisfactory.
        let value = [0.5, 0.5, 0.5, 1, 1].reduce(0, +) / 5
        #expect(value == 0.7)
        #expect(Scoring.indicatorBand(value) == .satisfactory)
    }

    @Test(arguments: [
        (0.0, Band.unsatisfactory), (0.01, .partiallySatisfactory), (0.5, .partiallySatisfactory),
        (0.51, .satisfactory), (0.99, .satisfactory), (1.0, .outstanding),
    ])
    func indicatorBandEdges(value: Double, band: Band) {
        #expect(Scoring.indicatorBand(value) == band)
    }

    @Test(arguments: [
        (1.0, Band.unsatisfactory), (1.99, .unsatisfactory), (2.0, .partiallySatisfactory), (2.99, .partiallySatisfactory),
        (3.0, .satisfactory), (3.99, .satisfactory), (4.0, .outstanding),
    ])
    func un4BandEdges(value: Double, band: Band) {
        #expect(Scale.un4.band(of: value) == band)
    }

    @Test func indicatorItemValueIsTheMeanOfItsIndicators() throws {
        var started = try sampleStarted()
        started.assessment.method = .indicators
        started.assessment.scale = nil
        // integrity has 2 indicators in the mini framework.
        let rated = state(started, [
            ("Ana", .rated(Rated(item: "integrity", indicator: 1, rating: .partly))),
            ("Ana", .rated(Rated(item: "integrity", indicator: 2, rating: .yes))),
            ("Ben", .rated(Rated(item: "integrity", indicator: 1, rating: .partly))),
        ])
        let result = Scoring.item(0, in: rated, now: Timestamp(milliseconds: 0))
        #expect(result.ratings == ["Ana": 0.75], "Ben has not rated every indicator")
        #expect(result.final == 0.75)
        #expect(result.band == .satisfactory)
    }

    func complete(_ started: Started, integrity: Int, teamwork: Int, extra: [(String, EventPayload)] = []) -> InterviewState {
        state(started, [
            ("Ana", .scored(Scored(item: "integrity", value: integrity))),
            ("Ana", .acting(Acting(panelist: "Ben"))),
            ("Ben", .scored(Scored(item: "integrity", value: integrity))),
            ("Ben", .scored(Scored(item: "teamwork", value: teamwork))),
            ("Ben", .acting(Acting(panelist: "Ana"))),
            ("Ana", .scored(Scored(item: "teamwork", value: teamwork))),
            ("Ana", .language(LanguageResult(language: "english", skill: .oral, level: .c1))),
            ("Ana", .language(LanguageResult(language: "english", skill: .written, level: .c2))),
            ("Ana", .language(LanguageResult(language: "dutch", skill: .oral, level: .c1))),
            ("Ana", .language(LanguageResult(language: "dutch", skill: .written, level: .c1))),
        ] + extra)
    }

    @Test func recommendedOnlyWhenEveryItemIsSatisfactoryAndLanguagesAreMet() throws {
        let started = try sampleStarted()
        let good = Scoring.summary(of: complete(started, integrity: 3, teamwork: 4))
        #expect(good.recommendation == .recommended)
        #expect(good.languageRequirementMet)
        #expect(good.reasons == ["every item is Satisfactory or Outstanding and the language requirement is met"])

        let weak = Scoring.summary(of: complete(started, integrity: 3, teamwork: 2))
        #expect(weak.recommendation == .notRecommended)
        #expect(weak.reasons == ["teamwork is Partially Satisfactory (2)"])

        let languages = Scoring.summary(of: complete(started, integrity: 3, teamwork: 3, extra: [
            ("Ana", .language(LanguageResult(language: "dutch", skill: .written, level: .b2))),
        ]))
        #expect(languages.recommendation == .notRecommended)
        #expect(languages.reasons == ["the language requirement is not met: french oral and written not assessed yet; dutch written B2 is below C1"])
    }

    @Test func consensusDecidesTheFinalValue() throws {
        let summary = Scoring.summary(of: complete(try sampleStarted(), integrity: 2, teamwork: 3, extra: [
            ("Ana", .moved(Moved(item: "integrity"))),
            ("Ana", .consensus(Consensus(item: "integrity", value: 3, rationale: "the second example counts"))),
        ]))
        #expect(summary.items[0].mean == 2)
        #expect(summary.items[0].final == 3)
        #expect(summary.items[0].band == .satisfactory)
        #expect(summary.recommendation == .recommended)
    }

    @Test func anOverrideReplacesTheRecommendationAndIsShownAsSuch() throws {
        let summary = Scoring.summary(of: complete(try sampleStarted(), integrity: 3, teamwork: 2, extra: [
            ("Ana", .overridden(Overridden(recommendation: .recommended, justification: "Teamwork evidence was cut short by time"))),
        ]))
        #expect(summary.recommendation == .recommended)
        #expect(summary.computedRecommendation == .notRecommended)
        #expect(summary.override == OverrideLine(recommendation: .recommended, justification: "Teamwork evidence was cut short by time"))
        let text = SummaryReport.render(summary, as: .text)
        // Issue 13: the interview is not closed, so the recommendation is marked provisional.
        #expect(text.contains("Recommendation: RECOMMENDED (panel override; computed: not-recommended) (provisional: the interview is not closed)\n"))
        #expect(text.contains("  Override justification: Teamwork evidence was cut short by time\n"))
    }

    @Test func anUnratedItemIsNotRecommended() throws {
        let summary = Scoring.summary(of: state(try sampleStarted(), []))
        #expect(summary.recommendation == .notRecommended)
        #expect(summary.reasons.prefix(2) == ["integrity has no rating", "teamwork has no rating"])
        #expect(summary.items[0].final == nil)
        #expect(summary.items[0].band == nil)
    }

    @Test func csvQuotesAsRFC4180Asks() {
        #expect(SummaryReport.csvField("plain") == "plain")
        #expect(SummaryReport.csvField("a, b") == "\"a, b\"")
        #expect(SummaryReport.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(SummaryReport.csvField("two\nlines") == "\"two\nlines\"")
        #expect(SummaryReport.csvRow(["a", "b,c"]) == "a,\"b,c\"\r\n")
        // Spreadsheet formulas are defused; negative numbers stay numbers.
        #expect(SummaryReport.csvField("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(SummaryReport.csvField("@SUM(A1)") == "'@SUM(A1)")
        #expect(SummaryReport.csvField("-1") == "-1")
        #expect(SummaryReport.csvField("-see notes") == "'-see notes")
    }
}
