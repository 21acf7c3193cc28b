/// Why the interview refuses a command. Nothing is recorded. The shell words each case
/// (`CommandRefusal.message` in AssessShell); the cases carry what the wording needs.
public enum CommandRefusal: Error, Equatable, Sendable {
    /// No item has this id or number.
    case unknownItem(String)
    case atLastItem
    case atFirstItem
    /// No panelist has this name or unique prefix.
    case unknownPanelist(String)
    case badPanelist(PanelError)
    /// A recording with nobody acting.
    case nobodyActing
    /// The acting panelist's role does not allow the command; `holders` are who may.
    case outsideRole(panelist: Panelist, duty: Duty, holders: [Panelist])
    /// `panel remove`: the panelist has recorded something, so stays on the record.
    case hasRecorded(String)
    /// `panel remove` of the only panelist.
    case lastPanelist(String)
    /// `panel remove` of the panel's only chair.
    case onlyChair(String)
    /// Nobody on the panel rates competencies (only an examiner or observing HR).
    case nobodyRates
    /// The interview is closed (or, `void`, voided): nothing more is recorded.
    case ended(void: Bool)
    /// A revealed rating given again unchanged, where a change would need a reason: nothing to record.
    case unchanged(String)
    /// `score` or `rate` where the assessment uses the other method (the one given).
    case wrongMethod(Method)
    case notAScore(String)
    case outsideScale(Int)
    /// Not an indicator number of the current item.
    case notAnIndicator(String)
    case ratingMissing(indicator: Int)
    case notARating(String)
    /// `rate` with ratings only gives one per indicator, in order: `needed`, not `given`.
    case ratingCount(given: Int, needed: Int)
    /// `rate A-B`: not a range of the current item's indicators.
    case notARange(String)
    /// Changing a revealed rating in blind mode needs a reason; `example` is the command so far.
    case reasonNeeded(example: String)
    case emptyText(TextKind)
    case notBlind
    case alreadyRevealed
    /// Reveal before everyone has rated: who has not, and under the indicator method which
    /// indicators each still has to rate.
    case notAllRated(waiting: [Waiting])

    public struct Waiting: Equatable, Sendable {
        public var panelist: String
        /// Indicator numbers not rated yet; empty on a scale.
        public var indicators: [Int]
    }
    case consensusValueMissing
    case notAConsensus(String)
    /// Consensus in blind mode before `reveal`.
    case notRevealed
    case rationaleMissing(value: String)
    case summaryTooLong(words: Int, limit: Int)
    case summaryWordTooLong(length: Int, limit: Int)
    case languageArgumentsMissing
    case unknownLanguage(String)
    case notASkill(String)
    case notALevel(String)
    case nothingToUndo(panelist: String)
    case notARecommendation(String?)
    case justificationMissing(Recommendation)
    case incomplete([CloseGap])

    /// The free text a command needs and did not get.
    public enum TextKind: Equatable, Sendable {
        case evidence, summary, note, closeReason, voidReason
    }
}

/// Something that must be done before `close`.
public enum CloseGap: Equatable, Sendable {
    /// These panelists have not rated these items (and there is no consensus).
    case notRated(panelists: [String], items: [String])
    /// Items that need a consensus: in blind mode, or because ratings are flagged.
    case consensusNeeded(items: [String], blind: Bool)
    case summaryMissing(items: [String])
    /// Nobody on the panel rates competencies.
    case nobodyRates
    /// The language requirement cannot be decided; the evaluation's reasons.
    case languagesUndecided(reasons: [String])
}

/// What a command records, typed, so the caller gets back what it asked for: one event or
/// (`rate y y p n`, an `undo` of it) several, written together.
public protocol EventContent: Sendable {
    var payloads: [EventPayload] { get }
}

/// The content of a command that records one event.
public protocol OneEvent: EventContent {
    var payload: EventPayload { get }
}

extension OneEvent {
    public var payloads: [EventPayload] { [payload] }
}

/// `rate`: a rating per indicator, and the line's evidence as its own `evidence` event when it
/// is about several indicators (`rate y y p n -- …`, `rate 2-4 partly …`).
public struct RatedLine: EventContent {
    public var ratings: [Rated]
    public var evidence: EvidenceNote?
    public var payloads: [EventPayload] { ratings.map { .rated($0) } + (evidence.map { [.evidence($0)] } ?? []) }
}

/// `undo`: the retraction of each event of the panelist's last command.
public struct Retractions: EventContent {
    public var retractions: [Retracted]
    public var payloads: [EventPayload] { retractions.map { .retracted($0) } }
}

