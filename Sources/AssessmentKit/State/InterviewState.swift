/// Something a panelist recorded, kept with the event that recorded it so `undo` can retract it.
public struct Recorded<Value: Equatable & Sendable>: Equatable, Sendable {
    public var seq: Int
    public var at: Timestamp
    public var by: String
    public var value: Value
}

/// Everything recorded about one item.
public struct ItemRecord: Equatable, Sendable {
    public var scores: [Recorded<Scored>] = []
    public var ratings: [Recorded<Rated>] = []
    public var evidence: [Recorded<EvidenceNote>] = []
    public var consensus: [Recorded<Consensus>] = []
    public var summaries: [Recorded<Summarized>] = []
    public var notes: [Recorded<Note>] = []
    public var revealedAt: Timestamp?
    /// Milliseconds spent on the item in earlier visits.
    public var timeSpent: Int64 = 0
}

/// How much of the past a state keeps.
public enum StateHistory: Sendable {
    /// Every recording, so `undo` can step back one at a time (the live shell, replay).
    case full
    /// Only what reports read: each panelist's latest rating, the latest consensus, summary,
    /// language result and override, and every text. Memory then grows only with the text
    /// the summary prints, and each event costs the same however long the transcript.
    /// Without history a retraction cannot bring back what was let go: give the `seq` of
    /// every event the transcript retracts (`TranscriptReader.retractions`; see
    /// `TranscriptSummary.state`), and those recordings are left out as they arrive.
    /// `evidence: false` keeps no evidence text either (for reports that do not print it,
    /// such as `compare`).
    case latest(retracted: Set<Int>, evidence: Bool = true)
    /// No recordings at all: the panel, the position, reveals and the closing. What `verify`
    /// checks events against and what the log needs, in constant memory.
    case noRecordings
}

/// Where a key's latest rating is: a position in the item's list, or, in a state without
/// history, kept apart when it carries no text, so a re-rating replaces it with no search.
enum Latest<Value: Equatable & Sendable>: Equatable, Sendable {
    case at(Int)
    case apart(Recorded<Value>)
}

/// Per item: each panelist's latest score, and latest rating of each indicator. Asking for a
/// panelist's value then costs the same however many ratings the item has.
struct LatestRatings: Equatable, Sendable {
    var scores: [String: Latest<Scored>] = [:]
    var ratings: [String: [Int: Latest<Rated>]] = [:]
}

/// The state of an interview: a fold over its events. A live interview, a resumed one and
/// a replayed one all build it the same way, with `apply`.
public struct InterviewState: Equatable, Sendable {
    public let started: Started
    public let startedAt: Timestamp
    public private(set) var panel: [Panelist]
    /// Index into `assessment.items`: the panel's item, or in a panelist's view (`seen`) theirs.
    public private(set) var currentItem = 0
    /// In a panelist's view, the panel's item, whose clock runs; nil in the panel's own state.
    private var panelItem: Int?
    /// Index into `panel` of the panelist whose ratings the next commands record.
    public private(set) var currentPanelist = 0
    public private(set) var items: [ItemRecord]
    public private(set) var languages: [Recorded<LanguageResult>] = []
    public private(set) var generalNotes: [Recorded<Note>] = []
    public private(set) var overrides: [Recorded<Overridden>] = []
    public private(set) var closed: Recorded<Closed>?
    /// `void REASON`: the interview ended as void.
    public private(set) var voided: Recorded<Voided>?
    /// The panelists' sign-offs of the closed transcript, in order.
    public private(set) var endorsements: [Recorded<Endorsed>] = []
    /// Events retracted by `undo`.
    public private(set) var retracted: Set<Int> = []
    /// When the current visit to the current item began.
    public private(set) var enteredItemAt: Timestamp
    public private(set) var lastSeq: Int
    public private(set) var lastEventAt: Timestamp
    /// Recording events in order, for `undo`: (seq, by). Empty without full history.
    /// `ofLine`: a rating or evidence note, which one `rate` line may write several of at once.
    private var recordings: [(seq: Int, by: String, at: Timestamp, item: String?, ofLine: Bool)] = []
    private let keepsHistory: Bool
    /// False for `StateHistory.noRecordings`.
    private let keepsRecordings: Bool
    /// False for `StateHistory.latest(evidence: false)`.
    private let keepsEvidence: Bool
    /// Recordings to leave out, for a state without history.
    private let retractedAhead: Set<Int>
    /// One per item (see `LatestRatings`).
    private var latest: [LatestRatings]
    /// Index into `panel` of each name (the first, if a name is added twice).
    private var panelIndex: [String: Int] = [:]
    /// Who has recorded something (retracted or not, in every kind of state): they stay on
    /// the panel (`panel remove`).
    private var recordedBy: Set<String> = []
    /// Without history: the length of `languages` at which superseded results are dropped.
    private var languagesLimit = 32

