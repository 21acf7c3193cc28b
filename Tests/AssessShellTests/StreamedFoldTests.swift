import Foundation
import Testing
import LineEditing
@testable import AssessShell
@testable import AssessmentKit

/// Reports fold without history (`StateHistory.latest`), in time linear in the events: a
/// re-rating with evidence is kept, one without replaces the panelist's last. Random
/// interviews, re-rated over and over, summarise the same whether read that way or folded
/// with full history.
@Suite struct StreamedFoldTests {
    /// Heavy on re-ratings with and without evidence, with undo, consensus changes,
    /// language re-results, overrides and moves in between.
    static let commands = [
        "score 3 saw it in the role play", "score 2 only in general terms", "score 4", "score 1", "score 3",
        "score 2 changed my mind after the follow-up", "rate 1 yes led the calls", "rate 1 partly", "rate 2 no",
        "rate 2 yes wrote the minutes", "rate 1 no", "as Ana", "as Ben", "as Dan", "next", "prev", "goto teamwork",
        "evidence mapped the partners", "consensus 3 agreed", "consensus 2 on reflection", "summarize fine",
        "summarize better than fine", "note n", "undo", "undo", "undo", "lang french oral B2",
        "lang french oral C1 fluent, precise", "lang english written C1", "lang english written B1",
        "override recommended ok", "override not-recommended no", "panel add Dan", "reveal",
    ]

    static func script(seed: Int, length: Int) -> String {
        var generator = SeededGenerator(seed: UInt64(seed))
        return (0..<length).map { _ in commands.randomElement(using: &generator)! }.joined(separator: "\n") + "\n"
    }

    /// The summary the full fold gives, for the valid events of `path` (unrevealed ratings of
    /// an open blind interview hidden, as a transcript's summary hides them).
    static func fullSummary(_ path: String) throws -> PanelSummary {
        let (events, scan) = try TranscriptReader.readAll(path: path)
        let full = try #require(InterviewState(events: events))
        return Scoring.summary(of: full, damage: scan.damage, hidingUnrevealed: !full.hasEnded)
    }

    @Test(arguments: 0..<48)
    func aStreamedSummaryEqualsTheFullFold(seed: Int) throws {
        let method: Method = seed % 3 == 0 ? .indicators : .scale
        let session = try fixtureSession(blind: seed % 4 == 1, method: method)
        let result = try runScript(Self.script(seed: seed, length: 150), session: session)
        let path = result.shell.session.path
        let streamed = try TranscriptSummary.summary(path: path)
        #expect(streamed == (try Self.fullSummary(path)))
        // The live shell's own summary agrees too.
        #expect(streamed == Scoring.summary(of: result.shell.state, hidingUnrevealed: !result.shell.state.hasEnded))
    }

