import Foundation

/// What `assess verify` says of one transcript.
public struct Verification: Equatable, Sendable {
    public var events: Int
    /// Whether the last event is `closed`.
    public var closed: Bool
    /// The first damage, named by line and kind; nil for a sound transcript.
    public var damage: TranscriptDamage?
}

/// Checks a whole transcript: each line's own `check`, the `prev` chain, `seq` continuity,
/// non-decreasing times, and events that make sense. It looks at the lines around the first
/// bad one to tell an edit from a deletion, an insertion or a reordering.
public enum TranscriptVerifier {
    struct Line {
        var raw: Data
        var event: Event?
        var parseError: String?
        var checkOK: Bool

        init(_ bytes: UnsafeRawBufferPointer, decoder: EventDecoder) {
            raw = Data(bytes)
            do {
                event = try decoder.event(from: bytes)
                checkOK = EventCoding.checkMatches(raw)
            } catch {
                parseError = "\(error)"
                checkOK = false
            }
        }
    }

    /// Streams the file in constant memory; a damaged one is read again, as it streams, to name the damage.
    public static func verify(path: String) throws -> Verification {
        struct Nonsense: Error { var line: Int; var problem: String }
        var fold: Fold?
        let scan: TranscriptScan
        do {
            scan = try TranscriptReader.scan(path: path, locatingDamage: false) { event in
                if let fold {
                    if let problem = nonsense(event, in: fold.state) { throw Nonsense(line: event.seq, problem: problem) }
                    fold.state.apply(event)
                } else if case .started(let started) = event.payload {
                    fold = Fold(InterviewState(started: started, at: event.at, seq: event.seq, history: .noRecordings))
                }
            }
        } catch is Nonsense {
            return try locateDamage(path: path)
        }
        if scan.damage != nil { return try locateDamage(path: path) }
        return Verification(events: scan.eventCount, closed: fold?.state.isClosed ?? false, damage: nil)
    }

    /// Names the first damage. Reads a line at a time, keeping only the line before, so
    /// memory stays flat; the rare look further (was a missing `seq` moved later? is a line
    /// a copy of an earlier one?) reads the file again.
    static func locateDamage(path: String) throws -> Verification {
        let head = try TranscriptReader.prefix(path: path, count: 512)
        if head.isEmpty { return Verification(events: 0, closed: false, damage: .notATranscript(detail: "the file is empty")) }
        if TranscriptReader.looksBinary(head) {
            return Verification(events: 0, closed: false, damage: .notATranscript(detail: "binary data"))
        }
        let decoder = EventDecoder()
        var before: Line?
        var previousHash = Event.firstPrev
        var fold: Fold?
        var found: Verification?
        let end = try TranscriptReader.lines(path: path) { bytes, number in
            let line = Line(bytes, decoder: decoder)
            let damage = try classify(line, number: number, before: before, previousHash: previousHash,
                                      laterHasSeq: { try laterLine(in: path, after: number, hasSeq: $0, decoder: decoder) },
                                      earlierCopy: { try earlierLine(in: path, before: number, sameAs: line.raw) })
            if let damage {
                found = Verification(events: number - 1, closed: false, damage: damage)
                return false
            }
            guard let event = line.event else { return false }
            if let fold {
                if let problem = nonsense(event, in: fold.state) {
                    found = Verification(events: number - 1, closed: false, damage: .invalidEvent(line: number, detail: problem))
                    return false
                }
                fold.state.apply(event)
            } else if case .started(let started) = event.payload {
                fold = Fold(InterviewState(started: started, at: event.at, seq: event.seq, history: .noRecordings))
            }
            previousHash = HashChain.hash(line.raw)
            before = line
            return true
        }
        if let found { return found }
        // Emptied since the first read.
        if end.lines == 0 && end.tail.isEmpty {
            return Verification(events: 0, closed: false, damage: .notATranscript(detail: "the file is empty"))
        }
        if !end.tail.isEmpty {
            return Verification(events: end.lines, closed: false, damage: .tornLastLine(line: end.lines + 1))
        }
        return Verification(events: end.lines, closed: fold?.state.isClosed ?? false, damage: nil)
    }

