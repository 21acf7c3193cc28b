/// A command the interview state refuses; the message says what to do. Nothing is recorded.
public struct SessionError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Command semantics: each function checks its arguments against the state and returns
/// the event payload to record, or throws without recording anything.
extension InterviewState {
    // MARK: Navigation and panel

    /// Finds an item by id or number, with a suggestion when it is misspelt.
    public func itemIndex(_ reference: String) throws(SessionError) -> Int {
        if let index = assessment.item(named: reference) { return index }
        let hint = didYouMean(reference, among: assessment.itemIDs)
        throw SessionError("unknown item '\(reference)'\(hint); give an item id or a number 1–\(assessment.items.count) ('items' lists them)")
    }

    public func moving(to reference: String) throws(SessionError) -> EventPayload {
        .moved(Moved(item: assessment.items[try itemIndex(reference)].id))
    }

    public func movingNext() throws(SessionError) -> EventPayload {
        let count = assessment.items.count
        guard currentItem + 1 < count else {
            throw SessionError("this is the last item (\(count)/\(count)); use 'prev' or 'goto ITEM' to move back")
        }
        return .moved(Moved(item: assessment.items[currentItem + 1].id))
    }

    public func movingBack() throws(SessionError) -> EventPayload {
        guard currentItem > 0 else { throw SessionError("this is the first item; use 'next' or 'goto ITEM' to move on") }
        return .moved(Moved(item: assessment.items[currentItem - 1].id))
    }

    /// Finds a panelist by name, ignoring case; a unique prefix is enough.
    public func panelistIndex(_ name: String) throws(SessionError) -> Int {
        let lowered = name.lowercased()
        if let exact = panel.firstIndex(where: { $0.name.lowercased() == lowered }) { return exact }
        let prefixed = panel.indices.filter { panel[$0].name.lowercased().hasPrefix(lowered) }
        if prefixed.count == 1 { return prefixed[0] }
        let names = panel.map(\.name)
        throw SessionError("no panelist '\(name)'\(didYouMean(name, among: names)); the panel is \(names.joined(separator: ", ")) ('panel add NAME' adds one)")
    }

    public func acting(as name: String) throws(SessionError) -> EventPayload {
        .acting(Acting(panelist: panel[try panelistIndex(name)].name))
    }

    public func addingPanelist(_ panelist: Panelist) throws(SessionError) -> EventPayload {
        do {
            let checked = try PanelParser.checked(panelist, joining: panel, roles: assessment.panel.roles)
            return .panelistAdded(PanelistAdded(name: checked.name, role: checked.role))
        } catch {
            throw SessionError(error.description)
        }
    }

    // MARK: Ratings

    func requirePanelist() throws(SessionError) -> Panelist {
        guard let panelist else { throw SessionError("nobody is recording; 'as NAME' picks a panelist") }
        return panelist
    }

    /// In blind mode a panelist who changes a revealed rating must say why: the text is the reason.
    func changeReason(hadRating: Bool, text: String, example: String) throws(SessionError) -> (evidence: String?, reason: String?) {
        let text = text.trimmingBlanks
        guard blind, isRevealed(item: currentItem), hadRating else { return (text.isEmpty ? nil : text, nil) }
        guard !text.isEmpty else {
            throw SessionError("the ratings of \(item.id) are revealed; changing one needs a reason, e.g. '\(example) on reflection the example showed …'")
        }
        return (nil, text)
    }

    /// `score VALUE [EVIDENCE...]` under the scale method.
    public func scoring(_ valueText: String, evidence: String) throws(SessionError) -> EventPayload {
        guard assessment.method == .scale, let scale = assessment.scale else {
            throw SessionError("this assessment uses the indicator method: rate each indicator with 'rate N yes|partly|no' ('show' numbers them)")
        }
        let panelist = try requirePanelist()
        let labels = (scale.min...scale.max).map { "\($0) \(scale.labels[$0] ?? "")" }.joined(separator: ", ")
        guard let value = Int(valueText) else {
            throw SessionError("'\(valueText)' is not a rating; give a whole number from \(scale.min) to \(scale.max) (\(labels))")
        }
        guard scale.contains(value) else {
            throw SessionError("\(value) is outside the scale; give a whole number from \(scale.min) to \(scale.max) (\(labels))")
        }
        // Retracted ratings count: undo must not be a way around giving a reason.
        let hadRating = everRated(item: currentItem, by: panelist.name)
        let (evidenceText, reason) = try changeReason(hadRating: hadRating, text: evidence, example: "score \(value)")
        return .scored(Scored(item: item.id, value: value, evidence: evidenceText, reason: reason))
    }

