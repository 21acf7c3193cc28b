// Reading a transcript into an `InterviewState`. The Events layer checks the chain
// (`TranscriptReader`, `TranscriptVerifier`); whether each event makes sense in the
// interview so far is the interview's rule, so it lives here, beside the state.

/// A state being folded, held by reference so that applying an event never copies it.
final class Fold {
    var state: InterviewState

    /// The fold that a `started` event begins; nil for any other event.
    init?(starting event: Event, history: StateHistory) {
        guard case .started(let started) = event.payload else { return nil }
        state = InterviewState(started: started, at: event.at, seq: event.seq, history: history)
    }
}

extension TranscriptReader {
    /// Reads every valid event into memory (for resuming and tests; large files should `scan`).
    public static func readAll(path: String) throws -> (events: [Event], scan: TranscriptScan) {
        var events: [Event] = []
        let scan = try checkedFold(path: path, history: .noRecordings) { event in
            events.append(event)
            return true
        }.scan
        return (events, scan)
    }

    /// `scan`, folding the events into a state that keeps `history`, and checking each one
    /// against the interview so far as `verify` does (`TranscriptVerifier.nonsense`): the first
    /// event the shell could not have recorded (a score outside the scale, a stranger's
    /// rating) is damage too, and neither the state nor `body` sees it or what follows. `body`
    /// sees each valid event before it is folded. Every reader that reports or resumes reads
    /// this way; one state serves the check and the fold.
    /// `body` returns false to stop once the event it was given is folded.
    public static func checkedFold(path: String, decoder: EventDecoder = EventDecoder(), history: StateHistory,
                                   _ body: (Event) throws -> Bool = { _ in true }) throws -> (state: InterviewState?, scan: TranscriptScan) {
        var fold: Fold?
        var invalid: TranscriptDamage?
        var scan = try scan(path: path, decoder: decoder, locatingDamage: true) { event in
            if let fold {
                if let problem = fold.state.nonsense(event) {
                    invalid = .invalidEvent(line: event.seq, detail: problem)
                    return false
                }
                let goOn = try body(event)
                fold.state.apply(event)
                return goOn
            } else if let started = Fold(starting: event, history: history) {
                fold = started
                return try body(event)
            }
            return true
        }
        if let invalid {
            scan.damage = invalid
            scan.eventCount = invalid.line - 1
        }
        return (fold?.state, scan)
    }
}

extension TranscriptVerifier {
    /// Checks the transcript at `path`: the chain, and that every event makes sense in the
    /// interview so far (`nonsense`).
    public static func verify(path: String) throws -> Verification {
        try verify(path: path) {
            var fold: Fold?
            return { event in
                guard let fold else {
                    fold = Fold(starting: event, history: .noRecordings)
                    return nil
                }
                if let problem = fold.state.nonsense(event) { return problem }
                fold.state.apply(event)
                return nil
            }
        }
    }

    /// Events of kinds added with roles (`voided`, `panelist-removed`) are the chair's. Older
    /// kinds are not checked for roles: the first release let any panelist record them.
    static func notChairing(_ event: Event, in state: borrowing InterviewState) -> String? {
        let panelist = state.panel.first { $0.name == event.by }
        guard let panelist, state.assessment.panel.allows(panelist, .chairing, on: state.panel) else {
            return "a '\(event.type)' event by '\(event.by)', who is not the chair"
        }
        return nil
    }

    /// Why an event cannot have been recorded by the shell in this state, or nil.
    static func nonsense(_ event: Event, in state: borrowing InterviewState) -> String? {
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
        case .joined, .left:
            if event.by == Event.system { return "a '\(event.type)' event by no panelist" }
        case .endorsed(let endorsed):
            // The one kind that follows `closed`.
            if endorsed.panelist != event.by { return "an endorsement for '\(endorsed.panelist)' recorded by '\(event.by)'" }
            return state.endorsementProblem(panelist: endorsed.panelist, login: endorsed.login, publicKey: endorsed.publicKey)
        case .voided(let voided):
            if voided.reason.trimmingBlanks.isEmpty { return "a void with no reason" }
            if let problem = notChairing(event, in: state) { return problem }
        case .panelistRemoved(let removed):
            if let problem = notChairing(event, in: state) { return problem }
            if !state.isOnPanel(removed.name) { return "removing '\(removed.name)', who is not on the panel" }
            if state.hasRecorded(removed.name) { return "removing '\(removed.name)', who has recorded ratings or text" }
            if state.panel.count == 1 { return "removing '\(removed.name)', the last panelist" }
        default:
            break
        }
        if state.isClosed { return "an event after the interview was closed" }
        if state.isVoid { return "an event after the interview was voided" }
        return nil
    }
}

extension InterviewState {
    /// `TranscriptVerifier.nonsense` of the state as it stands. Mutating only in how it is
    /// called: a fold's state (a class's property) is then checked in place, where a plain
    /// call copied the whole state for every event.
    mutating func nonsense(_ event: Event) -> String? { TranscriptVerifier.nonsense(event, in: self) }
}
