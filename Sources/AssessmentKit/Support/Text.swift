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
