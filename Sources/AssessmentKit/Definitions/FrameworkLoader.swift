import Yams

/// Reads and validates a framework file (`Assessments/framework/iom.yaml`).
public enum FrameworkLoader {
    static let keys = ["id", "title", "source", "levels", "opening", "values", "core", "managerial"]
    static let itemKeys = ["id", "name", "definition", "indicators", "counterIndicators", "questions"]

    /// Parses `text`; `file` names the file in error messages.
    public static func load(text: String, file: String) throws(DefinitionError) -> Framework {
        let reader = YAMLReader(file: file)
        let framework = read(text: text, reader: reader)
        guard reader.issues.isEmpty, let framework else { throw DefinitionError(reader.issues) }
        return framework
    }

    static func read(text: String, reader: YAMLReader) -> Framework? {
        guard let root = reader.root(of: text),
              let fields = reader.fields(root, "the framework", allowed: keys, required: ["id", "title"])
        else { return nil }
        let id = fields["id"].flatMap { reader.identifier($0, "the framework id") }
        let title = fields["title"].flatMap { reader.string($0, "the title") }
        let source = fields["source"].flatMap { reader.string($0, "the source") }
        let gradeLevels = fields["levels"].flatMap { readGradeLevels($0, reader) } ?? [:]
        let opening = fields["opening"].flatMap { readQuestions($0, "opening", reader) } ?? []

        var items: [FrameworkItem] = []
        var firstSeen: [String: SourceLocation] = [:]
        if fields["values"] == nil && fields["core"] == nil {
            reader.fail(root, "the framework has no items; add 'values' or 'core'")
        }
        for layer in Layer.allCases {
            guard let node = fields[layer.key], let list = reader.list(node, "'\(layer.key)'") else { continue }
            for itemNode in list {
                guard let item = readItem(itemNode, layer: layer, reader: reader) else { continue }
                let location = reader.location(itemNode)
                if let first = firstSeen[item.id] {
                    reader.fail(at: location, "duplicate id '\(item.id)' (first defined at line \(first.line)); give each item its own id")
                    continue
                }
                firstSeen[item.id] = location
                items.append(item)
            }
        }
        guard let id, let title else { return nil }
        return Framework(id: id, title: title, source: source, gradeLevels: gradeLevels, opening: opening, items: items)
    }

    static func readGradeLevels(_ node: Node, _ reader: YAMLReader) -> [String: Int]? {
        guard let entries = reader.entries(node, "'levels'") else { return nil }
        var result: [String: Int] = [:]
        for entry in entries {
            guard let level = Int(entry.key), level >= 1 else {
                reader.fail(entry.keyNode, "level '\(entry.key)' must be a whole number from 1")
                continue
            }
            for grade in reader.strings(entry.value, "the grades of level \(level)") ?? [] {
                result[grade.uppercased()] = level
            }
        }
        return result
    }

    static func readItem(_ node: Node, layer: Layer, reader: YAMLReader) -> FrameworkItem? {
        guard let fields = reader.fields(node, "an item of '\(layer.key)'", allowed: itemKeys,
                                         required: ["id", "name", "definition", "indicators"])
        else { return nil }
        let id = fields["id"].flatMap { reader.identifier($0, "the item id") }
        let what = id.map { "'\($0)'" } ?? "the item"
        let name = fields["name"].flatMap { reader.string($0, "the name of \(what)") }
        let definition = fields["definition"].flatMap { reader.string($0, "the definition of \(what)") }
        var indicators: [Int: [String]]?
        if let node = fields["indicators"] {
            indicators = layer.isLevelled
                ? readLevelledIndicators(node, what: what, reader: reader)
                : reader.strings(node, "the indicators of \(what)").map { [0: $0] }
        }
        let counter = fields["counterIndicators"].flatMap { reader.strings($0, "the counter-indicators of \(what)") } ?? []
        let questions = fields["questions"].flatMap { readQuestions($0, "the questions of \(what)", reader) } ?? []
        guard let id, let name, let definition, let indicators else { return nil }
        return FrameworkItem(id: id, name: name, layer: layer, definition: definition, indicators: indicators,
                             counterIndicators: counter, questions: questions)
    }

    static func readLevelledIndicators(_ node: Node, what: String, reader: YAMLReader) -> [Int: [String]]? {
        guard case .mapping = node else {
            reader.fail(node, "the indicators of \(what) must be given per level (1:, 2:, 3:), because it is a competency")
            return nil
        }
        guard let entries = reader.entries(node, "the indicators of \(what)") else { return nil }
        var result: [Int: [String]] = [:]
        var complete = true
        for entry in entries {
            guard let level = Int(entry.key), level >= 1 else {
                reader.fail(entry.keyNode, "indicator level '\(entry.key)' of \(what) must be a whole number from 1")
                complete = false
                continue
            }
            guard let list = reader.strings(entry.value, "the level \(level) indicators of \(what)") else {
                complete = false
                continue
            }
            result[level] = list
        }
        if result.isEmpty && complete {
            reader.fail(node, "\(what) has no indicators; give a list per level")
        }
        return complete && !result.isEmpty ? result : nil
    }

    static let questionKeys = ["kind", "text"]

    /// Questions: plain strings (behavioural) or `{kind, text}` maps.
    static func readQuestions(_ node: Node, _ what: String, _ reader: YAMLReader) -> [Question]? {
        guard let list = reader.list(node, what) else { return nil }
        var questions: [Question] = []
        for entry in list {
            if case .scalar = entry {
                if let text = reader.string(entry, "a question in \(what)") { questions.append(Question(text: text)) }
                continue
            }
            guard let fields = reader.fields(entry, "a question in \(what)", allowed: questionKeys, required: ["text"]) else { continue }
            var kind = QuestionKind.behavioural
            if let kindNode = fields["kind"], let word = reader.string(kindNode, "the question kind") {
                if let parsed = QuestionKind(rawValue: word) {
                    kind = parsed
                } else {
                    let kinds = QuestionKind.allCases.map(\.rawValue)
                    reader.fail(kindNode, "unknown question kind '\(word)'\(didYouMean(word, among: kinds)) (use \(listing(kinds)))")
                    continue
                }
            }
            if let text = fields["text"].flatMap({ reader.string($0, "the question text") }) {
                questions.append(Question(kind: kind, text: text))
            }
        }
        return questions
    }
}