    /// The damage at line `number`, or nil if the line fits the chain. `before` is the line
    /// before it; `laterHasSeq(n)` says whether a later line has seq `n`, and `earlierCopy`
    /// gives the number of an earlier line with the same bytes.
    static func classify(_ line: Line, number: Int, before: Line?, previousHash: String,
                         laterHasSeq: (Int) throws -> Bool, earlierCopy: () throws -> Int?) rethrows -> TranscriptDamage? {
        guard let event = line.event else {
            return number == 1 ? .notATranscript(detail: line.parseError ?? "unreadable")
                : .editedLine(line: number, detail: line.parseError ?? "unreadable")
        }
        if number == 1, event.type != "started" {
            return .notATranscript(detail: "the first event is '\(event.type)', not 'started'")
        }
        if !line.checkOK { return .editedLine(line: number, detail: "its check hash does not match its content") }
        if event.seq == number {
            if event.prev != previousHash {
                return number == 1
                    ? .editedLine(line: 1, detail: "the first event's prev is not 64 zeros")
                    : .editedLine(line: number - 1, detail: "line \(number)'s prev does not match the hash of line \(number - 1)")
            }
            if let earlier = before?.event, event.at < earlier.at {
                return .editedLine(line: number, detail: "its time \(event.at) is before the previous event's \(earlier.at)")
            }
            if number > 1, event.type == "started" { return .insertedLine(line: number, detail: "a second 'started' event") }
            return nil
        }
        if event.seq > number {
            if try laterHasSeq(number) {
                return .reorderedLines(line: number, detail: "seq \(event.seq) comes before seq \(number)")
            }
            let missing = event.seq - number == 1 ? "seq \(number) is missing" : "seq \(number)–\(event.seq - 1) are missing"
            return .deletedLine(line: number, detail: missing)
        }
        if let copy = try earlierCopy() {
            return .insertedLine(line: number, detail: "a copy of line \(copy)")
        }
        if before?.event?.seq == event.seq {
            return .insertedLine(line: number, detail: "seq \(event.seq) appears twice")
        }
        return .reorderedLines(line: number, detail: "seq \(event.seq) comes after seq \(number - 1)")
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
    static func earlierLine(in path: String, before number: Int, sameAs raw: Data) throws -> Int? {
        var copy: Int?
        _ = try TranscriptReader.lines(path: path) { bytes, current in
            if current < number, bytes.elementsEqual(raw) { copy = current }
            return current < number - 1 && copy == nil
        }
        return copy
    }

    /// Why an event cannot have been recorded by the shell in this state, or nil.
    static func nonsense(_ event: Event, in state: InterviewState) -> String? {
        if event.by != Event.system && !state.isOnPanel(event.by) {
            return "recorded by '\(event.by)', who is not on the panel"
        }
        if let item = event.payload.item, state.assessment.index(ofItem: item) == nil {
            return "about item '\(item)', which the assessment does not have"
        }
        switch event.payload {
        case .scored(let scored):
            guard let scale = state.assessment.scale, scale.contains(scored.value) else {
                return "a score of \(scored.value) outside the scale"
            }
        case .rated(let rated):
            guard state.assessment.method == .indicators,
                  let index = state.assessment.index(ofItem: rated.item),
                  (1...max(1, state.assessment.items[index].indicators.count)).contains(rated.indicator) else {
                return "a rating of indicator \(rated.indicator), which \(rated.item) does not have"
            }
        case .consensus(let consensus):
            // The shell takes a whole number on the scale, or an item value from 0 to 1.
            let valid: Bool
            switch state.assessment.method {
            case .scale: valid = Int(exactly: consensus.value).map { state.assessment.scale?.contains($0) == true } ?? false
            case .indicators: valid = (0...1).contains(consensus.value)
            }
            if !valid { return "a consensus of \(consensus.value), which is not a value on the scale" }
        case .language(let result):
            if !Languages.isKnown(result.language) { return "a result for '\(result.language)', which is no language assess knows" }
        case .acting(let acting):
            if !state.isOnPanel(acting.panelist) { return "acting as '\(acting.panelist)', who is not on the panel" }
        case .retracted(let retraction):
            if retraction.target >= event.seq || retraction.target < 2 { return "retracting event \(retraction.target), which is not an earlier recording" }
        case .started:
            return "a second 'started' event"
        default:
            break
        }
        if state.isClosed { return "an event after the interview was closed" }
        return nil
    }
}
