import Foundation
import Yams

/// The reference panel's rating of one item in a training scenario.
public struct ReferenceRating: Codable, Equatable, Sendable {
    /// Scale method: the whole-number rating.
    public var rating: Int?
    /// Indicator method: one rating per indicator, in `show` order.
    public var indicators: [IndicatorRating]?
    public var rationale: String

    /// The item value the reference gives: the rating, or the mean of the indicator ratings.
    public var value: Double {
        if let rating { return Double(rating) }
        let ratings = indicators ?? []
        return ratings.isEmpty ? 0 : ratings.map(\.value).reduce(0, +) / Double(ratings.count)
    }
}

/// One item of a scenario: the question asked, the scripted answer, the reference rating.
public struct ScenarioItem: Codable, Equatable, Sendable {
    public var id: String
    public var question: String
    public var answer: String
    public var reference: ReferenceRating
}

/// The scripted candidate.
public struct MockCandidate: Codable, Equatable, Sendable {
    public var name: String
    public var background: String
    public var post: String
}

/// A training scenario: a scripted candidate for one assessment, with reference ratings.
public struct Scenario: Codable, Equatable, Sendable {
    public var id: String
    public var title: String
    public var description: String
    public var assessmentID: String
    public var method: Method
    public var candidate: MockCandidate
    public var items: [ScenarioItem]
    public var trainerNotes: String?

    public func item(_ id: String) -> ScenarioItem? { items.first { $0.id == id } }

    /// The assessment as the scenario uses it (its method may differ from the vacancy's).
    public func assessment(from base: Assessment) -> Assessment {
        var assessment = base
        guard method != base.method else { return assessment }
        assessment.method = method
        switch method {
        case .indicators:
            assessment.scale = nil
            assessment.rules.discrepancy = 0.5
        case .scale:
            assessment.scale = .un4
            assessment.rules.discrepancy = 2
        }
        return assessment
    }
}

/// Reads and validates a scenario file against its assessment.
public enum ScenarioLoader {
    static let keys = ["id", "title", "description", "assessment", "method", "candidate", "items", "trainerNotes"]
    static let candidateKeys = ["name", "background", "post"]
    static let itemKeys = ["question", "answer", "reference"]
    static let referenceKeys = ["rating", "indicators", "rationale"]

    /// Whether a YAML text looks like a scenario (it names an assessment and has a candidate).
    static func looksLikeScenario(_ text: String) -> Bool {
        let keys = text.split(separator: "\n").compactMap { line -> Substring? in
            guard let first = line.first, first.isLetter, let colon = line.firstIndex(of: ":") else { return nil }
            return line[..<colon]
        }
        return keys.contains("assessment") && keys.contains("candidate")
    }

    /// Parses `text`; `assessment` finds the assessment the scenario names.
    public static func load(text: String, file: String,
                            assessment lookup: (String) -> Result<Assessment, AssessmentCatalog.LookupError>) throws(DefinitionError) -> Scenario {
        let reader = YAMLReader(file: file)
        let scenario = read(text: text, reader: reader, lookup: lookup)
        guard reader.issues.isEmpty, let scenario else { throw DefinitionError(reader.issues) }
        return scenario
    }

    static func read(text: String, reader: YAMLReader,
                     lookup: (String) -> Result<Assessment, AssessmentCatalog.LookupError>) -> Scenario? {
        guard let root = reader.root(of: text),
              let fields = reader.fields(root, "the scenario", allowed: keys,
                                         required: ["id", "title", "description", "assessment", "candidate", "items"])
        else { return nil }
        let id = fields["id"].flatMap { reader.identifier($0, "the scenario id") }
        if let id, let node = fields["id"] {
            let base = URL(fileURLWithPath: reader.file).deletingPathExtension().lastPathComponent
            if base != id && !reader.file.hasPrefix("built-in:") {
                reader.fail(node, "the id '\(id)' differs from the file name '\(base)'; rename the file to \(id).yaml or set id: \(base)")
            }
        }
        let title = fields["title"].flatMap { reader.string($0, "the title") }
        let description = fields["description"].flatMap { reader.string($0, "the description") }
        if let description, description.contains("\n") {
            reader.fail(fields["description"], "the description must be one line (it is listed by 'assess mock --list')")
        }
        var assessment: Assessment?
        if let node = fields["assessment"], let assessmentID = reader.identifier(node, "the assessment") {
            switch lookup(assessmentID) {
            case .success(let found): assessment = found
            case .failure(let error): reader.fail(node, "\(error)")
            }
        }
        let method = fields["method"].flatMap { AssessmentLoader.readMethod($0, reader) } ?? assessment?.method ?? .scale
        let candidate = fields["candidate"].flatMap { readCandidate($0, reader) }
        let used = assessment.map { base in
            Scenario(id: "", title: "", description: "", assessmentID: base.id, method: method,
                     candidate: MockCandidate(name: "", background: "", post: ""), items: []).assessment(from: base)
        }
        let items = fields["items"].flatMap { readItems($0, assessment: used, reader: reader) }
        let notes = fields["trainerNotes"].flatMap { reader.string($0, "the trainer notes") }
        guard let id, let title, let description, let assessment, let candidate, let items else { return nil }
        return Scenario(id: id, title: title, description: description, assessmentID: assessment.id, method: method,
                        candidate: candidate, items: items, trainerNotes: notes)
    }

