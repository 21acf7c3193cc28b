/// What the shell offers for the word under the cursor.
public struct Completion: Equatable, Sendable {
    /// The part of the word already typed.
    public var partial: String
    /// Whole words that could replace it.
    public var candidates: [String]

    public init(partial: String, candidates: [String]) {
        self.partial = partial
        self.candidates = candidates
    }

    /// The text to insert after `partial`: the candidates' common extension, plus a space
    /// when exactly one candidate is left.
    public var insertion: String {
        let matching = candidates.filter { $0.hasPrefix(partial) }
        guard let first = matching.first else { return "" }
        if matching.count == 1 { return String(first.dropFirst(partial.count)) + " " }
        var common = first[...]
        for word in matching.dropFirst() {
            while !word.hasPrefix(common) { common = common.dropLast() }
        }
        return String(common.dropFirst(partial.count))
    }

    /// The candidates to list when the insertion makes no progress.
    public var listing: [String] {
        candidates.filter { $0.hasPrefix(partial) }
    }
}

/// Given the line up to the cursor, returns the completion for the word being typed.
public typealias Completer = (_ lineBeforeCursor: String) -> Completion

/// Lays out words in columns that fit `width`, the way shells list completions.
public func columns(_ words: [String], width: Int) -> String {
    guard let longest = words.map(\.count).max() else { return "" }
    let cell = longest + 2
    let perRow = max(1, width / cell)
    var lines: [String] = []
    var row = ""
    for (index, word) in words.enumerated() {
        let isLastInRow = (index + 1) % perRow == 0 || index == words.count - 1
        row += isLastInRow ? word : word + String(repeating: " ", count: cell - word.count)
        if isLastInRow {
            lines.append(row)
            row = ""
        }
    }
    return lines.joined(separator: "\n")
}
