/// Events as a readable log: time, who, what, evidence.
public enum EventLog {
    /// One entry: `09:00:40  Ana Lopez     scores inclusion 3 (Satisfactory): As a volunteer …`.
    /// `state` is the state before the event (for names of retracted entries and bands).
    /// Control characters in what was recorded are shown visibly (`SafeText`).
    public static func line(_ event: Event, before state: InterviewState?, width: Int = 100, whoWidth: Int = 14) -> String {
        let head = "\(event.at.timeOfDay)  \(padded(SafeText.visible(event.by), whoWidth))  "
        let indent = String(repeating: " ", count: head.count)
        return wrap(SafeText.visible(describe(event, before: state)), width: width, indent: indent, firstIndent: head)
    }

    static func valueText(_ value: Double, _ state: InterviewState?) -> String {
        guard let assessment = state?.assessment else { return format(value) }
        return "\(format(Scoring.rounded(value))) (\(Scoring.band(value, in: assessment).title))"
    }

    static func withText(_ text: String?) -> String { text.map { ": \($0)" } ?? "" }

    public static func describe(_ event: Event, before state: InterviewState?) -> String {
        switch event.payload {
        case .started(let started):
            var text = "interview started: \(started.assessment.id) · \(started.candidate.name)"
            if let id = started.candidate.id { text += " (\(id))" }
            text += " · panel " + started.panel.map { "\($0.name) (\($0.role))" }.joined(separator: ", ")
            if started.blind { text += " · blind" }
            if started.mode == .mock { text += " · mock" }
            return text
        case .resumed:
            return "interview resumed"
        case .moved(let moved):
            let index = state?.assessment.index(ofItem: moved.item)
            let count = state?.assessment.items.count ?? 0
            return "→ \(moved.item)" + (index.map { " (\($0 + 1)/\(count))" } ?? "")
        case .acting(let acting):
            return "now recording as \(acting.panelist)"
        case .panelistAdded(let added):
            return "adds \(added.name) (\(added.role)) to the panel"
        case .scored(let scored):
            let hidden = state.map { $0.blind && !$0.isRevealed(item: $0.assessment.index(ofItem: scored.item) ?? 0) } ?? false
            return "scores \(scored.item) \(valueText(Double(scored.value), state))\(hidden ? " [blind]" : "")"
                + withText(scored.evidence) + (scored.reason.map { " — changed because: \($0)" } ?? "")
        case .rated(let rated):
            return "rates \(rated.item) indicator \(rated.indicator) \(rated.rating.rawValue)" + withText(rated.evidence)
                + (rated.reason.map { " — changed because: \($0)" } ?? "")
        case .evidence(let note):
            return "evidence on \(note.item): \(note.text)"
        case .revealed(let revealed):
            return "reveals the ratings of \(revealed.item)"
        case .consensus(let consensus):
            return "consensus on \(consensus.item): \(valueText(consensus.value, state)) — \(consensus.rationale)"
        case .summarized(let summary):
            return "summary of \(summary.item): \(summary.text)"
        case .language(let result):
            return "\(result.language) \(result.skill.rawValue) \(result.level)" + withText(result.note)
        case .note(let note):
            return "note" + (note.item.map { " on \($0)" } ?? "") + ": \(note.text)"
        case .retracted(let retraction):
            return "retracts event \(retraction.target)"
        case .overridden(let override):
            return "overrides the recommendation: \(override.recommendation.rawValue) — \(override.justification)"
        case .closed(let closed):
            var text = closed.forced ? "closes the interview early: \(closed.reason ?? "")" : "closes the interview"
            if let recommendation = closed.recommendation { text += " · \(recommendation.rawValue)" }
            return text
        case .panelistRemoved(let removed):
            return "removes \(removed.name) from the panel"
        case .voided(let voided):
            return "voids the interview: \(voided.reason)"
        case .joined(let joined):
            return "joins from \(joined.address) (key \(joined.fingerprint))"
        case .left(let left):
            return "leaves (\(left.address))"
        case .endorsed(let endorsed):
            return "endorses the transcript (login \(endorsed.login), key \(SSHKeyType.fingerprint(text: endorsed.publicKey)))"
        }
    }

    /// The whole transcript as a log, as `assess replay --to-end` prints it.
    public static func render(_ events: [Event], width: Int = 100) -> String {
        var log = Log(width: width, whoWidth: max(6, events.map(\.by.count).max() ?? 6))
        return events.map { log.entry($0) }.joined()
    }

    /// The log of the transcript at `path`, handed to `write` a piece at a time, so memory
    /// stays flat however long the transcript; the same text as `render` of its valid events.
    /// Reads the file twice: first for the widest name, then for the log.
    public static func stream(path: String, width: Int = 100, decoder: EventDecoder = EventDecoder(),
                              _ write: (String) -> Void) throws -> TranscriptScan {
        var whoWidth = 6
        let scan = try TranscriptReader.checkedFold(path: path, decoder: decoder, history: .noRecordings) {
            whoWidth = max(whoWidth, SafeText.visible($0.by).count)
            return true
        }.scan
        guard scan.eventCount > 0 else { return scan }
        var log = Log(width: width, whoWidth: whoWidth)
        var buffer = ""
        var written = 0
        _ = try TranscriptReader.scan(path: path, decoder: decoder, locatingDamage: false) { event in
            // The second pass stops where the first did, whatever the file holds past it.
            written += 1
            buffer += log.entry(event)
            if buffer.utf8.count >= 1 << 16 {
                write(buffer)
                buffer = ""
            }
            return written < scan.eventCount
        }
        if !buffer.isEmpty { write(buffer) }
        return scan
    }

    /// Log entries one event at a time. The state it keeps holds no recordings: the log needs
    /// only the assessment and the reveals.
    struct Log {
        let width: Int
        let whoWidth: Int
        var state: InterviewState?
        var lastDate = ""

        init(width: Int, whoWidth: Int) {
            self.width = width
            self.whoWidth = whoWidth
        }

        /// The lines for `event`, each ending in a newline, after a date line when the day changes.
        mutating func entry(_ event: Event) -> String {
            var out = ""
            if event.at.date != lastDate {
                out += "── \(event.at.date) (UTC) ──\n"
                lastDate = event.at.date
            }
            out += "\(rightAligned(String(event.seq), 4))  " + line(event, before: state, width: width - 6, whoWidth: whoWidth)
                .split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .map { $0.offset == 0 ? String($0.element) : "      " + $0.element }.joined(separator: "\n") + "\n"
            if state == nil, case .started(let started) = event.payload {
                state = InterviewState(started: started, at: event.at, seq: event.seq, history: .noRecordings)
            } else {
                state?.apply(event)
            }
            return out
        }
    }
}
