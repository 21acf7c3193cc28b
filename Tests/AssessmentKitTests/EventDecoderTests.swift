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
        line.withUnsafeBytes { EventDecoder().fastEvent($0, hexTail: EventDecoder.KnownTail($0)) }
    }

    @Test func everyExampleLineTakesTheFastPathAndMatchesJSONDecoder() throws {
        let lines = try exampleLines()
        #expect(lines.count == 296)
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