    /// `rate INDICATOR yes|partly|no [EVIDENCE...]` under the indicator method.
    public func rating(_ indicatorText: String, _ ratingText: String?, evidence: String) throws(SessionError) -> EventPayload {
        guard assessment.method == .indicators else {
            throw SessionError("this assessment rates on a scale: use 'score N' (\(scaleDescription))")
        }
        let panelist = try requirePanelist()
        let count = item.indicators.count
        guard let number = Int(indicatorText), (1...count).contains(number) else {
            throw SessionError("'\(indicatorText)' is not an indicator of \(item.id); give its number 1–\(count) ('show' lists them)")
        }
        guard let ratingText else {
            throw SessionError("rate needs a rating after the indicator: yes, partly or no (e.g. 'rate \(number) yes')")
        }
        guard let rating = IndicatorRating(rawValue: ratingText.lowercased()) else {
            throw SessionError("'\(ratingText)' is not a rating\(didYouMean(ratingText, among: IndicatorRating.allCases.map(\.rawValue))); use yes, partly or no")
        }
        let hadRating = everRated(item: currentItem, by: panelist.name)
        let (evidenceText, reason) = try changeReason(hadRating: hadRating, text: evidence, example: "rate \(number) \(rating.rawValue)")
        return .rated(Rated(item: item.id, indicator: number, rating: rating, evidence: evidenceText, reason: reason))
    }

    public var scaleDescription: String {
        guard let scale = assessment.scale else { return "0 to 1" }
        return "\(scale.min) to \(scale.max)"
    }

    public func addingEvidence(_ text: String) throws(SessionError) -> EventPayload {
        _ = try requirePanelist()
        let text = text.trimmingBlanks
        guard !text.isEmpty else { throw SessionError("evidence needs text: what the candidate said or did, e.g. 'evidence Led the weekly partner calls'") }
        return .evidence(EvidenceNote(item: item.id, text: text))
    }

    public func revealing() throws(SessionError) -> EventPayload {
        guard blind else { throw SessionError("ratings are not hidden: this interview is not in blind mode") }
        guard !isRevealed(item: currentItem) else { throw SessionError("the ratings of \(item.id) are already revealed") }
        let waiting = panel.filter { value(item: currentItem, by: $0.name) == nil }.map(\.name)
        guard waiting.isEmpty else {
            throw SessionError("\(listing(waiting, conjunction: "and")) \(waiting.count == 1 ? "has" : "have") not finished rating \(item.id); reveal comes once every panelist has rated")
        }
        return .revealed(Revealed(item: item.id))
    }

    /// `consensus VALUE RATIONALE...`.
    public func agreeing(_ valueText: String?, rationale: String) throws(SessionError) -> EventPayload {
        _ = try requirePanelist()
        guard let valueText else {
            throw SessionError("consensus needs the agreed value and a rationale, e.g. 'consensus 3 Both examples showed …'")
        }
        let value: Double
        switch assessment.method {
        case .scale:
            guard let scale = assessment.scale, let number = Int(valueText), scale.contains(number) else {
                throw SessionError("'\(valueText)' is not a value on the scale; the consensus is a whole number from \(scaleDescription)")
            }
            value = Double(number)
        case .indicators:
            guard let number = Double(valueText), number >= 0, number <= 1 else {
                throw SessionError("'\(valueText)' is not an item value; with indicators the consensus is from 0 to 1 (e.g. 0.75)")
            }
            value = number
        }
        if blind && !isRevealed(item: currentItem) {
            throw SessionError("reveal the ratings of \(item.id) before agreeing a consensus ('reveal')")
        }
        let rationale = rationale.trimmingBlanks
        guard !rationale.isEmpty else {
            throw SessionError("a consensus needs a rationale after the value, e.g. 'consensus \(valueText) Both examples showed …'")
        }
        return .consensus(Consensus(item: item.id, value: value, rationale: rationale))
    }

    /// The longest word a summary may hold, in characters (a long URL fits).
    public static let summaryWordLength = 60

