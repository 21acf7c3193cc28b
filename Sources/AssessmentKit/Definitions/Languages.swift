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

    /// The ISO 639-1 code of each known language, which `lang` takes for its name (`lang en
    /// oral C1`). Dari has none (it is Persian as spoken in Afghanistan).
    public static let codes: [String: String] = [
        "en": "english", "fr": "french", "es": "spanish", "ar": "arabic", "zh": "chinese", "ru": "russian",
        "nl": "dutch", "de": "german", "pt": "portuguese", "it": "italian", "uk": "ukrainian",
        "be": "belarusian", "pl": "polish", "ro": "romanian", "tr": "turkish", "el": "greek",
        "sq": "albanian", "sr": "serbian", "hr": "croatian", "bs": "bosnian", "bg": "bulgarian",
        "hu": "hungarian", "cs": "czech", "sk": "slovak", "sv": "swedish", "da": "danish",
        "no": "norwegian", "fi": "finnish", "et": "estonian", "lv": "latvian", "lt": "lithuanian",
        "ka": "georgian", "hy": "armenian", "az": "azerbaijani", "kk": "kazakh", "ky": "kyrgyz",
        "uz": "uzbek", "tg": "tajik", "fa": "persian", "ps": "pashto", "ur": "urdu", "hi": "hindi",
        "bn": "bengali", "ne": "nepali", "ta": "tamil", "si": "sinhala", "my": "burmese", "th": "thai",
        "vi": "vietnamese", "km": "khmer", "lo": "lao", "id": "indonesian", "ms": "malay",
        "tl": "tagalog", "ja": "japanese", "ko": "korean", "mn": "mongolian", "he": "hebrew",
        "ku": "kurdish", "am": "amharic", "ti": "tigrinya", "so": "somali", "sw": "swahili",
        "ha": "hausa", "yo": "yoruba", "ig": "igbo", "wo": "wolof", "ln": "lingala",
        "rw": "kinyarwanda", "rn": "kirundi", "mg": "malagasy", "ht": "haitian-creole",
    ]

    public static func isKnown(_ name: String) -> Bool { known.contains(name) }

    /// The language a name or an ISO 639-1 code stands for, in any case: `EN` and `English`
    /// are `english`.
    public static func named(_ text: String) -> String? {
        let lowercased = text.lowercased()
        return isKnown(lowercased) ? lowercased : codes[lowercased]
    }
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
