import Foundation

/// What `assess verify` says of one transcript.
public struct Verification: Equatable, Sendable {
    public var events: Int
    /// Whether the last event is `closed` (endorsements aside).
    public var closed: Bool
    /// The first damage, named by line and kind; nil for a sound transcript.
    public var damage: TranscriptDamage?
    /// Whether the last event is `voided`.
    public var voided = false
    /// How many `endorsed` events follow `closed`.
    public var endorsements = 0

    /// `closed`, `void` or `open (not closed yet)`, as `verify` reports a sound transcript.
    public var standing: String { closed ? "closed" : voided ? "void" : "open (not closed yet)" }
}

/// Checks a whole transcript: the chain (`TranscriptChain`: each line's own `check`, the
/// `prev` chain, `seq` continuity, non-decreasing times), and events that make sense, as a
/// check given by the layer that knows the interview's rules (`verify(path:)`, in Session).
/// It looks at the lines around the first bad one to tell an edit from a deletion, an
/// insertion or a reordering.
public enum TranscriptVerifier {
    /// Says why an event, after the ones it was given before, cannot have been recorded by
    /// the shell; nil if it could. Holds what it has seen: one per reading.
    public typealias EventCheck = (Event) -> String?

    /// Streams the file in constant memory, checking each event with a check that
    /// `makeCheck` makes; a damaged file is read again, as it streams, to name the damage.
    public static func verify(path: String, checkingEvents makeCheck: () -> EventCheck) throws -> Verification {
        let check = makeCheck()
        var lastKind: EventKind?
        var madeNoSense = false
        var endorsements = 0
        let scan = try TranscriptReader.scan(path: path, locatingDamage: false) { event in
            madeNoSense = check(event) != nil
            // Endorsements follow `closed`; the standing is what came before them.
            if event.kind == .endorsed { endorsements += 1 } else { lastKind = event.kind }
            return !madeNoSense
        }
        if madeNoSense || scan.damage != nil { return try locateDamage(path: path, checkingEvents: makeCheck()) }
        return Verification(events: scan.eventCount, closed: lastKind == .closed, damage: nil, voided: lastKind == .voided,
                            endorsements: endorsements)
    }

    /// Names the first damage: of the chain, or (given `check`) an event that makes no sense.
    /// Reads a line at a time, so memory stays flat; the rare look further (was a missing
    /// `seq` moved later? is a line a copy of an earlier one?) reads the file again.
    static func locateDamage(path: String, checkingEvents check: EventCheck? = nil) throws -> Verification {
        let head = try TranscriptReader.prefix(path: path, count: 512)
        if head.isEmpty { return Verification(events: 0, closed: false, damage: .notATranscript(detail: "the file is empty")) }
        if TranscriptReader.looksBinary(head) {
            return Verification(events: 0, closed: false, damage: .notATranscript(detail: "binary data"))
        }
        let decoder = EventDecoder()
        var chain = TranscriptChain()
        var lastKind: EventKind?
        var found: Verification?
        let end = try TranscriptReader.lines(path: path) { bytes, number in
            let verdict = try chain.admit(PreparedLine(bytes, decoder: decoder), number: number,
                                          laterHasSeq: { try laterLine(in: path, after: number, hasSeq: $0, decoder: decoder) },
                                          earlierCopy: { try earlierLine(in: path, before: number, sameAs: bytes) })
            var damage: TranscriptDamage?
            switch verdict {
            case .damaged(let broken): damage = broken
            case .fits(let event):
                if let problem = check?(event) { damage = .invalidEvent(line: number, detail: problem) }
                if event.kind != .endorsed { lastKind = event.kind }
            }
            if let damage { found = Verification(events: number - 1, closed: false, damage: damage) }
            return found == nil
        }
        if let found { return found }
        // Emptied since the first read.
        if end.lines == 0 && end.tail.isEmpty {
            return Verification(events: 0, closed: false, damage: .notATranscript(detail: "the file is empty"))
        }
        if !end.tail.isEmpty {
            return Verification(events: end.lines, closed: false, damage: .tornLastLine(line: end.lines + 1))
        }
        return Verification(events: end.lines, closed: lastKind == .closed, damage: nil, voided: lastKind == .voided)
    }

    /// Whether a line after line `number` (the torn last one included) has seq `seq`.
    static func laterLine(in path: String, after number: Int, hasSeq seq: Int, decoder: EventDecoder) throws -> Bool {
        var found = false
        let end = try TranscriptReader.lines(path: path) { bytes, current in
            found = current > number && (try? decoder.event(from: bytes))?.seq == seq
            return !found
        }
        if !found, !end.tail.isEmpty {
            found = end.tail.withUnsafeBytes { (try? decoder.event(from: $0))?.seq == seq }
        }
        return found
    }

    /// The number of the first line before line `number` with exactly the bytes `raw`.
    static func earlierLine(in path: String, before number: Int, sameAs raw: UnsafeRawBufferPointer) throws -> Int? {
        var copy: Int?
        _ = try TranscriptReader.lines(path: path) { bytes, current in
            if current < number, bytes.elementsEqual(raw) { copy = current }
            return current < number - 1 && copy == nil
        }
        return copy
    }
}
