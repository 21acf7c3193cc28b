import Foundation
import Testing
@testable import AssessmentKit

/// One payload of `kind`; a switch, so a new kind must be added here.
func samplePayload(_ kind: EventKind) throws -> EventPayload {
    switch kind {
    case .started: return .started(try sampleStarted())
    case .resumed: return .resumed
    case .moved: return .moved(Moved(item: "teamwork"))
    case .acting: return .acting(Acting(panelist: "Ben"))
    case .panelistAdded: return .panelistAdded(PanelistAdded(name: "Chloé", role: "member"))
    case .scored: return .scored(Scored(item: "integrity", value: 3, evidence: "said \"no\" — twice"))
    case .rated: return .rated(Rated(item: "teamwork", indicator: 1, rating: .yes))
    case .evidence: return .evidence(EvidenceNote(item: "teamwork", text: "shared the credit"))
    case .revealed: return .revealed(Revealed(item: "integrity"))
    case .consensus: return .consensus(Consensus(item: "integrity", value: 3, rationale: "agreed"))
    case .summarized: return .summarized(Summarized(item: "integrity", text: "solid"))
    case .language: return .language(LanguageResult(language: "french", skill: .oral, level: .c1))
    case .note: return .note(Note(item: nil, text: "late start"))
    case .retracted: return .retracted(Retracted(target: 2))
    case .overridden: return .overridden(Overridden(recommendation: .recommended, justification: "why"))
    case .closed: return .closed(Closed(forced: false, recommendation: .recommended))
    case .panelistRemoved: return .panelistRemoved(PanelistRemoved(name: "Dan"))
    case .voided: return .voided(Voided(reason: "the candidate did not attend"))
    case .joined: return .joined(PanelConnection(fingerprint: "SHA256:g776+tDc8mrKX6JytkBncte320Pw59soROt73rS411w", address: "127.0.0.1:34292"))
    case .left: return .left(PanelConnection(fingerprint: "SHA256:g776+tDc8mrKX6JytkBncte320Pw59soROt73rS411w", address: "127.0.0.1:34292"))
    case .endorsed:
        return .endorsed(Endorsed(panelist: "Ana", login: "ana", publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILTBECOkjjdMYeOyGBFT+GnL3Knc4TtU3fipAgGJEyJ3",
                                  signature: "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n"))
    }
}

let lineTime = Timestamp(parsing: "2026-03-02T09:00:00.000Z")!

@Suite struct TranscriptLineTests {
    @Test(arguments: EventKind.allCases)
    func aWrittenLineSplitsBackIntoItsFields(kind: EventKind) throws {
        let event = Event(seq: 7, at: lineTime, by: "Chloé \"C\"", payload: try samplePayload(kind), prev: HashChain.hash("line 6"))
        #expect(event.kind == kind)
        let written = EventCoding.written(event)
        let bytes = Data(written.text.utf8)
        // `check` is the SHA-256 of the line without its check member, closing brace kept.
        let checkMember = try #require(written.text.range(of: #","check":""#))
        let unchecked = String(written.text[..<checkMember.lowerBound]) + "}"
        try bytes.withUnsafeBytes { raw in
            let line = TranscriptLine(raw)
            let tail = try #require(line.tail)
            #expect(tail.prev.hex == event.prev)
            #expect(tail.check.hex == HashChain.hash(unchecked))
            let digests = line.digests()
            #expect(digests.checkMatches)
            // The line's own hash, the next `prev`: the SHA-256 of all its bytes.
            #expect(digests.hash == written.hash)
            #expect(digests.hash.hex == HashChain.hash(bytes))
            var members: [JSONScanner.Member] = []
            #expect(JSONScanner.members(of: line.members(before: tail), open: true, into: &members))
            let keys = members.map { String(decoding: raw[$0.key], as: UTF8.self) }
            #expect(Array(keys.prefix(4)) == ["seq", "at", "type", "by"])
            #expect(!keys.contains("prev") && !keys.contains("check"))
            let type = try #require(members.first { String(decoding: raw[$0.key], as: UTF8.self) == "type" })
            #expect(String(decoding: raw[type.value], as: UTF8.self) == "\"\(kind.rawValue)\"")
            #expect(TranscriptLine.mightBe(kind, raw))
            for other in EventKind.allCases where other != kind {
                #expect(!TranscriptLine.mightBe(other, raw), "\(other)")
            }
            let fast = try #require(EventDecoder().fastEvent(line))
            #expect(fast == event)
        }
        #expect(try EventCoding.decodeWithFoundation(bytes) == event)
    }

