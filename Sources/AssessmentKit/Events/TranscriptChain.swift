/// A line parsed and hashed, ready for the chain check: the costly part of reading a line,
/// and independent from line to line.
struct PreparedLine: Sendable {
    /// Bytes, without the newline.
    var length: Int
    var event: Result<Event, EventCoding.LineError>
    var checkMatches: Bool
    /// The line's own hash, the next line's `prev`.
    var hash: LineHash
    /// The event's `prev`, decoded; nil if it is not a hash.
    var prev: LineHash?

    init(_ bytes: UnsafeRawBufferPointer, decoder: EventDecoder) {
        let line = TranscriptLine(bytes)
        length = bytes.count
        event = Result { () throws(EventCoding.LineError) -> Event in try decoder.event(from: line) }
        (checkMatches, hash) = line.digests()
        prev = line.tail?.prev ?? (try? event.get()).flatMap { LineHash(hex: $0.prev) }
    }
}

/// The chain rules, in one place: each line parses, its `check` matches, its `seq` is the
/// next, its `prev` is the hash of the line before, its time does not go back, and only the
/// first is `started`. Fed the lines in order, it says what is wrong with the first line
/// that breaks a rule. The streaming reader uses it as it reads; the verifier adds a look
/// around the line to tell a deletion, an insertion and a reordering apart.
struct TranscriptChain: Equatable, Sendable {
    private(set) var lastSeq = 0
    /// The hash of the last line that fitted (the next `prev`).
    private(set) var lastHash = LineHash.zero
    private(set) var lastTime: Timestamp?

    /// What the chain makes of one line.
    enum Verdict {
        /// The line fits; the chain has moved past it.
        case fits(Event)
        case damaged(TranscriptDamage)
    }

    /// Checks line `number` as a streaming reader does, seeing no other line.
    mutating func admit(_ line: PreparedLine, number: Int) -> Verdict {
        let lastSeq = self.lastSeq
        return admit(line, number: number) { seq in
            seq > lastSeq + 1
                ? .deletedLine(line: number, detail: "seq \(seq) follows seq \(lastSeq)")
                : TranscriptChain.repeated(seq, after: lastSeq, number: number)
        }
    }

    /// Checks line `number` as the verifier does: a `seq` that breaks the count is named by
    /// what lies around it. `laterHasSeq(n)` says whether a later line has seq `n`;
    /// `earlierCopy` gives the number of an earlier line with the same bytes.
    mutating func admit(_ line: PreparedLine, number: Int, laterHasSeq: (Int) throws -> Bool,
                        earlierCopy: () throws -> Int?) rethrows -> Verdict {
        let lastSeq = self.lastSeq
        return try admit(line, number: number) { seq in
            let expected = lastSeq + 1
            if seq > expected {
                if try laterHasSeq(expected) { return .reorderedLines(line: number, detail: "seq \(seq) comes before seq \(expected)") }
                let missing = seq - expected == 1 ? "seq \(expected) is missing" : "seq \(expected)–\(seq - 1) are missing"
                return .deletedLine(line: number, detail: missing)
            }
            if let copy = try earlierCopy() { return .insertedLine(line: number, detail: "a copy of line \(copy)") }
            return TranscriptChain.repeated(seq, after: lastSeq, number: number)
        }
    }

    /// A `seq` at or below the last one, seen alone.
    private static func repeated(_ seq: Int, after lastSeq: Int, number: Int) -> TranscriptDamage {
        number > 1 && seq == lastSeq
            ? .insertedLine(line: number, detail: "seq \(seq) appears twice")
            : .reorderedLines(line: number, detail: "seq \(seq) comes after seq \(lastSeq)")
    }

    /// The rules in the order they are reported; `seqBreak` names a line whose seq is not the next.
    private mutating func admit(_ line: PreparedLine, number: Int, seqBreak: (Int) throws -> TranscriptDamage) rethrows -> Verdict {
        let event: Event
        switch line.event {
        case .success(let parsed): event = parsed
        case .failure(let error):
            return .damaged(number == 1 ? .notATranscript(detail: error.description) : .editedLine(line: number, detail: error.description))
        }
        if number == 1, event.kind != .started {
            return .damaged(.notATranscript(detail: "the first event is '\(event.type)', not 'started'"))
        }
        if !line.checkMatches {
            return .damaged(.editedLine(line: number, detail: "its check hash does not match its content"))
        }
        if event.seq != lastSeq + 1 { return .damaged(try seqBreak(event.seq)) }
        if line.prev != lastHash {
            return .damaged(number == 1
                ? .editedLine(line: 1, detail: "the first event's prev is not 64 zeros")
                : .editedLine(line: number - 1, detail: "line \(number)'s prev does not match the hash of line \(number - 1)"))
        }
        if let lastTime, event.at < lastTime {
            return .damaged(.editedLine(line: number, detail: "its time \(event.at) is before the previous event's \(lastTime)"))
        }
        if number > 1, event.kind == .started {
            return .damaged(.insertedLine(line: number, detail: "a second 'started' event"))
        }
        lastSeq = event.seq
        lastHash = line.hash
        lastTime = event.at
        return .fits(event)
    }
}
