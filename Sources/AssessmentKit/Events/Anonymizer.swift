import Foundation

/// Why a transcript could not be exported.
public enum ExportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The source does not read as a sound transcript (checked again on the bytes exported).
    case damaged(TranscriptDamage)

    public var description: String {
        switch self {
        case .damaged(let damage): return "\(damage)"
        }
    }
}

/// An anonymised transcript, ready to write.
public struct AnonymizedExport: Equatable, Sendable {
    /// The new transcript's bytes: one line per event, each ending in a newline.
    public var data: Data
    /// Events in the new transcript (as many as the source's).
    public var events: Int
    /// SHA-256 of the source file's bytes.
    public var sourceHash: String
    /// The candidate as the export names them.
    public var candidate: Candidate
}

/// Turns a transcript into one a trainer can share: the candidate becomes a pseudonym,
/// panelists become their roles, and exact occurrences of their names in the free text are
/// replaced. Best-effort by design: names written differently, and every other identifying
/// detail in the text, are kept (see `docs/export.md`).
///
/// The export is a brand-new hash chain with the same events and times; its `started` event
/// records the source's SHA-256 as provenance (`sourceSHA256`).
public struct Anonymizer: Sendable {
    /// One string to replace in free text.
    struct Replacement: Equatable, Sendable {
        var pattern: [Character]
        var replacement: String
    }

    /// SHA-256 of the source file's bytes.
    public let sourceHash: String
    /// The candidate's pseudonym, e.g. `Candidate 3fa2b1`, id `ANON-3fa2b1`.
    public let candidate: Candidate
    /// Each panelist's name → the label that replaces it (their role, numbered if repeated).
    public let panelLabels: [String: String]
    /// Longest patterns first.
    let replacements: [Replacement]

    /// Shorter name parts than this (in letters) are left alone: "Al", "Jo", initials.
    public static let minimumPartLetters = 3

    /// - Parameters:
    ///   - started: the source's `started` event.
    ///   - added: panelists added later (`panelist-added`), in order.
    ///   - sourceHash: lowercase hex SHA-256 of the source file.
    public init(started: Started, added: [Panelist] = [], sourceHash: String) {
        self.sourceHash = sourceHash
        let tag = String(sourceHash.prefix(6))
        let pseudonym = Candidate(name: "Candidate " + tag, id: "ANON-" + tag)
        candidate = pseudonym
        let panel = started.panel + added
        let labels = Anonymizer.labels(for: panel, avoiding: [pseudonym.name])
        var mapping: [String: String] = [:]
        for (panelist, label) in zip(panel, labels) where mapping[panelist.name] == nil {
            mapping[panelist.name] = label
        }
        panelLabels = mapping

        var names: [(name: String, replacement: String)] = [(started.candidate.name, pseudonym.name)]
        names += zip(panel, labels).map { ($0.name, $1) }
        var table: [String: String] = [:]
        var ambiguous: Set<String> = []
        func add(_ pattern: String, _ replacement: String) {
            guard !pattern.isEmpty else { return }
            if let existing = table[pattern], existing != replacement { ambiguous.insert(pattern) }
            table[pattern] = replacement
        }
        // Whole names and the id first, so a name that is also someone's part keeps its own label.
        for (name, replacement) in names { add(name.trimmingCharacters(in: .whitespaces), replacement) }
        if let id = started.candidate.id { add(id, pseudonym.id ?? pseudonym.name) }
        let whole = table
        for (name, replacement) in names {
            for part in Anonymizer.parts(of: name) where whole[part] == nil { add(part, replacement) }
        }
        // A part shared by two people (a common surname) cannot say whom it means.
        for pattern in ambiguous where whole[pattern] == nil { table[pattern] = "[name]" }
        replacements = table.map { Replacement(pattern: Array($0.key), replacement: $0.value) }
            .sorted { $0.pattern.count != $1.pattern.count ? $0.pattern.count > $1.pattern.count
                                                           : String($0.pattern) < String($1.pattern) }
    }

