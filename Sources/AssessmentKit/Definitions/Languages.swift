/// The language names `assess` accepts, lowercase English. IOM's official languages first.
public enum Languages {
    public static let known: [String] = [
        "english", "french", "spanish", "arabic", "chinese", "russian", "dutch", "german",
        "portuguese", "italian", "ukrainian", "belarusian", "polish", "romanian", "turkish",
        "greek", "albanian", "serbian", "croatian", "bosnian", "bulgarian", "hungarian", "czech",
        "slovak", "swedish", "danish", "norwegian", "finnish", "estonian", "latvian",
        "lithuanian", "georgian", "armenian", "azerbaijani", "kazakh", "kyrgyz", "uzbek", "tajik",
        "persian", "dari", "pashto", "urdu", "hindi", "bengali", "nepali", "tamil", "sinhala",
        "burmese", "thai", "vietnamese", "khmer", "lao", "indonesian", "malay", "tagalog",
        "japanese", "korean", "mongolian", "hebrew", "kurdish", "amharic", "tigrinya", "somali",
        "swahili", "hausa", "yoruba", "igbo", "wolof", "lingala", "kinyarwanda", "kirundi",
        "malagasy", "haitian-creole",
    ]

    public static func isKnown(_ name: String) -> Bool { known.contains(name) }
}

/// What a result was assessed on.
public enum LanguageSkill: String, Codable, Sendable, CaseIterable {
    case oral, written
}

/// A CEFR level, A1 (lowest) to C2.
public enum CEFRLevel: Int, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case a1 = 1, a2, b1, b2, c1, c2

    public var description: String {
        ["A1", "A2", "B1", "B2", "C1", "C2"][rawValue - 1]
    }

    /// The words examiners may use instead of a CEFR level.
    public static let words: [String: CEFRLevel] = ["basic": .a2, "working": .b1, "confident": .b2, "fluent": .c1]

    /// Every spelling `lang` accepts: the CEFR levels and the words.
    public static let spellings: [String] = allCases.map(\.description) + ["basic", "working", "confident", "fluent"]

    /// Parses `B2`, `b2` or one of the words (`confident` is B2).
    public init?(parsing text: String) {
        if let level = CEFRLevel.allCases.first(where: { $0.description == text.uppercased() }) {
            self = level
        } else if let level = CEFRLevel.words[text.lowercased()] {
            self = level
        } else {
            return nil
        }
    }

    public static func < (a: CEFRLevel, b: CEFRLevel) -> Bool { a.rawValue < b.rawValue }
}

/// Transcripts write a level as its name (`"B2"`); reading also takes the words (`confident`).
extension CEFRLevel: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let level = CEFRLevel(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a CEFR level: \(text)")
        }
        self = level
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