    static func readCandidate(_ node: Node, _ reader: YAMLReader) -> MockCandidate? {
        guard let fields = reader.fields(node, "'candidate'", allowed: candidateKeys, required: candidateKeys) else { return nil }
        guard let name = fields["name"].flatMap({ reader.string($0, "the candidate's name") }),
              let background = fields["background"].flatMap({ reader.string($0, "the candidate's background") }),
              let post = fields["post"].flatMap({ reader.string($0, "the post applied for") }) else { return nil }
        return MockCandidate(name: name, background: background, post: post)
    }

    static func readItems(_ node: Node, assessment: Assessment?, reader: YAMLReader) -> [ScenarioItem]? {
        guard let entries = reader.entries(node, "'items'") else { return nil }
        var items: [ScenarioItem] = []
        var valid = true
        for entry in entries {
            guard let assessment else { continue }
            guard let index = assessment.index(ofItem: entry.key) else {
                reader.fail(entry.keyNode, "unknown item '\(entry.key)'\(didYouMean(entry.key, among: assessment.itemIDs)) (items of \(assessment.id): \(assessment.itemIDs.joined(separator: ", ")))")
                valid = false
                continue
            }
            guard let fields = reader.fields(entry.value, "item '\(entry.key)'", allowed: itemKeys, required: itemKeys) else {
                valid = false
                continue
            }
            let question = fields["question"].flatMap { reader.string($0, "the question of '\(entry.key)'") }
            let answer = fields["answer"].flatMap { reader.string($0, "the answer of '\(entry.key)'") }
            let reference = fields["reference"].flatMap {
                readReference($0, item: assessment.items[index], assessment: assessment, reader: reader)
            }
            guard let question, let answer, let reference else { valid = false; continue }
            items.append(ScenarioItem(id: entry.key, question: question, answer: answer, reference: reference))
        }
        if let assessment {
            let missing = assessment.itemIDs.filter { id in !entries.contains { $0.key == id } }
            if !missing.isEmpty {
                reader.fail(node, "no scripted answer for \(listing(missing, conjunction: "and")); a scenario covers every item of \(assessment.id)")
                valid = false
            }
            items.sort { (assessment.index(ofItem: $0.id) ?? 0) < (assessment.index(ofItem: $1.id) ?? 0) }
        }
        return valid && assessment != nil ? items : nil
    }

    static func readReference(_ node: Node, item: AssessedItem, assessment: Assessment, reader: YAMLReader) -> ReferenceRating? {
        guard let fields = reader.fields(node, "the reference of '\(item.id)'", allowed: referenceKeys, required: ["rationale"]) else { return nil }
        let rationale = fields["rationale"].flatMap { reader.string($0, "the rationale of '\(item.id)'") }
        switch assessment.method {
        case .scale:
            let scale = assessment.scale ?? .un4
            guard let node = fields["rating"] else {
                reader.fail(node, "the reference of '\(item.id)' needs 'rating' (a whole number \(scale.min)–\(scale.max)) under the scale method")
                return nil
            }
            if fields["indicators"] != nil {
                reader.fail(fields.keyNode("indicators"), "'indicators' is for the indicator method; this scenario uses the scale, so give 'rating'")
            }
            guard let rating = reader.int(node, "the reference rating of '\(item.id)'") else { return nil }
            guard scale.contains(rating) else {
                reader.fail(node, "the reference rating \(rating) of '\(item.id)' is outside the scale \(scale.min)–\(scale.max)")
                return nil
            }
            guard let rationale else { return nil }
            return ReferenceRating(rating: rating, indicators: nil, rationale: rationale)
        case .indicators:
            guard let node = fields["indicators"] else {
                reader.fail(node, "the reference of '\(item.id)' needs 'indicators' (yes, partly or no for each of its \(item.indicators.count) indicators) under the indicator method")
                return nil
            }
            guard let words = reader.strings(node, "the reference indicators of '\(item.id)'") else { return nil }
            var ratings: [IndicatorRating] = []
            for word in words {
                guard let rating = IndicatorRating(rawValue: word) else {
                    reader.fail(node, "'\(word)' is not an indicator rating; use yes, partly or no")
                    return nil
                }
                ratings.append(rating)
            }
            guard ratings.count == item.indicators.count else {
                reader.fail(node, "'\(item.id)' has \(item.indicators.count) indicators at level \(assessment.level) but the reference rates \(ratings.count)")
                return nil
            }
            guard let rationale else { return nil }
            return ReferenceRating(rating: nil, indicators: ratings, rationale: rationale)
        }
    }
}