    public var assessment: Assessment { started.assessment }
    public var candidate: Candidate { started.candidate }
    public var blind: Bool { started.blind }
    public var mode: InterviewMode { started.mode }
    public var isClosed: Bool { closed != nil }
    public var isVoid: Bool { voided != nil }
    /// Closed or voided: nothing more may be recorded.
    public var hasEnded: Bool { closed != nil || voided != nil }
    public var item: AssessedItem { assessment.items[currentItem] }
    public var panelist: Panelist? { panel.indices.contains(currentPanelist) ? panel[currentPanelist] : nil }

    /// The state right after the `started` event.
    public init(started: Started, at: Timestamp, seq: Int = 1, history: StateHistory = .full) {
        switch history {
        case .full: (keepsHistory, keepsRecordings, keepsEvidence, retractedAhead) = (true, true, true, [])
        case .latest(let retracted, let evidence): (keepsHistory, keepsRecordings, keepsEvidence, retractedAhead) = (false, true, evidence, retracted)
        case .noRecordings: (keepsHistory, keepsRecordings, keepsEvidence, retractedAhead) = (false, false, false, [])
        }
        self.started = started
        self.startedAt = at
        self.panel = started.panel
        self.items = Array(repeating: ItemRecord(), count: started.assessment.items.count)
        self.latest = Array(repeating: LatestRatings(), count: started.assessment.items.count)
        for (index, panelist) in started.panel.enumerated() where panelIndex[panelist.name] == nil {
            panelIndex[panelist.name] = index
        }
        self.enteredItemAt = at
        self.lastSeq = seq
        self.lastEventAt = at
    }

    /// Builds the state from a transcript's events; the first must be `started`.
    public init?(events: [Event]) {
        guard let first = events.first, case .started(let started) = first.payload else { return nil }
        self.init(started: started, at: first.at, seq: first.seq)
        for event in events.dropFirst() { apply(event) }
    }

    public static func == (a: InterviewState, b: InterviewState) -> Bool {
        a.started == b.started && a.panel == b.panel && a.currentItem == b.currentItem
            && a.currentPanelist == b.currentPanelist && a.items == b.items && a.languages == b.languages
            && a.generalNotes == b.generalNotes && a.overrides == b.overrides && a.closed == b.closed
            && a.endorsements == b.endorsements
            && a.retracted == b.retracted && a.enteredItemAt == b.enteredItemAt && a.lastSeq == b.lastSeq
            && a.recordings.map(\.seq) == b.recordings.map(\.seq) && a.latest == b.latest
            && a.voided == b.voided && a.recordedBy == b.recordedBy
    }

