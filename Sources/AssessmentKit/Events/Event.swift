/// One line of a transcript: what happened, when, by whom, chained to the line before.
public struct Event: Equatable, Sendable {
    /// 1, 2, 3, … with no gaps.
    public var seq: Int
    /// RFC 3339 UTC with milliseconds, e.g. `2026-11-23T09:14:05.120Z`.
    public var at: Timestamp
    /// A panelist's name, or `system`.
    public var by: String
    public var payload: EventPayload
    /// Lowercase hex SHA-256 of the previous line's bytes (64 zeros for the first event).
    public var prev: String {
        get {
            switch storedPrev {
            case .text(let text): return text
            case .hash(let hash): return hash.hex
            }
        }
        set { storedPrev = .text(newValue) }
    }

    /// Read lines keep `prev` as the digest: no string to allocate per line.
    private enum StoredPrev: Sendable {
        case text(String)
        case hash(LineHash)
    }

    private var storedPrev: StoredPrev

    public init(seq: Int, at: Timestamp, by: String, payload: EventPayload, prev: String) {
        self.seq = seq
        self.at = at
        self.by = by
        self.payload = payload
        self.storedPrev = .text(prev)
    }

    init(seq: Int, at: Timestamp, by: String, payload: EventPayload, prevHash: LineHash) {
        self.seq = seq
        self.at = at
        self.by = by
        self.payload = payload
        self.storedPrev = .hash(prevHash)
    }

    public static func == (a: Event, b: Event) -> Bool {
        a.seq == b.seq && a.at == b.at && a.by == b.by && a.payload == b.payload && a.prev == b.prev
    }

    public var kind: EventKind { payload.kind }
    /// The kind as the transcript spells it.
    public var type: String { payload.kind.rawValue }

    /// `by` for events the program records itself.
    public static let system = "system"
    /// The `prev` of the first event.
    public static let firstPrev = String(repeating: "0", count: 64)
}

/// The transcript format version written in `started`. Version 2 adds the `voided` and
/// `panelist-removed` events, and gives each command its own time, shared by all the events
/// it writes (a one-line `rate`); in version 1 two commands could share a millisecond.
public let transcriptFormatVersion = 2

/// The first version whose events of one command are exactly those that share a time.
public let commandTimesVersion = 2

/// Whether a transcript is a real interview or a training run.
public enum InterviewMode: String, Codable, Sendable {
    case interview, mock
}

/// The panel's overall verdict.
public enum Recommendation: String, Codable, Sendable, CaseIterable {
    case recommended
    case notRecommended = "not-recommended"
}

/// The `type` of an event: the one table of the names the transcript format uses.
public enum EventKind: String, CaseIterable, Sendable {
    case started, resumed, moved, acting
    case panelistAdded = "panelist-added"
    case scored, rated, evidence, revealed, consensus, summarized, language, note, retracted, overridden, closed
    case panelistRemoved = "panelist-removed"
    case voided
    case joined, left
    case endorsed
}

/// What each kind of event records (`EventKind` names them).
public enum EventPayload: Equatable, Sendable {
    indirect case started(Started)
    case resumed
    case moved(Moved)
    case acting(Acting)
    case panelistAdded(PanelistAdded)
    case scored(Scored)
    case rated(Rated)
    case evidence(EvidenceNote)
    case revealed(Revealed)
    case consensus(Consensus)
    case summarized(Summarized)
    case language(LanguageResult)
    case note(Note)
    case retracted(Retracted)
    case overridden(Overridden)
    case closed(Closed)
    case panelistRemoved(PanelistRemoved)
    case voided(Voided)
    case joined(PanelConnection)
    case left(PanelConnection)
    case endorsed(Endorsed)

    public var kind: EventKind {
        switch self {
        case .started: return .started
        case .resumed: return .resumed
        case .moved: return .moved
        case .acting: return .acting
        case .panelistAdded: return .panelistAdded
        case .scored: return .scored
        case .rated: return .rated
        case .evidence: return .evidence
        case .revealed: return .revealed
        case .consensus: return .consensus
        case .summarized: return .summarized
        case .language: return .language
        case .note: return .note
        case .retracted: return .retracted
        case .overridden: return .overridden
        case .closed: return .closed
        case .panelistRemoved: return .panelistRemoved
        case .voided: return .voided
        case .joined: return .joined
        case .left: return .left
        case .endorsed: return .endorsed
        }
    }

