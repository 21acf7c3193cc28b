/// Wraps `text` to `width` columns, prefixing every line with `indent` (and the first with
/// `firstIndent` when given, e.g. a number or bullet). Words are split at spaces and line
/// breaks; a column is a Unicode scalar. Linear in the text: it walks the UTF-8 bytes once.
public func wrap(_ text: String, width: Int, indent: String = "", firstIndent: String? = nil) -> String {
    let indentBytes = Array(indent.utf8)
    let indentColumns = columns(indent)
    var out: [UInt8] = Array((firstIndent ?? indent).utf8)
    out.reserveCapacity(out.count + text.utf8.count + text.utf8.count / max(1, width) * (indentBytes.count + 1))
    var lineColumns = columns(firstIndent ?? indent)
    var lineHasWords = false
    var text = text
    text.withUTF8 { bytes in
        var position = 0
        while position < bytes.count {
            if bytes[position] == 0x20 || bytes[position] == 0x0A {
                position += 1
                continue
            }
            let start = position
            var wordColumns = 0
            while position < bytes.count, bytes[position] != 0x20, bytes[position] != 0x0A {
                if bytes[position] & 0xC0 != 0x80 { wordColumns += 1 }
                position += 1
            }
            if lineHasWords && lineColumns + 1 + wordColumns > width {
                out.append(0x0A)
                out.append(contentsOf: indentBytes)
                lineColumns = indentColumns
                lineHasWords = false
            }
            if lineHasWords {
                out.append(0x20)
                lineColumns += 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
            lineColumns += wordColumns
            lineHasWords = true
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// Display columns of `text`, counted as Unicode scalars.
func columns(_ text: String) -> Int { text.unicodeScalars.count }

/// Pads `text` with spaces to `width` characters (never cuts it).
public func padded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

/// `text` cut to `width` characters, the last being `…`, when it is longer.
public func shortened(_ text: String, _ width: Int) -> String {
    guard text.count > width else { return text }
    guard width > 1 else { return String(text.prefix(max(0, width))) }
    return String(text.prefix(width - 1)).trimmingTrailingBlanks + "…"
}

/// Right-aligns `text` in `width` characters (never cuts it).
public func rightAligned(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

/// Colours report text with an ANSI SGR code (`"1;31"` bold red) when `enabled`: a text
/// report at a terminal without NO_COLOR. `paint(text, code)`.
struct Paint {
    let enabled: Bool

    func callAsFunction(_ text: String, _ code: String) -> String {
        enabled ? "\u{1b}[\(code)m\(text)\u{1b}[0m" : text
    }
}