    /// After damage, only the retractions before it count, as in the full fold of what is read.
    @Test(arguments: 0..<12)
    func aRetractionPastTheDamageDoesNotCount(seed: Int) throws {
        let session = try fixtureSession(method: seed % 2 == 0 ? .scale : .indicators)
        let result = try runScript(Self.script(seed: 1000 + seed, length: 80) + "undo\n", session: session)
        let path = result.shell.session.path
        let events = try TranscriptReader.readAll(path: path).events
        // Past a damaged line, an `undo` of every recording: none of them counts.
        let zeros = String(repeating: "0", count: 64)
        var tail = "this line is damaged\n"
        for event in events where event.payload.isRecording {
            tail += #"{"seq":\#(events.count + 2),"at":"2030-01-01T00:00:00.000Z","type":"retracted","by":"Ana","target":\#(event.seq),"prev":"\#(zeros)","check":"\#(zeros)"}"# + "\n"
        }
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(tail.utf8))
        try handle.close()
        let streamed = try TranscriptSummary.summary(path: path)
        #expect(streamed.integrity != .verified)
        #expect(streamed == (try Self.fullSummary(path)))
    }

    /// `compare` folds without evidence text; its summaries are the full ones without evidence
    /// (nor rating grids, which it does not show).
    @Test(arguments: 0..<8)
    func summariesWithoutEvidenceKeepEverythingElse(seed: Int) throws {
        let session = try fixtureSession(blind: seed % 2 == 1, method: seed % 3 == 0 ? .indicators : .scale)
        let path = try runScript(Self.script(seed: 500 + seed, length: 150), session: session).shell.session.path
        var expected = try Self.fullSummary(path)
        for index in expected.items.indices { (expected.items[index].evidence, expected.items[index].grid) = ([], nil) }
        let summaries = TranscriptSummary.summaries(paths: [path], withEvidence: false)
        #expect(try summaries[0].get() == expected)
    }

    /// `replay --to-end` streams the log from the file: the same text as the log of all the
    /// events read at once, damaged transcripts included.
    @Test(arguments: 0..<8)
    func theStreamedLogEqualsTheWholeOne(seed: Int) throws {
        let session = try fixtureSession(blind: seed % 2 == 1, method: seed % 3 == 0 ? .indicators : .scale)
        let path = try runScript(Self.script(seed: 700 + seed, length: 150) + "panel add Somebody-with-a-long-name\n",
                                 session: session).shell.session.path
        if seed % 2 == 0 {
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("damaged\n".utf8))
            try handle.close()
        }
        let (events, scan) = try TranscriptReader.readAll(path: path)
        var streamed = ""
        let streamedScan = try EventLog.stream(path: path, width: 80) { streamed += $0 }
        #expect(streamed == EventLog.render(events, width: 80))
        #expect(streamedScan == scan)
    }

    /// Every re-rating with evidence is kept and shown, in the order given; those without
    /// are replaced by the panelist's next rating.
    @Test func everyReRatingWithEvidenceIsShownInOrder() throws {
        var script = ""
        for round in 1...300 {
            script += round % 3 == 0 ? "as Ben\nscore \(1 + round % 4)\n" : "as Ana\nscore \(1 + round % 4) round \(round)\n"
        }
        let result = try runScript(script, session: try fixtureSession())
        let streamed = try TranscriptSummary.summary(path: result.shell.session.path)
        #expect(streamed == (try Self.fullSummary(result.shell.session.path)))
        let evidence = streamed.items[0].evidence
        #expect(evidence.count == 200)
        #expect(evidence.first == EvidenceEntry(panelist: "Ana", text: "round 1", source: .score))
        #expect(evidence.last == EvidenceEntry(panelist: "Ana", text: "round 299", source: .score))
        #expect(streamed.items[0].ratings == ["Ana": 4, "Ben": 1])
    }

    /// `verify` keeps no recordings: the state it checks events against is as small at the end
    /// as at the start, and it still finds a rating by someone not on the panel.
    @Test func aStateWithoutRecordingsKeepsThePanelAndNothingElse() throws {
        let result = try runScript(Self.script(seed: 7, length: 150), session: try fixtureSession())
        let events = try TranscriptReader.readAll(path: result.shell.session.path).events
        guard case .started(let started) = events[0].payload else { Issue.record("no started event"); return }
        var state = InterviewState(started: started, at: events[0].at, seq: 1, history: .noRecordings)
        for event in events.dropFirst() { state.apply(event) }
        let full = try #require(InterviewState(events: events))
        #expect(state.items.allSatisfy { $0 == ItemRecord(revealedAt: $0.revealedAt, timeSpent: $0.timeSpent) })
        #expect(state.languages.isEmpty && state.overrides.isEmpty && state.notes.isEmpty)
        #expect(state.panel == full.panel && state.currentItem == full.currentItem && state.isOnPanel("Ana"))
        #expect(!state.isOnPanel("Nobody"))
    }
}

/// Lines a forger writes by hand, in the writer's layout but spelt as only JSON reads them.
@Suite struct HandWrittenLineTests {
    /// Appends `members` as the next event of `path`, chained and sealed as the writer would.
    static func append(_ path: String, seq: Int, kind: String, by: String, members: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let last = try #require(text.split(separator: "\n").last)
        let head = #"{"seq":\#(seq),"at":"2030-01-01T00:00:00.000Z","type":"\#(kind)","by":"\#(by)",\#(members),"prev":"\#(HashChain.hash(String(last)))""#
        let line = head + #","check":"\#(HashChain.hash(head + "}"))"}"# + "\n"
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8))
        try handle.close()
    }

    /// A retraction whose type is spelt with an escape is a retraction for every reader: the
    /// streamed summary must not miss it (it once kept the retracted score).
    @Test func anEscapedRetractionCountsInTheStreamedSummary() throws {
        let result = try runScript("as Ana\nscore 3\nscore 4\nas Ben\nscore 2\n", session: try fixtureSession())
        let path = result.shell.session.path
        try Self.append(path, seq: 7, kind: #"\u0072etracted"#, by: "Ana", members: #""target":4"#)
        #expect(try TranscriptVerifier.verify(path: path).damage == nil)
        let streamed = try TranscriptSummary.summary(path: path)
        #expect(streamed == (try StreamedFoldTests.fullSummary(path)))
        #expect(streamed.items[0].ratings == ["Ana": 3, "Ben": 2])
    }

    /// A `prev` in capitals does not name the line before (hashes are lowercase), and that is
    /// what is reported: not a check that fails, since the check matches.
    @Test func aPrevInCapitalsIsBlamedOnTheChain() throws {
        let result = try runScript("as Ana\nscore 3\n", session: try fixtureSession())
        let path = result.shell.session.path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let last = try #require(text.split(separator: "\n").last)
        let head = #"{"seq":4,"at":"2030-01-01T00:00:00.000Z","type":"note","by":"Ana","item":"teamwork","text":"x","prev":"\#(HashChain.hash(String(last)).uppercased())""#
        let line = head + #","check":"\#(HashChain.hash(head + "}"))"}"# + "\n"
        try (text + line).write(toFile: path, atomically: false, encoding: .utf8)
        #expect(try TranscriptVerifier.verify(path: path).damage
                == .editedLine(line: 3, detail: "line 4's prev does not match the hash of line 3"))
    }
}
