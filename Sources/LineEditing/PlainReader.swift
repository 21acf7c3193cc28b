/// Reads commands from a pipe or file: no prompt, no escape codes, numbered lines.
public final class PlainReader: LineReader {
    public let isInteractive = false
    private let nextRawLine: () -> String?
    private var lineNumber = 0

    /// Reads standard input.
    public convenience init() {
        self.init { Swift.readLine(strippingNewline: true) }
    }

    /// Reads the lines of `text` (for tests and for scripts held in memory).
    public convenience init(text: String) {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var iterator = lines.makeIterator()
        self.init { iterator.next() }
    }

    /// Reads lines from any source; `nil` ends the input.
    public init(lines: @escaping () -> String?) {
        self.nextRawLine = lines
    }

    public func read(prompt: String, remember: Bool) -> LineInput {
        readLogicalLine(prompt: prompt) { _ in
            guard let raw = nextRawLine() else { return .end }
            lineNumber += 1
            return .text(raw, number: lineNumber)
        }
    }
}