    @Test func changingAnyOneByteBreaksTheCheck() throws {
        let event = Event(seq: 2, at: lineTime, by: "Ana", payload: try samplePayload(.scored), prev: HashChain.hash("line 1"))
        var bytes = Array(EventCoding.line(for: event).utf8)
        #expect(bytes.withUnsafeBytes { TranscriptLine($0).digests().checkMatches })
        var missed: [Int] = []
        for index in bytes.indices {
            for mask: UInt8 in [0x01, 0x20] {
                bytes[index] ^= mask
                if bytes.withUnsafeBytes({ TranscriptLine($0).digests().checkMatches }) { missed.append(index) }
                bytes[index] ^= mask
            }
        }
        #expect(missed.isEmpty)
    }

    @Test func aLineOutOfTheWritersLayoutStillDecodes() throws {
        let event = Event(seq: 2, at: lineTime, by: "Ana", payload: .scored(Scored(item: "teamwork", value: 3)), prev: HashChain.hash("x"))
        // Members reversed, spaced, and a key escaped: the fast path declines; JSONDecoder reads it.
        let text = #"{ "prev" : "\#(event.prev)", "value" : 3, "item" : "teamwork", "by" : "Ana", "type" : "scored", "# +
            #""at" : "2026-03-02T09:00:00.000Z", "s\u0065q" : 2 }"#
        let bytes = Data(text.utf8)
        bytes.withUnsafeBytes { raw in
            let line = TranscriptLine(raw)
            #expect(line.tail == nil)
            #expect(EventDecoder().fastEvent(line) == nil)
            // A check can only match in the writer's tail.
            #expect(!line.digests().checkMatches)
            #expect(line.digests().hash.hex == HashChain.hash(bytes))
        }
        #expect(try EventCoding.event(from: bytes) == event)
    }

