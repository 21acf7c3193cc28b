/// The rule for names and ids typed in (candidate, panelists, trainee): they end up in
/// reports, terminals and file names, so control characters are refused at entry, and
/// lengths are bounded so the transcript's file name fits.
public enum EnteredName {
    public static let maxNameLength = 200
    /// `<date>-<id>-NNNN.jsonl` and its temporary `.<that>.<pid>.tmp` must fit the 255 bytes
    /// of a file name: 35 bytes around the id, and `fileSafe` gives at most two bytes per character.
    public static let maxIDLength = 100
    /// The longest id or name part of a transcript's file name, in (ASCII) bytes.
    public static let maxFileNamePart = 200

    /// What is wrong with a name or id; `what` says whose, e.g. "the candidate's name".
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case controlCharacter(what: String, scalar: UInt32)
        case tooLong(what: String, length: Int, limit: Int)
        /// Only spaces, punctuation or invisible characters: nothing a reader could tell apart.
        case noLetters(what: String)
        /// A space other than a plain one at the start or end (a no-break space, say): the
        /// name would look like another and not be it.
        case edgeSpace(what: String, scalar: UInt32)

        public var description: String {
            switch self {
            case .controlCharacter(let what, let scalar):
                return "\(what) holds a control character (\(EnteredName.codePoint(scalar))); type it without"
            case .tooLong(let what, let length, let limit):
                return "\(what) is \(length) characters long; give at most \(limit)"
            case .noLetters(let what):
                return "\(what) has no letter or digit; type the name as it should read"
            case .edgeSpace(let what, let scalar):
                return "\(what) starts or ends with a space character (\(EnteredName.codePoint(scalar))); type it without"
            }
        }
    }

    /// What is wrong with a name (control characters, more than `maxNameLength` characters), or nil.
    public static func problem(name: String, what: String) -> Problem? {
        problem(name, what: what, limit: maxNameLength)
    }

    /// What is wrong with an id (control characters, more than `maxIDLength` characters), or nil.
    public static func problem(id: String, what: String = "the candidate's id") -> Problem? {
        problem(id, what: what, limit: maxIDLength)
    }

    static func problem(_ text: String, what: String, limit: Int) -> Problem? {
        // Invisible format characters too (a zero-width space, a byte-order mark): they make
        // names that look alike but differ.
        if let scalar = text.unicodeScalars.first(where: { isControl($0) || $0.properties.generalCategory == .format }) {
            return .controlCharacter(what: what, scalar: scalar.value)
        }
        // (Blank is not this rule's to judge: an empty id is none, and the callers ask again for an empty name.)
        if !text.trimmingBlanks.isEmpty, !text.unicodeScalars.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil }) {
            return .noLetters(what: what)
        }
        let trimmed = text.trimmingBlanks.unicodeScalars
        if let edge = [trimmed.first, trimmed.last].compactMap({ $0 }).first(where: { $0.properties.isWhitespace }) {
            return .edgeSpace(what: what, scalar: edge.value)
        }
        let length = text.count
        return length <= limit ? nil : .tooLong(what: what, length: length, limit: limit)
    }

    /// The characters refused are those `SafeText` shows visibly.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool { SafeText.isControl(scalar) }

    /// `U+001B`.
    static func codePoint(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
