import Foundation

/// Turns transcript lines into events. A line that `JSONScanner` reads takes a hand-written
/// path that looks at each byte about once; anything else goes through JSONDecoder, whose
/// errors are the ones reported. Both give the same event (a test and `make fuzz` check it).
/// A decoder remembers the assessments it has decoded, so the many transcripts of one
/// vacancy decode its definition once. Not thread-safe: one decoder per thread.
public final class EventDecoder {
    private var members: [JSONScanner.Member] = []
    private var assessments: [(bytes: [UInt8], assessment: Assessment)] = []
    private static let assessmentCacheSize = 8
    /// Each kind by the bytes of its name, to read `type` without making a String.
    private static let kindNames = EventKind.allCases.map { (name: Array($0.rawValue.utf8), kind: $0) }

    public init() {}

    /// Parses one line (without its newline).
    public func event(from line: UnsafeRawBufferPointer) throws(EventCoding.LineError) -> Event {
        try event(from: TranscriptLine(line))
    }

    func event(from line: TranscriptLine) throws(EventCoding.LineError) -> Event {
        if let event = fastEvent(line) { return event }
        return try EventCoding.decodeWithFoundation(Data(line.bytes))
    }

    public func event(from line: Data) throws(EventCoding.LineError) -> Event {
        let fast = line.withUnsafeBytes { fastEvent(TranscriptLine($0)) }
        if let fast { return fast }
        return try EventCoding.decodeWithFoundation(line)
    }

    /// Stops the program if the fast path accepts `line` and reads it differently from
    /// JSONDecoder: the property that tests and `make fuzz` check.
    public static func checkParsersAgree(_ line: Data) {
        let fast = line.withUnsafeBytes { EventDecoder().fastEvent(TranscriptLine($0)) }
        guard let fast else { return }
        let reference = try? EventCoding.decodeWithFoundation(line)
        precondition(fast == reference, "the parsers disagree on: \(String(decoding: line, as: UTF8.self))")
    }

    /// The event, or nil where JSONDecoder has to decide.
    func fastEvent(_ line: TranscriptLine) -> Event? {
        if let tail = line.tail {
            // The writer's tail, read already: read the members before it.
            guard JSONScanner.members(of: line.members(before: tail), open: true, into: &members) else { return nil }
            let scanner = JSONScanner(line.bytes)
            guard !members.contains(where: { scanner.equal($0.key, "prev") || scanner.equal($0.key, "check") }) else { return nil }
        } else {
            guard JSONScanner.members(of: line.bytes, into: &members) else { return nil }
        }
        let fields = Fields(scanner: JSONScanner(line.bytes), members: members)
        guard let seq = fields.int("seq"), let atRange = fields.range("at"),
              let kind = fields.kind(), let by = fields.string("by") else { return nil }
        // Quotes around the time's characters: then a valid time is a valid JSON string too.
        let bytes = line.bytes
        guard atRange.count == Timestamp.textLength + 2, bytes[atRange.lowerBound] == UInt8(ascii: "\""),
              bytes[atRange.upperBound - 1] == UInt8(ascii: "\""),
              let at = Timestamp(utf8: UnsafeRawBufferPointer(rebasing: bytes[atRange.dropFirst().dropLast()])) else { return nil }
        guard let payload = payload(kind, fields) else { return nil }
        if let tail = line.tail { return Event(seq: seq, at: at, by: by, payload: payload, prevHash: tail.prev) }
        guard let prev = fields.string("prev") else { return nil }
        return Event(seq: seq, at: at, by: by, payload: payload, prev: prev)
    }

    private func payload(_ kind: EventKind, _ fields: Fields) -> EventPayload? {
        switch kind {
        case .started: return started(fields).map { .started($0) }
        case .resumed: return .resumed
        case .moved: return fields.string("item").map { .moved(Moved(item: $0)) }
        case .acting: return fields.string("panelist").map { .acting(Acting(panelist: $0)) }
        case .panelistAdded:
            guard let name = fields.string("name"), let role = fields.string("role") else { return nil }
            return .panelistAdded(PanelistAdded(name: name, role: role))
        case .scored:
            guard let item = fields.string("item"), let value = fields.int("value"),
                  let evidence = fields.optionalString("evidence"), let reason = fields.optionalString("reason") else { return nil }
            return .scored(Scored(item: item, value: value, evidence: evidence, reason: reason))
        case .rated:
            guard let item = fields.string("item"), let indicator = fields.int("indicator"),
                  let rating = fields.string("rating").flatMap(IndicatorRating.init(rawValue:)),
                  let evidence = fields.optionalString("evidence"), let reason = fields.optionalString("reason") else { return nil }
            return .rated(Rated(item: item, indicator: indicator, rating: rating, evidence: evidence, reason: reason))
        case .evidence:
            guard let item = fields.string("item"), let text = fields.string("text") else { return nil }
            return .evidence(EvidenceNote(item: item, text: text))
        case .revealed: return fields.string("item").map { .revealed(Revealed(item: $0)) }
        case .consensus:
            guard let item = fields.string("item"), let value = fields.double("value"),
                  let rationale = fields.string("rationale") else { return nil }
            return .consensus(Consensus(item: item, value: value, rationale: rationale))
        case .summarized:
            guard let item = fields.string("item"), let text = fields.string("text") else { return nil }
            return .summarized(Summarized(item: item, text: text))
        case .language:
            guard let language = fields.string("language"), let skill = fields.string("skill").flatMap(LanguageSkill.init(rawValue:)),
                  let level = fields.string("level").flatMap(CEFRLevel.init(parsing:)),
                  let note = fields.optionalString("note") else { return nil }
            return .language(LanguageResult(language: language, skill: skill, level: level, note: note))
        case .note:
            guard let item = fields.optionalString("item"), let text = fields.string("text") else { return nil }
            return .note(Note(item: item, text: text))
        case .retracted: return fields.int("target").map { .retracted(Retracted(target: $0)) }
        case .overridden:
            guard let recommendation = fields.string("recommendation").flatMap(Recommendation.init(rawValue:)),
                  let justification = fields.string("justification") else { return nil }
            return .overridden(Overridden(recommendation: recommendation, justification: justification))
        case .closed:
            guard let forced = fields.bool("forced"), let reason = fields.optionalString("reason"),
                  let recommendation = fields.optional("recommendation", fields.string) else { return nil }
            let parsed = recommendation.map(Recommendation.init(rawValue:))
            if case .some(.none) = parsed { return nil }
            return .closed(Closed(forced: forced, reason: reason, recommendation: parsed ?? nil))
        case .panelistRemoved: return fields.string("name").map { .panelistRemoved(PanelistRemoved(name: $0)) }
        case .voided: return fields.string("reason").map { .voided(Voided(reason: $0)) }
        case .joined, .left:
            guard let fingerprint = fields.string("fingerprint"), let address = fields.string("address") else { return nil }
            let connection = PanelConnection(fingerprint: fingerprint, address: address)
            return kind == .joined ? .joined(connection) : .left(connection)
        case .endorsed:
            guard let panelist = fields.string("panelist"), let login = fields.string("login"),
                  let publicKey = fields.string("publicKey"), let signature = fields.string("signature") else { return nil }
            return .endorsed(Endorsed(panelist: panelist, login: login, publicKey: publicKey, signature: signature))
        }
    }