    public func summarizing(_ text: String) throws(SessionError) -> EventPayload {
        _ = try requirePanelist()
        let text = text.trimmingBlanks
        guard !text.isEmpty else { throw SessionError("summarize needs the panel's summary of \(item.id), e.g. 'summarize Clear STAR examples of …'") }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        let limit = assessment.rules.summaryWords
        guard words.count <= limit else {
            throw SessionError("the summary has \(words.count) words; the limit is \(limit), so shorten it by \(words.count - limit)")
        }
        // Without this, one endless "word" would pass the word limit.
        let wordLimit = InterviewState.summaryWordLength
        if let long = words.first(where: { $0.utf8.count > wordLimit && $0.count > wordLimit }) {
            throw SessionError("a word of the summary is \(long.count) characters long; words are at most \(wordLimit) characters, so break it up or leave it out")
        }
        return .summarized(Summarized(item: item.id, text: text))
    }

    /// `lang LANGUAGE oral|written LEVEL [NOTE...]`.
    public func recordingLanguage(_ arguments: [String], note: String) throws(SessionError) -> EventPayload {
        _ = try requirePanelist()
        let usage = "lang LANGUAGE oral|written LEVEL, e.g. 'lang french oral B2'"
        guard arguments.count >= 3 else { throw SessionError("lang needs a language, a skill and a level: \(usage)") }
        let language = arguments[0].lowercased()
        guard Languages.isKnown(language) else {
            let preferred = assessment.languages.parsedRequirement?.languages ?? []
            let hint = didYouMean(language, among: preferred + Languages.known)
            throw SessionError("unknown language '\(arguments[0])'\(hint); 'help lang' lists the languages")
        }
        guard let skill = LanguageSkill(rawValue: arguments[1].lowercased()) else {
            throw SessionError("'\(arguments[1])' is not a skill; use oral or written (\(usage))")
        }
        guard let level = CEFRLevel(parsing: arguments[2]) else {
            throw SessionError("'\(arguments[2])' is not a level; use a CEFR level A1–C2 or basic, working, confident, fluent")
        }
        let note = note.trimmingBlanks
        return .language(LanguageResult(language: language, skill: skill, level: level, note: note.isEmpty ? nil : note))
    }

    public func noting(_ text: String) throws(SessionError) -> EventPayload {
        _ = try requirePanelist()
        let text = text.trimmingBlanks
        guard !text.isEmpty else { throw SessionError("note needs text, e.g. 'note The candidate asked about start dates'") }
        return .note(Note(item: item.id, text: text))
    }

    /// `undo`: retracts the current panelist's last recording.
    public func undoing() throws(SessionError) -> EventPayload {
        let panelist = try requirePanelist()
        guard let seq = lastRecording(by: panelist.name) else {
            throw SessionError("\(panelist.name) has nothing left to undo")
        }
        return .retracted(Retracted(target: seq))
    }

    public func overriding(_ word: String?, justification: String) throws(SessionError) -> EventPayload {
        _ = try requirePanelist()
        guard let word, let recommendation = Recommendation(rawValue: word.lowercased()) else {
            let hint = word.map { didYouMean($0, among: Recommendation.allCases.map(\.rawValue)) } ?? ""
            throw SessionError("override needs recommended or not-recommended\(hint), then a justification, e.g. 'override recommended The panel agreed …'")
        }
        let justification = justification.trimmingBlanks
        guard !justification.isEmpty else {
            throw SessionError("an override needs a written justification after '\(recommendation.rawValue)'")
        }
        return .overridden(Overridden(recommendation: recommendation, justification: justification))
    }

    /// `close [--force REASON]`.
    public func closing(forceReason: String?) throws(SessionError) -> EventPayload {
        if let forceReason {
            let reason = forceReason.trimmingBlanks
            guard !reason.isEmpty else { throw SessionError("close --force needs a reason, e.g. 'close --force The candidate withdrew'") }
            return .closed(Closed(forced: true, reason: reason, recommendation: standingRecommendation))
        }
        let missing = missingForClose
        guard missing.isEmpty else {
            throw SessionError("the interview is not complete:\n" + missing.map { "  - \($0)" }.joined(separator: "\n")
                               + "\nfinish these, or end it anyway with 'close --force REASON'")
        }
        return .closed(Closed(forced: false, recommendation: standingRecommendation))
    }

    /// The recommendation as things stand: the override's, else the computed one.
    var standingRecommendation: Recommendation {
        Scoring.summary(of: self).recommendation
    }
}
