/// The candidate being interviewed.
public struct Candidate: Codable, Equatable, Sendable {
    public var name: String
    public var id: String?

    public init(name: String, id: String? = nil) {
        self.name = name
        self.id = id
    }
}

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
    /// language result and override, and every text. Memory then does not grow with the
    /// transcript. No history means `undo` cannot be undone here: give the `seq` of every
    /// event retracted later in the transcript (`TranscriptReader.retractedTargets`), and
    /// those recordings are left out as they arrive.
    case latest(retracted: Set<Int>)
}

/// The state of an interview: a fold over its events. A live interview, a resumed one and
/// a replayed one all build it the same way, with `apply`.
public struct InterviewState: Equatable, Sendable {
    public let started: Started
    public let startedAt: Timestamp
    public private(set) var panel: [Panelist]
    /// Index into `assessment.items`.
    public private(set) var currentItem = 0
    /// Index into `panel` of the panelist whose ratings the next commands record.
    public private(set) var currentPanelist = 0
    public private(set) var items: [ItemRecord]
    public private(set) var languages: [Recorded<LanguageResult>] = []
    public private(set) var generalNotes: [Recorded<Note>] = []
    public private(set) var overrides: [Recorded<Overridden>] = []
    public private(set) var closed: Recorded<Closed>?
    /// Events retracted by `undo`.
    public private(set) var retracted: Set<Int> = []
    /// When the current visit to the current item began.
    public private(set) var enteredItemAt: Timestamp
    public private(set) var lastSeq: Int
    public private(set) var lastEventAt: Timestamp
    /// Recording events in order, for `undo`: (seq, by). Empty without full history.
    private var recordings: [(seq: Int, by: String)] = []
    private let keepsHistory: Bool
    /// Recordings to leave out, for a state without history.
    private let retractedAhead: Set<Int>

    public var assessment: Assessment { started.assessment }
    public var candidate: Candidate { started.candidate }
    public var blind: Bool { started.blind }
    public var mode: InterviewMode { started.mode }
    public var isClosed: Bool { closed != nil }
    public var item: AssessedItem { assessment.items[currentItem] }
    public var panelist: Panelist? { panel.indices.contains(currentPanelist) ? panel[currentPanelist] : nil }

    /// The state right after the `started` event.
    public init(started: Started, at: Timestamp, seq: Int = 1, history: StateHistory = .full) {
        switch history {
        case .full: (keepsHistory, retractedAhead) = (true, [])
        case .latest(let retracted): (keepsHistory, retractedAhead) = (false, retracted)
        }
        self.started = started
        self.startedAt = at
        self.panel = started.panel
        self.items = Array(repeating: ItemRecord(), count: started.assessment.items.count)
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
            && a.retracted == b.retracted && a.enteredItemAt == b.enteredItemAt && a.lastSeq == b.lastSeq
            && a.recordings.map(\.seq) == b.recordings.map(\.seq)
    }

    /// Folds one event into the state.
    public mutating func apply(_ event: Event) {
        lastSeq = event.seq
        lastEventAt = event.at
        func index(_ item: String) -> Int? { itemIndex(item) }
        func record<Value>(_ value: Value) -> Recorded<Value> {
            if keepsHistory { recordings.append((event.seq, event.by)) }
            return Recorded(seq: event.seq, at: event.at, by: event.by, value: value)
        }
        if !keepsHistory {
            if retractedAhead.contains(event.seq) && event.payload.isRecording { return }
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
            if let found = panel.firstIndex(where: { $0.name == acting.panelist }) { currentPanelist = found }
        case .panelistAdded(let added):
            panel.append(Panelist(name: added.name, role: added.role))
        case .scored(let scored):
            if let item = index(scored.item) { items[item].scores.append(record(scored)) }
        case .rated(let rated):
            if let item = index(rated.item) { items[item].ratings.append(record(rated)) }
        case .evidence(let note):
            if let item = index(note.item) { items[item].evidence.append(record(note)) }
        case .revealed(let revealed):
            if let item = index(revealed.item) { items[item].revealedAt = event.at }
        case .consensus(let consensus):
            if let item = index(consensus.item) { items[item].consensus.append(record(consensus)) }
        case .summarized(let summary):
            if let item = index(summary.item) { items[item].summaries.append(record(summary)) }
        case .language(let result):
            languages.append(record(result))
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
        }
    }

    /// The index of an item id; reads through `started` so the assessment is not copied.
    private func itemIndex(_ id: String) -> Int? {
        started.assessment.items.firstIndex { $0.id == id }
    }

