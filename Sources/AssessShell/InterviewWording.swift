import AssessmentKit

/// The shell's wording of what the interview refuses (`CommandService`) and of what `close`
/// still needs, said against the interview as it stands.
extension CommandRefusal {
    /// `hosted`: said to a panelist of a hosted panel, who cannot act as another.
    func message(in state: InterviewState, hosted: Bool = false) -> String {
        let item = state.item.id
        switch self {
        case .unknownItem(let reference):
            return "unknown item '\(reference)'\(didYouMean(reference, among: state.assessment.itemIDs)); give an item id or a number 1–\(state.assessment.items.count) ('items' lists them)"
        case .atLastItem:
            let count = state.assessment.items.count
            return "this is the last item (\(count)/\(count)); use 'prev' or 'goto ITEM' to move back"
        case .atFirstItem:
            return "this is the first item; use 'next' or 'goto ITEM' to move on"
        case .unknownPanelist(let name):
            let names = state.panel.map(\.name)
            return "no panelist '\(name)'\(didYouMean(name, among: names)); the panel is \(names.joined(separator: ", ")) ('panel add NAME' adds one)"
        case .badPanelist(let error):
            return error.description
        case .nobodyActing:
            return "nobody is recording; 'as NAME' picks a panelist"
        case .outsideRole(let panelist, let duty, let holders):
            return Self.outsideRole(panelist, duty, holders: holders, state: state, hosted: hosted)
        case .hasRecorded(let name):
            return "\(name) has already recorded ratings or text, which stay on the record; only a panelist who has recorded nothing can be removed"
        case .ended(let void):
            return "the interview is \(void ? "void" : "closed"); nothing more can be recorded ('assess replay' looks through it)"
        case .nobodyRates:
            return "nobody on this panel rates competencies (an examiner and HR that observes do not); add a panelist who does, e.g. 'panel add NAME member'"
        case .unchanged(let ratings):
            return "\(state.panelist?.name ?? "") already rated \(item) \(ratings); nothing changed, so nothing was recorded"
        case .onlyChair(let name):
            return "\(name) is the panel's only chair, who leads the interview; add another chair first ('panel add NAME chair')"
        case .lastPanelist(let name):
            return "\(name) is the only panelist; add another ('panel add NAME') before removing them"
        case .wrongMethod(.indicators):
            return "this assessment uses the indicator method: rate the item's indicators in order with 'rate y y p n', a range with 'rate 2-4 partly', or one with 'rate N yes|partly|no' ('show' numbers them)"
        case .wrongMethod(.scale):
            return "this assessment rates on a scale: use 'score N' (\(state.scaleDescription))"
        case .notAScore(let text):
            return "'\(text)' is not a rating; give a whole number from \(state.scaleDescription) (\(state.scaleLabels))"
        case .outsideScale(let value):
            return "\(value) is outside the scale; give a whole number from \(state.scaleDescription) (\(state.scaleLabels))"
        case .notAnIndicator(let text):
            return "'\(text)' is not an indicator of \(item); give its number 1–\(state.item.indicators.count) ('show' lists them)"
        case .ratingMissing(let number):
            return "rate needs a rating after the indicator: yes, partly or no (e.g. 'rate \(number) yes')"
        case .ratingCount(let given, let needed) where needed == 1:
            return "a range or one indicator takes one rating (got \(given)): e.g. 'rate 2-4 partly'; put evidence after it"
        case .ratingCount(let given, let needed):
            return "\(item) has \(needed) indicators: give one rating for each, in order (got \(given)), e.g. 'rate "
                + Array(repeating: "y", count: needed).joined(separator: " ") + "'; evidence goes after '--'"
        case .notARange(let text):
            return "'\(text)' is not a range of \(item)'s indicators 1–\(state.item.indicators.count); e.g. 'rate 2-4 partly'"
        case .notARating(let text):
            return "'\(text)' is not a rating\(didYouMean(text, among: IndicatorRating.allCases.map(\.rawValue))); use yes, partly or no"
        case .reasonNeeded(let example):
            return "the ratings of \(item) are revealed; changing one needs a reason, e.g. '\(example) on reflection the example showed …'"
        case .emptyText(.evidence):
            return "evidence needs text: what the candidate said or did, e.g. 'evidence Led the weekly partner calls'"
        case .emptyText(.summary):
            return "summarize needs the panel's summary of \(item), e.g. 'summarize Clear STAR examples of …'"
        case .emptyText(.note):
            return "note needs text, e.g. 'note The candidate asked about start dates'"
        case .emptyText(.closeReason):
            return "close --force needs a reason, e.g. 'close --force The candidate withdrew'"
        case .emptyText(.voidReason):
            return "void needs a reason, e.g. 'void The candidate did not attend'"
        case .notBlind:
            return "ratings are not hidden: this interview is not in blind mode; 'show ratings' shows them"
        case .alreadyRevealed:
            return "the ratings of \(item) are already revealed"
        case .notAllRated(let waiting):
            // `Ben (indicators 2, 4)`: what each still has to rate, under the indicator method;
            // `Cy (none rated yet)` when that is all of them.
            let count = state.item.indicators.count
            let names = waiting.map { entry in
                if entry.indicators.isEmpty { return entry.panelist }
                if entry.indicators.count == count && count > 1 { return entry.panelist + " (none rated yet)" }
                return entry.panelist + " (indicator\(entry.indicators.count == 1 ? "" : "s") " + entry.indicators.map(String.init).joined(separator: ", ") + ")"
            }
            return "\(listing(names, conjunction: "and")) \(waiting.count == 1 ? "has" : "have") not finished rating \(item); reveal comes once every panelist has rated"
        case .consensusValueMissing:
            let value = state.assessment.method == .scale ? "3" : "0.75"
            return "consensus needs the agreed value and a rationale, e.g. 'consensus \(value) Both examples showed …'"
        case .notAConsensus(let text):
            switch state.assessment.method {
            case .scale: return "'\(text)' is not a value on the scale; the consensus is a whole number from \(state.scaleDescription)"
            case .indicators: return "'\(text)' is not an item value; with indicators the consensus is from 0 to 1 (e.g. 0.75)"
            }
        case .notRevealed:
            return "reveal the ratings of \(item) before agreeing a consensus ('reveal')"
        case .rationaleMissing(let value):
            return "a consensus needs a rationale after the value, e.g. 'consensus \(value) Both examples showed …'"
        case .summaryTooLong(let words, let limit):
            return "the summary has \(words) words; the limit is \(limit), so shorten it by \(words - limit)"
        case .summaryWordTooLong(let length, let limit):
            return "a word of the summary is \(length) characters long; words are at most \(limit) characters, so break it up or leave it out"
        case .languageArgumentsMissing:
            return "lang needs a language, a skill and a level: \(Self.languageUsage)"
        case .unknownLanguage(let text):
            let preferred = state.assessment.languages.parsedRequirement?.languages ?? []
            return "unknown language '\(text)'\(didYouMean(text.lowercased(), among: preferred + Languages.known)); give a language's name or its ISO 639-1 code ('help lang' lists them)"
        case .notASkill(let text):
            return "'\(text)' is not a skill; use oral or written (\(Self.languageUsage))"
        case .notALevel(let text):
            return "'\(text)' is not a level; use a CEFR level A1–C2 or basic, working, confident, fluent"
        case .nothingToUndo(let panelist):
            return "\(panelist) has nothing left to undo"
        case .notARecommendation(let word):
            let hint = word.map { didYouMean($0, among: Recommendation.allCases.map(\.rawValue)) } ?? ""
            return "override needs recommended or not-recommended\(hint), then a justification, e.g. 'override recommended The panel agreed …'"
        case .justificationMissing(let recommendation):
            return "an override needs a written justification after '\(recommendation.rawValue)'"
        case .incomplete(let gaps):
            return "the interview is not complete:\n" + gaps.map { "  - \($0.text)" }.joined(separator: "\n")
                + "\nfinish these, or end it anyway with 'close --force REASON'"
        }
    }

