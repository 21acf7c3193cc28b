import Foundation
import Testing
@testable import AssessShell
@testable import AssessmentKit

/// What each role may record (issue 15, item 3; PRODUCT.md "Roles").
@Suite struct RolesTests {
    static let fullPanel = [Panelist(name: "Ana", role: "chair"), Panelist(name: "Ben", role: "member"),
                            Panelist(name: "Chloé", role: "hr"), Panelist(name: "Eve", role: "examiner")]

    @Test func theExaminerRecordsLanguagesAndNotesButDoesNotRate() throws {
        let result = try runScript("""
            as Eve
            score 3 Spoke well
            evidence Spoke well
            summarize A summary
            lang english oral C1
            note Interview ran late
            as Ben lang english written C1
            """, session: try fixtureSession(panel: Self.fullPanel))
        #expect(result.errors == """
            error: line 2: Eve is the examiner: the examiner records languages and notes and does not rate competencies; ratings, evidence and summaries are recorded by Ana, Ben or Chloé ('as Ana' first)
            error: line 3: Eve is the examiner: the examiner records languages and notes and does not rate competencies; ratings, evidence and summaries are recorded by Ana, Ben or Chloé ('as Ana' first)
            error: line 4: Eve is the examiner: the examiner records languages and notes and does not rate competencies; ratings, evidence and summaries are recorded by Ana, Ben or Chloé ('as Ana' first)
            error: line 7: only the examiner (Eve) records language results; Ben is a member ('as Eve' first)

            """)
        let events = try recorded(result.shell).map(\.payload)
        #expect(events == [
            .acting(Acting(panelist: "Eve")),
            .language(LanguageResult(language: "english", skill: .oral, level: .c1)),
            .note(Note(item: "integrity", text: "Interview ran late")),
            .acting(Acting(panelist: "Ben")),
        ])
    }

    @Test func closeAndRevealDoNotWaitForTheExaminer() throws {
        var script = ""
        for item in ["integrity", "teamwork", "communication"] {
            script += "goto \(item)\nas Ben rate y y\nas Chloé rate y p\nas Ana rate y y\nreveal\nconsensus 0.9 Agreed\nsummarize Fine.\n"
        }
        script += "as Eve lang english oral C1\nlang english written C1\nas Ana close\n"
        let result = try runScript(script, session: try fixtureSession(blind: true, method: .indicators, panel: Self.fullPanel))
        #expect(result.errors == "")
        #expect(result.status == 0)
        #expect(result.shell.state.isClosed)
    }

    @Test func onlyTheChairRecordsConsensusRevealOverrideCloseAndVoid() throws {
        let result = try runScript("""
            as Ben score 3
            as Ana score 3
            as Ben
            consensus 3 Agreed
            override recommended Because
            close --force Done
            void Wrong candidate
            """, session: try fixtureSession())
        let refusal = "only the chair (Ana) records a consensus, reveal, override, close or void, and changes the panel; Ben is a member ('as Ana' first)"
        #expect(result.errors == (4...7).map { "error: line \($0): \(refusal)\n" }.joined())
        #expect(try recorded(result.shell).map(\.payload).filter { $0.kind != .acting && $0.kind != .scored }.isEmpty)
        #expect(!result.shell.state.hasEnded)
    }

    @Test func blindRevealIsTheChairs() throws {
        let result = try runScript("score 3\nas Ben score 2\nreveal\nas Ana reveal\n", session: try fixtureSession(blind: true))
        #expect(result.errors == "error: line 3: only the chair (Ana) records a consensus, reveal, override, close or void, and changes the panel; Ben is a member ('as Ana' first)\n")
        #expect(result.shell.state.isRevealed(item: 0))
    }

    @Test func hrThatObservesTakesNotesOnly() throws {
        let panel = [Panelist(name: "Ana", role: "chair"), Panelist(name: "Ben", role: "member"), Panelist(name: "Chloé", role: "hr")]
        let result = try runScript("as Chloé score 3\nnote Candidate was on time\n",
                                   session: try fixtureSession(panel: panel, hrObserves: true))
        #expect(result.errors == "error: line 1: Chloé is HR: HR observes in this assessment (notes only); ratings, evidence and summaries are recorded by Ana or Ben ('as Ana' first)\n")
        #expect(result.shell.state.raters.map(\.name) == ["Ana", "Ben"])
        #expect(result.shell.state.items[0].notes.count == 1)
    }

    @Test func hrRatesByDefault() throws {
        let panel = [Panelist(name: "Ana", role: "chair"), Panelist(name: "Chloé", role: "hr")]
        let result = try runScript("as Chloé score 3\n", session: try fixtureSession(panel: panel))
        #expect(result.errors == "")
        #expect(result.shell.state.value(item: 0, by: "Chloé") == 3)
    }

    @Test func withoutAChairOrAnExaminerAnyoneMayChairAndRecordLanguages() throws {
        let panel = [Panelist(name: "Ben", role: "member"), Panelist(name: "Dee", role: "member")]
        let result = try runScript("score 3\nas Dee score 3\nconsensus 3 Agreed\nlang english oral C1\n",
                                   session: try fixtureSession(panel: panel))
        #expect(result.errors == "")
        #expect(result.shell.state.consensus(item: 0)?.value.value == 3)
        #expect(result.shell.state.languageResults["english"]?[.oral] == .c1)
    }

    @Test func asWithACommandRunsItAsThatPanelist() throws {
        let panel = [Panelist(name: "Ana María", role: "chair"), Panelist(name: "Ben", role: "member")]
        let result = try runScript("""
            as Ana María score 3 Clear example
            as ben score 2
            as Ana María as Ben
            as Ben score 9
            """, session: try fixtureSession(panel: panel))
        #expect(result.errors == """
            error: line 3: 'as' takes one command after the name, not another 'as'
            error: line 4: 9 is outside the scale; give a whole number from 1 to 4 (1 Unsatisfactory, 2 Partially Satisfactory, 3 Satisfactory, 4 Outstanding)

            """)
        #expect(try recorded(result.shell).map { "\($0.by): \($0.payload.kind.rawValue)" } == [
            "Ana María: scored", "Ana María: acting", "Ben: scored",
        ])
        // Already recording as Ana María: no event and no notice for it.
        #expect(withoutResumeHint(result.output) == """
            Recorded: Ana María rates integrity 3 (Satisfactory).
            Now recording as Ben.
            Recorded: Ben rates integrity 2 (Partially Satisfactory).

            """)
    }

    @Test func aPanelWhereNobodyRatesCannotRevealOrClose() throws {
        let panel = [Panelist(name: "Eva", role: "examiner"), Panelist(name: "Hal", role: "hr")]
        let result = try runScript("as Hal score 3\nreveal\nclose\n", session: try fixtureSession(blind: true, panel: panel, hrObserves: true))
        #expect(result.errors.hasPrefix("""
            error: line 1: Hal is HR: HR observes in this assessment (notes only); ratings, evidence and summaries are recorded by a panelist who rates, and this panel has none ('panel add NAME member')
            error: line 2: nobody on this panel rates competencies (an examiner and HR that observes do not); add a panelist who does, e.g. 'panel add NAME member'
            error: line 3: the interview is not complete:
              - nobody on the panel rates competencies: add a panelist who does ('panel add NAME member')

            """))
    }

    @Test func anUnknownNameBeforeACommandIsNamedAlone() throws {
        let result = try runScript("as Zed rate y y -- Zoë's evidence\n", session: try fixtureSession(method: .indicators))
        #expect(result.errors == "error: line 1: no panelist 'Zed' (did you mean 'Ben'?); the panel is Ana, Ben ('panel add NAME' adds one)\n")
    }

    @Test func aRevealedRatingGivenAgainUnchangedNeedsNoReasonAndRecordsNothing() throws {
        let result = try runScript("rate y p\nas Ben rate n n\nas Ana reveal\nrate y p\nrate 1 y\nrate y n\n",
                                   session: try fixtureSession(blind: true, method: .indicators))
        #expect(result.errors == """
            error: line 4: Ana already rated integrity y p; nothing changed, so nothing was recorded
            error: line 5: Ana already rated integrity indicator 1 yes; nothing changed, so nothing was recorded
            error: line 6: the ratings of integrity are revealed; changing one needs a reason, e.g. 'rate y n -- on reflection the example showed …'

            """)
    }

    /// A whole name wins over a command word inside it (found by the A/B review: `as Glenn
    /// Close` closed the interview).
    @Test func aNameWithACommandWordInItIsAName() throws {
        let panel = [Panelist(name: "Glenn Close", role: "chair"), Panelist(name: "Jo Next", role: "member")]
        let result = try runScript("as Jo Next\nas glenn close\nas Glenn Close score 3 Clear\nas Jo score 2\n",
                                   session: try fixtureSession(panel: panel))
        #expect(result.errors == "")
        #expect(!result.shell.state.hasEnded)
        #expect(result.shell.state.currentItem == 0)
        #expect(try recorded(result.shell).map { "\($0.by): \($0.payload.kind.rawValue)" } == [
            "Glenn Close: acting", "Jo Next: acting", "Glenn Close: scored", "Glenn Close: acting", "Jo Next: scored",
        ])
        #expect(result.shell.historyLine("as Glenn Close score 3 Clear example") == "as … score 3 …")
        #expect(result.shell.historyLine("as Glenn Close") == "as …")
    }

    @Test func aChangeAfterTheRevealRecordsOnlyTheIndicatorsThatChange() throws {
        let result = try runScript("rate y p\nas Ben rate n n\nas Ana reveal\nas Ben rate y n -- The second example counts\n",
                                   session: try fixtureSession(blind: true, method: .indicators))
        #expect(result.errors == "")
        #expect(try recorded(result.shell).last?.payload
                == .rated(Rated(item: "integrity", indicator: 1, rating: .yes, reason: "The second example counts")))
        #expect(result.output.contains("Recorded: Ben rates integrity indicator 1 yes (2 of 2 rated).\n"))
    }

    @Test func theHistoryFileKeepsTheCommandAfterAsByItsOwnRules() {
        #expect(InterviewShell.historyLine("as Ben score 3 Coached Zoë") == "as … score 3 …")
        #expect(InterviewShell.historyLine("as Ana María rate y y p -- Led the Lisbon team") == "as … rate y y p …")
        #expect(InterviewShell.historyLine("as Ben") == "as …")
        #expect(InterviewShell.historyLine("as Ben evidnce secret") == "as …")
    }
}

/// `panel remove NAME` (issue 15, item 3).
@Suite struct PanelRemoveTests {
    @Test func aPanelistWhoHasRecordedNothingCanBeRemoved() throws {
        let panel = [Panelist(name: "Ana", role: "chair"), Panelist(name: "Ben", role: "member"), Panelist(name: "Dee", role: "member")]
        let result = try runScript("""
            as Dee panel remove Ben
            as Ana panel remove dee
            score 3
            as Ben score 3
            as Ana panel remove Ben
            panel remove B
            panel remove Ana
            """, session: try fixtureSession(panel: panel))
        #expect(result.errors == """
            error: line 1: only the chair (Ana) records a consensus, reveal, override, close or void, and changes the panel; Dee is a member ('as Ana' first)
            error: line 5: Ben has already recorded ratings or text, which stay on the record; only a panelist who has recorded nothing can be removed
            error: line 6: no panelist 'B' (did you mean 'Ben'?); the panel is Ana, Ben ('panel add NAME' adds one)
            error: line 7: Ana has already recorded ratings or text, which stay on the record; only a panelist who has recorded nothing can be removed

            """)
        #expect(result.output.contains("Removed Dee from the panel. Recording as Ana.\n"))
        #expect(result.shell.state.panel.map(\.name) == ["Ana", "Ben"])
        #expect(try recorded(result.shell)[2].payload == .panelistRemoved(PanelistRemoved(name: "Dee")))
        // Closing no longer waits for Dee; a resumed interview has the same panel.
        #expect(!result.shell.state.missingForClose.joined().contains("Dee"))
        let path = result.shell.session.path
        result.shell.session.close()
        let (resumed, _) = try InterviewSession.resume(path: path, clock: testClock())
        #expect(resumed.state.panel.map(\.name) == ["Ana", "Ben"])
        resumed.close()
    }

    @Test func theOnlyChairStaysAndAnotherCanBeAdded() throws {
        let result = try runScript("panel remove Ana\npanel add Cy chair\npanel remove Ana\n", session: try fixtureSession())
        #expect(result.errors == "error: line 1: Ana is the panel's only chair, who leads the interview; add another chair first ('panel add NAME chair')\n")
        #expect(result.shell.state.panel.map(\.name) == ["Ben", "Cy"])
    }

    @Test func anUnknownRoleIsNotTakenIntoTheName() throws {
        let result = try runScript("panel add \"Zed\" boss\npanel add Eva Janssens\npanel add ana lopez\n", session: try fixtureSession())
        #expect(result.errors == """
            error: line 1: unknown role 'boss' for Zed (roles: chair, member, hr)
            error: line 3: unknown role 'lopez' for ana (roles: chair, member, hr); for a name with 'lopez' in it, quote the name: panel add "ana lopez"

            """)
        #expect(result.shell.state.panel.map(\.name) == ["Ana", "Ben", "Eva Janssens"])
    }

    @Test func forgedVoidsAndRemovalsByAMemberAreDamage() throws {
        for payload in [EventPayload.voided(Voided(reason: "member void")), .voided(Voided(reason: " ")),
                        .panelistRemoved(PanelistRemoved(name: "Ana"))] {
            let session = try fixtureSession(panel: [Panelist(name: "Ana", role: "chair"), Panelist(name: "Ben", role: "member")])
            try session.record(payload, by: "Ben")
            let path = session.path
            session.close()
            let verification = try TranscriptVerifier.verify(path: path)
            let expected = payload == .voided(Voided(reason: " ")) ? "a void with no reason"
                : "a '\(payload.kind.rawValue)' event by 'Ben', who is not the chair"
            #expect(verification.damage == .invalidEvent(line: 2, detail: expected))
        }
    }

    @Test func theLastPanelistStays() throws {
        let result = try runScript("panel remove Ben\npanel remove Ana\n", session: try fixtureSession())
        #expect(result.errors == "error: line 2: Ana is the only panelist; add another ('panel add NAME') before removing them\n")
    }

    @Test func aForgedRemovalOfAPanelistWhoRecordedIsDamage() throws {
        let session = try fixtureSession()
        try session.record(.scored(Scored(item: "integrity", value: 3)))
        try session.record(.panelistRemoved(PanelistRemoved(name: "Ana")))
        let path = session.path
        session.close()
        let verification = try TranscriptVerifier.verify(path: path)
        #expect(verification.damage == .invalidEvent(line: 3, detail: "removing 'Ana', who has recorded ratings or text"))
    }
}

/// After `close` or `void` the session records nothing more, whichever shell asks (a panel
/// host has several).
@Suite struct EndedInterviewTests {
    @Test func aSecondShellOnAClosedSessionRecordsNothing() throws {
        let session = try fixtureSession()
        let first = InterviewShell(session: session, output: CapturedOutput())
        #expect(first.execute("void Wrong candidate"))
        let output = CapturedOutput()
        let second = InterviewShell(session: session, output: output)
        #expect(!second.execute("score 3"))
        #expect(output.errors == "error: the interview is void; nothing more can be recorded ('assess replay' looks through it)\n")
        #expect(try TranscriptVerifier.verify(path: session.path).damage == nil)
    }
}

/// Names that would read like another panelist's are refused (found by the issue-15 review).
@Suite struct LookAlikeNameTests {
    @Test func aNoBreakSpaceAtTheEdgeOrADoubledSpaceIsRefused() throws {
        let result = try runScript("panel add \"Ben\u{00A0}\" member\npanel add \"ben  \" member\npanel add \"Eva Janssens\"\npanel add \"Eva  Janssens\"\n",
                                   session: try fixtureSession())
        #expect(result.errors == """
            error: line 1: a panelist's name starts or ends with a space character (U+00A0); type it without
            error: line 2: ben is already on the panel; give each panelist once
            error: line 4: Eva  Janssens is already on the panel; give each panelist once

            """)
        #expect(result.shell.state.panel.map(\.name) == ["Ana", "Ben", "Eva Janssens"])
    }
}
