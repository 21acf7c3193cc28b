import Foundation
import Testing
@testable import AssessmentKit

/// A started event for a small interview.
func sampleStarted(blind: Bool = false) throws -> Started {
    Started(mode: .interview, assessment: try loadMini(assessment: miniAssessment()),
            candidate: Candidate(name: "A. Candidate", id: "C-1"),
            panel: [Panelist(name: "Ana", role: "chair"), Panelist(name: "Ben", role: "member")], blind: blind)
}

/// Events 1.5 s apart, the first at 09:00:01.5 on 2026-03-02.
func scriptedClock() -> EventClock {
    ScriptedClock(start: Timestamp(parsing: "2026-03-02T09:00:00.000Z")!, stepMilliseconds: 1500).eventClock
}

func freshFolder() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("assess-transcripts-\(UUID().uuidString)").path
}

/// SHA-256 by the system's sha256sum, independent of the code under test.
func systemSHA256(_ bytes: Data) throws -> String {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("assess-line-\(UUID().uuidString)")
    try bytes.write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    process.arguments = [file.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(String(decoding: output, as: UTF8.self).prefix(64))
}

@Suite struct TimestampTests {
    @Test func formatsAndParsesRFC3339WithMilliseconds() throws {
        let time = try #require(Timestamp(parsing: "2026-03-02T09:00:05.120Z"))
        #expect(time.milliseconds == 1_772_442_005_120)
        #expect(time.description == "2026-03-02T09:00:05.120Z")
        #expect(Timestamp(milliseconds: 0).description == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp(parsing: "2026-02-30T09:00:00.000Z") == nil)
        #expect(Timestamp(parsing: "2026-03-02 09:00:00") == nil)
    }

    @Test func durationsReadLikeAClock() {
        #expect(clockDuration(milliseconds: 65_000) == "1:05")
        #expect(clockDuration(milliseconds: 3_723_000) == "1:02:03")
    }
}

@Suite struct TranscriptWriterTests {
    @Test func newTranscriptIsPrivateAndNamedByAssessmentDateAndID() throws {
        let folder = freshFolder()
        let session = try InterviewSession.start(try sampleStarted(), folder: folder, clock: scriptedClock())
        defer { session.close() }
        #expect(session.path == folder + "/mini-post/2026-03-02-C-1.jsonl")
        let mode = try FileManager.default.attributesOfItem(atPath: session.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let second = try InterviewSession.start(try sampleStarted(), folder: folder, clock: scriptedClock())
        defer { second.close() }
        #expect(second.path == folder + "/mini-post/2026-03-02-C-1-2.jsonl")
    }

    @Test func missingFoldersAreMadePrivateAndAFileInTheWayIsNamed() throws {
        let folder = freshFolder() + "/a/b"
        let session = try InterviewSession.start(try sampleStarted(), folder: folder, clock: scriptedClock())
        session.close()
        for path in [folder, folder + "/mini-post"] {
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o700)
        }
        let blocked = freshFolder()
        try FileManager.default.createDirectory(atPath: blocked, withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: blocked + "/mini-post"))
        #expect(throws: TranscriptError.cannotCreate(path: blocked + "/mini-post", reason: "cannot create the folder: Not a directory")) {
            _ = try InterviewSession.start(try sampleStarted(), folder: blocked, clock: scriptedClock())
        }
    }

    @Test func nameWithoutAnIDBecomesASlug() {
        #expect(fileSafe("Zoë  O'Brien") == "Zoe-O-Brien")
        #expect(fileSafe("C-0042") == "C-0042")
        #expect(fileSafe("../../etc") == "etc")
        #expect(fileSafe("???") == "candidate")
    }

    @Test func linesHaveTheContractFieldsInOrder() throws {
        let session = try InterviewSession.start(try sampleStarted(), folder: freshFolder(), clock: scriptedClock())
        defer { session.close() }
        try session.record(.scored(Scored(item: "integrity", value: 3, evidence: "Declared a conflict \"early\"")))
        let lines = try String(contentsOfFile: session.path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix(#"{"seq":1,"at":"2026-03-02T09:00:01.500Z","type":"started","by":"system","#))
        #expect(lines[0].contains(#","prev":"0000000000000000000000000000000000000000000000000000000000000000","check":""#))
        let hash = HashChain.hash(String(lines[0]))
        let body = #"{"seq":2,"at":"2026-03-02T09:00:03.000Z","type":"scored","by":"Ana","evidence":"Declared a conflict \"early\"","item":"integrity","value":3,"prev":"\#(hash)""#
        #expect(String(lines[1]) == body + #","check":""# + HashChain.hash(body + "}") + #""}"#)
    }

    @Test func chainMatchesAnIndependentSHA256() throws {
        let session = try InterviewSession.start(try sampleStarted(), folder: freshFolder(), clock: scriptedClock())
        defer { session.close() }
        try session.record(.scored(Scored(item: "integrity", value: 3)))
        try session.record(.evidence(EvidenceNote(item: "integrity", text: "Zoë — « quoted » text")))
        try session.record(.moved(Moved(item: "teamwork")))
        let data = try Data(contentsOf: URL(fileURLWithPath: session.path))
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        var previous = String(repeating: "0", count: 64)
        for line in lines {
            let event = try EventCoding.event(from: Data(line))
            #expect(event.prev == previous)
            previous = try systemSHA256(Data(line))
        }
        #expect(lines.count == 4)
    }

    @Test func aSecondWriterIsRefusedAndToldWhoHoldsIt() throws {
        let session = try InterviewSession.start(try sampleStarted(), folder: freshFolder(), clock: scriptedClock())
        defer { session.close() }
        #expect {
            _ = try InterviewSession.resume(path: session.path)
        } throws: { error in
            guard case .inUse(let path, let holder) = error as? TranscriptError else { return false }
            return path == session.path && holder?.hasPrefix("pid \(getpid()),") == true
        }
    }

    @Test func aHalfWrittenLockNoteNamesNoHolder() throws {
        let session = try InterviewSession.start(try sampleStarted(), folder: freshFolder(), clock: scriptedClock())
        defer { session.close() }
        try Data().write(to: URL(fileURLWithPath: session.path + ".lock"))
        #expect(throws: TranscriptError.inUse(path: session.path, holder: nil)) {
            _ = try InterviewSession.resume(path: session.path)
        }
    }

    @Test func eventsRoundTripThroughTheirLines() throws {
        let payloads: [EventPayload] = [
            .started(try sampleStarted()), .resumed, .moved(Moved(item: "teamwork")), .acting(Acting(panelist: "Ben")),
            .panelistAdded(PanelistAdded(name: "Chloé", role: "member")),
            .scored(Scored(item: "teamwork", value: 2, evidence: nil, reason: "changed")),
            .rated(Rated(item: "teamwork", indicator: 2, rating: .partly, evidence: "e")),
            .evidence(EvidenceNote(item: "teamwork", text: "t")), .revealed(Revealed(item: "teamwork")),
            .consensus(Consensus(item: "teamwork", value: 2.5, rationale: "r")), .summarized(Summarized(item: "teamwork", text: "s")),
            .language(LanguageResult(language: "french", skill: .written, level: .b2, note: "n")),
            .note(Note(item: nil, text: "general")), .retracted(Retracted(target: 4)),
            .overridden(Overridden(recommendation: .notRecommended, justification: "j")), .closed(Closed(forced: true, reason: "r")),
        ]
        for (index, payload) in payloads.enumerated() {
            let event = Event(seq: index + 1, at: Timestamp(milliseconds: 1_000 * Int64(index)), by: "Ana", payload: payload, prev: Event.firstPrev)
            #expect(try EventCoding.event(from: Data(EventCoding.line(for: event).utf8)) == event, "\(payload.type)")
        }
    }
}

