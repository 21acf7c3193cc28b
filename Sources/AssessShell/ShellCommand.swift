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
}

extension ShellCommand {
    /// A command that takes no arguments: its usage and example are its name.
    static func plain(_ name: String, summary: String, details: String,
                      run: @escaping @Sendable (Shell) throws(CommandError) -> Void) -> ShellCommand {
        ShellCommand(name: name, usage: name, summary: summary, details: details, example: name) { shell, words throws(CommandError) in
            try words.expectNoArguments()
            try run(shell)
        }
    }
}
