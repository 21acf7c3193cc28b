import Foundation

/// A live interview: the state and the transcript it is written to. Every change goes
/// through `record`, which makes the event durable first and then folds it into the state.
public final class InterviewSession {
    public private(set) var state: InterviewState
    private let writer: TranscriptWriter
    public let clock: EventClock
    /// The events this session wrote, for a hosted panel to tell its panelists what happened.
    public private(set) var written: [Event] = []

    public var path: String { writer.path }

    /// The events this session wrote after `seq`.
    public func events(after seq: Int) -> [Event] {
        guard let start = written.firstIndex(where: { $0.seq > seq }) else { return [] }
        return Array(written[start...])
    }

    init(state: InterviewState, writer: TranscriptWriter, clock: EventClock) {
        self.state = state
        self.writer = writer
        self.clock = clock
    }

    /// What endorsements sign: the lines through `closed`, which never change once written.
    private var signedPartRead: (lines: Int, sha256: String)?

    func signedPart() throws -> (lines: Int, sha256: String) {
        if let signedPartRead { return signedPartRead }
        let part = try Endorsements.signedPart(path: path, state: state)
        signedPartRead = part
        return part
    }

    /// The transcript folder: `--transcripts`, else `$ASSESS_TRANSCRIPTS`, else `./Transcripts`.
    public static func transcriptFolder(option: String?, environment: [String: String]) -> String {
        if let option, !option.isEmpty { return option }
        if let folder = environment["ASSESS_TRANSCRIPTS"], !folder.isEmpty { return folder }
        return "Transcripts"
    }

    /// Starts a new transcript with its `started` event.
    public static func start(_ started: Started, folder: String,
                             clock: EventClock = .system) throws(TranscriptError) -> InterviewSession {
        // The rules of entry hold for every caller; the shell checks them first, to ask again.
        do {
            _ = try Candidate.entered(name: started.candidate.name, id: started.candidate.id)
        } catch {
            throw .cannotCreate(path: folder, reason: error.description)
        }
        if let problem = started.panel.lazy.compactMap({ EnteredName.problem(name: $0.name, what: "a panelist's name") }).first {
            throw .cannotCreate(path: folder, reason: problem.description)
        }
        let now = clock.now()
        var name = started.candidate.id.map(fileName(candidateID:)) ?? fileSafe(started.candidate.name).lowercased()
        if let scenario = started.scenario, let trainee = started.panel.first {
            name = fileName("mock-" + scenario.id + "-" + fileSafe(trainee.name).lowercased())
        }
        let (writer, event) = try TranscriptWriter.create(folder: folder, assessment: started.assessment.id, date: now.date,
                                                          name: name, first: .started(started), clock: clock.stamp)
        let session = InterviewSession(state: InterviewState(started: started, at: event.at, seq: event.seq),
                                       writer: writer, clock: clock)
        return session
    }

    /// What resuming found.
    public struct Resumption: Sendable {
        /// Set when a torn last line was cut off.
        public var repairedTornLine: Int?
        /// Whole lines cut off with it: the rest of the one command it belonged to (a `rate`
        /// line's events are written together), which was never acknowledged.
        public var removedWithTornLine = 0
    }

    /// The part of a transcript's file name after its date. `<date>-<name>-NNNN.jsonl` and
    /// `.<that>.<pid>.tmp` add 35 bytes: stay within NAME_MAX (255).
    static func fileName(_ name: String) -> String { String(name.prefix(EnteredName.maxFileNamePart)) }

    static func fileName(candidateID: String) -> String { fileName(fileSafe(candidateID)) }

    /// An interview left open, as `openInterviews` finds it.
    public struct OpenInterview: Sendable {
        public var path: String
        public var candidate: Candidate
        public var panel: [Panelist]
        /// When it was started (RFC 3339).
        public var started: String
    }

