/// Wraps `text` to `width` columns, prefixing every line with `indent` (and the first with
/// `firstIndent` when given, e.g. a number or bullet).
public func wrap(_ text: String, width: Int, indent: String = "", firstIndent: String? = nil) -> String {
    let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
    var lines: [String] = []
    var line = firstIndent ?? indent
    var lineHasWords = false
    for word in words {
        if lineHasWords && line.count + 1 + word.count > width {
            lines.append(line)
            line = indent
            lineHasWords = false
        }
        line += (lineHasWords ? " " : "") + word
        lineHasWords = true
    }
    lines.append(line)
    return lines.joined(separator: "\n")
}

/// Pads `text` with spaces to `width` characters (never cuts it).
public func padded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

/// Right-aligns `text` in `width` characters (never cuts it).
public func rightAligned(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}
