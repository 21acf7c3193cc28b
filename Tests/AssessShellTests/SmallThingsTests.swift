import Foundation
import Testing
import LineEditing
@testable import AssessShell
@testable import AssessmentKit

/// Issue 15, item 7: the smaller things found in the trial interview.

/// The command names `help` lists, in order (a summary's wrapped lines are indented further).
func listedCommands(_ help: String) -> [String] {
    let list = help.components(separatedBy: "\n\n")[0].split(separator: "\n").dropFirst()
    return list.filter { !$0.hasPrefix("   ") }.map { String($0.dropFirst(2).prefix { $0 != " " }) }
}

@Suite struct ItemCardTests {
    /// The card wraps the definition and the question to the width, under their labels.
    @Test func theCardWrapsToTheWidth() throws {
        let result = try runScript("next\n", options: ShellOptions(width: 30))
        #expect(withoutResumeHint(result.output) == """
            Teamwork (teamwork) · core competency, level 2 · 2/3
              Works with others.
              Ask: Tell us about a team
                   you worked in.

            """)
    }

    /// A first question that is not behavioural keeps its label, as in `show`.
    @Test func aLabelledFirstQuestionKeepsItsLabel() throws {
        var assessment = try fixtureAssessment()
        assessment.items[1].questions = [Question(kind: .motivation, text: "Why teams?")]
        let started = Started(mode: .interview, assessment: assessment, candidate: Candidate(name: "X"),
                              panel: [Panelist(name: "Ana", role: "chair")], blind: false)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assess-card-\(UUID().uuidString)").path
        let result = try runScript("goto 2\n", session: try InterviewSession.start(started, folder: folder, clock: testClock()))
        #expect(withoutResumeHint(result.output) == """
            Teamwork (teamwork) · core competency, level 2 · 2/3
              Works with others.
              Ask: (motivation) Why teams?

            """)
    }
}

@Suite struct ModeAwareHelpTests {
    static let shared = ["help", "items", "show", "next", "prev", "goto", "panel"]
    static let recording = ["evidence", "consensus", "summarize", "lang", "note", "undo", "status", "summary", "override"]
    static let ending = ["close", "quit"]

    // 'reveal' only in blind mode (the fixtures are not blind), 'void' only in a real interview.
    @Test(arguments: [
        (Method.scale, InterviewMode.interview, shared + ["as", "score"] + recording + ["void"] + ending),
        (.indicators, .interview, shared + ["as", "rate"] + recording + ["void"] + ending),
        (.scale, .mock, shared + ["answer", "hint", "as", "score"] + recording + ending),
        (.indicators, .mock, shared + ["answer", "hint", "as", "rate"] + recording + ending),
    ])
    func helpListsTheCommandsOfTheMethodAndMode(method: Method, mode: InterviewMode, names: [String]) throws {
        let result = try runScript("help\n", session: try fixtureSession(method: method, mode: mode))
        #expect(listedCommands(result.output) == names)
        #expect(result.output.contains("\n  quit · exit  "))
        // Tab offers the same names, and the aliases.
        #expect(result.shell.complete("").listing == names + ["exit"])
        #expect(result.shell.complete("help ").listing == names + ["exit"])
    }

    /// rate's long usage does not push every summary aside: its summary goes on the next
    /// line, and summaries wrap to the width.
    @Test func aLongUsageHasItsSummaryOnTheNextLine() throws {
        let result = try runScript("help\n", session: try fixtureSession(method: .indicators))
        #expect(result.output.contains("""

              as NAME [COMMAND...]          set whose ratings the next commands record; with
                                            a command, run it as them
              rate INDICATOR|A-B yes|partly|no [EVIDENCE...] | rate y y p n … [-- EVIDENCE...]
                                            indicator method: rate one indicator (number
                                            from 'show'), a range, or all of them in order
              evidence TEXT                 add an evidence note for the current item and
                                            panelist

            """))
    }

    /// `help NAME` still explains a command the list leaves out, and says where it belongs.
    @Test func helpExplainsAnUnlistedCommandAndSaysWhereItBelongs() throws {
        let result = try runScript("help score\nhelp answer\n", session: try fixtureSession(method: .indicators))
        #expect(result.errors == "")
        #expect(withoutResumeHint(result.output) == """
            usage: score VALUE [EVIDENCE...]
              Records a whole number on the assessment's scale, with optional evidence. A
              later score by the same panelist replaces it. In blind mode, changing a
              revealed rating needs a reason in place of the evidence.
              (for the scale method; this assessment uses the indicator method)
            example: score 3 Led the weekly partner calls and wrote the minutes
            usage: answer
              In a mock assessment, prints the question put to the scripted candidate for
              the current item and the candidate's answer. Rate it as you would a real
              answer; the reference ratings stay hidden until 'close'.
              (for mock assessments; this is a real interview)
            example: answer

            """)
    }

    @Test func helpOfAListedScopedCommandNamesItsMethod() throws {
        let result = try runScript("help rate\n", session: try fixtureSession(method: .indicators))
        #expect(withoutResumeHint(result.output).contains("\n  (for the indicator method)\nexample: rate y y p n -- Shared credit, but only when asked\n"))
    }

    /// The consensus example is a value of the method: 3 on a scale, 0.75 with indicators.
    @Test(arguments: [
        (Method.scale, "example: consensus 3 Both examples showed shared credit and open disagreement\n"),
        (.indicators, "example: consensus 0.75 Both examples showed shared credit; disagreement only when asked\n"),
    ])
    func examplesFollowTheMethod(method: Method, example: String) throws {
        let result = try runScript("help consensus\n", session: try fixtureSession(method: method))
        #expect(withoutResumeHint(result.output) == """
            usage: consensus VALUE RATIONALE...
              Records the value the panel agreed after discussing the ratings, and why.
              Required for flagged items, and for every item in blind mode. Only the chair
              records it.

            """ + example)
    }

    /// Left out of the list, but still run: `answer` in a live interview says why it cannot.
    @Test func anUnlistedCommandStillRunsToBeRefused() throws {
        let result = try runScript("answer\n")
        result.expectRefused("this is a real interview: 'answer' and 'hint' are for mock assessments ('assess mock SCENARIO')")
    }

    @Test func tabDoesNotOfferTheOtherMethodsCommand() throws {
        let indicators = try runScript("", session: try fixtureSession(method: .indicators)).shell
        #expect(indicators.complete("sc").listing == [])
        #expect(indicators.complete("ra").insertion == "te ")
        let scale = try runScript("").shell
        #expect(scale.complete("ra").listing == [])
        #expect(scale.complete("an").listing == [])
    }
}

@Suite struct ExitTests {
    @Test func exitIsQuit() throws {
        let result = try runScript("exit\nbogus\n")
        #expect(result.status == 0)
        #expect(result.errors == "")
        #expect(result.output == "The interview is still open; resume it with: assess interview --resume \(result.shell.session.path)\n")
    }

    @Test func helpExitExplainsQuitAndTabCompletesIt() throws {
        let result = try runScript("help exit\n")
        #expect(withoutResumeHint(result.output) == """
            usage: quit · exit
              Leaves the shell. Everything recorded is already saved; the shell prints the
              command that resumes the interview.
            example: quit

            """)
        #expect(result.shell.complete("ex").insertion == "it ")
        #expect(result.shell.complete("help ex").insertion == "it ")
    }

    @Test func exitLeavesTheReplayToo() {
        #expect(ReplayShell.command(named: "exit")?.name == "quit")
    }
}

@Suite struct LanguageCodeTests {
    /// `lang en oral C1` records english: the transcript keeps the name.
    @Test func langTakesISOCodesInAnyCase() throws {
        let result = try runScript("lang en oral C1\nlang NL written B2 Clear\nlang Dutch oral B2\n")
        #expect(result.errors == "")
        #expect(withoutResumeHint(result.output) == """
            Recorded: english oral C1.
            Recorded: dutch written B2.
            Recorded: dutch oral B2.

            """)
        #expect(try recorded(result.shell).map(\.payload) == [
            .language(LanguageResult(language: "english", skill: .oral, level: .c1)),
            .language(LanguageResult(language: "dutch", skill: .written, level: .b2, note: "Clear")),
            .language(LanguageResult(language: "dutch", skill: .oral, level: .b2)),
        ])
    }

    /// Every known language has its ISO 639-1 code but Dari, which has none; each code is
    /// two letters and stands for one known language.
    @Test func everyKnownLanguageHasItsCode() {
        let named = Set(Languages.codes.values)
        #expect(Languages.known.filter { !named.contains($0) } == ["dari"])
        #expect(named.count == Languages.codes.count)
        #expect(named.isSubset(of: Languages.known))
        #expect(Languages.codes.keys.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isLowercase) })
        #expect(Languages.named("ZH") == "chinese")
        #expect(Languages.named("Haitian-Creole") == "haitian-creole")
        #expect(Languages.named("dari") == "dari")
        #expect(Languages.named("xx") == nil)
    }

    @Test func helpListsTheCodesAndTabOffersNames() throws {
        let result = try runScript("help lang\n")
        #expect(result.output.contains("'lang en oral C1' records"))
        // A no-break space keeps each name on one line with its code.
        #expect(result.output.contains(" english\u{a0}(en), french\u{a0}(fr),"))
        #expect(result.output.contains(" persian\u{a0}(fa), dari, pashto\u{a0}(ps),"))
        #expect(!result.output.contains("(no)\n"))
        #expect(result.shell.complete("lang en").listing == ["english"])
        #expect(result.shell.complete("lang du").insertion == "tch ")
    }
}

@Suite struct RevealedStaysRevealedTests {
    /// A panelist added after a reveal does not hide the revealed ratings again; their own
    /// rating shows as it is made, as any after the reveal.
    @Test func panelAddAfterARevealKeepsTheValuesShown() throws {
        let result = try runScript("""
            score 2 Thin example
            as Ben
            score 4 Strong example
            as Ana reveal
            panel add Dee
            status
            as Dee
            score 3 Good example
            """, session: try fixtureSession(blind: true))
        #expect(result.errors == "")
        #expect(withoutResumeHint(result.output) == """
            Recorded Ana's rating of integrity (hidden until 'reveal').
            Now recording as Ben.
            Recorded Ben's rating of integrity (hidden until 'reveal').
            Now recording as Ana.
            Ratings of Integrity and transparency (integrity):
              Ana  2  Partially Satisfactory
                • Thin example
              Ben  4  Outstanding
                • Strong example
              Mean 3 · spread 2 · flagged
            Added Dee (member) to the panel.
            tiny-post · A. Candidate (C-1) · blind

                #  item           Ana   Ben   Dee   flag  consensus  summary   time
             ›  1  integrity      2     4     ·     ⚑     ·          ·         0:06
                2  teamwork       ·     ·     ·           ·          ·         0:00
                3  communication  ·     ·     ·           ·          ·         0:00

            Languages: none recorded
            Requirement english:fluent: undecided (english oral and written not assessed
              yet)
            Before 'close':
              - not rated by Dee: integrity
              - not rated by Ana, Ben and Dee: teamwork, communication
              - no written summary: integrity, teamwork, communication
              - languages: english oral and written not assessed yet
            Now recording as Dee.
            Recorded: Dee rates integrity 3 (Satisfactory).
            Flagged: integrity: Ana 2, Ben 4, Dee 3 · spread 2 · flagged; agree a consensus ('consensus VALUE RATIONALE').

            """)
        #expect(!result.shell.state.ratingsHidden(item: 0))
        let summary = result.shell.panelSummary
        #expect(summary.contains("  Satisfactory           Ana 2, Ben 4, Dee 3\n"), "the live summary shows integrity's ratings")
        #expect(summary.contains("Strong example"))
    }
}

@Suite struct StatusNotesTests {
    /// Each item's notes show under its row, wrapped, with control characters made visible.
    @Test func statusShowsTheNotesWithTheirItem() throws {
        let result = try runScript("""
            note Candidate arrived ten minutes late
            as Ben
            note Asked about \u{1b}[31mstart dates, contracts and the place of work in Brussels
            next
            note Left the room briefly
            undo
            status
            """, options: ShellOptions(width: 60))
        #expect(result.errors == "")
        let status = withoutResumeHint(result.output).components(separatedBy: "Note saved.\nRetracted: a note on teamwork.\n")[1]
        #expect(status == """
            tiny-post · A. Candidate (C-1)

                #  item           Ana   Ben   flag  consensus  summary   time
                1  integrity      ·     ·           ·          ·         0:04
                   note (Ana): Candidate arrived ten minutes late
                   note (Ben): Asked about ^[[31mstart dates, contracts
                     and the place of work in Brussels
             ›  2  teamwork       ·     ·           ·          ·         0:02
                3  communication  ·     ·           ·          ·         0:00

            Languages: none recorded
            Requirement english:fluent: undecided (english oral and
              written not assessed yet)
            Before 'close':
              - not rated by Ana and Ben: integrity, teamwork,
                communication
              - no written summary: integrity, teamwork, communication
              - languages: english oral and written not assessed yet

            """)
    }
}