    /// Folds one event into the state.
    public mutating func apply(_ event: Event) {
        lastSeq = event.seq
        lastEventAt = event.at
        func index(_ item: String) -> Int? { itemIndex(item) }
        func record<Value>(_ value: Value) -> Recorded<Value> {
            if keepsHistory {
                let ofLine = event.kind == .rated || event.kind == .evidence
                recordings.append((event.seq, event.by, event.at, event.payload.item, ofLine))
            }
            return Recorded(seq: event.seq, at: event.at, by: event.by, value: value)
        }
        if event.payload.isRecording || event.kind == .revealed { recordedBy.insert(event.by) }
        if !keepsHistory {
            if event.payload.isRecording && (!keepsRecordings || retractedAhead.contains(event.seq)) { return }
            forgetSuperseded(by: event)
        }
        switch event.payload {
        case .started:
            break
        case .resumed:
            enteredItemAt = event.at  // time away from the shell is not time on the item
        case .moved(let moved):
            guard let target = index(moved.item) else { return }
            items[currentItem].timeSpent += max(0, event.at.milliseconds - enteredItemAt.milliseconds)
            currentItem = target
            enteredItemAt = event.at
        case .acting(let acting):
            if let found = panelIndex[acting.panelist] { currentPanelist = found }
        case .panelistAdded(let added):
            if panelIndex[added.name] == nil { panelIndex[added.name] = panel.count }
            panel.append(Panelist(name: added.name, role: added.role))
        case .scored(let scored):
            guard let item = index(scored.item) else { return }
            let score = record(scored)
            if !keepsHistory && (!keepsEvidence || scored.evidence == nil && scored.reason == nil) {
                latest[item].scores[event.by] = .apart(score)
            } else {
                items[item].scores.append(score)
                latest[item].scores[event.by] = .at(items[item].scores.count - 1)
            }
        case .rated(let rated):
            guard let item = index(rated.item) else { return }
            let rating = record(rated)
            if !keepsHistory && (!keepsEvidence || rated.evidence == nil && rated.reason == nil) {
                latest[item].ratings[event.by, default: [:]][rated.indicator] = .apart(rating)
            } else {
                items[item].ratings.append(rating)
                latest[item].ratings[event.by, default: [:]][rated.indicator] = .at(items[item].ratings.count - 1)
            }
        case .evidence(let note):
            if keepsEvidence, let item = index(note.item) { items[item].evidence.append(record(note)) }
        case .revealed(let revealed):
            if let item = index(revealed.item) { items[item].revealedAt = event.at }
        case .consensus(let consensus):
            if let item = index(consensus.item) { items[item].consensus.append(record(consensus)) }
        case .summarized(let summary):
            if let item = index(summary.item) { items[item].summaries.append(record(summary)) }
        case .language(let result):
            languages.append(record(result))
            if !keepsHistory && languages.count >= languagesLimit {
                // Dropped in bulk, not one by one, so each result costs the same however many
                // languages there are; `languageResults` reads the latest either way.
                languages = latestLanguageResults
                languagesLimit = max(32, 2 * languages.count)
            }
        case .note(let note):
            if let itemID = note.item, let item = index(itemID) {
                items[item].notes.append(record(note))
            } else {
                generalNotes.append(record(note))
            }
        case .retracted(let retraction):
            retracted.insert(retraction.target)
        case .overridden(let override):
            overrides.append(record(override))
        case .closed(let closing):
            items[currentItem].timeSpent += max(0, event.at.milliseconds - enteredItemAt.milliseconds)
            enteredItemAt = event.at
            closed = Recorded(seq: event.seq, at: event.at, by: event.by, value: closing)
        case .panelistRemoved(let removed):
            remove(removed.name)
        case .endorsed(let endorsed):
            endorsements.append(Recorded(seq: event.seq, at: event.at, by: event.by, value: endorsed))
        case .joined, .left:
            break  // who is connected is the host's to know; the transcript keeps the record
        case .voided(let voiding):
            items[currentItem].timeSpent += max(0, event.at.milliseconds - enteredItemAt.milliseconds)
            enteredItemAt = event.at
            voided = Recorded(seq: event.seq, at: event.at, by: event.by, value: voiding)
        }
    }

    /// Takes a panelist off the panel; whoever was acting goes on acting, or the first
    /// panelist if it was the one removed.
    private mutating func remove(_ name: String) {
        guard let index = panel.firstIndex(where: { $0.name == name }) else { return }
        let acting = panelist?.name
        panel.remove(at: index)
        panelIndex = [:]
        for (position, panelist) in panel.enumerated() where panelIndex[panelist.name] == nil {
            panelIndex[panelist.name] = position
        }
        currentPanelist = acting.flatMap { panelIndex[$0] } ?? 0
    }

    /// The index of an item id; reads through `started` so the assessment is not copied.
    private func itemIndex(_ id: String) -> Int? {
        started.assessment.items.firstIndex { $0.id == id }
    }

