import Testing
@testable import AssessShell
@testable import AssessmentKit

/// `reveal` and `show ratings` print the grid of an item's ratings (issue 15, item 2).
@Suite struct RatingGridShellTests {
    func revealedEvents(_ result: ScriptRun<InterviewShell>) throws -> Int {
        try recorded(result.shell).filter { if case .revealed = $0.payload { true } else { false } }.count
    }

    @Test func showRatingsBeforeABlindRevealShowsOnlyYourOwn() throws {
        let result = try runScript("""
            score 2 Thin example of a conflict declared late
            as Ben
            score 4 Declared a gift at once
            show ratings
            """, session: try fixtureSession(blind: true))
        #expect(result.errors == "")
        #expect(withoutResumeHint(result.output) == """
            Recorded Ana's rating of integrity (hidden until 'reveal').
            Now recording as Ben.
            Recorded Ben's rating of integrity (hidden until 'reveal').
            Ratings of Integrity and transparency (integrity):
              Ben  4  Outstanding
                • Declared a gift at once
              Hidden until reveal (blind mode): Ana (done)

            """)
        #expect(try revealedEvents(result) == 0)
    }

    @Test func underTheIndicatorMethodOnlyYourColumnAndOthersProgress() throws {
        let result = try runScript("""
            rate y p -- Declared it at once
            as Ben
            rate 1 n Never declared one
            show ratings
            as Ana
            show ratings
            """, session: try fixtureSession(blind: true, method: .indicators))
        #expect(result.errors == "")
        #expect(withoutResumeHint(result.output) == """
            Recorded (2 of 2 indicators; hidden until reveal).
            Now recording as Ben.
            Recorded (1 of 2 indicators; hidden until reveal).
            Ratings of Integrity and transparency (integrity):
                                                  Ben
              1. Declares conflicts of interest.  n
              2. Reports misconduct.              –
                 item value                       –
              Evidence:
                Ben
                  • indicator 1: Never declared one
              Hidden until reveal (blind mode): Ana (done)
            Now recording as Ana.
            Ratings of Integrity and transparency (integrity):
                                                  Ana
              1. Declares conflicts of interest.  y
              2. Reports misconduct.              p
                 item value                       0.75
              Evidence:
                Ana
                  • Declared it at once
              Hidden until reveal (blind mode): Ben (1 of 2 indicators)

            """)
    }

    /// The chair reveals; a member's 'reveal' of an item already revealed only prints the grid.
    @Test func revealTwicePrintsTheGridTwiceAndRecordsOneEvent() throws {
        let result = try runScript("""
            rate y p -- Declared it at once
            as Ben
            rate n n -- Never declared one
            as Ana reveal
            as Ben reveal
            rate 2 yes On reflection the report counts
            show ratings
            """, session: try fixtureSession(blind: true, method: .indicators))
        #expect(result.errors == "")
        let grid = """
            Ratings of Integrity and transparency (integrity):
                                                  Ana   Ben
              1. Declares conflicts of interest.  y     n
              2. Reports misconduct.              p     n
                 item value                       0.75  0
              Mean 0.38 · spread 0.75 · flagged
              Evidence:
                Ana
                  • Declared it at once
                Ben
                  • Never declared one

            """
        #expect(withoutResumeHint(result.output) == """
            Recorded (2 of 2 indicators; hidden until reveal).
            Now recording as Ben.
            Recorded (2 of 2 indicators; hidden until reveal).
            Now recording as Ana.

            """ + grid + "Now recording as Ben.\n" + grid + """
            Recorded: Ben rates integrity indicator 2 yes (2 of 2 rated).
            Ratings of Integrity and transparency (integrity):
                                                  Ana   Ben
              1. Declares conflicts of interest.  y     n
              2. Reports misconduct.              p     y
                 item value                       0.75  0.5
              Mean 0.63 · spread 0.25 · not flagged
              Evidence:
                Ana
                  • Declared it at once
                Ben
                  • Never declared one
                  • changed to 2 yes: On reflection the report counts

            """)
        #expect(try revealedEvents(result) == 1)
    }

    @Test func outsideBlindModeShowRatingsShowsEveryoneAtAnyTime() throws {
        let result = try runScript("""
            score 3 Declared a gift at once
            show ratings
            as Ben
            show ratings teamwork
            show ratings nothing
            show ratings integrity teamwork
            """)
        #expect(withoutResumeHint(result.output) == """
            Recorded: Ana rates integrity 3 (Satisfactory).
            Ratings of Integrity and transparency (integrity):
              Ana  3  Satisfactory
                • Declared a gift at once
              Ben  –
              Mean 3 · spread 0 · not flagged
            Now recording as Ben.
            Ratings of Teamwork (teamwork):
              Ana  –
              Ben  –
              No complete rating yet

            """)
        #expect(result.errors == """
            error: line 5: unknown item 'nothing'; give an item id or a number 1–3 ('items' lists them)
            error: line 6: too many arguments to 'show' ('teamwork'); see 'help show'

            """)
    }

    @Test func showRatingsIsCompleted() throws {
        let shell = try runScript("").shell
        #expect(shell.complete("show r").insertion == "atings ")
        #expect(shell.complete("show ratings te").insertion == "amwork ")
    }
}