extension Moved: OneEvent { public var payload: EventPayload { .moved(self) } }
extension Acting: OneEvent { public var payload: EventPayload { .acting(self) } }
extension PanelistAdded: OneEvent { public var payload: EventPayload { .panelistAdded(self) } }
extension Scored: OneEvent { public var payload: EventPayload { .scored(self) } }
extension Rated: OneEvent { public var payload: EventPayload { .rated(self) } }
extension EvidenceNote: OneEvent { public var payload: EventPayload { .evidence(self) } }
extension Revealed: OneEvent { public var payload: EventPayload { .revealed(self) } }
extension Consensus: OneEvent { public var payload: EventPayload { .consensus(self) } }
extension Summarized: OneEvent { public var payload: EventPayload { .summarized(self) } }
extension LanguageResult: OneEvent { public var payload: EventPayload { .language(self) } }
extension Note: OneEvent { public var payload: EventPayload { .note(self) } }
extension Retracted: OneEvent { public var payload: EventPayload { .retracted(self) } }
extension Overridden: OneEvent { public var payload: EventPayload { .overridden(self) } }
extension Closed: OneEvent { public var payload: EventPayload { .closed(self) } }
extension PanelistRemoved: OneEvent { public var payload: EventPayload { .panelistRemoved(self) } }
extension Voided: OneEvent { public var payload: EventPayload { .voided(self) } }

/// Decides what a command by one panelist records in the interview as it stands: the
/// event's content, or a `CommandRefusal`. No I/O and no wording: the local shell and the
/// panel host call it with arguments already parsed, record what it returns, and word
/// what it refuses.
public struct CommandService {
    public let state: InterviewState
    /// Who the command is by; nil when nobody is acting.
    public let panelist: Panelist?

    /// Commands by the panelist the state says is acting (`as NAME`).
    public init(_ state: InterviewState) {
        self.init(state, by: state.panelist)
    }

    public init(_ state: InterviewState, by panelist: Panelist?) {
        self.state = state
        self.panelist = panelist
    }

    private var assessment: Assessment { state.assessment }
    private var current: AssessedItem { state.item }

    // MARK: Finding items and panelists

    /// An item by id or number.
    public func item(_ reference: String) throws(CommandRefusal) -> Int {
        if let index = assessment.item(named: reference) { return index }
        throw .unknownItem(reference)
    }

    /// A panelist by name, ignoring case; a unique prefix is enough.
    public func panelist(_ name: String) throws(CommandRefusal) -> Panelist {
        let panel = state.panel
        let lowered = name.lowercased()
        if let exact = panel.first(where: { $0.name.lowercased() == lowered }) { return exact }
        let prefixed = panel.filter { $0.name.lowercased().hasPrefix(lowered) }
        if prefixed.count == 1 { return prefixed[0] }
        throw .unknownPanelist(name)
    }

    // MARK: Navigation and panel

    public func move(to reference: String) throws(CommandRefusal) -> Moved {
        Moved(item: assessment.items[try item(reference)].id)
    }

    public func next() throws(CommandRefusal) -> Moved {
        guard state.currentItem + 1 < assessment.items.count else { throw .atLastItem }
        return Moved(item: assessment.items[state.currentItem + 1].id)
    }

    public func previous() throws(CommandRefusal) -> Moved {
        guard state.currentItem > 0 else { throw .atFirstItem }
        return Moved(item: assessment.items[state.currentItem - 1].id)
    }

    public func act(as name: String) throws(CommandRefusal) -> Acting {
        Acting(panelist: try panelist(name).name)
    }

    public func add(_ newcomer: Panelist) throws(CommandRefusal) -> PanelistAdded {
        _ = try acting(for: .chairing)
        do {
            let checked = try PanelParser.checked(newcomer, joining: state.panel, roles: assessment.panel.roles)
            return PanelistAdded(name: checked.name, role: checked.role)
        } catch {
            throw .badPanelist(error)
        }
    }

    /// `panel remove NAME` (the whole name): only a panelist who has recorded nothing, and
    /// never the last one, nor the only chair (then anyone could chair).
    public func remove(_ name: String) throws(CommandRefusal) -> PanelistRemoved {
        _ = try acting(for: .chairing)
        guard let leaving = state.panel.first(where: { $0.name.lowercased() == name.lowercased() }) else {
            throw .unknownPanelist(name)
        }
        guard !state.hasRecorded(leaving.name) else { throw .hasRecorded(leaving.name) }
        guard state.panel.count > 1 else { throw .lastPanelist(leaving.name) }
        if leaving.role == Role.chair && state.panel.filter({ $0.role == Role.chair }).count == 1 {
            throw .onlyChair(leaving.name)
        }
        return PanelistRemoved(name: leaving.name)
    }