    /// The kind as the transcript spells it.
    public var type: String { kind.rawValue }

    /// Whether the event records something a panelist can `undo`.
    public var isRecording: Bool {
        switch self {
        case .scored, .rated, .evidence, .consensus, .summarized, .language, .note, .overridden: return true
        default: return false
        }
    }

    /// The item an event is about, if any.
    public var item: String? {
        switch self {
        case .moved(let payload): return payload.item
        case .scored(let payload): return payload.item
        case .rated(let payload): return payload.item
        case .evidence(let payload): return payload.item
        case .revealed(let payload): return payload.item
        case .consensus(let payload): return payload.item
        case .summarized(let payload): return payload.item
        case .note(let payload): return payload.item
        default: return nil
        }
    }
}

/// The first event: everything needed to replay the interview without `Assessments/`.
public struct Started: Codable, Equatable, Sendable {
    public var version: Int
    public var mode: InterviewMode
    public var assessment: Assessment
    public var candidate: Candidate
    public var panel: [Panelist]
    public var blind: Bool
    /// For an anonymised export: the SHA-256 of the source transcript's bytes (provenance).
    public var sourceSHA256: String?
    /// For a mock assessment: the training scenario, with its reference ratings.
    public var scenario: Scenario?

    public init(version: Int = transcriptFormatVersion, mode: InterviewMode, assessment: Assessment,
                candidate: Candidate, panel: [Panelist], blind: Bool, sourceSHA256: String? = nil,
                scenario: Scenario? = nil) {
        self.scenario = scenario
        self.version = version
        self.mode = mode
        self.assessment = assessment
        self.candidate = candidate
        self.panel = panel
        self.blind = blind
        self.sourceSHA256 = sourceSHA256
    }
}

extension Started {
    /// What makes this `started` event one the shell could not have written, as a phrase;
    /// nil when sound. Every reader decodes `started` through this check (see `EventDecoder`).
    /// `checkingAssessment: false` skips the assessment, already checked by the caller.
    public func problem(checkingAssessment: Bool = true) -> String? {
        // First: a newer format may hold anything, and only an upgrade reads it.
        guard version <= transcriptFormatVersion else {
            return "it is in transcript format \(version), written by a newer assess (this one reads up to format "
                + "\(transcriptFormatVersion)); upgrade assess to read it"
        }
        guard version >= 1 else { return "its transcript format \(version) is not one assess has written" }
        switch (mode, scenario) {
        case (.mock, nil): return "a mock interview without its training scenario"
        case (.interview, .some): return "an interview (not a mock) with a training scenario"
        default: break
        }
        if checkingAssessment, let problem = assessment.problem { return "the embedded assessment is invalid: \(problem)" }
        guard !candidate.name.trimmingWhitespace.isEmpty else { return "the candidate has no name" }
        var checked: [Panelist] = []
        for panelist in panel {
            do {
                checked.append(try PanelParser.fits(panelist, joining: checked, roles: assessment.panel.roles))
            } catch {
                return "the panel is invalid: \(error)"
            }
        }
        if let scenario, let problem = scenario.problem(for: assessment) { return "the embedded scenario is invalid: \(problem)" }
        return nil
    }
}

public struct Moved: Codable, Equatable, Sendable {
    public var item: String
    public init(item: String) { self.item = item }
}

public struct Acting: Codable, Equatable, Sendable {
    public var panelist: String
    public init(panelist: String) { self.panelist = panelist }
}

public struct PanelistAdded: Codable, Equatable, Sendable {
    public var name: String
    public var role: String
    public init(name: String, role: String) { (self.name, self.role) = (name, role) }
}

/// A panelist's rating of an item on the scale.
public struct Scored: Codable, Equatable, Sendable {
    public var item: String
    public var value: Int
    public var evidence: String?
    /// Why a revealed rating was changed (blind mode).
    public var reason: String?
    public init(item: String, value: Int, evidence: String? = nil, reason: String? = nil) {
        (self.item, self.value, self.evidence, self.reason) = (item, value, evidence, reason)
    }
}