    /// The open interviews of the candidate with this id for this assessment in `folder`
    /// (`<folder>/<assessment>/<date>-<id>[-N].jsonl`, any date), oldest first: what starting
    /// another would leave behind. One whose last line was torn by a crash counts (resuming
    /// repairs it); a closed, voided or otherwise damaged one does not. Only files named for
    /// the id are read; each is read as `summary` does.
    public static func openInterviews(folder: String, assessment: String, candidateID: String) -> [OpenInterview] {
        let directory = folder + "/" + assessment
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        let stem = fileName(candidateID: candidateID)
        // `<date>-<stem>.jsonl`, then `-2`, `-3`…: oldest first.
        let dated = /(\d{4}-\d{2}-\d{2})-(.+)\.jsonl/
        let numbered = /(.+)-(\d+)/
        let files = names.compactMap { name -> (name: String, date: Substring, number: Int)? in
            guard let match = name.wholeMatch(of: dated) else { return nil }
            if match.output.2 == stem { return (name, match.output.1, 1) }
            guard let tail = match.output.2.wholeMatch(of: numbered), tail.output.1 == stem, let number = Int(tail.output.2) else { return nil }
            return (name, match.output.1, number)
        }
        let torn = TranscriptDamage.tornLastLine(line: 0).kind
        return files.sorted { ($0.date, $0.number) < ($1.date, $1.number) }.compactMap { file -> OpenInterview? in
            let path = directory + "/" + file.name
            guard let summary = try? TranscriptSummary.summaries(paths: [path], withEvidence: false)[0].get(),
                  summary.closed == nil, summary.voided == nil, summary.damage.map({ $0.kind == torn }) ?? true,
                  summary.mode == .interview, summary.candidate.id == candidateID, summary.assessment == assessment
            else { return nil }
            return OpenInterview(path: path, candidate: summary.candidate, panel: summary.panel, started: summary.started)
        }
    }

    /// Reopens an open transcript where it stopped. A torn last line is cut back to the last
    /// whole event; any other damage, or a closed interview, refuses.
    public static func resume(path: String, clock: EventClock = .system)
        throws(TranscriptError) -> (InterviewSession, Resumption) {
        // Lock first, then read: what is read is then what this shell appends to.
        let descriptor = try TranscriptWriter.lockExisting(path: path)
        var resumptionRemoved = 0
        var read: (events: [Event], scan: TranscriptScan)
        do {
            read = try TranscriptReader.readAll(path: path)
            // A command torn by a crash (power loss) mid-write: its whole lines go with the torn one.
            if case .tornLastLine? = read.scan.damage,
               let start = tornCommandStart(path: path, events: read.events, validLength: read.scan.validLength) {
                try Platform.cutBack(descriptor, to: start.offset)
                let removed = read.events.count - start.index
                read = try TranscriptReader.readAll(path: path)
                read.scan.damage = .tornLastLine(line: read.events.count + removed + 1)
                resumptionRemoved = removed
            }
        } catch {
            TranscriptWriter.unlock(descriptor, path: path)
            if let error = error as? TranscriptError { throw error }
            throw .cannotOpen(path: path, reason: "\(error)")
        }
        var resumption = Resumption(removedWithTornLine: resumptionRemoved)
        if let damage = read.scan.damage {
            guard case .tornLastLine(let line) = damage else {
                TranscriptWriter.unlock(descriptor, path: path)
                if case .notATranscript(let detail) = damage { throw .notATranscript(path: path, reason: detail) }
                throw .damaged(path: path, damage: damage)
            }
            resumption.repairedTornLine = line
        }
        guard var state = InterviewState(events: read.events) else {
            TranscriptWriter.unlock(descriptor, path: path)
            throw .notATranscript(path: path, reason: "no 'started' event")
        }
        if state.hasEnded {
            TranscriptWriter.unlock(descriptor, path: path)
            throw state.isVoid ? .voided(path: path) : .closed(path: path)
        }
        if let problem = unwritableNames(state) {
            TranscriptWriter.unlock(descriptor, path: path)
            throw .notResumable(path: path, reason: problem)
        }
        let writer = try TranscriptWriter.reopen(path: path, descriptor: descriptor, after: read.scan, clock: clock.stamp)
        let event = try writer.append(by: Event.system, .resumed)
        state.apply(event)
        return (InterviewSession(state: state, writer: writer, clock: clock), resumption)
    }

    /// Names with control characters cannot be typed at our prompts: such a transcript was
    /// written by something else. Reports show it safely; the shell does not write to it.
    static func unwritableNames(_ state: InterviewState) -> String? {
        let names = [(state.candidate.name, "the candidate's name"), (state.candidate.id ?? "", "the candidate's id")]
            + state.panel.map { ($0.name, "the panelist name '\(SafeText.visible($0.name))'") }
        for (name, what) in names {
            guard let character = name.unicodeScalars.first(where: SafeText.isControl) else { continue }
            return "\(what) holds a control character (\(EnteredName.codePoint(character.value))), which assess never records; 'assess summary' and 'assess replay' read it safely"
        }
        return nil
    }