    @Test func aTailWithoutTwoHashesIsNoTail() {
        let head = #"{"seq":2,"at":"2026-03-02T09:00:00.000Z","type":"resumed","by":"Ana""#
        let hash = String(repeating: "a", count: 64)
        let tails: [(tail: String, isTail: Bool)] = [
            (#","prev":"\#(hash)","check":"\#(hash)"}"#, true),
            (#","prev":"\#(hash.uppercased())","check":"\#(hash)"}"#, false),
            (#","prev":"\#(hash)","check":"\#(hash.dropLast())g"}"#, false),
            (#","prev":"\#(hash)","check":"\#(hash)" }"#, false),
            (#","check":"\#(hash)","prev":"\#(hash)"}"#, false),
        ]
        for (tail, isTail) in tails {
            #expect(Data((head + tail).utf8).withUnsafeBytes { TranscriptLine($0).tail != nil } == isTail, "\(tail)")
        }
    }
}

/// Lines sealed as the writer seals them, with whatever `seq`, time and `prev` a test gives.
struct ForgedLines {
    var lines: [Data] = []
    var prev = Event.firstPrev

    mutating func append(_ payload: EventPayload, seq: Int? = nil, at: Timestamp? = nil, prev: String? = nil) {
        let seq = seq ?? lines.count + 1
        let written = EventCoding.written(Event(seq: seq, at: at ?? Timestamp(milliseconds: lineTime.milliseconds + Int64(lines.count) * 1000),
                                                by: "Ana", payload: payload, prev: prev ?? self.prev))
        lines.append(Data(written.text.utf8))
        self.prev = written.hash.hex
    }

    static func started() throws -> ForgedLines {
        var forged = ForgedLines()
        forged.append(try samplePayload(.started))
        return forged
    }

    /// The first damage the chain finds, seeing each line alone (as the streaming reader does),
    /// or with the look-around the verifier gives.
    func damage(laterHasSeq: ((Int) -> Bool)? = nil, earlierCopy: Int? = nil) -> TranscriptDamage? {
        var chain = TranscriptChain()
        let decoder = EventDecoder()
        for (index, bytes) in lines.enumerated() {
            let line = bytes.withUnsafeBytes { PreparedLine($0, decoder: decoder) }
            let verdict = if let laterHasSeq {
                chain.admit(line, number: index + 1, laterHasSeq: laterHasSeq, earlierCopy: { earlierCopy })
            } else {
                chain.admit(line, number: index + 1)
            }
            if case .damaged(let damage) = verdict { return damage }
        }
        return nil
    }
}

@Suite struct TranscriptChainTests {
    @Test func soundLinesFitAndTheChainMovesPastEach() throws {
        var forged = try ForgedLines.started()
        forged.append(.resumed)
        forged.append(try samplePayload(.scored))
        #expect(forged.damage() == nil)
        var chain = TranscriptChain()
        let decoder = EventDecoder()
        for (index, bytes) in forged.lines.enumerated() {
            guard case .fits(let event) = bytes.withUnsafeBytes({ chain.admit(PreparedLine($0, decoder: decoder), number: index + 1) }) else {
                Issue.record("line \(index + 1) does not fit")
                return
            }
            #expect(chain.lastSeq == event.seq)
            #expect(chain.lastTime == event.at)
            #expect(chain.lastHash.hex == HashChain.hash(bytes))
        }
    }

    @Test func aLineThatDoesNotParse() throws {
        var forged = try ForgedLines.started()
        forged.lines.append(Data("not json".utf8))
        #expect(forged.damage() == .editedLine(line: 2, detail: "not a JSON object"))
        forged.lines.removeFirst()
        #expect(forged.damage() == .notATranscript(detail: "not a JSON object"))
    }

    @Test func aFirstLineThatIsNotStarted() {
        var forged = ForgedLines()
        forged.append(.resumed)
        #expect(forged.damage() == .notATranscript(detail: "the first event is 'resumed', not 'started'"))
    }

    @Test func aCheckThatDoesNotMatch() throws {
        var forged = try ForgedLines.started()
        forged.append(.scored(Scored(item: "integrity", value: 3)))
        let edited = String(decoding: forged.lines[1], as: UTF8.self).replacingOccurrences(of: #""value":3"#, with: #""value":4"#)
        forged.lines[1] = Data(edited.utf8)
        #expect(forged.damage() == .editedLine(line: 2, detail: "its check hash does not match its content"))
    }

    @Test func aSeqAheadIsADeletionOrAMove() throws {
        var forged = try ForgedLines.started()
        forged.append(.resumed, seq: 3)
        #expect(forged.damage() == .deletedLine(line: 2, detail: "seq 3 follows seq 1"))
        #expect(forged.damage(laterHasSeq: { _ in false }) == .deletedLine(line: 2, detail: "seq 2 is missing"))
        #expect(forged.damage(laterHasSeq: { $0 == 2 }) == .reorderedLines(line: 2, detail: "seq 3 comes before seq 2"))
        var wider = try ForgedLines.started()
        wider.append(.resumed, seq: 4)
        #expect(wider.damage(laterHasSeq: { _ in false }) == .deletedLine(line: 2, detail: "seq 2–3 are missing"))
    }

    @Test func aSeqRepeatedOrBehindIsAnInsertionOrAMove() throws {
        var forged = try ForgedLines.started()
        forged.append(.resumed)
        forged.append(.resumed, seq: 2)
        #expect(forged.damage() == .insertedLine(line: 3, detail: "seq 2 appears twice"))
        #expect(forged.damage(laterHasSeq: { _ in false }) == .insertedLine(line: 3, detail: "seq 2 appears twice"))
        #expect(forged.damage(laterHasSeq: { _ in false }, earlierCopy: 2) == .insertedLine(line: 3, detail: "a copy of line 2"))
        var behind = try ForgedLines.started()
        behind.append(.resumed)
        behind.append(.resumed)
        behind.append(.resumed, seq: 2)
        #expect(behind.damage() == .reorderedLines(line: 4, detail: "seq 2 comes after seq 3"))
    }

    @Test func aPrevThatDoesNotChain() throws {
        var first = ForgedLines()
        first.append(try samplePayload(.started), prev: HashChain.hash("elsewhere"))
        #expect(first.damage() == .editedLine(line: 1, detail: "the first event's prev is not 64 zeros"))
        var forged = try ForgedLines.started()
        forged.append(.resumed)
        forged.append(.resumed, prev: HashChain.hash("elsewhere"))
        #expect(forged.damage() == .editedLine(line: 2, detail: "line 3's prev does not match the hash of line 2"))
    }

    @Test func aTimeThatGoesBack() throws {
        var forged = try ForgedLines.started()
        forged.append(.resumed, at: Timestamp(milliseconds: lineTime.milliseconds - 1))
        #expect(forged.damage() == .editedLine(line: 2, detail: "its time 2026-03-02T08:59:59.999Z is before the previous event's 2026-03-02T09:00:00.000Z"))
    }

    @Test func aSecondStarted() throws {
        var forged = try ForgedLines.started()
        forged.append(try samplePayload(.started))
        #expect(forged.damage() == .insertedLine(line: 2, detail: "a second 'started' event"))
    }
}

/// A transcript of several buffer-fulls, each prepared on two threads (`PreparedBatch`).
@Suite struct LongTranscriptTests {
    /// About 7 MB: over 1,024 lines in each 4 MiB buffer-full, so the helper thread works.
    static func write(events: Int) throws -> (path: String, lines: [Data]) {
        var forged = try ForgedLines.started()
        let text = String(repeating: "evidence ", count: 60)
        for seq in 2...events {
            forged.append(.scored(Scored(item: "integrity", value: 1 + seq % 4, evidence: "\(seq) \(text)")))
        }
        var data = Data()
        for line in forged.lines {
            data.append(line)
            data.append(0x0A)
        }
        let path = freshFolder() + ".jsonl"
        try data.write(to: URL(fileURLWithPath: path))
        return (path, forged.lines)
    }

    @Test func eventsComeInOrderAndTheReadingStopsAtTheDamage() throws {
        let (path, lines) = try Self.write(events: 12_000)
        var seen: [Int] = []
        let scan = try TranscriptReader.scan(path: path) { seen.append($0.seq) }
        #expect(scan.damage == nil)
        #expect(seen == Array(1...12_000))
        #expect(scan.validLength == lines.reduce(0) { $0 + $1.count + 1 })
        #expect(scan.lastHash == HashChain.hash(lines[lines.count - 1]))

        // A changed byte in the second buffer-full: the events before it, and no more.
        var damaged = lines
        damaged[9_000][300] ^= 0x01
        var data = Data()
        for line in damaged {
            data.append(line)
            data.append(0x0A)
        }
        try data.write(to: URL(fileURLWithPath: path))
        seen = []
        let stopped = try TranscriptReader.scan(path: path) { seen.append($0.seq) }
        #expect(stopped.damage == .editedLine(line: 9_001, detail: "its check hash does not match its content"))
        #expect(stopped.eventCount == 9_000)
        #expect(seen == Array(1...9_000))
    }
}
