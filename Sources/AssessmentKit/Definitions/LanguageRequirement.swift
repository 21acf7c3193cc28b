/// The level a vacancy asks for in one language.
public enum RequiredLevel: Equatable, Sendable, CustomStringConvertible {
    /// C1 or above in every skill the vacancy names.
    case fluent
    /// B1 or above in at least one skill.
    case knowledge
    /// This CEFR level or above in every skill the vacancy names.
    case cefr(CEFRLevel)

    public var description: String {
        switch self {
        case .fluent: return "fluent"
        case .knowledge: return "knowledge"
        case .cefr(let level): return level.description
        }
    }
}

/// A language requirement such as `english:fluent and (french:fluent or dutch:fluent)`.
public indirect enum LanguageRequirement: Equatable, Sendable, CustomStringConvertible {
    case language(String, RequiredLevel)
    case all([LanguageRequirement])
    case any([LanguageRequirement])

    /// Every language the requirement names, in order of appearance.
    public var languages: [String] {
        switch self {
        case .language(let name, _): return [name]
        case .all(let parts), .any(let parts):
            var seen: [String] = []
            for name in parts.flatMap(\.languages) where !seen.contains(name) { seen.append(name) }
            return seen
        }
    }

    /// The canonical text: `and` binds tighter than `or`, so only `or` inside `and` needs brackets.
    public var description: String {
        switch self {
        case .language(let name, let level): return "\(name):\(level)"
        case .any(let parts): return parts.map(\.description).joined(separator: " or ")
        case .all(let parts):
            return parts.map { part in
                if case .any = part { return "(\(part))" }
                return part.description
            }.joined(separator: " and ")
        }
    }

    /// A syntax error, with the 0-based character offset where it was found.
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public var message: String
        public var offset: Int
        public var description: String { message }
    }

    /// Parses the expression; the grammar is `or := and ('or' and)*`,
    /// `and := term ('and' term)*`, `term := LANGUAGE ':' LEVEL | '(' or ')'`.
    /// The text is at most `DefinitionLimits.requirementLength` characters and its brackets
    /// nest at most `DefinitionLimits.requirementDepth` deep: the parser and every walk over
    /// the result recurse once per bracket, and a forged transcript may hold any text here.
    public init(parsing text: String) throws(ParseError) {
        let length = text.count
        guard length <= DefinitionLimits.requirementLength else {
            throw .init(message: "the requirement is \(length) characters long; write it in at most \(DefinitionLimits.requirementLength)",
                        offset: 0)
        }
        var parser = RequirementParser(text: text)
        self = try parser.parse()
    }
}

private struct RequirementParser {
    struct Token {
        var text: String
        var offset: Int
    }

    var tokens: [Token] = []
    var position = 0
    /// Brackets open around the current term.
    var depth = 0
    let length: Int

    init(text: String) {
        length = text.count
        var current = ""
        var start = 0
        func flush() {
            if !current.isEmpty { tokens.append(Token(text: current, offset: start)) }
            current = ""
        }
        for (offset, character) in text.enumerated() {
            if character == "(" || character == ")" || character == ":" {
                flush()
                tokens.append(Token(text: String(character), offset: offset))
            } else if character.isWhitespace {
                flush()
            } else {
                if current.isEmpty { start = offset }
                current.append(character)
            }
        }
        flush()
    }

    var next: Token? { position < tokens.count ? tokens[position] : nil }

    mutating func parse() throws(LanguageRequirement.ParseError) -> LanguageRequirement {
        guard !tokens.isEmpty else {
            throw .init(message: "the language requirement is empty; write e.g. 'english:fluent'", offset: 0)
        }
        let result = try parseExpression()
        if let extra = next {
            throw .init(message: "unexpected '\(extra.text)'; join terms with 'and' or 'or'", offset: extra.offset)
        }
        return result
    }

    /// The operators, loosest first (`and` binds tighter than `or`), and what each joins into.
    static let operators: [(word: String, join: @Sendable ([LanguageRequirement]) -> LanguageRequirement)] = [
        ("or", { .any($0) }), ("and", { .all($0) }),
    ]

    /// Terms joined by `operators[level...]`: `or := and ('or' and)*`, `and := term ('and' term)*`.
    mutating func parseExpression(level: Int = 0) throws(LanguageRequirement.ParseError) -> LanguageRequirement {
        guard level < Self.operators.count else { return try parseTerm() }
        let (word, join) = Self.operators[level]
        var parts = [try parseExpression(level: level + 1)]
        while next?.text.lowercased() == word {
            position += 1
            parts.append(try parseExpression(level: level + 1))
        }
        return parts.count == 1 ? parts[0] : join(parts)
    }

    mutating func parseTerm() throws(LanguageRequirement.ParseError) -> LanguageRequirement {
        guard let token = next else {
            throw .init(message: "the requirement ends too early; expected a term such as 'french:fluent'", offset: length)
        }
        if token.text == "(" {
            guard depth < DefinitionLimits.requirementDepth else {
                throw .init(message: "brackets nest more than \(DefinitionLimits.requirementDepth) deep here; remove the extra ones",
                            offset: token.offset)
            }
            position += 1
            depth += 1
            let inner = try parseExpression()
            depth -= 1
            guard next?.text == ")" else {
                throw .init(message: "missing ')' to close the '(' at character \(token.offset + 1)", offset: next?.offset ?? length)
            }
            position += 1
            return inner
        }
        let word = token.text.lowercased()
        guard word != ")", word != ":", word != "and", word != "or" else {
            throw .init(message: "expected a term such as 'french:fluent' but found '\(token.text)'", offset: token.offset)
        }
        guard Languages.isKnown(word) else {
            throw .init(message: "unknown language '\(token.text)'\(didYouMean(word, among: Languages.known))", offset: token.offset)
        }
        position += 1
        guard next?.text == ":" else {
            throw .init(message: "'\(token.text)' needs a level, as in '\(word):fluent'", offset: next?.offset ?? length)
        }
        position += 1
        guard let levelToken = next else {
            throw .init(message: "'\(word):' needs a level: fluent, knowledge, or a CEFR level A1…C2", offset: length)
        }
        position += 1
        let levelWord = levelToken.text.lowercased()
        if levelWord == "fluent" { return .language(word, .fluent) }
        if levelWord == "knowledge" { return .language(word, .knowledge) }
        if let level = CEFRLevel.allCases.first(where: { $0.description == levelToken.text.uppercased() }) {
            return .language(word, .cefr(level))
        }
        throw .init(message: "unknown level '\(levelToken.text)' for \(word); use fluent, knowledge, or a CEFR level A1…C2",
                    offset: levelToken.offset)
    }
}