    // MARK: Ratings

    private func acting() throws(CommandRefusal) -> Panelist {
        guard let panelist else { throw .nobodyActing }
        return panelist
    }

    /// The acting panelist, if their role allows `duty` (PRODUCT.md "Roles").
    private func acting(for duty: Duty) throws(CommandRefusal) -> Panelist {
        let panelist = try acting()
        let policy = assessment.panel
        guard policy.allows(panelist, duty, on: state.panel) else {
            throw .outsideRole(panelist: panelist, duty: duty, holders: policy.holders(of: duty, on: state.panel))
        }
        return panelist
    }

    /// The text as evidence, or, in blind mode once the item is revealed, as the reason a
    /// panelist who had rated it changes their rating (then required). Retracted ratings
    /// count as had: undo must not be a way around giving a reason.
    private func evidenceOrReason(_ text: String, by panelist: Panelist, example: String) throws(CommandRefusal) -> (evidence: String?, reason: String?) {
        let text = text.trimmingBlanks
        guard needsReason(by: panelist) else { return (text.isEmpty ? nil : text, nil) }
        guard !text.isEmpty else { throw .reasonNeeded(example: example) }
        return (nil, text)
    }

    /// Whether a rating by `panelist` of the current item changes a revealed one (blind mode).
    private func needsReason(by panelist: Panelist) -> Bool {
        state.blind && state.isRevealed(item: state.currentItem) && state.everRated(item: state.currentItem, by: panelist.name)
    }

    /// `score VALUE [EVIDENCE]` under the scale method.
    public func score(_ valueText: String, evidence: String) throws(CommandRefusal) -> Scored {
        guard assessment.method == .scale, let scale = assessment.scale else { throw .wrongMethod(.indicators) }
        let panelist = try acting(for: .rating)
        guard let value = Int(valueText) else { throw .notAScore(valueText) }
        guard scale.contains(value) else { throw .outsideScale(value) }
        if needsReason(by: panelist), evidence.trimmingBlanks.isEmpty, state.value(item: state.currentItem, by: panelist.name) == Double(value) {
            throw .unchanged("score \(value)")
        }
        let (evidence, reason) = try evidenceOrReason(evidence, by: panelist, example: "score \(value)")
        return Scored(item: current.id, value: value, evidence: evidence, reason: reason)
    }

    /// `rate` under the indicator method, in its three forms, each an event per indicator:
    /// - `rate 3 yes [EVIDENCE]`: one indicator;
    /// - `rate 2-4 partly [EVIDENCE]`: a range;
    /// - `rate y y p n [-- EVIDENCE]`: every indicator in order (`words` are the ratings).
    /// Ratings are `yes` `partly` `no` or `y` `p` `n`. A reason, where a revealed rating
    /// changes (blind mode), goes with each rating.
    public func rate(_ words: [String], evidence: String) throws(CommandRefusal) -> RatedLine {
        guard assessment.method == .indicators else { throw .wrongMethod(.scale) }
        let panelist = try acting(for: .rating)
        let count = current.indicators.count
        var ratings: [(indicator: Int, rating: IndicatorRating)]
        let example: String
        if let first = words.first, IndicatorRating(word: first) != nil {
            var all: [IndicatorRating] = []
            for word in words {
                guard let rating = IndicatorRating(word: word) else { throw .notARating(word) }
                all.append(rating)
            }
            guard all.count == count else { throw .ratingCount(given: all.count, needed: count) }
            ratings = all.enumerated().map { ($0.offset + 1, $0.element) }
            example = "rate " + all.map { String($0.rawValue.prefix(1)) }.joined(separator: " ") + " --"
        } else {
            let target = words.first ?? ""
            let numbers: ClosedRange<Int>
            if let dash = target.firstIndex(of: "-"), dash != target.startIndex {
                guard let low = Int(target[..<dash]), let high = Int(target[target.index(after: dash)...]), low <= high,
                      low >= 1, high <= count else { throw .notARange(target) }
                numbers = low...high
            } else {
                guard let number = Int(target), (1...count).contains(number) else { throw .notAnIndicator(target) }
                numbers = number...number
            }
            guard words.count > 1 else { throw .ratingMissing(indicator: numbers.lowerBound) }
            guard let rating = IndicatorRating(word: words[1]) else { throw .notARating(words[1]) }
            guard words.count == 2 else { throw .ratingCount(given: words.count - 1, needed: 1) }
            ratings = numbers.map { ($0, rating) }
            example = "rate \(target) \(rating.rawValue)"
        }
        let standing = state.indicatorRatings(item: state.currentItem, by: panelist.name)
        if needsReason(by: panelist) {
            if evidence.trimmingBlanks.isEmpty, ratings.allSatisfy({ standing[$0.indicator] == $0.rating }) {
                throw .unchanged(ratings.count == 1 ? "indicator \(ratings[0].indicator) \(ratings[0].rating.rawValue)"
                                 : ratings.map { String($0.rating.rawValue.prefix(1)) }.joined(separator: " "))
            }
            // A change after the reveal records the indicators that change, each with the reason.
            let changed = ratings.filter { standing[$0.indicator] != $0.rating }
            if !changed.isEmpty { ratings = changed }
        }
        let (evidence, reason) = try evidenceOrReason(evidence, by: panelist, example: example)
        // One indicator's evidence goes with its rating; a line's, about several, on its own.
        let single = ratings.count == 1 && IndicatorRating(word: words[0]) == nil
        return RatedLine(
            ratings: ratings.map { Rated(item: current.id, indicator: $0.indicator, rating: $0.rating,
                                         evidence: single ? evidence : nil, reason: reason) },
            evidence: single ? nil : evidence.map { EvidenceNote(item: current.id, text: $0) })
    }

