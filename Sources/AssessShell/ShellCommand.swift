import AssessmentKit

/// A failed command: the message says what is wrong and what to do. Nothing was recorded.
struct CommandError: Error, Equatable, Sendable {
    var message: String
    init(_ message: String) { self.message = message }
}

/// What an argument position completes to.
enum ArgumentKind: Equatable, Sendable {
    case command
    case item
    /// These words, or an item.
    case itemOr([String])
    case panelist
    case role
    case words([String])
    case freeText
    case language
    case skill
    case level
    case rating
    case indicator
    case recommendation
    /// A count or a speed: nothing to complete.
    case number
}

extension ArgumentKind {
    /// Whether the history file may keep `word` in this position: a word of the command's
    /// own vocabulary (a level, a rating, an item id), never a name or free text. Names are
    /// not known here, so an item id must look like one: lowercase letters, digits and '-'.
    func admitsToHistory(_ word: String) -> Bool {
        let lowered = word.lowercased()
        switch self {
        case .command, .panelist, .freeText: return false
        case .item, .role: return Self.looksLikeIdentifier(word)
        case .itemOr(let words): return words.contains(lowered) || Self.looksLikeIdentifier(word)
        case .words(let words): return words.contains(lowered)
        case .language: return Languages.named(word) != nil
        case .skill: return LanguageSkill(rawValue: lowered) != nil
        case .level: return CEFRLevel(parsing: word) != nil
        case .rating: return IndicatorRating(word: word) != nil
        case .indicator: return !word.isEmpty && word.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "-") }
        case .recommendation: return Recommendation(rawValue: lowered) != nil
        case .number: return Self.keepsLeadingNumber([word]) == 1
        }
    }

    /// `score 3 …`, `consensus 0.75 …`: the history file keeps the value, not the text.
    static let keepsLeadingNumber: @Sendable ([String]) -> Int = { arguments in
        arguments.first.map { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") } } == true ? 1 : 0
    }

    private static func looksLikeIdentifier(_ word: String) -> Bool {
        !word.isEmpty && word.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

/// Where a command is offered: `help` lists it and Tab completes it only there. Elsewhere
/// it still runs (to be refused with the reason) and `help NAME` still explains it.
enum CommandScope: Equatable, Sendable {
    case everywhere
    /// Under one rating method: `score` on a scale, `rate` with indicators.
    case method(Method)
    /// In a mock assessment: `answer`, `hint`.
    case mock
    /// In a real interview: `void`.
    case interview
    /// In blind mode: `reveal`.
    case blind
    /// At one keyboard, not in a hosted panelist's shell: `as`.
    case oneKeyboard
    /// In a hosted panelist's shell: `endorse`.
    case hosted

    func includes(_ state: InterviewState) -> Bool {
        switch self {
        case .everywhere: return true
        case .method(let method): return state.assessment.method == method
        case .mock: return state.mode == .mock
        case .interview: return state.mode == .interview
        case .blind: return state.blind
        case .oneKeyboard: return !state.isPanelistView
        case .hosted: return state.isPanelistView
        }
    }

    /// `help NAME`'s line saying where the command belongs, and whether this is such a place.
    func note(_ state: InterviewState) -> String? {
        switch self {
        case .everywhere:
            return nil
        case .method(let method):
            return "for the \(Self.word(method)) method"
                + (includes(state) ? "" : "; this assessment uses the \(Self.word(state.assessment.method)) method")
        case .mock:
            return "for mock assessments" + (includes(state) ? "" : "; this is a real interview")
        case .interview:
            return "for real interviews" + (includes(state) ? "" : "; this is a mock assessment")
        case .blind:
            return "for blind mode" + (includes(state) ? "" : "; this interview is not blind, and 'show ratings' shows the ratings")
        case .oneKeyboard:
            return "for a panel at one keyboard" + (includes(state) ? "" : "; signed in to a hosted panel, you record as yourself")
        case .hosted:
            return "for a hosted panel" + (includes(state) ? "" : "; at one keyboard each panelist endorses on their own machine with 'assess endorse'")
        }
    }

    private static func word(_ method: Method) -> String { method == .scale ? "scale" : "indicator" }
}

/// One shell command: its name, help, completion and implementation, together.
struct ShellCommand<Shell>: Sendable {
    var name: String
    /// e.g. `show [ITEM]`.
    var usage: String
    /// One line for `help`.
    var summary: String
    /// A longer explanation and an example for `help COMMAND`.
    var details: String
    var example: String
    /// The example under the indicator method where `example` would not do there
    /// (`consensus 0.75 …`, not `consensus 3 …`).
    var indicatorExample: String?
    /// Other names the command answers to (`exit` for `quit`); `help` lists them with it.
    var aliases: [String] = []
    var scope: CommandScope = .everywhere
    /// Completion per argument position; the last one repeats.
    var arguments: [ArgumentKind] = []
    /// How many argument words the history file may keep; what follows is free text or a
    /// name (evidence, a rationale, a panelist), cut to ` …` on disk. All by default.
    var savedWords = Int.max
    /// Where the words `savedWords` counts depend on the form (`rate y y p n` keeps them all).
    var savedWordsOf: (@Sendable ([String]) -> Int)?
    /// `as NAME COMMAND…`: after the kept words comes another command, which the history file
    /// keeps by its own rules.
    var prefixesCommand = false
    var run: @Sendable (Shell, CommandWords) throws(CommandError) -> Void

    /// Whether `name` (lowercase) names this command.
    func answers(to name: String) -> Bool { self.name == name || aliases.contains(name) }

    /// `quit · exit`: the usage with the other names.
    var listedUsage: String { ([usage] + aliases).joined(separator: " · ") }

    func example(for method: Method) -> String {
        method == .indicators ? indicatorExample ?? example : example
    }
}

extension ShellCommand {
    /// A command that takes no arguments: its usage and example are its name.
    static func plain(_ name: String, summary: String, details: String, aliases: [String] = [], scope: CommandScope = .everywhere,
                      run: @escaping @Sendable (Shell) throws(CommandError) -> Void) -> ShellCommand {
        ShellCommand(name: name, usage: name, summary: summary, details: details, example: name,
                     aliases: aliases, scope: scope) { shell, words throws(CommandError) in
            try words.expectNoArguments()
            try run(shell)
        }
    }
}
