import Foundation
import Yams

/// What looking up an assessment's framework gave.
public enum FrameworkLookup: Sendable {
    case found(Framework)
    case missing(searched: [String])
    case broken(DefinitionError)
}

/// Reads and validates a vacancy's assessment file and resolves it against its framework.
public enum AssessmentLoader {
    static let keys = ["id", "title", "vacancy", "framework", "level", "items", "method", "scale",
                       "opening", "questions", "languages", "panel", "rules"]
    static let vacancyKeys = ["reference", "organization", "unit", "grade", "dutyStation", "closingDate", "source"]
    static let scaleKeys = ["id", "min", "max", "labels", "bands"]
    static let bandKeys = Band.allCases.dropFirst().map(\.rawValue)
    static let languageKeys = ["requirement", "skills"]
    static let panelKeys = ["minimum", "roles", "hr"]
    static let ruleKeys = ["discrepancy", "blind", "summaryWords"]

    /// Parses `text`; `file` names the file in messages and its base name must be the id.
    public static func load(text: String, file: String,
                            framework: (String) -> FrameworkLookup) throws(DefinitionError) -> Assessment {
        let reader = YAMLReader(file: file)
        let assessment = read(text: text, reader: reader, framework: framework)
        guard reader.issues.isEmpty, let assessment else { throw DefinitionError(reader.issues) }
        return assessment
    }

    static func read(text: String, reader: YAMLReader, framework lookup: (String) -> FrameworkLookup) -> Assessment? {
        guard let root = reader.root(of: text),
              let fields = reader.fields(root, "the assessment", allowed: keys, required: ["id", "title", "framework", "items"])
        else { return nil }

        let id = fields["id"].flatMap { reader.identifier($0, "the assessment id") }
        if let id, let node = fields["id"] {
            let base = BuiltInDefinitions.isBuiltIn(reader.file)
                ? String(reader.file.dropFirst(BuiltInDefinitions.prefix.count))
                : URL(fileURLWithPath: reader.file).deletingPathExtension().lastPathComponent
            if base != id {
                reader.fail(node, "the id '\(id)' differs from the file name '\(base)'; rename the file to \(id).yaml or set id: \(base)")
            }
        }
        let title = fields["title"].flatMap { reader.string($0, "the title") }
        let vacancy = fields["vacancy"].flatMap { readVacancy($0, reader) } ?? Vacancy()

        var framework: Framework?
        if let node = fields["framework"], let frameworkID = reader.identifier(node, "the framework") {
            switch lookup(frameworkID) {
            case .found(let found): framework = found
            case .missing(let searched):
                reader.fail(node, "framework '\(frameworkID)' not found; looked for \(searched.joined(separator: ", "))")
            case .broken(let error):
                reader.fail(node, "framework '\(frameworkID)' has errors; run 'assess assessments validate' on it:\n\(error)")
            }
        }

        let method = fields["method"].flatMap { readMethod($0, reader) } ?? .scale
        var scale: Scale? = method == .scale ? .un4 : nil
        if let node = fields["scale"] {
            if method == .indicators {
                reader.fail(fields.keyNode("scale"), "'scale' is not used with method: indicators; remove it or use method: scale")
            } else {
                scale = readScale(node, reader)
            }
        }

        let level = readLevel(fields, vacancy: vacancy, framework: framework, reader: reader)
        let itemIDs = fields["items"].flatMap { readItemIDs($0, framework: framework, level: level, reader: reader) }
        // With a bad item list, the questions can't be checked against it without cascading errors.
        let extraQuestions = fields["questions"].flatMap { node in
            itemIDs.flatMap { readExtraQuestions(node, items: $0, reader: reader) }
        } ?? [:]
        let opening = fields["opening"].flatMap { FrameworkLoader.readQuestions($0, "opening", reader) } ?? []
        let languages = fields["languages"].flatMap { readLanguages($0, reader) }
            ?? LanguagePolicy(requirement: nil, skills: LanguageSkill.allCases)
        let panel = fields["panel"].flatMap { readPanel($0, reader) }
            ?? PanelPolicy(minimum: 2, roles: PanelPolicy.defaultRoles)
        let rules = readRules(fields["rules"], method: method, reader: reader)

        guard let id, let title, let framework, let itemIDs, let level, let rules,
              method == .indicators || scale != nil else { return nil }
        let items = itemIDs.compactMap { itemID -> AssessedItem? in
            guard let item = framework.item(itemID) else { return nil }
            return resolve(item, level: level, extraQuestions: extraQuestions[itemID] ?? [])
        }
        let assessment = Assessment(id: id, title: title, vacancy: vacancy, frameworkID: framework.id,
                                    frameworkTitle: framework.title, level: level, method: method, scale: scale,
                                    opening: framework.opening + opening, items: items, languages: languages,
                                    panel: panel, rules: rules)
        // The checks a transcript's embedded copy gets; those above already name the line.
        if let problem = assessment.problem {
            reader.fail(fields.node, problem)
            return nil
        }
        return assessment
    }

