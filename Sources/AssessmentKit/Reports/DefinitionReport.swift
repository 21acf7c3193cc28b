/// Text for `assess assessments list|show|validate`.
public enum DefinitionReport {
    public struct CatalogRow: Sendable {
        public var entry: AssessmentCatalog.Entry
        public var assessment: Assessment?
        public var problem: String?

        public init(entry: AssessmentCatalog.Entry, assessment: Assessment?, problem: String?) {
            self.entry = entry
            self.assessment = assessment
            self.problem = problem
        }
    }

    public static func catalog(_ rows: [CatalogRow]) -> String {
        guard !rows.isEmpty else { return "No assessments found.\n" }
        let idWidth = rows.map(\.entry.id.count).max() ?? 0
        var text = ""
        for row in rows {
            let place = row.entry.isBuiltIn ? "built in" : row.entry.path
            guard let assessment = row.assessment else {
                text += "\(padded(row.entry.id, idWidth))  \(row.problem ?? "has errors")  \(place)\n"
                continue
            }
            let method = padded(methodName(assessment), 17)
            text += "\(padded(row.entry.id, idWidth))  \(method)  level \(assessment.level)  \(padded("\(assessment.items.count) items", 8))  \(place)\n"
            text += "\(padded("", idWidth))  \(assessment.title)\n"
        }
        return text
    }

    static func methodName(_ assessment: Assessment) -> String {
        switch assessment.method {
        case .indicators: return "indicators"
        case .scale: return "scale \(assessment.scale?.id ?? "")"
        }
    }

    public static func describe(_ assessment: Assessment, path: String) -> String {
        var lines: [(String, String)] = []
        lines.append(("File", BuiltInDefinitions.isBuiltIn(path) ? "built in" : path))
        let vacancy = assessment.vacancy
        let facts = [vacancy.reference, vacancy.organization, vacancy.unit, vacancy.grade.map { "grade \($0)" },
                     vacancy.dutyStation, vacancy.closingDate.map { "closes \($0)" }].compactMap { $0 }
        if !facts.isEmpty { lines.append(("Vacancy", facts.joined(separator: " · "))) }
        if let source = vacancy.source { lines.append(("Source", source)) }
        lines.append(("Framework", "\(assessment.frameworkID) (\(assessment.frameworkTitle)), level \(assessment.level)"))
        switch assessment.method {
        case .indicators:
            lines.append(("Method", "indicators: yes 1, partly 0.5, no 0; item value = mean"))
            lines.append(("Bands", "0 unsatisfactory; above 0 to 0.5 partially satisfactory; above 0.5 and below 1 satisfactory; 1 outstanding"))
        case .scale:
            if let scale = assessment.scale {
                let points = (scale.min...scale.max).map { "\($0) \(scale.labels[$0] ?? "")" }.joined(separator: ", ")
                lines.append(("Method", "scale \(scale.id): \(points)"))
                lines.append(("Bands", "partially satisfactory from \(format(scale.edges.partiallySatisfactory)), satisfactory from \(format(scale.edges.satisfactory)), outstanding from \(format(scale.edges.outstanding))"))
            }
        }
        let skills = assessment.languages.skills.map(\.rawValue).joined(separator: " and ")
        lines.append(("Languages", (assessment.languages.requirement ?? "none required") + " (\(skills))"))
        lines.append(("Panel", "at least \(assessment.panel.minimum); roles \(assessment.panel.roles.joined(separator: ", "))"
                      + (assessment.panel.hrObserves ? "; hr observes (notes only)" : "")))
        let rules = assessment.rules
        lines.append(("Rules", "flag a difference of \(format(rules.discrepancy)) or more · blind \(rules.blind ? "yes" : "no") · summaries up to \(rules.summaryWords) words"))

        var text = "\(assessment.id): \(assessment.title)\n"
        for (label, value) in lines {
            text += wrap(value, width: 100, indent: String(repeating: " ", count: 13), firstIndent: "  " + padded(label + ":", 11)) + "\n"
        }
        text += "\nItems (\(assessment.items.count)):\n"
        let idWidth = assessment.items.map(\.id.count).max() ?? 0
        let nameWidth = assessment.items.map(\.name.count).max() ?? 0
        for (index, item) in assessment.items.enumerated() {
            let number = rightAligned(String(index + 1), 2)
            text += "  \(number)  \(padded(item.id, idWidth))  \(padded(item.name, nameWidth))  \(padded(item.layer.singular, 21))  \(item.indicators.count) indicators, \(item.questions.count) questions\n"
        }
        return text
    }

    public static func validated(_ definition: AssessmentCatalog.ValidatedDefinition, path: String) -> String {
        switch definition {
        case .framework(let framework):
            let counts = Layer.allCases.map { layer in
                "\(framework.items.filter { $0.layer == layer }.count) \(layer.key)"
            }.joined(separator: ", ")
            return "\(path): ok (framework \(framework.id): \(counts); levels \(framework.levels.map(String.init).joined(separator: ", ")))"
        case .assessment(let assessment):
            return "\(path): ok (assessment \(assessment.id): \(assessment.items.count) items, level \(assessment.level), \(methodName(assessment)))"
        case .scenario(let scenario):
            return "\(path): ok (scenario \(scenario.id) for \(scenario.assessmentID): \(scenario.items.count) items, \(scenario.method.rawValue) method)"
        }
    }
}
