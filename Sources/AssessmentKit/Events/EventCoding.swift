import Foundation

/// Turns events into transcript lines and back. A line is one JSON object:
/// `{"seq":…,"at":"…","type":"…","by":"…",<payload fields>,"prev":"…","check":"…"}`.
/// `prev` chains each line to the one before; `check` is the SHA-256 of the line itself
/// without its `check` field, so a change to the last line, which no later `prev` covers,
/// is caught too.
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
    public static func line(for event: Event) -> String {
        let encoder = encoder()
        var text = "{\"seq\":\(event.seq),\"at\":\"\(event.at)\",\"type\":\"\(event.type)\",\"by\":\(quoted(event.by, encoder))"
        let payload = payloadJSON(event.payload, encoder)
        if payload.utf8.count > 2 {
            // The fields without the braces, cut by UTF-8 index: Character-based `count` or
            // `dropLast` would walk every character of the started event's 15 KB.
            let fields = payload.utf8.index(after: payload.utf8.startIndex)..<payload.utf8.index(before: payload.utf8.endIndex)
            text.append(",")
            text.append(contentsOf: payload[fields])
        }
        text += ",\"prev\":\"\(event.prev)\""
        return text + ",\"check\":\"\(HashChain.hash(text + "}"))\"}"
    }

    /// Whether the line's `check` matches the rest of it.
    public static func checkMatches(_ line: Data) -> Bool {
        line.withUnsafeBytes { HashChain.digests(of: $0).checkMatches }
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
        }
    }

    private struct Envelope: Decodable {
        var seq: Int?
        var at: String?
        var type: String?
        var by: String?
        var prev: String?
    }

    /// Parses one line (without its newline). Reading many lines, keep one `EventDecoder`.
    public static func event(from line: Data) throws(LineError) -> Event {
        try EventDecoder().event(from: line)
    }

    /// Parses one line with JSONDecoder: the reference that `EventDecoder`'s fast path must
    /// agree with, and the source of the error messages.
    static func decodeWithFoundation(_ line: Data) throws(LineError) -> Event {
        let decoder = JSONDecoder()
        guard let envelope = try? decoder.decode(Envelope.self, from: line) else { throw .notJSON }
        if let key = line.withUnsafeBytes({ JSONScanner.repeatedKey(in: $0) }) { throw .repeatedKey(key) }
        guard let seq = envelope.seq else { throw .missingField("seq") }
        guard let atText = envelope.at else { throw .missingField("at") }
        guard let at = Timestamp(parsing: atText) else { throw .badTimestamp(atText) }
        guard let type = envelope.type else { throw .missingField("type") }
        guard let by = envelope.by else { throw .missingField("by") }
        guard let prev = envelope.prev else { throw .missingField("prev") }
        let payload = try payload(type: type, line: line, decoder: decoder)
        return Event(seq: seq, at: at, by: by, payload: payload, prev: prev)
    }

    static func payload(type: String, line: Data, decoder: JSONDecoder) throws(LineError) -> EventPayload {
        func decode<T: Decodable>(_ kind: T.Type) throws(LineError) -> T {
            do {
                return try decoder.decode(kind, from: line)
            } catch {
                throw .badPayload(type: type, reason: DecodingProblem.wording(error, line: line, kind: kind, decoder: decoder))
            }
        }
        switch type {
        case "started":
            let started = try decode(Started.self)
            if let problem = started.problem() { throw .invalidStart(problem) }
            return .started(started)
        case "resumed": return .resumed
        case "moved": return .moved(try decode(Moved.self))
        case "acting": return .acting(try decode(Acting.self))
        case "panelist-added": return .panelistAdded(try decode(PanelistAdded.self))
        case "scored": return .scored(try decode(Scored.self))
        case "rated": return .rated(try decode(Rated.self))
        case "evidence": return .evidence(try decode(EvidenceNote.self))
        case "revealed": return .revealed(try decode(Revealed.self))
        case "consensus": return .consensus(try decode(Consensus.self))
        case "summarized": return .summarized(try decode(Summarized.self))
        case "language": return .language(try decode(LanguageResult.self))
        case "note": return .note(try decode(Note.self))
        case "retracted": return .retracted(try decode(Retracted.self))
        case "overridden": return .overridden(try decode(Overridden.self))
        case "closed": return .closed(try decode(Closed.self))
        default: throw .unknownType(type)
        }
    }
}