    /// Without history: drops what `event` makes unreadable. (A rating without text is kept
    /// apart in `latest`, where the panelist's next rating replaces it; see `apply`.)
    private mutating func forgetSuperseded(by event: Event) {
        func item(_ id: String) -> Int? { itemIndex(id) }
        switch event.payload {
        case .consensus(let consensus):
            if let index = item(consensus.item) { items[index].consensus.removeAll() }
        case .summarized(let summary):
            if let index = item(summary.item) { items[index].summaries.removeAll() }
        case .overridden:
            overrides.removeAll()
        default:
            break
        }
    }

    // MARK: Reading the state

    func live<Value>(_ records: [Recorded<Value>]) -> [Recorded<Value>] {
        records.filter { !retracted.contains($0.seq) }
    }

    /// What `undo` retracts, oldest first: `by`'s latest recording, and with it the rest of
    /// its `rate` line (`rate y y p n -- …`): the ratings and evidence on the same item that
    /// were written just before it, at the same time.
    public func lastCommand(by name: String) -> [Int] {
        guard var position = recordings.lastIndex(where: { $0.by == name && !retracted.contains($0.seq) }) else { return [] }
        let last = recordings[position]
        var seqs = [last.seq]
        // Only where the format gives each command its own time (older transcripts: one event).
        while last.ofLine, started.version >= commandTimesVersion, position > 0 {
            position -= 1
            let earlier = recordings[position]
            guard earlier.ofLine, earlier.seq == seqs[0] - 1, earlier.by == name, earlier.at == last.at,
                  earlier.item == last.item, !retracted.contains(earlier.seq) else { break }
            seqs.insert(earlier.seq, at: 0)
        }
        return seqs
    }

    /// The interview as one panelist of a hosted panel sees and records it: `name` acting,
    /// at their own item (a panelist may finish a rating elsewhere while the panel moves on).
    /// Only for reading and deciding: events are applied to the panel's state.
    public func seen(by name: String, at item: Int) -> InterviewState {
        var view = self
        view.panelItem = panelItem ?? currentItem
        if assessment.items.indices.contains(item) { view.currentItem = item }
        // Someone no longer on the panel acts as nobody (never as whoever acts at the panel).
        view.currentPanelist = panelIndex[name] ?? panel.count
        return view
    }

    /// Whether this is one hosted panelist's view (`seen`), not the panel's own state.
    public var isPanelistView: Bool { panelItem != nil }

    /// The panel's item: where it is in the interview, whichever item a view is at.
    public var panelsItem: Int { panelItem ?? currentItem }

    /// Milliseconds spent on an item, counting the current visit up to `now`.
    public func timeSpent(onItem index: Int, now: Timestamp) -> Int64 {
        var total = items[index].timeSpent
        if index == panelsItem && !isClosed { total += max(0, now.milliseconds - enteredItemAt.milliseconds) }
        return total
    }

    /// The latest of `list` that is not retracted, starting from where `entry` points.
    /// Only a state with full history can have retracted recordings, and then (after an
    /// `undo`) the search goes back through the earlier ones.
    private func latestLive<Value>(_ entry: Latest<Value>?, in list: [Recorded<Value>],
                               where matches: (Recorded<Value>) -> Bool) -> Recorded<Value>? {
        let end: Int
        switch entry {
        case nil: return nil
        case .apart(let recorded):
            if !retracted.contains(recorded.seq) { return recorded }
            end = list.count
        case .at(let position):
            if !retracted.contains(list[position].seq) { return list[position] }
            end = position
        }
        return list[..<end].last { matches($0) && !retracted.contains($0.seq) }
    }

    /// A panelist's latest score of an item, if not retracted.
    func latestScore(item index: Int, by name: String) -> Recorded<Scored>? {
        latestLive(latest[index].scores[name], in: items[index].scores) { $0.by == name }
    }

    /// Each panelist's latest scale rating of an item.
    public func scores(item index: Int) -> [String: Recorded<Scored>] {
        var scores: [String: Recorded<Scored>] = [:]
        for name in latest[index].scores.keys { scores[name] = latestScore(item: index, by: name) }
        return scores
    }

    /// A panelist's latest rating of each indicator of an item.
    public func indicatorRatings(item index: Int, by name: String) -> [Int: IndicatorRating] {
        var ratings: [Int: IndicatorRating] = [:]
        for (indicator, entry) in latest[index].ratings[name] ?? [:] {
            let rating = latestLive(entry, in: items[index].ratings) { $0.by == name && $0.value.indicator == indicator }
            if let rating { ratings[indicator] = rating.value.rating }
        }
        return ratings
    }

