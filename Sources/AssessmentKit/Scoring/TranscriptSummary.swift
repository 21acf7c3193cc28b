/// Reads a transcript and scores it: the fold of its events, streamed, then the summary.
public enum TranscriptSummary {
    /// The state of a transcript and what its chain check found.
    public static func state(path: String) throws -> (state: InterviewState, integrity: String) {
        var state: InterviewState?
        let scan = try TranscriptReader.scan(path: path) { event in
            if state == nil {
                guard case .started(let started) = event.payload else { return }
                state = InterviewState(started: started, at: event.at, seq: event.seq)
            } else {
                state?.apply(event)
            }
        }
        guard let state else {
            throw TranscriptError.notATranscript(path: path, reason: scan.damage?.description ?? "no 'started' event")
        }
        return (state, integrity(scan.damage))
    }

    /// `verified`, or what is wrong with the chain.
    public static func integrity(_ damage: TranscriptDamage?) -> String {
        guard let damage else { return "verified" }
        return "damaged: \(damage) — the summary covers the events before it"
    }

    public static func summary(path: String) throws -> PanelSummary {
        let (state, integrity) = try state(path: path)
        return Scoring.summary(of: state, integrity: integrity)
    }
}
