/// The three layers of the IOM framework.
public enum Layer: String, Codable, Sendable, CaseIterable {
    case value, core, managerial

    /// The YAML key of the layer's list in a framework file.
    public var key: String {
        switch self {
        case .value: return "values"
        case .core: return "core"
        case .managerial: return "managerial"
        }
    }

    public var title: String {
        switch self {
        case .value: return "Values"
        case .core: return "Core competencies"
        case .managerial: return "Managerial competencies"
        }
    }

    public var singular: String {
        switch self {
        case .value: return "value"
        case .core: return "core competency"
        case .managerial: return "managerial competency"
        }
    }

    /// Values have one indicator list; competencies have one per level.
    public var isLevelled: Bool { self != .value }
}

/// What a suggested question is for.
public enum QuestionKind: String, Codable, Sendable, CaseIterable {
    case behavioural, negative, motivation, followup
}

public struct Question: Codable, Equatable, Sendable {
    public var kind: QuestionKind
    public var text: String

    public init(kind: QuestionKind = .behavioural, text: String) {
        self.kind = kind
        self.text = text
    }
}

/// A value or competency as the framework defines it.
public struct FrameworkItem: Equatable, Sendable {
    public var id: String
    public var name: String
    public var layer: Layer
    public var definition: String
    /// Indicators by level; values keep theirs under level 0.
    public var indicators: [Int: [String]]
    public var counterIndicators: [String]
    public var questions: [Question]
}

/// A competency framework: the values and competencies an assessment picks from.
public struct Framework: Equatable, Sendable {
    public var id: String
    public var title: String
    public var source: String?
    /// Competency level for each grade, e.g. "G5" → 2.
    public var gradeLevels: [String: Int]
    public var opening: [Question]
    public var items: [FrameworkItem]

    public func item(_ id: String) -> FrameworkItem? { items.first { $0.id == id } }
    public var itemIDs: [String] { items.map(\.id) }
    public var levels: [Int] { Array(Set(items.flatMap { $0.layer.isLevelled ? Array($0.indicators.keys) : [] })).sorted() }
}
