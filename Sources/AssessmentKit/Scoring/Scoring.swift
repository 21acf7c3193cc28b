/// Scoring rules: bands, item results, the recommendation. Pure functions of the state.
public enum Scoring {
    /// The band of an item value under the indicator method (DOMAIN.md §2): 0 unsatisfactory,
    /// above 0 up to 0.5 partially satisfactory, above 0.5 below 1 satisfactory, 1 outstanding.
    public static func indicatorBand(_ value: Double) -> Band {
        // Means of halves carry rounding error (0.5000000000000001): compare with a tolerance.
        let tolerance = 1e-9
        if value <= tolerance { return .unsatisfactory }
        if value <= 0.5 + tolerance { return .partiallySatisfactory }
        if value < 1 - tolerance { return .satisfactory }
        return .outstanding
    }

    /// The band of a value under the assessment's method.
    public static func band(_ value: Double, in assessment: Assessment) -> Band {
        switch assessment.method {
        case .indicators: return indicatorBand(value)
        case .scale: return (assessment.scale ?? .un4).band(of: value)
        }
    }

    /// One item's result from the state; `grid: false` leaves its `RatingGrid` out.
    public static func item(_ index: Int, in state: InterviewState, now: Timestamp, grid: Bool = true) -> ItemResult {
        let assessed = state.assessment.items[index]
        let values = state.values(item: index)
        let mean = values.isEmpty ? nil : values.map(\.value).reduce(0, +) / Double(values.count)
        let consensus = state.consensus(item: index)?.value
        let final = consensus?.value ?? mean
        var evidence: [EvidenceEntry] = []
        let record = state.items[index]
        for score in state.live(record.scores) {
            if let text = score.value.evidence { evidence.append(EvidenceEntry(panelist: score.by, text: text, source: .score)) }
            if let text = score.value.reason { evidence.append(EvidenceEntry(panelist: score.by, text: text, source: .reason)) }
        }
        for rating in state.live(record.ratings) {
            if let text = rating.value.evidence {
                evidence.append(EvidenceEntry(panelist: rating.by, text: text, source: .indicator(rating.value.indicator)))
            }
            if let text = rating.value.reason { evidence.append(EvidenceEntry(panelist: rating.by, text: text, source: .reason)) }
        }
        for note in state.live(record.evidence) {
            evidence.append(EvidenceEntry(panelist: note.by, text: note.value.text, source: .evidence))
        }
        let notes = state.notes(item: index).map { NoteEntry($0, text: $0.value.text) }
        return ItemResult(
            id: assessed.id, name: assessed.name,
            ratings: Dictionary(values.map { ($0.panelist, $0.value) }, uniquingKeysWith: { $1 }),
            mean: mean, spread: state.spread(item: index), flagged: state.isFlagged(item: index),
            consensus: consensus?.value, consensusRationale: consensus?.rationale, final: final,
            band: final.map { band($0, in: state.assessment) }, summary: state.summary(item: index)?.value.text,
            evidence: evidence, notes: notes, timeSpent: Int(state.timeSpent(onItem: index, now: now) / 1000),
            grid: grid ? RatingGrid(state, item: index, evidence: false) : nil)
    }