    public func evidence(_ text: String) throws(CommandRefusal) -> EvidenceNote {
        _ = try acting(for: .rating)
        return EvidenceNote(item: current.id, text: try required(text, .evidence))
    }

    public func reveal() throws(CommandRefusal) -> Revealed {
        guard state.blind else { throw .notBlind }
        guard !state.isRevealed(item: state.currentItem) else { throw .alreadyRevealed }
        _ = try acting(for: .chairing)
        let item = state.currentItem
        let waiting = state.raters.filter { state.value(item: item, by: $0.name) == nil }.map { panelist in
            let rated = state.indicatorRatings(item: item, by: panelist.name)
            let missing = assessment.method == .indicators ? current.indicators.map(\.number).filter { rated[$0] == nil } : []
            return CommandRefusal.Waiting(panelist: panelist.name, indicators: missing)
        }
        guard !state.raters.isEmpty else { throw .nobodyRates }
        guard waiting.isEmpty else { throw .notAllRated(waiting: waiting) }
        return Revealed(item: current.id)
    }

    /// `consensus VALUE RATIONALE`: a whole number on the scale, or an item value from 0 to 1.
    public func agree(_ valueText: String?, rationale: String) throws(CommandRefusal) -> Consensus {
        _ = try acting(for: .chairing)
        guard let valueText else { throw .consensusValueMissing }
        let value: Double
        switch assessment.method {
        case .scale:
            guard let scale = assessment.scale, let number = Int(valueText), scale.contains(number) else {
                throw .notAConsensus(valueText)
            }
            value = Double(number)
        case .indicators:
            guard let number = Double(valueText), number >= 0, number <= 1 else { throw .notAConsensus(valueText) }
            value = number
        }
        if state.blind && !state.isRevealed(item: state.currentItem) { throw .notRevealed }
        let rationale = rationale.trimmingBlanks
        guard !rationale.isEmpty else { throw .rationaleMissing(value: valueText) }
        return Consensus(item: current.id, value: value, rationale: rationale)
    }

    /// The longest word a summary may hold, in characters (a long URL fits).
    public static let summaryWordLength = 60

    public func summarize(_ text: String) throws(CommandRefusal) -> Summarized {
        _ = try acting(for: .rating)
        let text = try required(text, .summary)
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        let limit = assessment.rules.summaryWords
        guard words.count <= limit else { throw .summaryTooLong(words: words.count, limit: limit) }
        // Without this, one endless "word" would pass the word limit.
        let wordLimit = CommandService.summaryWordLength
        if let long = words.first(where: { $0.utf8.count > wordLimit && $0.count > wordLimit }) {
            throw .summaryWordTooLong(length: long.count, limit: wordLimit)
        }
        return Summarized(item: current.id, text: text)
    }

