/// Wraps `text` to `width` columns, prefixing every line with `indent` (and the first with
/// `firstIndent` when given, e.g. a number or bullet).
/// Linear in the text: each word is counted once, the line's length is kept as it grows.
public func wrap(_ text: String, width: Int, indent: String = "", firstIndent: String? = nil) -> String {
    let indentCount = indent.count
    var out = firstIndent ?? indent
    var lineCount = out.count
    var lineHasWords = false
    for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
        let wordCount = word.count
        if lineHasWords && lineCount + 1 + wordCount > width {
            out += "\n"
            out += indent
            lineCount = indentCount
            lineHasWords = false
        }
        if lineHasWords {
            out += " "
            lineCount += 1
        }
        out += word
        lineCount += wordCount
        lineHasWords = true
    }
    return out
}

/// Pads `text` with spaces to `width` characters (never cuts it).
public func padded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

/// Right-aligns `text` in `width` characters (never cuts it).
public func rightAligned(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}
