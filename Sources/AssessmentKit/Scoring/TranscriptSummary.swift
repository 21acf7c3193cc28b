/// Reads a transcript and scores it: the fold of its events, streamed, then the summary.
public enum TranscriptSummary {
    /// The state of a transcript and what its chain check found, read as a stream in time
    /// linear in the events, whatever they carry. The fold keeps each panelist's latest
    /// rating and every text (`StateHistory.latest`), so memory grows only with the text the
    /// summary shows. That is exact until the first `undo`, which may bring back a rating the
    /// fold let go. So the fold stops there; a quick pass finds what the transcript retracts,
    /// and a second fold leaves exactly those recordings out as they come.
    public static func state(path: String, decoder: EventDecoder = EventDecoder()) throws -> (state: InterviewState, damage: TranscriptDamage?) {
        try state(path: path, decoder: decoder, evidence: true)
    }

    /// `evidence: false` keeps no evidence text, for a summary that will not show it.
    static func state(path: String, decoder: EventDecoder, evidence: Bool) throws -> (state: InterviewState, damage: TranscriptDamage?) {
        func fold(retracted: Set<Int>, until stop: (Event) -> Bool = { _ in false }) throws -> (state: InterviewState?, scan: TranscriptScan) {
            try TranscriptReader.checkedFold(path: path, decoder: decoder, history: .latest(retracted: retracted, evidence: evidence)) { !stop($0) }
        }
        var retracting = false
        var result = try fold(retracted: []) { event in
            if case .retracted = event.payload { retracting = true }
            return retracting
        }
        if retracting {
            result.state = nil  // let it go before reading again
            let retractions = try TranscriptReader.retractions(path: path, decoder: decoder)
            result = try fold(retracted: Set(retractions.keys))
            // Past damage, a retraction does not count: fold again without those (damaged files only).
            let read = retractions.filter { $0.value <= result.scan.eventCount }
            if read.count < retractions.count { result = try fold(retracted: Set(read.keys)) }
        }
        guard let state = result.state else {
            var reason = "no 'started' event"
            if case .notATranscript(let detail)? = result.scan.damage { reason = detail } else if let damage = result.scan.damage { reason = damage.description }
            throw TranscriptError.notATranscript(path: path, reason: reason)
        }
        return (state, result.scan.damage)
    }

    /// The summaries of many transcripts, read two at a time, in the order given; unrevealed
    /// ratings of open blind interviews hidden as in `summary(path:)`.
    /// `withEvidence: false` drops the evidence texts and the rating grids, to keep thousands
    /// of summaries small.
    public static func summaries(paths: [String], withEvidence: Bool = true) -> [Result<PanelSummary, Error>] {
        parallelMap(paths, makeContext: EventDecoder.init) { path, decoder in
            Result {
                // Without evidence the fold keeps no text, so a long transcript stays small.
                let (state, damage) = try state(path: path, decoder: decoder, evidence: withEvidence)
                return signedOff(Scoring.summary(of: state, damage: damage, hidingUnrevealed: !state.hasEnded, grids: withEvidence),
                                 state: state, path: path)
            }
        }
    }

    /// A blind interview still open shows no rating or evidence before its item is revealed, as
    /// in the live shell; once closed or voided, everything.
    public static func summary(path: String, decoder: EventDecoder = EventDecoder()) throws -> PanelSummary {
        let (state, damage) = try state(path: path, decoder: decoder)
        return signedOff(Scoring.summary(of: state, damage: damage, hidingUnrevealed: !state.hasEnded), state: state, path: path)
    }

    /// `summary` with its sign-off: for a closed, sound interview, each panelist's endorsement
    /// checked against the key the transcript names (HR checks the keys with `verify --signers`).
    static func signedOff(_ summary: PanelSummary, state: InterviewState, path: String) -> PanelSummary {
        guard state.isClosed, summary.damage == nil, state.mode == .interview else { return summary }
        var summary = summary
        summary.signOff = Endorsements.signOff(state: state, path: path, signers: nil)
        return summary
    }
}
