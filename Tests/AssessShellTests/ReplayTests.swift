import Foundation
import Testing
import LineEditing
@testable import AssessShell
@testable import AssessmentKit

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite struct ReplayTests {
    static let examples = [
        ("C-0101", "2026-03-02", "Inès Barrow-Kaldi"),
        ("C-0102", "2026-03-03", "Pieter Wouters-Amani"),
        ("C-0103", "2026-03-04", "Lucas Ferrand-Nyberg"),
    ]

    /// Runs an example script live, in process, keeping the state after every event.
    func liveStates(id: String, date: String, name: String) throws -> (path: String, states: [Int: InterviewState]) {
        let catalog = AssessmentCatalog(directories: [repository.appendingPathComponent("Assessments").path])
        let assessment = try catalog.assessment("lmi-intern").0
        let panel = try PanelParser.parse("Ana Lopez:chair,Ben Okafor:member,Chloé Martin:hr", roles: assessment.panel.roles)
        let clock = try #require(ScriptedClock(specification: "\(date)T09:00:00.000Z,20"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assess-replay-\(UUID().uuidString)").path
        let session = try InterviewSession.start(
            Started(mode: .interview, assessment: assessment, candidate: Candidate(name: name, id: id), panel: panel, blind: false),
            folder: folder, clock: clock.eventClock)
        let shell = InterviewShell(session: session, output: CapturedOutput())
        var states = [session.state.lastSeq: session.state]
        let reader = PlainReader(text: try String(contentsOf: repository.appendingPathComponent("scripts/examples/\(id.lowercased()).txt"), encoding: .utf8))
        while case .line(let line, let number) = reader.read(prompt: "") {
            let before = session.state.lastSeq
            #expect(shell.execute(line, lineNumber: number))
            #expect(session.state.lastSeq - before <= 1, "one event per command")
            states[session.state.lastSeq] = session.state
        }
        session.close()
        return (session.path, states)
    }

    @Test(arguments: examples)
    func replayStateEqualsLiveStateAtEveryEvent(id: String, date: String, name: String) throws {
        let (path, live) = try liveStates(id: id, date: date, name: name)
        let events = try TranscriptReader.readAll(path: path).events
        let replay = try #require(ReplayShell(path: path, events: events, damage: nil, output: CapturedOutput()))
        #expect(live[1] == replay.state)
        for index in 1..<events.count {
            replay.move(to: index)
            #expect(replay.state == live[events[index].seq], "event \(events[index].seq)")
        }
        // Going back refolds to the same state.
        replay.move(to: 10)
        #expect(replay.state == live[events[10].seq])
        // The shipped example is the same interview, byte for byte, then its endorsements.
        let shipped = try Data(contentsOf: repository.appendingPathComponent("Transcripts/examples/lmi-intern/\(date)-\(id).jsonl"))
        let made = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(shipped.starts(with: made))
        #expect(String(decoding: shipped.dropFirst(made.count), as: UTF8.self).split(separator: "\n").allSatisfy { $0.contains("\"type\":\"endorsed\"") })
    }

    func replay(_ script: String, waits: Box<[Double]> = Box([]), interruptAfter: Int = .max) throws -> ScriptRun<ReplayShell> {
        let path = repository.appendingPathComponent("Transcripts/examples/lmi-intern/2026-03-03-C-0102.jsonl").path
        let events = try TranscriptReader.readAll(path: path).events
        let output = CapturedOutput()
        let shell = try #require(ReplayShell(path: path, events: events, damage: nil, output: output) { seconds in
            waits.value.append(seconds)
            return waits.value.count <= interruptAfter
        })
        let status = shell.run(reader: PlainReader(text: script))
        return ScriptRun(status: status, output: output.output, errors: output.errors, shell: shell)
    }

    @Test func stepBackAndGotoMoveAndPrint() throws {
        let result = try replay("step 2\nback\ngoto courage\ngoto 5\n")
        #expect(result.errors == "")
        #expect(result.output == """
            09:00:40  Ana Lopez       now recording as Ana Lopez
            09:01:00  Ana Lopez       scores inclusion 3 (Satisfactory): As a volunteer
                                      football coach for a mixed youth team in Antwerp he
                                      set up a buddy system pairing newly arrived players
                                      with long-standing members; two newcomers joined the
                                      regular squad within the season.
            09:00:40  Ana Lopez       now recording as Ana Lopez
            09:09:20  Chloé Martin    → courage (4/10)
            09:01:40  Ben Okafor      scores inclusion 3 (Satisfactory): Adapted his
                                      communication: used short Dutch sentences and gestures
                                      with players who had just arrived, and asked a
                                      bilingual parent to help with the first parents'
                                      meeting.

            """)
        #expect(result.shell.event.seq == 5)
        #expect(result.shell.prompt == "event 5/105 · inclusion · 09:01:40 › ")
    }

    @Test func playWaitsTheRecordedGapsAndCtrlCStopsIt() throws {
        let waits = Box<[Double]>([])
        let result = try replay("goto 100\nplay 4\n", waits: waits)
        // Gaps of 20 s at speed 4, then the endorsements, 86 minutes after close and 1 ms apart.
        #expect(waits.value == [5, 5, 1295, 0.00025, 0.00025])
        #expect(result.output.hasSuffix("End of the transcript.\n"))
        #expect(result.shell.event.seq == 105)

        let stopped = try replay("play 10\nstatus\n", waits: Box([]), interruptAfter: 3)
        #expect(stopped.output.contains("Playback stopped at event 4/105.\n"))
        #expect(stopped.shell.event.seq == 4)
        #expect(stopped.errors == "")
    }

    @Test func statusAndSummaryAreAsOfTheCurrentEvent() throws {
        let result = try replay("goto 31\nstatus\nsummary\n")
        #expect(result.output.contains(" ›  4  courage          2          ·           ·                   ·          ·         1:00\n"))
        #expect(result.output.contains("   5 empathy           ") || result.output.contains("empathy"))
        #expect(result.output.contains("Integrity: verified\n"))
    }

    @Test(arguments: [
        ("step 0", "'0' is not a count; give a whole number of events, e.g. 'step 5'"),
        ("back", "this is the first event; 'step' moves on"),
        ("goto 500", "no event 500; the transcript has events 1–105"),
        ("goto temwork", "unknown item 'temwork' (did you mean 'teamwork'?); give an event number or an item id"),
        ("play fast", "'fast' is not a speed; give a number from 0.01 to 100000, e.g. 'play 10' for ten times faster"),
        ("play 1e-308", "'1e-308' is not a speed; give a number from 0.01 to 100000, e.g. 'play 10' for ten times faster"),
        ("rate 1 yes", "unknown command 'rate'; 'help' lists the commands"),
    ])
    func badReplayCommandsSayWhy(line: String, message: String) throws {
        try replay(line + "\n").expectRefused(message)
    }

    @Test func showPrintsTheWholeEventAndVerifyChecksTheFile() throws {
        let result = try replay("goto 3\nshow\nverify\n")
        #expect(result.output.contains("\"type\" : \"scored\""))
        #expect(result.output.contains("\"value\" : 3"))
        #expect(result.output.hasSuffix("2026-03-03-C-0102.jsonl: verified, 105 events, closed\n"))
    }
}

/// A mutable box, for collecting what a closure saw.
final class Box<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
