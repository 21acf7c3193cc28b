import Foundation

/// Turns events into transcript lines and back: the JSON of each event, laid out by
/// `TranscriptLine`.
public enum EventCoding {
    /// Problems with one line.
    public enum LineError: Error, Equatable, Sendable, CustomStringConvertible {
        case notJSON
        case missingField(String)
        case unknownType(String)
        case badPayload(type: String, reason: String)
        case badTimestamp(String)
        /// A `started` event the shell could not have written (see `Started.problem`).
        case invalidStart(String)
        /// A key given twice in one object: JSON readers disagree on which one counts.
        case repeatedKey(String)

        public var description: String {
            switch self {
            case .notJSON: return "not a JSON object"
            case .missingField(let field): return "no '\(field)' field"
            case .unknownType(let type): return "unknown event type '\(type)'"
            case .badPayload(let type, let reason): return "bad '\(type)' event: \(reason)"
            case .badTimestamp(let text): return "bad time '\(text)' (expected e.g. 2026-11-23T09:14:05.120Z)"
            case .invalidStart(let problem): return problem
            case .repeatedKey(let key): return "the key '\(key)' appears twice in one object"
            }
        }
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The line for `event`, without its newline.
    public static func line(for event: Event) -> String { written(event).text }

    /// The line for `event` and its hash, the next event's `prev`.
    static func written(_ event: Event) -> TranscriptLine.Written {
        let encoder = encoder()
        let payload = payloadJSON(event.payload, encoder)
        // The members without the braces, cut by UTF-8 index: Character-based `count` or
        // `dropLast` would walk every character of the started event's 15 KB.
        let members = payload.utf8.count > 2
            ? payload[payload.utf8.index(after: payload.utf8.startIndex)..<payload.utf8.index(before: payload.utf8.endIndex)]
            : ""
        return TranscriptLine.write(seq: event.seq, at: event.at, kind: event.kind, by: quoted(event.by, encoder),
                                    payloadMembers: members, prev: event.prev)
    }

