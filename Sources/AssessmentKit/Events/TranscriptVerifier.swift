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
    }

    /// Streams the file in constant memory; only a damaged one is read whole, to name the damage.
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
                    fold = Fold(InterviewState(started: started, at: event.at, seq: event.seq, history: .latest(retracted: [])))
                }
            }
        } catch is Nonsense {
            return try locateDamage(path: path)
        }
        if scan.damage != nil { return try locateDamage(path: path) }
        return Verification(events: scan.eventCount, closed: fold?.state.isClosed ?? false, damage: nil)
    }

    /// Reads the whole file and looks at the lines around the first bad one to name the damage.
    static func locateDamage(path: String) throws -> Verification {
        // Checked first: Foundation leaks its read buffer on an empty file (found by `make fuzz`).
        if (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) == 0 {
            return Verification(events: 0, closed: false, damage: .notATranscript(detail: "the file is empty"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied or not a file" : "no such file"
            throw TranscriptError.cannotOpen(path: path, reason: reason)
        }
        if data.isEmpty { return Verification(events: 0, closed: false, damage: .notATranscript(detail: "the file is empty")) }
        if TranscriptReader.looksBinary(data) {
            return Verification(events: 0, closed: false, damage: .notATranscript(detail: "binary data"))
        }
        var pieces = data.split(separator: 0x0A, omittingEmptySubsequences: false).map { Data($0) }
        let endsWithNewline = pieces.last?.isEmpty == true
        if endsWithNewline { pieces.removeLast() }
        let decoder = EventDecoder()
        let lines = pieces.map { raw -> Line in
            do {
                return Line(raw: raw, event: try decoder.event(from: raw), parseError: nil, checkOK: EventCoding.checkMatches(raw))
            } catch {
                return Line(raw: raw, event: nil, parseError: "\(error)", checkOK: false)
            }
        }
        var state: InterviewState?
        var previousHash = Event.firstPrev
        for (offset, line) in lines.enumerated() {
            let number = offset + 1
            if number == lines.count && !endsWithNewline {
                return Verification(events: offset, closed: false, damage: .tornLastLine(line: number))
            }
            if let damage = classify(lines, at: offset, previousHash: previousHash) {
                return Verification(events: offset, closed: false, damage: damage)
            }
            guard let event = line.event else { break }
            // No second reference to the state while it is mutated: that would copy it every event.
            if state != nil {
                if let problem = nonsense(event, in: state!) {
                    return Verification(events: offset, closed: false, damage: .invalidEvent(line: number, detail: problem))
                }
                state!.apply(event)
            } else if case .started(let started) = event.payload {
                state = InterviewState(started: started, at: event.at, seq: event.seq)
            }
            previousHash = HashChain.hash(line.raw)
        }
        return Verification(events: lines.count, closed: state?.isClosed ?? false, damage: nil)
    }

    /// The damage at line `offset` (0-based), or nil if the line fits the chain.
    static func classify(_ lines: [Line], at offset: Int, previousHash: String) -> TranscriptDamage? {
        let number = offset + 1
        let line = lines[offset]
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
            if offset > 0, let before = lines[offset - 1].event, event.at < before.at {
                return .editedLine(line: number, detail: "its time \(event.at) is before the previous event's \(before.at)")
            }
            if number > 1, event.type == "started" { return .insertedLine(line: number, detail: "a second 'started' event") }
            return nil
        }
        if event.seq > number {
            if lines[(offset + 1)...].contains(where: { $0.event?.seq == number }) {
                return .reorderedLines(line: number, detail: "seq \(event.seq) comes before seq \(number)")
            }
            let missing = event.seq - number == 1 ? "seq \(number) is missing" : "seq \(number)–\(event.seq - 1) are missing"
            return .deletedLine(line: number, detail: missing)
        }
        if let copy = lines[..<offset].firstIndex(where: { $0.raw == line.raw }) {
            return .insertedLine(line: number, detail: "a copy of line \(copy + 1)")
        }
        if offset > 0, lines[offset - 1].event?.seq == event.seq {
            return .insertedLine(line: number, detail: "seq \(event.seq) appears twice")
        }
        return .reorderedLines(line: number, detail: "seq \(event.seq) comes after seq \(offset)")
    }

    /// Why an event cannot have been recorded by the shell in this state, or nil.
    static func nonsense(_ event: Event, in state: InterviewState) -> String? {
        let names = state.panel.map(\.name)
        if event.by != Event.system && !names.contains(event.by) {
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
        case .acting(let acting):
            if !names.contains(acting.panelist) { return "acting as '\(acting.panelist)', who is not on the panel" }
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
