/// A command line split into words. Double or single quotes keep spaces inside a word
/// (`panel add "Ana María" chair`); `rest(from:)` gives the raw text for free-text arguments.
struct CommandWords: Equatable {
    struct Word: Equatable {
        var text: String
        /// Offset in the line where the word starts.
        var start: String.Index
    }

    let line: String
    let words: [Word]
    /// True when the line ends inside an open quote.
    let unterminatedQuote: Bool

    init(_ line: String) {
        self.line = line
        var words: [Word] = []
        var current = ""
        var start: String.Index?
        var quote: Character?
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || (character == "'" && start == nil) {  // an apostrophe inside a word is text
                quote = character
                if start == nil { start = index }
            } else if character == " " || character == "\t" {
                if let begun = start { words.append(Word(text: current, start: begun)) }
                current = ""
                start = nil
            } else {
                if start == nil { start = index }
                current.append(character)
            }
            index = line.index(after: index)
        }
        if let begun = start { words.append(Word(text: current, start: begun)) }
        self.words = words
        self.unterminatedQuote = quote != nil
    }

    var name: String? { words.first?.text.lowercased() }

    /// The arguments after the command name.
    var arguments: [String] { words.dropFirst().map(\.text) }

    /// The raw text from argument `index` (0 = first argument) to the end of the line.
    func rest(from index: Int) -> String {
        let position = index + 1
        guard position < words.count else { return "" }
        return String(line[words[position].start...]).trimmingBlanks
    }
}

extension CommandWords {
    func expectNoArguments() throws(CommandError) {
        guard let extra = arguments.first else { return }
        throw CommandError("'\(name ?? "")' takes no arguments (got '\(extra)'); see 'help \(name ?? "")'")
    }

    func expectAtMost(_ count: Int) throws(CommandError) {
        guard arguments.count > count else { return }
        throw CommandError("too many arguments to '\(name ?? "")' ('\(arguments[count])'); see 'help \(name ?? "")'")
    }
}