@Suite struct TranscriptReaderTests {
    func writeSample() throws -> String {
        let session = try InterviewSession.start(try sampleStarted(), folder: freshFolder(), clock: scriptedClock())
        try session.record(.scored(Scored(item: "integrity", value: 3)))
        try session.record(.moved(Moved(item: "teamwork")))
        session.close()
        return session.path
    }

    @Test func aWholeTranscriptReadsClean() throws {
        let path = try writeSample()
        let (events, scan) = try TranscriptReader.readAll(path: path)
        #expect(events.map(\.type) == ["started", "scored", "moved"])
        #expect(scan.damage == nil)
        #expect(scan.validLength == (try Data(contentsOf: URL(fileURLWithPath: path))).count)
    }

    @Test func aTornLastLineIsFoundAndResumeCutsItBack() throws {
        let path = try writeSample()
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"seq":4,"at":"2026-03-02T09:0"#.utf8))
        try handle.close()
        let scan = try TranscriptReader.scan(path: path)
        #expect(scan.damage == .tornLastLine(line: 4))
        #expect(scan.eventCount == 3)

        let (session, resumption) = try InterviewSession.resume(path: path, clock: scriptedClock())
        defer { session.close() }
        #expect(resumption.repairedTornLine == 4)
        #expect(session.state.item.id == "teamwork")
        let repaired = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(repaired.prefix(whole.count) == whole)
        let (events, after) = try TranscriptReader.readAll(path: path)
        #expect(after.damage == nil)
        #expect(events.map(\.type) == ["started", "scored", "moved", "resumed"])
    }