    /// `only the chair (Ana) records a consensus, reveal, override, close or void; Ben is a member ('as Ana' first)`.
    private static func outsideRole(_ panelist: Panelist, _ duty: Duty, holders: [Panelist], state: InterviewState, hosted: Bool) -> String {
        let who: String
        switch panelist.role {
        case Role.chair, Role.examiner: who = "\(panelist.name) is the \(panelist.role)"
        case Role.hr: who = "\(panelist.name) is HR"
        default: who = "\(panelist.name) is a \(panelist.role)"
        }
        let switchTo = hosted ? "" : holders.first.map { " ('as \($0.name)' first)" } ?? ""
        switch duty {
        case .rating:
            let what = panelist.role == Role.examiner
                ? "the examiner records languages and notes and does not rate competencies"
                : "HR observes in this assessment (notes only)"
            let by = holders.isEmpty ? "a panelist who rates, and this panel has none ('panel add NAME member')"
                : listing(holders.map(\.name), conjunction: "or") + switchTo
            return "\(who): \(what); ratings, evidence and summaries are recorded by \(by)"
        case .languages where !holders.contains(where: { $0.role == Role.examiner }):
            return "\(who): HR observes in this assessment (notes only); language results are recorded by \(listing(holders.map(\.name), conjunction: "or"))\(switchTo)"
        case .languages:
            return "only the examiner (\(listing(holders.map(\.name), conjunction: "or"))) records language results; \(who)\(switchTo)"
        case .chairing:
            return "only the chair (\(listing(holders.map(\.name), conjunction: "or"))) records a consensus, reveal, override, close or void, and changes the panel; \(who)\(switchTo)"
        }
    }

    private static let languageUsage = "lang LANGUAGE oral|written LEVEL, e.g. 'lang french oral B2'"
}

extension CloseGap {
    /// One line of what `close` and `status` say is missing.
    var text: String {
        switch self {
        case .notRated(let panelists, let items):
            return "not rated by \(listing(panelists, conjunction: "and")): \(items.joined(separator: ", "))"
        case .consensusNeeded(let items, let blind):
            return "a consensus is needed (\(blind ? "blind mode" : "ratings are flagged")): \(items.joined(separator: ", "))"
        case .summaryMissing(let items):
            return "no written summary: \(items.joined(separator: ", "))"
        case .languagesUndecided(let reasons):
            return "languages: \(reasons.joined(separator: "; "))"
        case .nobodyRates:
            return "nobody on the panel rates competencies: add a panelist who does ('panel add NAME member')"
        }
    }
}

extension InterviewState {
    /// `1 to 4`, or `0 to 1` for item values under the indicator method.
    var scaleDescription: String {
        guard let scale = assessment.scale else { return "0 to 1" }
        return "\(scale.min) to \(scale.max)"
    }

    /// `1 Unsatisfactory, 2 Partially satisfactory, …`.
    var scaleLabels: String {
        guard let scale = assessment.scale else { return "" }
        return (scale.min...scale.max).map { "\($0) \(scale.labels[$0] ?? "")" }.joined(separator: ", ")
    }

    /// What `close` still needs, worded, one line per kind of gap.
    var missingForClose: [String] { CommandService(self).closeGaps.map(\.text) }
}
