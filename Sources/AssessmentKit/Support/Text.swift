extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    public var trimmingBlanks: String { trimming { $0 == " " || $0 == "\t" } }

    /// The text without leading and trailing white space, line breaks included.
    public var trimmingWhitespace: String { trimming(\.isWhitespace) }

    /// The text without the leading and trailing characters that `drop` accepts.
    public func trimming(_ drop: (Character) -> Bool) -> String {
        var slice = Substring(self)
        while let first = slice.first, drop(first) { slice = slice.dropFirst() }
        while let last = slice.last, drop(last) { slice = slice.dropLast() }
        return String(slice)
    }

    /// The text without trailing spaces and tabs.
    public var trimmingTrailingBlanks: String {
        var slice = Substring(self)
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}

/// A number without a trailing ".0" when it is whole.
public func format(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return String(value)
}

/// Text from transcripts and definitions made safe to print: control characters are shown
/// visibly and inert, as less and git show them, so no name or evidence can move the
/// cursor, retitle a terminal, write the clipboard or start a new line of a report.
public enum SafeText {
    /// Whether a scalar must not reach a terminal raw: C0, DEL, C1, the bidi controls
    /// (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and the line and paragraph separators.
    /// (The Unicode property `isBidiControl` names the same set, but looking it up costs
    /// more than the rest of printing a report.)
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x2028...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// Whether `text` may hold a control: a byte below 0x20, DEL, or the lead byte of a C1
    /// control (0xC2), of U+061C (0xD8) or of the U+2xxx controls (0xE2). One pass over the bytes.
    static func mayHoldControl(_ text: String, butLineBreaks: Bool = false) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for byte in bytes where byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xD8 || byte == 0xE2 {
                if !(butLineBreaks && byte == 0x0A) { return true }
            }
            return false
        }
    }

    /// `text` with C0 controls and DEL in caret notation (`^[`, `^J`, `^?`) and the other
    /// controls as `\u202e`; returned unchanged, without copying, when it holds none.
    public static func visible(_ text: String) -> String {
        guard mayHoldControl(text), text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x00...0x1F:
                out.append("^")
                out.append(Unicode.Scalar(UInt8(scalar.value + 0x40)))
            case 0x7F:
                out.append(contentsOf: "^?".unicodeScalars)
            case _ where isControl(scalar):
                out.append(contentsOf: escaped(scalar).unicodeScalars)
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Text of several lines, each made `visible`: line breaks stay, every other control shows.
    public static func visibleLines(_ text: String) -> String {
        guard mayHoldControl(text, butLineBreaks: true), text.unicodeScalars.contains(where: { $0 != "\n" && isControl($0) }) else {
            return text
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { visible(String($0)) }.joined(separator: "\n")
    }

    /// `\u` and four lowercase hex digits, as JSON writes a character.
    public static func escaped(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// For Markdown: visible, HTML inert (`<`, `>` and `&` as entities, since Markdown viewers
    /// render raw HTML), and the characters that make links, emphasis and code backslashed,
    /// so text from a transcript is shown as written and cannot become a link.
    public static func markdown(_ text: String) -> String {
        let shown = visible(text)
        guard shown.contains(where: { "<>&\\`*_[]".contains($0) }) else { return shown }
        return replacing(shown) { character in
            switch character {
            case "&": return "&amp;"
            case "<": return "&lt;"
            case ">": return "&gt;"
            case "\\", "`", "*", "_", "[", "]": return "\\" + String(character)
            default: return nil
            }
        }
    }

    /// `text` with each character for which `replacement` gives a string replaced by it.
    public static func replacing(_ text: String, _ replacement: (Character) -> String?) -> String {
        var out = ""
        for character in text {
            if let replaced = replacement(character) { out += replaced } else { out.append(character) }
        }
        return out
    }

    /// JSON text with every control that JSONEncoder leaves raw (DEL, C1, bidi, separators)
    /// written as a `\u` escape: the same data, inert at a terminal. Such characters can only
    /// stand inside strings, where the escape means the same character; C0 controls in
    /// strings are escaped already, and the line breaks between tokens stay.
    public static func json(_ text: String) -> String {
        func raw(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x7F && isControl(scalar) }
        guard text.unicodeScalars.contains(where: raw) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if raw(scalar) { out.append(contentsOf: escaped(scalar).unicodeScalars) } else { out.append(scalar) }
        }
        return String(out)
    }
}

/// `text` as a POSIX shell word: as it is when it holds only characters no shell treats
/// specially, else in single quotes (a quote inside written `'\''`).
public func shellQuoted(_ text: String) -> String {
    let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { $0.isASCII && ((("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)) || "-_./@:,+=".unicodeScalars.contains($0)) }
    return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