    /// `lang LANGUAGE oral|written LEVEL [NOTE]`.
    public func language(_ arguments: [String], note: String) throws(CommandRefusal) -> LanguageResult {
        _ = try acting(for: .languages)
        guard arguments.count >= 3 else { throw .languageArgumentsMissing }
        guard let language = Languages.named(arguments[0]) else { throw .unknownLanguage(arguments[0]) }
        guard let skill = LanguageSkill(rawValue: arguments[1].lowercased()) else { throw .notASkill(arguments[1]) }
        guard let level = CEFRLevel(parsing: arguments[2]) else { throw .notALevel(arguments[2]) }
        let note = note.trimmingBlanks
        return LanguageResult(language: language, skill: skill, level: level, note: note.isEmpty ? nil : note)
    }

    public func note(_ text: String) throws(CommandRefusal) -> Note {
        _ = try acting()
        return Note(item: current.id, text: try required(text, .note))
    }

    /// `undo`: retracts the acting panelist's last command (`InterviewState.lastCommand`).
    public func undo() throws(CommandRefusal) -> Retractions {
        let panelist = try acting()
        let seqs = state.lastCommand(by: panelist.name)
        guard !seqs.isEmpty else { throw .nothingToUndo(panelist: panelist.name) }
        return Retractions(retractions: seqs.map(Retracted.init(target:)))
    }

    /// `override recommended|not-recommended JUSTIFICATION`.
    public func override(_ word: String?, justification: String) throws(CommandRefusal) -> Overridden {
        _ = try acting(for: .chairing)
        guard let word, let recommendation = Recommendation(rawValue: word.lowercased()) else { throw .notARecommendation(word) }
        let justification = justification.trimmingBlanks
        guard !justification.isEmpty else { throw .justificationMissing(recommendation) }
        return Overridden(recommendation: recommendation, justification: justification)
    }

    /// `close [--force REASON]`: refused while `closeGaps` is not empty, unless forced.
    public func close(forceReason: String?) throws(CommandRefusal) -> Closed {
        _ = try acting(for: .chairing)
        if let forceReason {
            let reason = try required(forceReason, .closeReason)
            return Closed(forced: true, reason: reason, recommendation: standingRecommendation)
        }
        let gaps = closeGaps
        guard gaps.isEmpty else { throw .incomplete(gaps) }
        return Closed(forced: false, recommendation: standingRecommendation)
    }

    /// `void REASON`: the chair ends the interview as void (abandoned, wrong candidate).
    public func void(reason: String) throws(CommandRefusal) -> Voided {
        _ = try acting(for: .chairing)
        return Voided(reason: try required(reason, .voidReason))
    }

    /// The recommendation as things stand: the override's, else the computed one.
    private var standingRecommendation: Recommendation { Scoring.summary(of: state).recommendation }

    /// What still has to be done before `close`, one entry per kind of gap. A mock interview
    /// needs only the trainee's ratings: no summaries, consensus or languages.
    public var closeGaps: [CloseGap] {
        var gaps: [CloseGap] = []
        var unrated: [(panelists: [String], items: [String])] = []
        var consensusNeeded: [String] = []
        var summaryMissing: [String] = []
        let interview = state.mode == .interview
        for (index, item) in assessment.items.enumerated() {
            if state.consensus(item: index) == nil {
                let names = state.raters.filter { state.value(item: index, by: $0.name) == nil }.map(\.name)
                if !names.isEmpty {
                    if let group = unrated.firstIndex(where: { $0.panelists == names }) {
                        unrated[group].items.append(item.id)
                    } else {
                        unrated.append((names, [item.id]))
                    }
                } else if state.needsConsensus(item: index) && interview {
                    consensusNeeded.append(item.id)
                }
            }
            if state.summary(item: index) == nil && interview { summaryMissing.append(item.id) }
        }
        if state.raters.isEmpty && interview { gaps.append(.nobodyRates) }
        gaps += unrated.map { CloseGap.notRated(panelists: $0.panelists, items: $0.items) }
        if !consensusNeeded.isEmpty { gaps.append(.consensusNeeded(items: consensusNeeded, blind: state.blind)) }
        if !summaryMissing.isEmpty { gaps.append(.summaryMissing(items: summaryMissing)) }
        let languages = state.languageDecision
        if languages.decision == .undecided && interview { gaps.append(.languagesUndecided(reasons: languages.reasons)) }
        return gaps
    }

    private func required(_ text: String, _ kind: CommandRefusal.TextKind) throws(CommandRefusal) -> String {
        let text = text.trimmingBlanks
        guard !text.isEmpty else { throw .emptyText(kind) }
        return text
    }
}