    /// The item at `level`: the indicators of the level below, then of the level itself.
    static func resolve(_ item: FrameworkItem, level: Int, extraQuestions: [Question]) -> AssessedItem {
        var texts: [(level: Int?, text: String)] = []
        if item.layer.isLevelled {
            for shown in [level - 1, level] where shown >= 1 {
                texts += (item.indicators[shown] ?? []).map { (shown, $0) }
            }
        } else {
            texts = (item.indicators[0] ?? []).map { (nil, $0) }
        }
        let indicators = texts.enumerated().map { Indicator(number: $0.offset + 1, level: $0.element.level, text: $0.element.text) }
        return AssessedItem(id: item.id, name: item.name, layer: item.layer, definition: item.definition,
                            indicators: indicators, counterIndicators: item.counterIndicators,
                            questions: item.questions + extraQuestions)
    }

    static func readVacancy(_ node: Node, _ reader: YAMLReader) -> Vacancy? {
        guard let fields = reader.fields(node, "'vacancy'", allowed: vacancyKeys) else { return nil }
        func text(_ key: String) -> String? { fields[key].flatMap { reader.string($0, "vacancy \(key)") } }
        let closingDate = text("closingDate")
        if let closingDate, !isCalendarDate(closingDate) {
            reader.fail(fields["closingDate"], "closingDate '\(closingDate)' must be a date written YYYY-MM-DD, e.g. 2026-03-12")
        }
        return Vacancy(reference: text("reference"), organization: text("organization"), unit: text("unit"),
                       grade: text("grade"), dutyStation: text("dutyStation"), closingDate: closingDate,
                       source: text("source"))
    }