    @Test func aClosedTranscriptRefusesToResume() throws {
        let session = try InterviewSession.start(try sampleStarted(), folder: freshFolder(), clock: scriptedClock())
        try session.record(.closed(Closed(forced: true, reason: "withdrew")))
        session.close()
        #expect(throws: TranscriptError.closed(path: session.path)) {
            _ = try InterviewSession.resume(path: session.path)
        }
        #expect(TranscriptError.closed(path: "t.jsonl").description
                == "t.jsonl is closed and cannot be resumed; use 'assess replay t.jsonl' to look through it")
    }

    @Test func editedDeletedInsertedAndSwappedLinesAreNamed() throws {
        let path = try writeSample()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        func damage(_ lines: [String], newline: Bool = true) throws -> TranscriptDamage? {
            try (lines.joined(separator: "\n") + (newline ? "\n" : "")).write(toFile: path, atomically: true, encoding: .utf8)
            return try TranscriptVerifier.verify(path: path).damage
        }
        #expect(try damage(lines) == nil)
        #expect(try damage([lines[0], lines[1].replacingOccurrences(of: "\"value\":3", with: "\"value\":4"), lines[2]])
                == .editedLine(line: 2, detail: "its check hash does not match its content"))
        #expect(try damage([lines[0], lines[2]]) == .deletedLine(line: 2, detail: "seq 2 is missing"))
        #expect(try damage([lines[0], lines[2], lines[1]]) == .reorderedLines(line: 2, detail: "seq 3 comes before seq 2"))
        #expect(try damage([lines[0], lines[1], lines[1], lines[2]]) == .insertedLine(line: 3, detail: "a copy of line 2"))
        #expect(try damage(lines + [lines[0]]) == .insertedLine(line: 4, detail: "a copy of line 1"))
        // The look ahead for a moved line reaches the torn last one too.
        #expect(try damage([lines[0], lines[2], lines[1]], newline: false) == .reorderedLines(line: 2, detail: "seq 3 comes before seq 2"))
        #expect(try damage(lines, newline: false) == .tornLastLine(line: 3))
        #expect(try damage(["not json"] + lines) == .notATranscript(detail: "not a JSON object"))
        #expect(try damage([lines[1], lines[2]]) == .notATranscript(detail: "the first event is 'scored', not 'started'"))
        #expect(try damage([lines[0], String(lines[1].dropLast(5))]) == .editedLine(line: 2, detail: "not a JSON object"))
    }

    @Test func everySingleByteFlipIsCaught() throws {
        let path = try writeSample()
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var copy = original
            let index = Int.random(in: 0..<copy.count, using: &generator)
            copy[index] ^= UInt8.random(in: 1...255, using: &generator)
            try copy.write(to: URL(fileURLWithPath: path))
            let verification = try TranscriptVerifier.verify(path: path)
            #expect(verification.damage != nil, "byte \(index) changed and nothing was noticed")
        }
    }

    @Test func eventsThatMakeNoSenseAreInvalid() throws {
        let session = try InterviewSession.start(try sampleStarted(), folder: freshFolder(), clock: scriptedClock())
        try session.record(.scored(Scored(item: "integrity", value: 3)))
        try session.record(.scored(Scored(item: "nonexistent", value: 3)))
        session.close()
        #expect(try TranscriptVerifier.verify(path: session.path).damage
                == .invalidEvent(line: 3, detail: "about item 'nonexistent', which the assessment does not have"))
    }
}
