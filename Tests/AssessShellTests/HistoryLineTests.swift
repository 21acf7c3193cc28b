import Testing
@testable import AssessShell
@testable import AssessmentKit

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
        // Text typed where the command takes none, or in place of its words, is cut too
        // (found by the issue-15 review): a failed command is saved like any other.
        ("close The candidate withdrew", "close …"),
        ("reveal Ben lied about the budget", "reveal …"),
        ("undo Zoë's rating", "undo …"),
        ("goto Marchetti", "goto …"),
        ("help Zoë", "help …"),
        ("help status", "help status"),
        ("show ratings teamwork", "show ratings teamwork"),
        ("lang Zoë oral C1", "lang …"),
        ("lang french oral Zoë", "lang french oral …"),
        ("rate Zoë said yes", "rate …"),
        ("rate 3 Zoë", "rate 3 …"),
        ("rate y y p Declared it at once", "rate y y p …"),
        ("score Zoë 3", "score …"),
        ("consensus 0.75 Agreed on Zoë", "consensus 0.75 …"),
        ("override Zoë recommended", "override …"),
        ("as Ben score 3 Coached Zoë", "as … score 3 …"),
        ("void The candidate Zoë did not attend", "void …"),
        ("panel remove Ben", "panel remove …"),
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
        #expect(ReplayShell.historyLine("step 5") == "step 5")
        #expect(ReplayShell.historyLine("goto 31") == "goto 31")
        #expect(ReplayShell.historyLine("play fast Zoë") == "play …")
    }

    /// A line the history file cut, recalled and run as it is, would record `…` as its text:
    /// it is refused, and nothing is recorded.
    @Test func aCutLineFromTheHistoryFileIsRefusedAtATerminal() throws {
        let output = CapturedOutput()
        let shell = InterviewShell(session: try fixtureSession(), output: output)
        for line in ["score 3 …", "consensus 3 …", "close --force …", "as … score 3 …"] {
            #expect(!shell.execute(line), "\(line)")  // no line number: typed at a terminal
        }
        let refusal = "this line ends in '…': the history file keeps commands with their text and names cut to '…'; type the text (nothing was recorded)"
        #expect(output.errors == String(repeating: "error: \(refusal)\n", count: 4))
        #expect(try recorded(shell).isEmpty)
    }

    /// A script never reads the history file: there a trailing '…' is text.
    @Test func aScriptsLineEndingInAnEllipsisIsText() throws {
        let result = try runScript("evidence She paused …\n")
        #expect(result.errors == "")
        #expect(try recorded(result.shell).map(\.payload) == [.evidence(EvidenceNote(item: "integrity", text: "She paused …"))])
    }
}
