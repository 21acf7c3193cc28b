/// Whether a transcript's hash chain checks out, as every report states it.
public enum Integrity: Equatable, Sendable, CustomStringConvertible, Encodable {
    case verified
    /// The summary covers only the events before the damage.
    case damaged(TranscriptDamage)

    public init(_ damage: TranscriptDamage?) {
        self = damage.map(Integrity.damaged) ?? .verified
    }

    /// `verified`, or `damaged: line 12: edited line (…) — the summary covers the events before it`.
    public var description: String {
        switch self {
        case .verified: return "verified"
        case .damaged(let damage): return "damaged: \(damage) — the summary covers the events before it"
        }
    }

    /// The JSON holds the text form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