    /// The label for each panelist, in order: their role, or `role N` when several share it.
    public static func labels(for panel: [Panelist], avoiding reserved: Set<String> = []) -> [String] {
        var counts: [String: Int] = [:]
        for panelist in panel { counts[panelist.role, default: 0] += 1 }
        var taken: Set<String> = reserved.union([Event.system])
        var seen: [String: Int] = [:]
        return panel.map { panelist in
            let role = panelist.role.isEmpty ? "panelist" : panelist.role
            var label: String
            if counts[panelist.role, default: 0] > 1 {
                seen[panelist.role, default: 0] += 1
                label = "\(role) \(seen[panelist.role, default: 0])"
            } else {
                label = role
            }
            if taken.contains(label) {
                let base = label
                var extra = 2
                repeat {
                    label = "\(base) (\(extra))"
                    extra += 1
                } while taken.contains(label)
            }
            taken.insert(label)
            return label
        }
    }

    /// The parts of a name replaced on their own: each whitespace-separated part, and each
    /// piece of a hyphenated or apostrophed part ("Barrow-Kaldi" → also "Barrow", "Kaldi"),
    /// trimmed of punctuation, that has at least `minimumPartLetters` letters.
    public static func parts(of name: String) -> [String] {
        var result: [String] = []
        func keep(_ piece: Substring) {
            let trimmed = piece.trimmingCharacters(in: CharacterSet.letters.union(.decimalDigits).inverted)
            guard trimmed.filter(\.isLetter).count >= minimumPartLetters, !result.contains(trimmed) else { return }
            result.append(trimmed)
        }
        for part in name.split(whereSeparator: { $0.isWhitespace }) {
            keep(part)
            let pieces = part.split(whereSeparator: { "-‐‑'’".contains($0) })
            if pieces.count > 1 { pieces.forEach(keep) }
        }
        return result
    }

    /// `text` with the names replaced: exact, case-sensitive, whole-word occurrences of the
    /// candidate's name and id, the panelists' names, and their parts; longer strings first,
    /// in one pass, so a replacement is never replaced again.
    public func scrub(_ text: String) -> String {
        let characters = Array(text)
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var index = 0
        scanning: while index < characters.count {
            for candidate in replacements where Anonymizer.matches(candidate.pattern, in: characters, at: index) {
                output += candidate.replacement
                index += candidate.pattern.count
                continue scanning
            }
            output.append(characters[index])
            index += 1
        }
        return output
    }

    static func isWordCharacter(_ character: Character) -> Bool { character.isLetter || character.isNumber }

    /// Whether `pattern` occurs at `start` as a whole word: no letter or digit touches an end
    /// of it that is itself a letter or digit ("Ana" matches in "Ana's", not in "Banana").
    static func matches(_ pattern: [Character], in text: [Character], at start: Int) -> Bool {
        guard let first = pattern.first, let last = pattern.last, start + pattern.count <= text.count else { return false }
        for offset in pattern.indices where text[start + offset] != pattern[offset] { return false }
        if isWordCharacter(first), start > 0, isWordCharacter(text[start - 1]) { return false }
        let end = start + pattern.count
        if isWordCharacter(last), end < text.count, isWordCharacter(text[end]) { return false }
        return true
    }

    func label(_ name: String) -> String {
        if name == Event.system { return name }
        return panelLabels[name] ?? scrub(name)
    }

    func scrub(_ text: String?) -> String? { text.map { scrub($0) } }

    /// The event with its names replaced; `seq`, `at` and `prev` are left for the caller.
    public func anonymize(_ event: Event) -> Event {
        var copy = event
        copy.by = label(event.by)
        copy.payload = anonymize(event.payload)
        return copy
    }

    static let blankConnection = PanelConnection(fingerprint: "SHA256:-", address: "-")