    static func quoted(_ text: String, _ encoder: JSONEncoder) -> String {
        // Encoding a String cannot fail.
        String(decoding: (try? encoder.encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }

    static func payloadJSON(_ payload: EventPayload, _ encoder: JSONEncoder) -> String {
        func encode<T: Encodable>(_ value: T) -> String {
            String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
        }
        switch payload {
        case .started(let value): return encode(value)
        case .resumed: return "{}"
        case .moved(let value): return encode(value)
        case .acting(let value): return encode(value)
        case .panelistAdded(let value): return encode(value)
        case .scored(let value): return encode(value)
        case .rated(let value): return encode(value)
        case .evidence(let value): return encode(value)
        case .revealed(let value): return encode(value)
        case .consensus(let value): return encode(value)
        case .summarized(let value): return encode(value)
        case .language(let value): return encode(value)
        case .note(let value): return encode(value)
        case .retracted(let value): return encode(value)
        case .overridden(let value): return encode(value)
        case .closed(let value): return encode(value)
        case .panelistRemoved(let value): return encode(value)
        case .voided(let value): return encode(value)
        case .joined(let value): return encode(value)
        case .left(let value): return encode(value)
        case .endorsed(let value): return encode(value)
        }
    }

    /// Parses one line (without its newline). Reading many lines, keep one `EventDecoder`.
    public static func event(from line: Data) throws(LineError) -> Event {
        try EventDecoder().event(from: line)
    }

    /// Parses one line with JSONDecoder: the reference that `EventDecoder`'s fast path must
    /// agree with, and the source of the error messages.
    static func decodeWithFoundation(_ line: Data) throws(LineError) -> Event {
        let decoder = JSONDecoder()
        guard let decoded = try? decoder.decode(DecodedLine.self, from: line) else { throw .notJSON }
        if let key = line.withUnsafeBytes({ JSONScanner.repeatedKey(in: $0) }) { throw .repeatedKey(key) }
        guard let seq = decoded.seq else { throw .missingField("seq") }
        guard let atText = decoded.at else { throw .missingField("at") }
        guard let at = Timestamp(parsing: atText) else { throw .badTimestamp(atText) }
        guard let type = decoded.type else { throw .missingField("type") }
        guard let by = decoded.by else { throw .missingField("by") }
        guard let prev = decoded.prev else { throw .missingField("prev") }
        guard let payload = decoded.payload else { throw .unknownType(type) }
        switch payload {
        case .decoded(.started(let started)):
            if let problem = started.problem() { throw .invalidStart(problem) }
            return Event(seq: seq, at: at, by: by, payload: .started(started), prev: prev)
        case .decoded(let payload):
            return Event(seq: seq, at: at, by: by, payload: payload, prev: prev)
        case .failed(let error, let kind):
            throw .badPayload(type: type, reason: DecodingProblem.wording(topLevel(error, kind, line, decoder), line: line, kind: kind,
                                                                           decoder: decoder))
        }
    }

    /// The error of decoding `kind` from the whole line, as the error messages word it. A
    /// nested decode lets JSONDecoder's internal errors (a number that does not fit) through
    /// unwrapped, so the failing line is decoded again at the top level: only on this path.
    private static func topLevel<T: Decodable>(_ nested: any Error, _ kind: T.Type, _ line: Data, _ decoder: JSONDecoder) -> any Error {
        do {
            _ = try decoder.decode(kind, from: line)
            return nested
        } catch {
            return error
        }
    }

    /// One line read by JSONDecoder in one pass: the members every event has, and the payload
    /// its `type` names, read from the same object.
    private struct DecodedLine: Decodable {
        var seq: Int?
        var at: String?
        var type: String?
        var by: String?
        var prev: String?
        /// Nil when `type` is missing or names no kind.
        var payload: DecodedPayload?

        private enum Key: String, CodingKey { case seq, at, type, by, prev }

        /// Throws only for the members above; a payload that does not decode is kept as its failure.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            seq = try container.decodeIfPresent(Int.self, forKey: .seq)
            at = try container.decodeIfPresent(String.self, forKey: .at)
            type = try container.decodeIfPresent(String.self, forKey: .type)
            by = try container.decodeIfPresent(String.self, forKey: .by)
            prev = try container.decodeIfPresent(String.self, forKey: .prev)
            payload = type.flatMap(EventKind.init(rawValue:)).map { EventCoding.payload($0, from: decoder) }
        }
    }

    /// A payload, or why it did not decode and as what type (to word the error, see `DecodingProblem`).
    private enum DecodedPayload {
        case decoded(EventPayload)
        case failed(any Error, any Decodable.Type)
    }

    /// The payload of a `kind` event, from the decoder of the whole line.
    private static func payload(_ kind: EventKind, from decoder: any Decoder) -> DecodedPayload {
        func decode<T: Decodable>(_ type: T.Type, _ payload: (T) -> EventPayload) -> DecodedPayload {
            do {
                return .decoded(payload(try T(from: decoder)))
            } catch {
                return .failed(error, type)
            }
        }
        switch kind {
        case .started: return decode(Started.self, EventPayload.started)
        case .resumed: return .decoded(.resumed)
        case .moved: return decode(Moved.self, EventPayload.moved)
        case .acting: return decode(Acting.self, EventPayload.acting)
        case .panelistAdded: return decode(PanelistAdded.self, EventPayload.panelistAdded)
        case .scored: return decode(Scored.self, EventPayload.scored)
        case .rated: return decode(Rated.self, EventPayload.rated)
        case .evidence: return decode(EvidenceNote.self, EventPayload.evidence)
        case .revealed: return decode(Revealed.self, EventPayload.revealed)
        case .consensus: return decode(Consensus.self, EventPayload.consensus)
        case .summarized: return decode(Summarized.self, EventPayload.summarized)
        case .language: return decode(LanguageResult.self, EventPayload.language)
        case .note: return decode(Note.self, EventPayload.note)
        case .retracted: return decode(Retracted.self, EventPayload.retracted)
        case .overridden: return decode(Overridden.self, EventPayload.overridden)
        case .closed: return decode(Closed.self, EventPayload.closed)
        case .panelistRemoved: return decode(PanelistRemoved.self, EventPayload.panelistRemoved)
        case .voided: return decode(Voided.self, EventPayload.voided)
        case .joined: return decode(PanelConnection.self, EventPayload.joined)
        case .left: return decode(PanelConnection.self, EventPayload.left)
        case .endorsed: return decode(Endorsed.self, EventPayload.endorsed)
        }
    }
}
