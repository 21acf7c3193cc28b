import Foundation
import Testing
@testable import AssessmentKit

/// The hand-written fast path and JSONDecoder read every line the same way; where the fast
/// path is unsure it declines, and JSONDecoder decides (and words the error).
@Suite struct EventDecoderTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Transcripts/examples/lmi-intern").standardized.path

    func exampleLines() throws -> [Data] {
        try FileManager.default.contentsOfDirectory(atPath: Self.examples).sorted().flatMap { name in
            try Data(contentsOf: URL(fileURLWithPath: Self.examples + "/" + name)).split(separator: 0x0A).map { Data($0) }
        }
    }

    func fast(_ line: Data) -> Event? {
        line.withUnsafeBytes { EventDecoder().fastEvent(TranscriptLine($0)) }
    }

    @Test func everyExampleLineTakesTheFastPathAndMatchesJSONDecoder() throws {
        let lines = try exampleLines()
        #expect(lines.count == 308)
        for line in lines {
            let read = try #require(fast(line), "declined: \(String(decoding: line, as: UTF8.self).prefix(80))")
            #expect(read == (try EventCoding.decodeWithFoundation(line)))
        }
    }

    /// Lines the writer never writes: escapes, spacing, key order, nulls, bad values.
    @Test(arguments: [
        #"{"seq":2,"at":"2026-03-02T09:00:01.000Z","type":"scored","by":"Ana","item":"teamwork","value":3,"evidence":"\"quoted\" \\ \/ \n \t \u00e9 \ud83d\ude00","prev":"x"}"#,
        #"{ "prev" : "x" , "by":"Ana", "type":"note","at":"2026-03-02T09:00:01.000Z","seq":2,"text":"é","item":null }"#,
        #"{"seq":2,"at":"2026-03-02T09:00:01.000Z","type":"scored","by":"Ana","item":"teamwork","value":3.0,"prev":"x"}"#,
        #"{"seq":2,"at":"2026-03-02T09:00:01.000Z","type":"scored","by":"Ana","item":"teamwork","value":"3","prev":"x"}"#,
        #"{"seq":2,"seq":3,"at":"2026-03-02T09:00:01.000Z","type":"resumed","by":"Ana","prev":"x"}"#,
        #"{"seq":2,"at":"2026-02-30T09:00:01.000Z","type":"resumed","by":"Ana","prev":"x"}"#,
        #"{"seq":2,"at":"2026-03-02T09:00:01.000Z","type":"consensus","by":"Ana","item":"teamwork","value":2.5e0,"rationale":"r","prev":"x"}"#,
        #"{"seq":2,"at":"2026-03-02T09:00:01.000Z","type":"closed","by":"Ana","forced":true,"recommendation":"maybe","prev":"x"}"#,
        #"{"seq":2,"at":"2026-03-02T09:00:01.000Z","type":"language","by":"Ana","language":"french","skill":"oral","level":"C1","prev":"x"} "#,
        #"{"seq":2,"at":"2026-03-02T09:00:01.000Z","type":"note","by":"Ana","text":"lone \ud83d","prev":"x"}"#,
        #"{"seq":99999999999999999999,"at":"2026-03-02T09:00:01.000Z","type":"resumed","by":"Ana","prev":"x"}"#,
        #"{"seq":2,"at":"2026-03-02T09:00:01.000Z","type":"rated","by":"Ana","item":"teamwork","indicator":2,"rating":"partly","prev":"x"}trailing"#,
    ])
    func craftedLinesAgree(_ text: String) {
        let line = Data(text.utf8)
        if let read = fast(line) { #expect(read == (try? EventCoding.decodeWithFoundation(line))) }
    }

    @Test func theFastPathReadsEscapesAndSpacing() throws {
        let escaped = Data(#"{"seq":2,"at":"2026-03-02T09:00:01.000Z","type":"evidence","by":"Ana","item":"teamwork","text":"a\"b\u00e9\ud83d\ude00","prev":"x"}"#.utf8)
        let event = try #require(fast(escaped))
        #expect(event.payload == .evidence(EvidenceNote(item: "teamwork", text: "a\"bé😀")))
        let spaced = Data(#" { "seq" : 2 , "at" : "2026-03-02T09:00:01.000Z" , "type" : "resumed" , "by" : "system" , "prev" : "x" } "#.utf8)
        #expect(fast(spaced)?.payload == .resumed)
        // Not the fast path's to judge: JSONDecoder decides.
        #expect(fast(Data(#"{"seq":2,"at":"2026-03-02T09:00:01.000Z","type":"resumed","by":"A","prev":"x","by":"B"}"#.utf8)) == nil)
        #expect(fast(Data(#"{"seq":2.0,"at":"2026-03-02T09:00:01.000Z","type":"resumed","by":"A","prev":"x"}"#.utf8)) == nil)
    }

    /// Found by `make fuzz`: a key with invalid UTF-8, which JSONDecoder refuses, was
    /// accepted by the fast path.
    @Test func invalidUTF8AnywhereGoesToJSONDecoder() {
        let key = Data(#"{"seq":2,"at":"2026-03-02T09:00:01.000Z","type":"acting","by":"Ana","panelist":"Ben","prev":"x","ch"#.utf8)
            + Data([0xE0, 0x80]) + Data(#"k":"y"}"#.utf8)
        #expect(fast(key) == nil)
        EventDecoder.checkParsersAgree(key)
        let value = Data(#"{"seq":2,"at":"2026-03-02T09:00:01.000Z","type":"resumed","by":"Ana","prev":"x","extra":""#.utf8)
            + Data([0xFF]) + Data(#""}"#.utf8)
        #expect(fast(value) == nil)
        let surrogate = Data(#"{"seq":2,"at":"2026-03-02T09:00:01.000Z","type":"resumed","by":"Ana","prev":"x","extra":"\udc00"}"#.utf8)
        #expect(fast(surrogate) == nil)
        // Valid non-ASCII text and surrogate pairs still take the fast path.
        #expect(fast(Data(#"{"seq":2,"at":"2026-03-02T09:00:01.000Z","type":"acting","by":"Chloé","panelist":"Ben","prev":"x"}"#.utf8)) != nil)
        #expect(fast(Data(#"{"seq":2,"at":"2026-03-02T09:00:01.000Z","type":"resumed","by":"A","prev":"x","extra":"\ud83d\ude00"}"#.utf8)) != nil)
    }

    /// A line a byte at a time shorter, and with each byte flipped: the parsers never disagree.
    @Test func mangledExampleLinesAgree() throws {
        for line in try exampleLines().prefix(12).dropFirst() {
            for cut in stride(from: 0, to: line.count, by: 7) { EventDecoder.checkParsersAgree(line.prefix(cut)) }
            for index in stride(from: 0, to: line.count, by: 3) {
                var changed = line
                changed[index] ^= 0x20
                EventDecoder.checkParsersAgree(changed)
            }
        }
    }
}

/// Reports fold without history; an `undo` makes the reader look ahead for retractions, so
/// the result is the same as a fold that keeps everything.
@Suite struct FoldWithoutHistoryTests {
    @Test func undoAfterARescoreBringsBackTheEarlierRating() throws {
        let session = try InterviewSession.start(try sampleStarted(), folder: freshFolder(), clock: scriptedClock())
        try session.record(.scored(Scored(item: "integrity", value: 3)))
        let rescore = try session.record(.scored(Scored(item: "integrity", value: 1)))
        try session.record(.scored(Scored(item: "integrity", value: 2)))
        let last = try session.record(.scored(Scored(item: "integrity", value: 4)))
        try session.record(.retracted(Retracted(target: last.seq)))
        try session.record(.retracted(Retracted(target: rescore.seq)))
        session.close()
        let (events, _) = try TranscriptReader.readAll(path: session.path)
        let full = try #require(InterviewState(events: events))
        let streamed = try TranscriptSummary.summary(path: session.path)
        #expect(streamed == Scoring.summary(of: full))
        let index = try #require(full.assessment.index(ofItem: "integrity"))
        #expect(streamed.items[index].ratings == ["Ana": 2])
    }

    @Test func theLookAheadFindsRetractionsInAnyLayout() throws {
        func line(_ text: String) -> Bool { Data(text.utf8).withUnsafeBytes { TranscriptLine.mightBe(.retracted, $0) } }
        let hashes = #","prev":"0000000000000000000000000000000000000000000000000000000000000000","check":"00"}"#
        #expect(line(#"{"seq":12,"at":"2026-03-02T09:00:01.000Z","type":"retracted","by":"Ana","target":3"# + hashes))
        #expect(!line(#"{"seq":12,"at":"2026-03-02T09:00:01.000Z","type":"scored","by":"Ana","item":"x","value":3"# + hashes))
        #expect(line(#"{"at":"2026-03-02T09:00:01.000Z","seq":12,"type":"scored","by":"Ana","item":"x","value":3"# + hashes))
    }
}