    public func anonymize(_ payload: EventPayload) -> EventPayload {
        switch payload {
        case .started(var started):
            started.candidate = candidate
            started.panel = started.panel.map { Panelist(name: label($0.name), role: $0.role) }
            started.sourceSHA256 = sourceHash
            return .started(started)
        case .resumed, .moved, .revealed, .retracted:
            return payload
        case .joined:
            // Where a panelist connected from, and with which key, identifies them.
            return .joined(Self.blankConnection)
        case .left:
            return .left(Self.blankConnection)
        case .acting(let acting):
            return .acting(Acting(panelist: label(acting.panelist)))
        case .panelistAdded(let added):
            return .panelistAdded(PanelistAdded(name: label(added.name), role: added.role))
        case .scored(var scored):
            scored.evidence = scrub(scored.evidence)
            scored.reason = scrub(scored.reason)
            return .scored(scored)
        case .rated(var rated):
            rated.evidence = scrub(rated.evidence)
            rated.reason = scrub(rated.reason)
            return .rated(rated)
        case .evidence(var note):
            note.text = scrub(note.text)
            return .evidence(note)
        case .consensus(var consensus):
            consensus.rationale = scrub(consensus.rationale)
            return .consensus(consensus)
        case .summarized(var summary):
            summary.text = scrub(summary.text)
            return .summarized(summary)
        case .language(var result):
            result.note = scrub(result.note)
            return .language(result)
        case .note(var note):
            note.text = scrub(note.text)
            return .note(note)
        case .overridden(var override):
            override.justification = scrub(override.justification)
            return .overridden(override)
        case .closed(var closed):
            closed.reason = scrub(closed.reason)
            return .closed(closed)
        case .panelistRemoved(let removed):
            return .panelistRemoved(PanelistRemoved(name: label(removed.name)))
        case .voided(var voided):
            voided.reason = scrub(voided.reason)
            return .voided(voided)
        case .endorsed(var endorsed):
            // `export` leaves endorsements out: they sign the original, and a key names its holder.
            endorsed.panelist = label(endorsed.panelist)
            (endorsed.login, endorsed.publicKey, endorsed.signature) = ("-", "-", "-")
            return .endorsed(endorsed)
        }
    }

    /// Anonymises a whole transcript given as its file's bytes. The bytes are read with the
    /// same chain checks as `TranscriptReader`; the caller should run `TranscriptVerifier`
    /// first for the full checks and a precise message.
    public static func export(source: Data) throws(ExportError) -> AnonymizedExport {
        let events = try readEvents(source)
        guard let first = events.first, case .started(let started) = first.payload else {
            throw .damaged(.notATranscript(detail: "the file is empty"))
        }
        let added = events.compactMap { event -> Panelist? in
            guard case .panelistAdded(let added) = event.payload else { return nil }
            return Panelist(name: added.name, role: added.role)
        }
        let anonymizer = Anonymizer(started: started, added: added, sourceHash: HashChain.hash(source))
        var output = Data()
        output.reserveCapacity(source.count)
        var prev = Event.firstPrev
        var seq = 0
        func next(_ at: Timestamp, by: String, _ payload: EventPayload) {
            seq += 1
            let line = EventCoding.written(Event(seq: seq, at: at, by: by, payload: payload, prev: prev))
            output.append(contentsOf: Array((line.text + "\n").utf8))
            prev = line.hash.hex
        }
        // Endorsements sign the original bytes, which the export does not keep.
        for event in events where event.kind != .endorsed {
            next(event.at, by: anonymizer.label(event.by), anonymizer.anonymize(event.payload))
        }
        return AnonymizedExport(data: output, events: seq, sourceHash: anonymizer.sourceHash, candidate: anonymizer.candidate)
    }

    /// The events of a transcript's bytes, checked line by line against the chain.
    static func readEvents(_ data: Data) throws(ExportError) -> [Event] {
        var events: [Event] = []
        var chain = TranscriptChain()
        let decoder = EventDecoder()
        var start = data.startIndex
        var number = 0
        while start < data.endIndex {
            guard let newline = data[start...].firstIndex(of: 0x0A) else {
                throw .damaged(.tornLastLine(line: number + 1))
            }
            number += 1
            let line = data[start..<newline].withUnsafeBytes { PreparedLine($0, decoder: decoder) }
            switch chain.admit(line, number: number) {
            case .fits(let event): events.append(event)
            case .damaged(let damage): throw .damaged(damage)
            }
            start = data.index(after: newline)
        }
        if number == 0 { throw .damaged(.notATranscript(detail: "the file is empty")) }
        return events
    }
}
