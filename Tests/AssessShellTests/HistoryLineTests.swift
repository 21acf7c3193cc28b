import Testing
@testable import AssessShell

/// What `~/.assess_history` keeps of each line: no evidence, summaries, notes, rationales,
/// justifications, reasons or names (issue 15: one candidate's evidence came back by Ctrl-R
/// in the next interview).
@Suite struct HistoryLineTests {
    @Test(arguments: [
        ("score 3 Led the weekly partner calls", "score 3 …"),
        ("score 3", "score 3"),
        ("rate 2 partly Shared credit, but only when asked", "rate 2 partly …"),
        ("rate y y p n -- Shared credit when asked", "rate y y p n …"),
        ("rate y y p n", "rate y y p n"),
        ("rate 2-4 p Shared credit", "rate 2-4 p …"),
        ("evidence Mapped 40 diaspora associations", "evidence …"),
        ("consensus 3 Both examples showed shared credit", "consensus 3 …"),
        ("summarize Two clear STAR examples", "summarize …"),
        ("lang french written B2 Drafted a clear summary", "lang french written B2 …"),
        ("lang french oral C1", "lang french oral C1"),
        ("note The candidate asked about the start date", "note …"),
        ("override recommended Strong language results", "override recommended …"),
        ("close --force The candidate withdrew", "close --force …"),
        ("close", "close"),
        ("as Ben", "as …"),
        ("panel add \"Chloé Martin\" hr", "panel add …"),
        ("panel", "panel"),
        ("goto teamwork", "goto teamwork"),
        ("exit", "exit"),
        ("lang en oral C1 Clear", "lang en oral C1 …"),
        ("Score 4   because of the role play", "Score 4 …"),
    ])
    func freeTextAndNamesAreCut(line: String, kept: String) {
        #expect(InterviewShell.historyLine(line) == kept)
    }

    /// A misspelt command may be evidence all the same: such lines are not kept at all.
    @Test func aLineWithAnUnknownCommandIsNotKept() {
        #expect(InterviewShell.historyLine("evidnce Led the weekly calls") == nil)
        #expect(InterviewShell.historyLine("   ") == nil)
    }

    /// The replay shell's commands hold no free text: kept whole.
    @Test func replayCommandsAreKeptWhole() {
        #expect(ReplayShell.historyLine("goto teamwork") == "goto teamwork")
        #expect(ReplayShell.historyLine("play 4") == "play 4")
    }
}
