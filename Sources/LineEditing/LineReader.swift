/// What a reader hands back for one request.
public enum LineInput: Equatable, Sendable {
    /// A logical line (continuations joined, comments skipped) and the input line it started on.
    case line(String, number: Int)
    /// Ctrl-C: the half-typed line was discarded.
    case interrupted
    /// End of input (Ctrl-D on an empty line, or end of file).
    case end
}

/// Reads the shell's commands, one logical line at a time.
public protocol LineReader: AnyObject {
    /// True for a person at a terminal: prompts are shown and errors don't carry line numbers.
    var isInteractive: Bool { get }
    /// Reads the next logical line. `prompt` is shown only by interactive readers;
    /// `remember` false keeps the line out of the history (e.g. a candidate's name).
    func read(prompt: String, remember: Bool) -> LineInput
}

extension LineReader {
    public func read(prompt: String) -> LineInput { read(prompt: prompt, remember: true) }
}

/// One physical line as a reader got it.
enum PhysicalLine: Equatable {
    case text(String, number: Int)
    case interrupted
    case end
}

/// The continuation prompt shown while a line ending in `\` goes on.
public let continuationPrompt = "… › "

/// Joins physical lines into a logical one: a trailing `\` continues the line (the break
/// becomes one space), and a line whose first non-blank character is `#` is a comment.
/// Shared by both readers so they treat input the same way.
func readLogicalLine(prompt: String, next: (String) -> PhysicalLine) -> LineInput {
    var parts: [String] = []
    var firstNumber = 0
    var currentPrompt = prompt
    while true {
        switch next(currentPrompt) {
        case .interrupted:
            return .interrupted
        case .end:
            if parts.isEmpty { return .end }
            return .line(parts.joined(separator: " "), number: firstNumber)
        case .text(let raw, let number):
            var text = raw.hasSuffix("\r") ? String(raw.dropLast()) : raw
            if parts.isEmpty {
                if text.drop(while: { $0 == " " || $0 == "\t" }).first == "#" { continue }
                firstNumber = number
            } else {
                text = String(text.drop(while: { $0 == " " || $0 == "\t" }))
            }
            if text.hasSuffix("\\") {
                text.removeLast()
                let piece = trimmingTrailingBlanks(text)
                if !piece.isEmpty { parts.append(piece) }
                currentPrompt = continuationPrompt
                continue
            }
            parts.append(text)
            return .line(parts.joined(separator: " "), number: firstNumber)
        }
    }
}

func trimmingTrailingBlanks(_ text: String) -> String {
    var text = text
    while let last = text.last, last == " " || last == "\t" { text.removeLast() }
    return text
}