    static func isCalendarDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return false }
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return components.isValidDate(in: calendar)
    }

    static func readMethod(_ node: Node, _ reader: YAMLReader) -> Method? {
        guard let word = reader.string(node, "the method") else { return nil }
        guard let method = Method(rawValue: word) else {
            let methods = Method.allCases.map(\.rawValue)
            reader.fail(node, "unknown method '\(word)'\(didYouMean(word, among: methods)) (use scale or indicators)")
            return nil
        }
        return method
    }

    static func readScale(_ node: Node, _ reader: YAMLReader) -> Scale? {
        if case .scalar = node {
            guard let name = reader.string(node, "the scale") else { return nil }
            if let scale = Scale.builtIn.first(where: { $0.id == name }) { return scale }
            let names = Scale.builtIn.map(\.id)
            reader.fail(node, "unknown scale '\(name)'\(didYouMean(name, among: names)); use un-4 or define one with min, max, labels and bands")
            return nil
        }
        guard let fields = reader.fields(node, "the scale", allowed: scaleKeys, required: ["id", "min", "max", "labels", "bands"])
        else { return nil }
        let id = fields["id"].flatMap { reader.identifier($0, "the scale id") }
        let min = fields["min"].flatMap { reader.int($0, "the scale's min") }
        let max = fields["max"].flatMap { reader.int($0, "the scale's max") }
        if let min, let max, min >= max {
            reader.fail(fields["min"], "the scale's min (\(min)) must be below its max (\(max)); e.g. min: 1, max: 5")
            return nil
        }
        if let min, let max, max.subtractingReportingOverflow(min).overflow || max - min >= DefinitionLimits.scalePoints {
            reader.fail(fields["max"], "a scale of \(min)–\(max) has too many points to label; use at most \(DefinitionLimits.scalePoints) (e.g. 1–10)")
            return nil
        }
        let bound = DefinitionLimits.scaleBound
        if let min, let max, min < -bound || max > bound {
            reader.fail(fields[min < -bound ? "min" : "max"], "scale points lie within ±\(bound); e.g. min: 1, max: 5")
            return nil
        }
        var labels: [Int: String] = [:]
        if let node = fields["labels"], let entries = reader.entries(node, "the scale's labels") {
            for entry in entries {
                guard let point = Int(entry.key) else {
                    reader.fail(entry.keyNode, "label key '\(entry.key)' must be a point of the scale (a whole number)")
                    continue
                }
                if let min, let max, point < min || point > max {
                    reader.fail(entry.keyNode, "label for \(point) is outside the scale \(min)–\(max)")
                    continue
                }
                labels[point] = reader.string(entry.value, "the label of \(point)")
            }
            if let min, let max {
                let missing = (min...max).filter { labels[$0] == nil }
                if !missing.isEmpty {
                    reader.fail(node, "the scale has no label for \(listing(missing.map(String.init), conjunction: "and")); label every point from \(min) to \(max)")
                }
            }
        }
        var edges: Scale.BandEdges?
        if let node = fields["bands"], let bandFields = reader.fields(node, "the scale's bands", allowed: bandKeys, required: bandKeys) {
            let values = bandKeys.map { key in bandFields[key].flatMap { reader.number($0, "the edge of \(key)") } }
            if let partial = values[0], let satisfactory = values[1], let outstanding = values[2] {
                if !(partial < satisfactory && satisfactory < outstanding) {
                    reader.fail(node, "band edges must rise: partially-satisfactory < satisfactory < outstanding (got \(format(partial)), \(format(satisfactory)), \(format(outstanding)))")
                } else if let min, let max, partial <= Double(min) || outstanding > Double(max) {
                    reader.fail(node, "band edges must lie within the scale: above \(min) and at most \(max)")
                } else {
                    edges = Scale.BandEdges(partiallySatisfactory: partial, satisfactory: satisfactory, outstanding: outstanding)
                }
            }
        }
        guard let id, let min, let max, let edges, labels.count == max - min + 1 else { return nil }
        return Scale(id: id, min: min, max: max, labels: labels, edges: edges)
    }

    static func readLevel(_ fields: YAMLReader.Fields, vacancy: Vacancy, framework: Framework?, reader: YAMLReader) -> Int? {
        let levels = framework?.levels ?? []
        if let node = fields["level"] {
            guard let level = reader.int(node, "the level") else { return nil }
            if framework != nil && !levels.contains(level) {
                reader.fail(node, "level \(level) is not in the framework; use \(listing(levels.map(String.init)))")
                return nil
            }
            return level
        }
        guard let framework else { return nil }
        if let grade = vacancy.grade, let level = framework.gradeLevels[grade.uppercased()] { return level }
        let why = vacancy.grade.map { "grade '\($0)' is not mapped to a level by the framework" } ?? "the vacancy has no grade"
        reader.fail(fields.node, "no competency level: \(why); add 'level: \(listing(levels.map(String.init)))'")
        return nil
    }

    static func readItemIDs(_ node: Node, framework: Framework?, level: Int?, reader: YAMLReader) -> [String]? {
        guard let list = reader.list(node, "'items'") else { return nil }
        guard !list.isEmpty else {
            reader.fail(node, "'items' is empty; list the values and competencies to assess, e.g. [teamwork, results]")
            return nil
        }
        guard list.count <= DefinitionLimits.items else {
            reader.fail(node, "'items' lists \(list.count) items; an interview assesses at most \(DefinitionLimits.items)")
            return nil
        }
        var ids: [String] = []
        var valid = true
        for entry in list {
            guard let id = reader.string(entry, "an item id") else { valid = false; continue }
            if ids.contains(id) {
                reader.fail(entry, "duplicate item '\(id)'; list each item once")
                valid = false
                continue
            }
            if let framework {
                guard let item = framework.item(id) else {
                    reader.fail(entry, "unknown item '\(id)'\(didYouMean(id, among: framework.itemIDs)) (items of \(framework.id): \(framework.itemIDs.joined(separator: ", ")))")
                    valid = false
                    continue
                }
                if let level, item.layer.isLevelled, item.indicators[level] == nil {
                    reader.fail(entry, "'\(id)' has no indicators at level \(level) in the framework; add them or change the level")
                    valid = false
                }
            }
            ids.append(id)
        }
        return valid ? ids : nil
    }

    static func readExtraQuestions(_ node: Node, items: [String], reader: YAMLReader) -> [String: [Question]]? {
        guard let entries = reader.entries(node, "'questions'") else { return nil }
        var result: [String: [Question]] = [:]
        for entry in entries {
            guard items.contains(entry.key) else {
                reader.fail(entry.keyNode, "questions for '\(entry.key)', which is not among the assessed items\(didYouMean(entry.key, among: items))")
                continue
            }
            result[entry.key] = FrameworkLoader.readQuestions(entry.value, "the questions for '\(entry.key)'", reader)
        }
        return result
    }

    static func readLanguages(_ node: Node, _ reader: YAMLReader) -> LanguagePolicy? {
        guard let fields = reader.fields(node, "'languages'", allowed: languageKeys) else { return nil }
        var requirement: String?
        if let node = fields["requirement"], let text = reader.string(node, "the language requirement") {
            do {
                requirement = try LanguageRequirement(parsing: text).description
            } catch {
                var location = reader.location(node)
                if case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .singleQuoted || scalar.style == .doubleQuoted,
                   !text.contains("\n") {
                    location.column += error.offset + (scalar.style == .plain ? 0 : 1)
                }
                reader.fail(at: location, "bad language requirement: \(error.message)")
            }
        }
        var skills = LanguageSkill.allCases
        if let node = fields["skills"], let words = reader.strings(node, "the language skills") {
            skills = []
            for (index, word) in words.enumerated() {
                guard let skill = LanguageSkill(rawValue: word) else {
                    let entry = reader.list(node, "")?[index]
                    reader.fail(entry, "unknown skill '\(word)'; use oral and/or written")
                    continue
                }
                skills.append(skill)
            }
        }
        return LanguagePolicy(requirement: requirement, skills: skills)
    }

    static func readPanel(_ node: Node, _ reader: YAMLReader) -> PanelPolicy? {
        guard let fields = reader.fields(node, "'panel'", allowed: panelKeys) else { return nil }
        var minimum = 2
        if let node = fields["minimum"], let value = reader.int(node, "the panel minimum") {
            if value < 1 || value > DefinitionLimits.panelists {
                reader.fail(node, "the panel minimum must be from 1 to \(DefinitionLimits.panelists)")
            } else {
                minimum = value
            }
        }
        var roles = PanelPolicy.defaultRoles
        if let node = fields["roles"], let list = reader.list(node, "the panel roles") {
            roles = []
            for entry in list {
                guard let role = reader.identifier(entry, "a role") else { continue }
                if roles.contains(role) {
                    reader.fail(entry, "duplicate role '\(role)'; list each role once")
                } else {
                    roles.append(role)
                }
            }
            if roles.isEmpty { reader.fail(node, "the panel has no roles; e.g. roles: [chair, member, hr]") }
            if roles.count > DefinitionLimits.roles { reader.fail(node, "the panel has \(roles.count) roles; give at most \(DefinitionLimits.roles)") }
        }
        var hrObserves = false
        if let node = fields["hr"], let word = reader.identifier(node, "what hr does") {
            switch word {
            case "observes": hrObserves = true
            case "rates": hrObserves = false
            default: reader.fail(node, "hr: '\(word)' is not known; write 'hr: rates' (the default) or 'hr: observes' (notes only)")
            }
        }
        return PanelPolicy(minimum: minimum, roles: roles, hrObserves: hrObserves)
    }

    static func readRules(_ node: Node?, method: Method, reader: YAMLReader) -> Rules? {
        var rules = Rules(discrepancy: method == .indicators ? 0.5 : 2, blind: false, summaryWords: 200)
        guard let node else { return rules }
        guard let fields = reader.fields(node, "'rules'", allowed: ruleKeys) else { return nil }
        if let node = fields["discrepancy"], let value = reader.number(node, "the discrepancy") {
            if value <= 0 || (method == .indicators && value > 1) {
                reader.fail(node, "the discrepancy must be above 0\(method == .indicators ? " and at most 1 with indicators" : "") (e.g. \(method == .indicators ? "0.5" : "2"))")
            } else {
                rules.discrepancy = value
            }
        }
        if let node = fields["blind"], let value = reader.bool(node, "'blind'") { rules.blind = value }
        if let node = fields["summaryWords"], let value = reader.int(node, "the summary word limit") {
            if value < 1 {
                reader.fail(node, "the summary word limit must be at least 1 (the UN uses 200)")
            } else {
                rules.summaryWords = value
            }
        }
        return rules
    }
}
