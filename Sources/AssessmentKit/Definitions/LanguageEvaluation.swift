/// Whether a language requirement is met by the results recorded so far.
public enum LanguageDecision: String, Codable, Sendable {
    case met
    case notMet = "not-met"
    /// Not enough results yet to tell.
    case undecided
    /// A mock interview: languages are not assessed, and the requirement does not apply.
    case notAssessed = "not-assessed"
}

/// The examiner's latest result per language and skill.
public typealias LanguageResults = [String: [LanguageSkill: CEFRLevel]]

/// Evaluates a requirement with the rules of DOMAIN.md §3: `fluent` is C1 or above in every
/// required skill, `knowledge` B1 or above in at least one, a CEFR level that level or above
/// in every required skill. Reasons explain each term that decided the outcome.
public func evaluate(_ requirement: LanguageRequirement, results: LanguageResults,
                     skills: [LanguageSkill]) -> (decision: LanguageDecision, reasons: [String]) {
    switch requirement {
    case .language(let language, let level):
        return evaluateTerm(language, level, results[language] ?? [:], skills)
    case .all(let parts):
        let outcomes = parts.map { evaluate($0, results: results, skills: skills) }
        if outcomes.contains(where: { $0.decision == .notMet }) {
            return (.notMet, outcomes.filter { $0.decision == .notMet }.flatMap(\.reasons))
        }
        if outcomes.allSatisfy({ $0.decision == .met }) { return (.met, outcomes.flatMap(\.reasons)) }
        return (.undecided, outcomes.filter { $0.decision == .undecided }.flatMap(\.reasons))
    case .any(let parts):
        // Results for one alternative suffice (PRODUCT.md): once any alternative is decided,
        // an alternative nobody assessed counts as not shown.
        let outcomes = parts.map { evaluate($0, results: results, skills: skills) }
        if let met = outcomes.first(where: { $0.decision == .met }) { return (.met, met.reasons) }
        if outcomes.allSatisfy({ $0.decision == .undecided }) { return (.undecided, outcomes.flatMap(\.reasons)) }
        return (.notMet, outcomes.flatMap(\.reasons))
    }
}

private func evaluateTerm(_ language: String, _ level: RequiredLevel, _ recorded: [LanguageSkill: CEFRLevel],
                          _ skills: [LanguageSkill]) -> (decision: LanguageDecision, reasons: [String]) {
    switch level {
    case .knowledge:
        if let (skill, got) = skills.compactMap({ skill in recorded[skill].map { (skill, $0) } }).first(where: { $0.1 >= .b1 }) {
            return (.met, ["\(language) \(skill.rawValue) \(got) meets knowledge (B1)"])
        }
        let missing = skills.filter { recorded[$0] == nil }
        if missing.isEmpty {
            return (.notMet, ["\(language) is below B1 in every skill, so knowledge is not shown"])
        }
        return (.undecided, [notAssessed(language, missing)])
    case .fluent, .cefr:
        let needed: CEFRLevel
        if case .cefr(let cefr) = level { needed = cefr } else { needed = .c1 }
        let below = skills.compactMap { skill in recorded[skill].flatMap { $0 < needed ? "\(language) \(skill.rawValue) \($0) is below \(needed)" : nil } }
        if !below.isEmpty { return (.notMet, below) }
        let missing = skills.filter { recorded[$0] == nil }
        if !missing.isEmpty { return (.undecided, [notAssessed(language, missing)]) }
        let shown = skills.map { "\(language) \($0.rawValue) \(recorded[$0].map(\.description) ?? "?")" }.joined(separator: ", ")
        return (.met, ["\(shown): \(level == .fluent ? "fluent (C1)" : "\(needed)") or above"])
    }
}

private func notAssessed(_ language: String, _ skills: [LanguageSkill]) -> String {
    "\(language) \(listing(skills.map(\.rawValue), conjunction: "and")) not assessed yet"
}