    /// Without history: drops what `event` makes unreadable. A rating goes once the same
    /// panelist rates again, unless it carries text the summary shows.
    private mutating func forgetSuperseded(by event: Event) {
        func item(_ id: String) -> Int? { itemIndex(id) }
        switch event.payload {
        case .scored(let scored):
            // At most one such rating per panelist is left, and it is among the latest.
            guard let index = item(scored.item),
                  let old = items[index].scores.lastIndex(where: { $0.by == event.by && $0.value.evidence == nil && $0.value.reason == nil })
            else { return }
            items[index].scores.remove(at: old)
        case .rated(let rated):
            guard let index = item(rated.item), let old = items[index].ratings.lastIndex(where: {
                $0.by == event.by && $0.value.indicator == rated.indicator && $0.value.evidence == nil && $0.value.reason == nil
            }) else { return }
            items[index].ratings.remove(at: old)
        case .consensus(let consensus):
            if let index = item(consensus.item) { items[index].consensus.removeAll() }
        case .summarized(let summary):
            if let index = item(summary.item) { items[index].summaries.removeAll() }
        case .language(let result):
            languages.removeAll { $0.value.language == result.language && $0.value.skill == result.skill }
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

    /// The latest recording `by` has not retracted, if any: what `undo` would retract.
    public func lastRecording(by name: String) -> Int? {
        recordings.last { $0.by == name && !retracted.contains($0.seq) }?.seq
    }

    /// Milliseconds spent on an item, counting the current visit up to `now`.
    public func timeSpent(onItem index: Int, now: Timestamp) -> Int64 {
        var total = items[index].timeSpent
        if index == currentItem && !isClosed { total += max(0, now.milliseconds - enteredItemAt.milliseconds) }
        return total
    }

    /// Each panelist's latest scale rating of an item.
    public func scores(item index: Int) -> [String: Recorded<Scored>] {
        var latest: [String: Recorded<Scored>] = [:]
        for score in live(items[index].scores) { latest[score.by] = score }
        return latest
    }

    /// A panelist's latest rating of each indicator of an item.
    public func indicatorRatings(item index: Int, by name: String) -> [Int: IndicatorRating] {
        var latest: [Int: IndicatorRating] = [:]
        for rating in live(items[index].ratings) where rating.by == name { latest[rating.value.indicator] = rating.value.rating }
        return latest
    }

    /// A panelist's value for an item: the score, or the mean of the indicator ratings once
    /// every indicator is rated. Nil while incomplete.
    public func value(item index: Int, by name: String) -> Double? {
        switch assessment.method {
        case .scale:
            let latest = items[index].scores.last { $0.by == name && !retracted.contains($0.seq) }
            return latest.map { Double($0.value.value) }
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

    /// Whether every panelist has a complete rating of the item.
    public func allRated(item index: Int) -> Bool {
        panel.allSatisfy { value(item: index, by: $0.name) != nil }
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

    /// In blind mode, ratings of an item stay hidden until it is revealed, and again while a
    /// panelist added since has not rated it.
    public func ratingsHidden(item index: Int) -> Bool { blind && (!isRevealed(item: index) || !allRated(item: index)) }

    /// Whether `name` ever rated the item, retracted ratings included.
    public func everRated(item index: Int, by name: String) -> Bool {
        items[index].scores.contains { $0.by == name } || items[index].ratings.contains { $0.by == name }
    }

    /// Whether a consensus is needed for the item before `close`.
    public func needsConsensus(item index: Int) -> Bool { blind || isFlagged(item: index) }

    /// The examiner's latest result per language and skill.
    public var languageResults: LanguageResults {
        var results: LanguageResults = [:]
        for entry in live(languages) { results[entry.value.language, default: [:]][entry.value.skill] = entry.value.level }
        return results
    }

    public var languageDecision: (decision: LanguageDecision, reasons: [String]) {
        guard let requirement = assessment.languages.parsedRequirement else { return (.met, ["no language requirement"]) }
        return evaluate(requirement, results: languageResults, skills: assessment.languages.skills)
    }

    public var override: Recorded<Overridden>? { live(overrides).last }
    public var notes: [Recorded<Note>] { live(generalNotes) }

    /// What still has to be done before `close`, one line per kind of gap.
    public var missingForClose: [String] {
        var missing: [String] = []
        var unratedGroups: [(names: [String], items: [String])] = []
        var consensusNeeded: [String] = []
        var summaryMissing: [String] = []
        for (index, item) in assessment.items.enumerated() {
            if consensus(item: index) == nil {
                let unrated = panel.filter { value(item: index, by: $0.name) == nil }.map(\.name)
                if !unrated.isEmpty {
                    if let group = unratedGroups.firstIndex(where: { $0.names == unrated }) {
                        unratedGroups[group].items.append(item.id)
                    } else {
                        unratedGroups.append((unrated, [item.id]))
                    }
                } else if needsConsensus(item: index) && mode == .interview {
                    consensusNeeded.append(item.id)
                }
            }
            if summary(item: index) == nil && mode == .interview { summaryMissing.append(item.id) }
        }
        for group in unratedGroups {
            missing.append("not rated by \(listing(group.names, conjunction: "and")): \(group.items.joined(separator: ", "))")
        }
        if !consensusNeeded.isEmpty {
            missing.append("a consensus is needed (\(blind ? "blind mode" : "ratings are flagged")): \(consensusNeeded.joined(separator: ", "))")
        }
        if !summaryMissing.isEmpty { missing.append("no written summary: \(summaryMissing.joined(separator: ", "))") }
        // A mock interview needs only the trainee's ratings: no summaries, consensus or languages.
        let languages = languageDecision
        if languages.decision == .undecided && mode == .interview {
            missing.append("languages: \(languages.reasons.joined(separator: "; "))")
        }
        return missing
    }
}
