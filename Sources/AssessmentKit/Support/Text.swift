extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    public var trimmingBlanks: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }

    /// The text without trailing spaces and tabs.
    public var trimmingTrailingBlanks: String {
        var slice = Substring(self)
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