/// A panelist's rating of one indicator of an item.
public struct Rated: Codable, Equatable, Sendable {
    public var item: String
    public var indicator: Int
    public var rating: IndicatorRating
    public var evidence: String?
    public var reason: String?
    public init(item: String, indicator: Int, rating: IndicatorRating, evidence: String? = nil, reason: String? = nil) {
        (self.item, self.indicator, self.rating, self.evidence, self.reason) = (item, indicator, rating, evidence, reason)
    }
}

public struct EvidenceNote: Codable, Equatable, Sendable {
    public var item: String
    public var text: String
    public init(item: String, text: String) { (self.item, self.text) = (item, text) }
}

public struct Revealed: Codable, Equatable, Sendable {
    public var item: String
    public init(item: String) { self.item = item }
}

/// The panel's agreed value for an item.
public struct Consensus: Codable, Equatable, Sendable {
    public var item: String
    public var value: Double
    public var rationale: String
    public init(item: String, value: Double, rationale: String) { (self.item, self.value, self.rationale) = (item, value, rationale) }
}

public struct Summarized: Codable, Equatable, Sendable {
    public var item: String
    public var text: String
    public init(item: String, text: String) { (self.item, self.text) = (item, text) }
}

/// An examiner's result for one language and skill.
public struct LanguageResult: Codable, Equatable, Sendable {
    public var language: String
    public var skill: LanguageSkill
    /// Written as its name (`"B2"`); see `CEFRLevel`'s `Codable`.
    public var level: CEFRLevel
    public var note: String?
    public init(language: String, skill: LanguageSkill, level: CEFRLevel, note: String? = nil) {
        (self.language, self.skill, self.level, self.note) = (language, skill, level, note)
    }
}

public struct Note: Codable, Equatable, Sendable {
    public var item: String?
    public var text: String
    public init(item: String?, text: String) { (self.item, self.text) = (item, text) }
}

/// `undo`: the event whose `seq` is `target` no longer counts.
public struct Retracted: Codable, Equatable, Sendable {
    public var target: Int
    public init(target: Int) { self.target = target }
}

public struct Overridden: Codable, Equatable, Sendable {
    public var recommendation: Recommendation
    public var justification: String
    public init(recommendation: Recommendation, justification: String) {
        (self.recommendation, self.justification) = (recommendation, justification)
    }
}

/// `panel remove NAME`: a panelist who has recorded nothing leaves the panel.
public struct PanelistRemoved: Codable, Equatable, Sendable {
    public var name: String
    public init(name: String) { self.name = name }
}

/// `void REASON`: the chair ends the interview as void; reports leave it out.
public struct Voided: Codable, Equatable, Sendable {
    public var reason: String
    public init(reason: String) { self.reason = reason }
}

/// A panelist's (`by`) connection to a hosted interview, as `joined` and `left` record it:
/// the key that proved who they are, and where they connected from.
public struct PanelConnection: Codable, Equatable, Sendable {
    /// `SHA256:…`, as `ssh-keygen -l` prints it.
    public var fingerprint: String
    /// `ADDR:PORT` the connection came from.
    public var address: String
    public init(fingerprint: String, address: String) { (self.fingerprint, self.address) = (fingerprint, address) }
}

/// A panelist's sign-off of the closed transcript (`assess endorse`, or `endorse` in a hosted
/// shell): an SSHSIG signature of the `EndorsementMessage`, with the key that made it. Only
/// these may follow `closed`.
public struct Endorsed: Codable, Equatable, Sendable {
    public var panelist: String
    public var login: String
    /// `KEYTYPE BASE64`, as in an `allowed_signers` file. It names the key; only the signers
    /// file HR holds says whether the key is the panelist's.
    public var publicKey: String
    /// Armored, as `ssh-keygen -Y sign` writes it.
    public var signature: String
    public init(panelist: String, login: String, publicKey: String, signature: String) {
        (self.panelist, self.login, self.publicKey, self.signature) = (panelist, login, publicKey, signature)
    }
}

public struct Closed: Codable, Equatable, Sendable {
    public var forced: Bool
    public var reason: String?
    /// The recommendation that stood at close (the override's, if any), so listings need
    /// not read the whole transcript.
    public var recommendation: Recommendation?
    public init(forced: Bool, reason: String? = nil, recommendation: Recommendation? = nil) {
        (self.forced, self.reason, self.recommendation) = (forced, reason, recommendation)
    }
}