    /// A panelist's value for an item: the score, or the mean of the indicator ratings once
    /// every indicator is rated. Nil while incomplete.
    public func value(item index: Int, by name: String) -> Double? {
        switch assessment.method {
        case .scale:
            return latestScore(item: index, by: name).map { Double($0.value.value) }
        case .indicators:
            let ratings = indicatorRatings(item: index, by: name)
            let count = assessment.items[index].indicators.count
            guard count > 0, ratings.count == count else { return nil }
            return ratings.values.map(\.value).reduce(0, +) / Double(count)
        }
    }

    /// Every panelist's value for an item, in panel order, for those who have one.
    public func values(item index: Int) -> [(panelist: String, value: Double)] {
        panel.compactMap { panelist in value(item: index, by: panelist.name).map { (panelist.name, $0) } }
    }

    public func hasRated(item index: Int, by name: String) -> Bool {
        switch assessment.method {
        case .scale: return value(item: index, by: name) != nil
        case .indicators: return !indicatorRatings(item: index, by: name).isEmpty
        }
    }

    /// The panelists who rate competencies (see `PanelPolicy.rates`), in panel order.
    public var raters: [Panelist] { panel.filter { assessment.panel.rates($0) } }

    /// Whether every panelist who rates has a complete rating of the item.
    public func allRated(item index: Int) -> Bool {
        raters.allSatisfy { value(item: index, by: $0.name) != nil }
    }

    /// Max minus min of the panelists' values.
    public func spread(item index: Int) -> Double? {
        let numbers = values(item: index).map(\.value)
        guard let low = numbers.min(), let high = numbers.max() else { return nil }
        return high - low
    }

    /// Ratings differ by at least the assessment's discrepancy.
    public func isFlagged(item index: Int) -> Bool {
        guard let spread = spread(item: index) else { return false }
        return spread >= assessment.rules.discrepancy - 1e-9
    }

    public func consensus(item index: Int) -> Recorded<Consensus>? { live(items[index].consensus).last }
    public func summary(item index: Int) -> Recorded<Summarized>? { live(items[index].summaries).last }
    public func isRevealed(item index: Int) -> Bool { items[index].revealedAt != nil }

    /// In blind mode, ratings of an item stay hidden until it is revealed, and then stay
    /// shown: a rating by a panelist added since shows as it is made, as any after a reveal.
    public func ratingsHidden(item index: Int) -> Bool { blind && !isRevealed(item: index) }

    /// Whether `name` ever rated the item, retracted ratings included.
    public func everRated(item index: Int, by name: String) -> Bool {
        latest[index].scores[name] != nil || latest[index].ratings[name] != nil
    }

    /// Whether `name` is on the panel.
    public func isOnPanel(_ name: String) -> Bool { panelIndex[name] != nil }

    /// Whether `name` has recorded anything (a rating, text, a reveal), even if retracted.
    public func hasRecorded(_ name: String) -> Bool { recordedBy.contains(name) }

    /// Whether a consensus is needed for the item before `close`.
    public func needsConsensus(item index: Int) -> Bool { blind || isFlagged(item: index) }

    /// The examiner's latest result per language and skill.
    public var languageResults: LanguageResults {
        var results: LanguageResults = [:]
        for entry in live(languages) { results[entry.value.language, default: [:]][entry.value.skill] = entry.value.level }
        return results
    }

    /// The latest result per language and skill that is not retracted, oldest first.
    public var latestLanguageResults: [Recorded<LanguageResult>] {
        var seen: Set<String> = []
        let latest = live(languages).reversed().filter { seen.insert($0.value.language + " " + $0.value.skill.rawValue).inserted }
        return latest.reversed()
    }

    public var languageDecision: (decision: LanguageDecision, reasons: [String]) {
        guard let requirement = assessment.languages.parsedRequirement else { return (.met, ["no language requirement"]) }
        return evaluate(requirement, results: languageResults, skills: assessment.languages.skills)
    }

    public var override: Recorded<Overridden>? { live(overrides).last }
    public var notes: [Recorded<Note>] { live(generalNotes) }
}