    /// Where the command a torn last line belonged to begins, if it has whole lines before it:
    /// the torn line's time (when its first bytes hold it) shared by the last events, which
    /// are ratings or evidence (`TranscriptWriter.append` gives each command its own time).
    /// `index` is the first such event's, `offset` where its line starts.
    static func tornCommandStart(path: String, events: [Event], validLength: Int) -> (index: Int, offset: Int)? {
        // In an older format two commands could share a time: there only the torn line goes.
        guard case .started(let started)? = events.first?.payload, started.version >= commandTimesVersion,
              let data = FileManager.default.contents(atPath: path), data.count > validLength else { return nil }
        let tail = String(decoding: data[validLength...].prefix(200), as: UTF8.self)
        guard let key = tail.range(of: #""at":""#) else { return nil }
        let text = tail[key.upperBound...].prefix(Timestamp.textLength)
        guard text.count == Timestamp.textLength, let at = Timestamp(parsing: String(text)) else { return nil }
        var index = events.count
        while index > 1, events[index - 1].at == at, [.rated, .evidence].contains(events[index - 1].kind) { index -= 1 }
        guard index < events.count else { return nil }
        // The start of line `index + 1`: just after the `index`-th newline.
        var newlines = 0
        for (position, byte) in data.enumerated() where byte == 0x0A {
            newlines += 1
            if newlines == index { return (index, position + 1) }
        }
        return nil
    }

    /// Writes the event (durably: fsynced) and folds it into the state. On failure nothing
    /// changes. `by` defaults to the acting panelist.
    @discardableResult
    public func record(_ payload: EventPayload, by: String? = nil) throws(TranscriptError) -> Event {
        let event = try writer.append(by: by ?? state.panelist?.name ?? Event.system, payload)
        state.apply(event)
        written.append(event)
        return event
    }

    /// Decides a command with the `CommandService` of the interview as it stands and records
    /// what it returns, by `panelist` (a panel host's authenticated one), else by whoever is
    /// acting (`as NAME` at one keyboard). Gives back the recorded content. A command of
    /// several events (`rate y y p n`) is decided whole and written in one write, with one
    /// time, so a failed write records none of them.
    @discardableResult
    /// `item`: the panelist's own item in a hosted panel (`InterviewState.seen`), else the panel's.
    public func perform<Content: EventContent>(by panelist: Panelist? = nil, at item: Int? = nil,
                                               _ command: (CommandService) throws(CommandRefusal) -> Content)
        throws(CommandFailure) -> Content {
        let view = panelist.map { state.seen(by: $0.name, at: item ?? state.currentItem) } ?? state
        let service = CommandService(view, by: panelist ?? state.panelist)
        let content: Content
        // After `closed` or `voided` nothing more is recorded, whichever shell asks.
        if state.hasEnded { throw .refused(.ended(void: state.isVoid)) }
        do {
            content = try command(service)
        } catch {
            throw .refused(error)
        }
        do {
            let events = try writer.append(by: service.panelist?.name ?? Event.system, content.payloads)
            for event in events { state.apply(event) }
            written += events
        } catch {
            throw .notSaved(error)
        }
        return content
    }

    /// Releases the transcript's lock.
    public func close() { writer.close() }
}

/// Why a command recorded nothing: the interview refused it, or the transcript could not be written.
public enum CommandFailure: Error, Equatable, Sendable {
    case refused(CommandRefusal)
    case notSaved(TranscriptError)
}

/// A file-name-safe form of an id or name: ASCII letters, digits, '-' and '_'.
public func fileSafe(_ text: String) -> String {
    let folded = text.folding(options: [.diacriticInsensitive], locale: nil)
    var result = ""
    for scalar in folded.unicodeScalars {
        if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_" {
            result.unicodeScalars.append(scalar)
        } else if !result.hasSuffix("-") {
            result += "-"
        }
    }
    let trimmed = result.trimming { $0 == "-" }
    return trimmed.isEmpty ? "candidate" : trimmed
}
