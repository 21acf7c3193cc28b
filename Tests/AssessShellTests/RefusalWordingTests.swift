import Testing
@testable import AssessShell
@testable import AssessmentKit

/// The shell's wording of refusals that the domain tests assert as typed values.
@Suite struct RefusalWordingTests {
    @Test func refusalsAreWordedAsBefore() throws {
        let state = try fixtureSession().state
        #expect(CommandRefusal.summaryWordTooLong(length: 1 << 20, limit: 60).message(in: state)
                == "a word of the summary is 1048576 characters long; words are at most 60 characters, so break it up or leave it out")
        let problem = PanelError.badName(.controlCharacter(what: "a panelist's name", scalar: 0x1b))
        #expect(CommandRefusal.badPanelist(problem).message(in: state) == "a panelist's name holds a control character (U+001B); type it without")
        #expect(CommandRefusal.incomplete([.notRated(panelists: ["Ana", "Ben"], items: ["teamwork"]), .summaryMissing(items: ["teamwork"])])
                    .message(in: state)
                == "the interview is not complete:\n  - not rated by Ana and Ben: teamwork\n  - no written summary: teamwork\n"
                + "finish these, or end it anyway with 'close --force REASON'")
    }
}
