/// Reads a transcript and scores it: the fold of its events, streamed, then the summary.
public enum TranscriptSummary {
    /// The state of a transcript and what its chain check found. The state keeps no history
    /// (`StateHistory.latest`), so memory grows only with the text the summary shows, and
    /// each read is linear in the events: one fold, or after an `undo` a look ahead for the
    /// retracted events and a second fold (a third if the transcript is damaged).
    public static func state(path: String, decoder: EventDecoder = EventDecoder()) throws -> (state: InterviewState, damage: TranscriptDamage?) {
        try state(path: path, decoder: decoder, evidence: true)
    }

    /// `evidence: false` keeps no evidence text, for a summary that will not show it.
    static func state(path: String, decoder: EventDecoder, evidence: Bool) throws -> (state: InterviewState, damage: TranscriptDamage?) {
        var result: (state: InterviewState?, scan: TranscriptScan)
        do {
            // Most transcripts are read once: a state without history is exact until an `undo`.
            result = try fold(path: path, history: .latest(retracted: [], evidence: evidence), decoder: decoder, stopAtRetraction: true)
        } catch is RetractionFound {
            let retracted = try TranscriptReader.retractedTargets(path: path, decoder: decoder)
            result = try fold(path: path, history: .latest(retracted: retracted, evidence: evidence), decoder: decoder)
            if result.scan.damage != nil {
                // A retraction past the damage does not count: only those the fold read do.
                let read = try TranscriptReader.retractedTargets(path: path, decoder: decoder, lines: result.scan.eventCount)
                if read != retracted {
                    result = try fold(path: path, history: .latest(retracted: read, evidence: evidence), decoder: decoder)
                }
            }
        }
        guard let state = result.state else {
            var reason = "no 'started' event"
            if case .notATranscript(let detail)? = result.scan.damage { reason = detail } else if let damage = result.scan.damage { reason = damage.description }
            throw TranscriptError.notATranscript(path: path, reason: reason)
        }
        return (state, result.scan.damage)
    }

    private struct RetractionFound: Error {}

    private static func fold(path: String, history: StateHistory, decoder: EventDecoder,
                             stopAtRetraction: Bool = false) throws -> (state: InterviewState?, scan: TranscriptScan) {
        try TranscriptReader.checkedFold(path: path, decoder: decoder, history: history) { event in
            if stopAtRetraction, case .retracted = event.payload { throw RetractionFound() }
        }
    }

    /// The summaries of many transcripts, read two at a time, in the order given.
    /// `withEvidence: false` drops the evidence texts, to keep thousands of summaries small.
    public static func summaries(paths: [String], withEvidence: Bool = true) -> [Result<PanelSummary, Error>] {
        parallelMap(paths, makeContext: EventDecoder.init) { path, decoder in
            Result {
                // Without evidence the fold keeps no text, so a long transcript stays small.
                let (state, damage) = try state(path: path, decoder: decoder, evidence: withEvidence)
                return Scoring.summary(of: state, damage: damage)
            }
        }
    }

    public static func summary(path: String, decoder: EventDecoder = EventDecoder()) throws -> PanelSummary {
        let (state, damage) = try state(path: path, decoder: decoder)
        return Scoring.summary(of: state, damage: damage)
    }
}
