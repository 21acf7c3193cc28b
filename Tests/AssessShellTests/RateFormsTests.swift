import Foundation
import Testing
@testable import AssessShell
@testable import AssessmentKit

/// `rate` in one line per item (issue 15, item 1): all indicators in order, a range, and
/// y/p/n everywhere. The fixture's first item under the indicator method has 2 indicators.
@Suite struct RateFormsTests {
    func rated(_ result: ScriptRun<InterviewShell>) throws -> [Rated] {
        try TranscriptReader.readAll(path: result.shell.session.path).events.compactMap {
            if case .rated(let rated) = $0.payload { return rated } else { return nil }
        }
    }

    @Test func everyIndicatorInOrderWithEvidenceAfterTwoDashes() throws {
        let result = try runScript("rate y P -- Declared it at once\n", session: try fixtureSession(method: .indicators))
        #expect(result.errors == "")
        #expect(result.output.hasPrefix("Recorded: Ana rates integrity indicators 1–2 yes partly (2 of 2 rated).\n"))
        // The line's evidence is about the item, so it is its own event, written with the ratings.
        #expect(try recorded(result.shell).map(\.payload) == [
            .rated(Rated(item: "integrity", indicator: 1, rating: .yes)),
            .rated(Rated(item: "integrity", indicator: 2, rating: .partly)),
            .evidence(EvidenceNote(item: "integrity", text: "Declared it at once")),
        ])
        let times = try TranscriptReader.readAll(path: result.shell.session.path).events.dropFirst().map(\.at)
        #expect(Set(times).count == 1, "one command, one time")
    }

    @Test func undoRetractsTheWholeLine() throws {
        let result = try runScript("rate 1 n\nrate y p -- Declared it at once\nundo\nundo\nundo\n",
                                   session: try fixtureSession(method: .indicators))
        #expect(result.errors == "error: line 5: Ana has nothing left to undo\n")
        #expect(withoutResumeHint(result.output).hasSuffix("""
            Retracted: Ana's ratings of integrity indicators 1–2 and the evidence.
            Retracted: Ana's rating of integrity indicator 1.

            """))
        #expect(try recorded(result.shell).suffix(4).map(\.payload) == [
            .retracted(Retracted(target: 3)), .retracted(Retracted(target: 4)), .retracted(Retracted(target: 5)),
            .retracted(Retracted(target: 2)),
        ])
        #expect(result.shell.state.indicatorRatings(item: 0, by: "Ana").isEmpty)
    }

    @Test func aRangeAndASingleLetter() throws {
        let result = try runScript("rate 1-2 n Reported late\nrate 2 p\n", session: try fixtureSession(method: .indicators))
        #expect(result.errors == "")
        #expect(try rated(result) == [Rated(item: "integrity", indicator: 1, rating: .no),
                                      Rated(item: "integrity", indicator: 2, rating: .no),
                                      Rated(item: "integrity", indicator: 2, rating: .partly)])
        #expect(result.output.contains("Recorded: Ana rates integrity indicators 1–2 no no (2 of 2 rated).\n"
                                       + "Recorded: Ana rates integrity indicator 2 partly (2 of 2 rated).\n"))
    }

    @Test(arguments: [
        ("rate y p n", "integrity has 2 indicators: give one rating for each, in order (got 3), e.g. 'rate y y'; evidence goes after '--'"),
        ("rate y", "integrity has 2 indicators: give one rating for each, in order (got 1), e.g. 'rate y y'; evidence goes after '--'"),
        ("rate y x", "'x' is not a rating (did you mean 'no'?); use yes, partly or no"),
        ("rate y p Declared it", "'Declared' is not a rating; use yes, partly or no"),
        ("rate 2-3 yes", "'2-3' is not a range of integrity's indicators 1–2; e.g. 'rate 2-4 partly'"),
        ("rate 0-1 yes", "'0-1' is not a range of integrity's indicators 1–2; e.g. 'rate 2-4 partly'"),
        ("rate 2-1 yes", "'2-1' is not a range of integrity's indicators 1–2; e.g. 'rate 2-4 partly'"),
        ("rate 1-2 yes no -- Late", "a range or one indicator takes one rating (got 2): e.g. 'rate 2-4 partly'; put evidence after it"),
        ("rate 1-x p", "'1-x' is not a range of integrity's indicators 1–2; e.g. 'rate 2-4 partly'"),
        ("rate -- evidence only", "'' is not an indicator of integrity; give its number 1–2 ('show' lists them)"),
    ])
    func badFormsAreRefusedAndRecordNothing(line: String, message: String) throws {
        let result = try runScript(line + "\n", session: try fixtureSession(method: .indicators))
        #expect(result.errors == "error: line 1: \(message)\n")
        #expect(try rated(result).isEmpty)
    }
}

/// In blind mode the reply says how far the panelist has got, and `reveal`'s refusal names
/// who is missing which indicators (issue 15, item 1).
@Suite struct BlindIndicatorProgressTests {
    @Test func theReplyCountsAndRevealNamesTheMissingIndicators() throws {
        let result = try runScript("rate 2 p\nreveal\nrate 1 y\nreveal\n",
                                   session: try fixtureSession(blind: true, method: .indicators))
        #expect(result.output.hasPrefix("Recorded (1 of 2 indicators; hidden until reveal).\n"))
        #expect(result.output.contains("Recorded (2 of 2 indicators; hidden until reveal).\n"))
        #expect(result.errors == """
            error: line 2: Ana (indicator 1) and Ben (none rated yet) have not finished rating integrity; reveal comes once every panelist has rated
            error: line 4: Ben (none rated yet) has not finished rating integrity; reveal comes once every panelist has rated

            """)
    }
}

/// Each command's events have their own time, however fast a script runs, so `undo` takes
/// back exactly the last command (found by the issue-15 review, with a clock that stands still).
@Suite struct UndoByCommandTests {
    @Test func twoRatingsInTheSameMillisecondAreTwoCommands() throws {
        var assessment = try fixtureAssessment()
        assessment.method = .indicators
        assessment.scale = nil
        assessment.rules.discrepancy = 0.5
        let started = Started(mode: .interview, assessment: assessment, candidate: Candidate(name: "A", id: "C-1"),
                              panel: [Panelist(name: "Ana", role: "chair"), Panelist(name: "Ben", role: "member")], blind: false)
        let still = ScriptedClock(start: Timestamp(milliseconds: 1_772_442_001_000), stepMilliseconds: 0).eventClock
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assess-still-\(UUID().uuidString)").path
        let result = try runScript("rate 1 yes\nrate 2 no\nundo\n", session: try InterviewSession.start(started, folder: folder, clock: still))
        #expect(result.errors == "")
        #expect(withoutResumeHint(result.output).hasSuffix("Retracted: Ana's rating of integrity indicator 2.\n"))
        let read = try TranscriptReader.readAll(path: result.shell.session.path)
        #expect(read.scan.damage == nil)
        let times = read.events.map(\.at.milliseconds)
        #expect(times == [1_772_442_001_000, 1_772_442_001_001, 1_772_442_001_002, 1_772_442_001_003])
    }
}

/// Format 1 (the first release) could give two commands one millisecond: there `undo` takes
/// back one event, and a torn last line goes alone, as before (found by the A/B review).
@Suite struct FormatOneTests {
    func formatOneSession() throws -> InterviewSession {
        var assessment = try fixtureAssessment()
        assessment.method = .indicators
        assessment.scale = nil
        assessment.rules.discrepancy = 0.5
        let started = Started(version: 1, mode: .interview, assessment: assessment, candidate: Candidate(name: "A", id: "C-1"),
                              panel: [Panelist(name: "Ana", role: "chair"), Panelist(name: "Ben", role: "member")], blind: false)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assess-v1-\(UUID().uuidString)").path
        return try InterviewSession.start(started, folder: folder, clock: testClock())
    }

    @Test func undoTakesBackOneEvent() throws {
        let result = try runScript("rate y p -- Declared it\nundo\n", session: try formatOneSession())
        #expect(withoutResumeHint(result.output).hasSuffix("Retracted: evidence on integrity.\n"))
    }

    @Test func aTornLastLineGoesAlone() throws {
        let session = try formatOneSession()
        let path = session.path
        _ = try runScript("rate y p -- Declared it\n", session: session)
        session.close()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n")
        try Data((lines.prefix(3).joined(separator: "\n") + "\n" + lines[3].prefix(60)).utf8).write(to: URL(fileURLWithPath: path))
        let (resumed, resumption) = try InterviewSession.resume(path: path, clock: testClock())
        #expect(resumption.repairedTornLine == 4)
        #expect(resumption.removedWithTornLine == 0)
        #expect(resumed.state.indicatorRatings(item: 0, by: "Ana") == [1: .yes, 2: .partly])
        resumed.close()
    }
}