    /// The panel summary of an interview; `damage` is where its chain broke, if it did.
    /// `hidingUnrevealed` (the live shell in blind mode) leaves out ratings not yet revealed;
    /// `grids: false` the items' rating grids (for reports that do not show them).
    public static func summary(of state: InterviewState, damage: TranscriptDamage? = nil, hidingUnrevealed: Bool = false,
                               grids: Bool = true) -> PanelSummary {
        let now = state.closed?.at ?? state.voided?.at ?? state.lastEventAt
        let items = state.assessment.items.indices.map { index -> ItemResult in
            var result = item(index, in: state, now: now, grid: grids)
            // An item nobody has rated yet has nothing to hide: it says "no rating".
            let anything = !result.ratings.isEmpty || !result.evidence.isEmpty
                || state.panel.contains { !state.indicatorRatings(item: index, by: $0.name).isEmpty }
            if hidingUnrevealed && state.ratingsHidden(item: index) && anything {
                result.ratings = [:]
                result.mean = nil
                result.spread = nil
                result.flagged = false
                result.final = result.consensus
                result.band = result.final.map { band($0, in: state.assessment) }
                result.evidence = []
                result.ratingsHidden = true
                result.grid = nil
            }
            return result
        }
        let results = state.languageResults
        let languages = results.keys.sorted().map { language in
            LanguageLine(language: language, oral: results[language]?[.oral]?.description,
                         written: results[language]?[.written]?.description,
                         notes: state.languageNotes(language).map {
                             NoteEntry($0, text: $0.value.note ?? "", about: "\($0.value.skill.rawValue) \($0.value.level)")
                         })
        }
        let decision = state.languageDecision
        var reasons: [String] = []
        for item in items {
            guard let band = item.band else {
                let anyRating = state.assessment.index(ofItem: item.id).map { !state.values(item: $0).isEmpty } ?? false
                reasons.append(item.ratingsHidden && anyRating ? "\(item.id): ratings hidden until 'reveal'" : "\(item.id) has no rating")
                continue
            }
            if band < .satisfactory { reasons.append("\(item.id) is \(band.title) (\(format(rounded(item.final ?? 0))))") }
        }
        // A mock interview has no language results: the requirement does not apply to it.
        let requirementApplies = state.assessment.languages.requirement != nil && state.mode == .interview
        let requirementMet = decision.decision == .met || !requirementApplies
        if !requirementMet {
            reasons.append(decision.decision == .undecided
                ? "the language requirement is not shown: " + decision.reasons.joined(separator: "; ")
                : "the language requirement is not met: " + decision.reasons.joined(separator: "; "))
        }
        let computed: Recommendation = reasons.isEmpty ? .recommended : .notRecommended
        if reasons.isEmpty {
            reasons.append("every item is Satisfactory or Outstanding" + (requirementApplies ? " and the language requirement is met" : ""))
        }
        let override = state.override.map { OverrideLine(recommendation: $0.value.recommendation, justification: $0.value.justification) }
        var summary = PanelSummary(
            assessment: state.assessment.id, title: state.assessment.title, vacancy: state.assessment.vacancy,
            candidate: state.candidate, panel: state.panel, mode: state.mode, method: state.assessment.method,
            scale: state.assessment.scale, level: state.assessment.level, date: state.startedAt.date,
            started: state.startedAt.description, closed: state.closed?.at.description,
            closedEarly: state.closed?.value.forced == true ? state.closed?.value.reason : nil,
            items: items, languages: languages, languageRequirement: state.assessment.languages.requirement,
            languageRequirementMet: requirementMet,
            languageDecision: state.mode == .mock ? .notAssessed : requirementApplies ? decision.decision : .met,
            languageReasons: decision.reasons,
            recommendation: override?.recommendation ?? computed, computedRecommendation: computed, reasons: reasons,
            override: override, notes: state.notes.map { NoteEntry($0, text: $0.value.text) },
            integrity: Integrity(damage), damage: damage.map(DamageLine.init))
        summary.voided = state.voided.map { VoidLine(at: $0.at.description, by: $0.by, reason: $0.value.reason) }
        // The reference stays hidden until the trainee has closed the mock interview.
        summary.calibration = state.isClosed ? Calibration.report(of: state) : nil
        return summary
    }

    /// Rounds to two decimals for display.
    public static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}

extension InterviewState {
    /// The standing results for a language (the latest per skill) that carry a note, in the order recorded.
    func languageNotes(_ language: String) -> [Recorded<LanguageResult>] {
        latestLanguageResults.filter { $0.value.language == language && $0.value.note != nil }.sorted { $0.seq < $1.seq }
    }
}