    /// `started` carries the whole assessment: decode it once per distinct definition.
    private func started(_ fields: Fields) -> Started? {
        guard let version = fields.int("version"), let mode = fields.string("mode").flatMap(InterviewMode.init(rawValue:)),
              let blind = fields.bool("blind"), let sourceSHA256 = fields.optionalString("sourceSHA256"),
              let assessmentRange = fields.range("assessment"), let candidate = fields.decode(Candidate.self, "candidate"),
              let panel = fields.decode([Panelist].self, "panel") else { return nil }
        let scenario: Scenario?
        if let range = fields.range("scenario"), !fields.scanner.isNull(range) {
            guard let decoded = fields.decode(Scenario.self, "scenario") else { return nil }
            scenario = decoded
        } else {
            scenario = nil
        }
        let bytes = UnsafeRawBufferPointer(rebasing: fields.scanner.bytes[assessmentRange])
        let assessment: Assessment
        if let cached = assessments.first(where: { $0.bytes.elementsEqual(bytes) }) {
            assessment = cached.assessment
        } else {
            // Only sound assessments are cached; JSONDecoder's path words the problem.
            guard let decoded = fields.decode(Assessment.self, "assessment"), decoded.problem == nil else { return nil }
            assessment = decoded
            if assessments.count == EventDecoder.assessmentCacheSize { assessments.removeFirst() }
            assessments.append((Array(bytes), decoded))
        }
        let started = Started(version: version, mode: mode, assessment: assessment, candidate: candidate, panel: panel,
                              blind: blind, sourceSHA256: sourceSHA256, scenario: scenario)
        return started.problem(checkingAssessment: false) == nil ? started : nil
    }

    /// The members of one line, looked up by key.
    private struct Fields {
        let scanner: JSONScanner
        let members: [JSONScanner.Member]

        func member(_ key: StaticString) -> JSONScanner.Member? {
            members.first { scanner.equal($0.key, key) }
        }

        func range(_ key: StaticString) -> Range<Int>? { member(key)?.value }

        /// The event's kind: a plain `type` is matched on its bytes, any other through String.
        func kind() -> EventKind? {
            guard let type = member("type") else { return nil }
            guard type.plain else { return string("type").flatMap(EventKind.init(rawValue:)) }
            let name = UnsafeRawBufferPointer(rebasing: scanner.bytes[type.value.lowerBound + 1..<type.value.upperBound - 1])
            return EventDecoder.kindNames.first { $0.name.count == name.count && $0.name.elementsEqual(name) }?.kind
        }

        func string(_ key: StaticString) -> String? { member(key).flatMap(scanner.string) }
        func int(_ key: StaticString) -> Int? { range(key).flatMap(scanner.int) }
        func double(_ key: StaticString) -> Double? { range(key).flatMap(scanner.double) }
        func bool(_ key: StaticString) -> Bool? { range(key).flatMap(scanner.bool) }

        /// `.some(nil)` when the key is missing or null, nil when its value has the wrong type.
        func optional<Value>(_ key: StaticString, _ read: (StaticString) -> Value?) -> Value?? {
            guard let value = range(key), !scanner.isNull(value) else { return .some(nil) }
            return read(key).map { .some($0) }
        }

        func optionalString(_ key: StaticString) -> String?? { optional(key, string) }

        /// A nested value, through JSONDecoder.
        func decode<T: Decodable>(_ type: T.Type, _ key: StaticString) -> T? {
            guard let value = range(key) else { return nil }
            return try? JSONDecoder().decode(type, from: Data(UnsafeRawBufferPointer(rebasing: scanner.bytes[value])))
        }
    }
}
