import AssessmentKit
import LineEditing

/// Starts an interview: picks the reader (libedit at a terminal, plain otherwise), asks for
/// whatever the command line left out, then runs the shell.
public enum InterviewLauncher {
    /// A new interview.
    public struct Request: Sendable {
        public var assessment: Assessment
        public var candidateName: String?
        public var candidateID: String?
        public var panel: String?
        public var blind: Bool
        public var transcriptFolder: String
        public var mode: InterviewMode
        public var options: ShellOptions
        public var clock: EventClock
        /// `--new`: do not offer to resume the candidate's open interview.
        public var startNew: Bool

        public init(assessment: Assessment, candidateName: String?, candidateID: String?, panel: String?,
                    blind: Bool, transcriptFolder: String, mode: InterviewMode = .interview, options: ShellOptions,
                    clock: EventClock = .system, startNew: Bool = false) {
            self.clock = clock
            self.startNew = startNew
            self.assessment = assessment
            self.candidateName = candidateName
            self.candidateID = candidateID
            self.panel = panel
            self.blind = blind
            self.transcriptFolder = transcriptFolder
            self.mode = mode
            self.options = options
        }
    }

    /// Runs a new interview on standard input; returns the exit status.
    public static func run(_ request: Request, environment: [String: String]) -> Int32 {
        let terminal = Terminal(environment: environment, options: request.options)
        let setup = InterviewSetup(reader: terminal.reader, output: terminal.output, roles: request.assessment.panel.roles)
        guard let candidate = setup.candidate(name: request.candidateName, id: request.candidateID) else { return 1 }
        if request.mode == .interview, !request.startNew, let id = candidate.id,
           let open = InterviewSession.openInterviews(folder: request.transcriptFolder, assessment: request.assessment.id,
                                                      candidateID: id).last {
            switch setup.resumeInstead(open, assessment: request.assessment.id, request: request) {
            case .resume: return resume(path: open.path, terminal: terminal, clock: request.clock)
            case .startNew: break
            case .stop: return 1
            }
        }
        guard let panel = setup.panel(request.panel) else { return 1 }
        let started = Started(mode: request.mode, assessment: request.assessment, candidate: candidate, panel: panel,
                              blind: request.blind || request.assessment.rules.blind)
        let session: InterviewSession
        do {
            session = try InterviewSession.start(started, folder: request.transcriptFolder, clock: request.clock)
        } catch {
            terminal.output.writeError("error: \(error)\n")
            return 1
        }
        defer { session.close() }
        return terminal.run(session)
    }

    /// Runs a mock assessment: the interview shell with a scripted candidate; the trainee
    /// is the panel. Returns the exit status.
    public static func mock(scenario: Scenario, assessment: Assessment, trainee: String?, transcriptFolder: String,
                            options: ShellOptions, environment: [String: String],
                            clock: EventClock = .system) -> Int32 {
        let terminal = Terminal(environment: environment, options: options)
        let setup = InterviewSetup(reader: terminal.reader, output: terminal.output, roles: assessment.panel.roles)
        guard let name = setup.trainee(trainee) else { return 1 }
        let role = assessment.panel.roles.contains("member") ? "member" : (assessment.panel.roles.first ?? "member")
        let started = Started(mode: .mock, assessment: assessment, candidate: Candidate(name: scenario.candidate.name),
                              panel: [Panelist(name: name, role: role)], blind: false, scenario: scenario)
        let session: InterviewSession
        do {
            session = try InterviewSession.start(started, folder: transcriptFolder, clock: clock)
        } catch {
            terminal.output.writeError("error: \(error)\n")
            return 1
        }
        defer { session.close() }
        let notice = terminal.reader.isInteractive ? ItemView.mockBanner(scenario, width: terminal.options.width) : nil
        return terminal.run(session, notice: notice)
    }

    /// Reopens an open interview where it stopped; returns the exit status.
    public static func resume(path: String, options: ShellOptions, environment: [String: String],
                              clock: EventClock = .system) -> Int32 {
        resume(path: path, terminal: nil, options: options, environment: environment, clock: clock)
    }

    /// `terminal`: the one already set up, when resuming is offered at the start of a new interview.
    static func resume(path: String, terminal: Terminal?, options: ShellOptions = ShellOptions(), environment: [String: String] = [:],
                       clock: EventClock) -> Int32 {
        let output = terminal?.output ?? StandardOutput()
        let session: InterviewSession
        let resumption: InterviewSession.Resumption
        do {
            (session, resumption) = try InterviewSession.resume(path: path, clock: clock)
        } catch {
            output.writeError("error: \(error)\n")
            return 1
        }
        defer { session.close() }
        if let line = resumption.repairedTornLine {
            let with = resumption.removedWithTornLine
            output.writeError("note: line \(line) of \(path) was cut off while being written (the shell was stopped mid-save); it was removed"
                + (with > 0 ? " with the \(with) line\(with == 1 ? "" : "s") before it, the rest of the same command, which was never acknowledged" : "")
                + ", and every event before \(with > 0 ? "them" : "it") is intact\n")
        }
        let terminal = terminal ?? Terminal(environment: environment, options: options)
        let state = session.state
        let notice = "Resumed \(state.assessment.id) · \(state.candidate.name) at \(state.item.id) (\(state.currentItem + 1)/\(state.assessment.items.count)), recording as \(state.panelist?.name ?? "nobody").\n"
        return terminal.run(session, notice: notice)
    }
}

/// The reader and output for this run: libedit at a terminal, plain lines otherwise.
final class Terminal {
    let output = StandardOutput()
    let reader: LineReader
    let options: ShellOptions
    private let completion = CompletionTarget()

    init(environment: [String: String], options: ShellOptions) {
        var options = options
        var reader: LineReader = PlainReader()
        if standardInputIsTerminal() {
            Interrupts.install()
            options.width = min(terminalWidth(), 100)
            // A script's output is never paged: only what someone types at a terminal.
            output.pager = Pager(environment: environment, enabled: options.pager)
            let target = completion
            if let editline = EditlineReader(programName: "assess", historyPath: EditlineReader.defaultHistoryPath(environment: environment),
                                             completer: { line in target.complete?(line) ?? Completion(partial: "", candidates: []) },
                                             persisting: { line in target.historyLine?(line) }) {
                reader = editline
            }
        }
        self.reader = reader
        self.options = options
    }

    /// Runs a shell on this terminal, with Tab completion from it.
    func run<Shell: CommandShell>(_ shell: Shell, notice: String? = nil) -> Int32 {
        completion.complete = { [weak shell] line in shell?.complete(line) ?? Completion(partial: "", candidates: []) }
        completion.historyLine = { [weak shell] line in shell?.historyLine(line) }
        (reader as? EditlineReader)?.cutLoadedHistory()
        return shell.run(reader: reader, notice: notice)
    }

    func run(_ session: InterviewSession, notice: String? = nil) -> Int32 {
        run(InterviewShell(session: session, output: output, options: options), notice: notice)
    }
}

/// Lets the line reader's completion and history reach the shell, which exists only after
/// setup. Until then (the start-up questions) nothing reaches the history file.
final class CompletionTarget {
    var complete: ((String) -> Completion)?
    var historyLine: ((String) -> String?)?
}

/// Opens a transcript in the replay shell, or prints it whole.
public enum ReplayLauncher {
    public static func run(path: String, toEnd: Bool, options: ShellOptions, environment: [String: String]) -> Int32 {
        let output = StandardOutput()
        if toEnd {
            // Streamed: a long transcript is never held in memory. Paged at a terminal; what
            // went wrong is said after the pager is left.
            let paged = Pager(environment: environment, enabled: options.pager)?.open()
            let streamed = Result {
                try EventLog.stream(path: path, width: standardOutputIsTerminal() ? terminalWidth() : 100) { text in
                    if let paged { paged.write(SafeText.visibleLines(text)) } else { output.write(text) }
                }
            }
            _ = paged?.finish()
            let scan: TranscriptScan
            do {
                scan = try streamed.get()
            } catch {
                output.writeError("error: \(error)\n")
                return 1
            }
            if scan.eventCount == 0 {
                output.writeError("error: \(path) is not a transcript: \(scan.damage?.description ?? "no 'started' event")\n")
                return 1
            }
            if let damage = scan.damage {
                output.writeError("error: the transcript is damaged at \(damage); the log stops before it\n")
                return 1
            }
            return 0
        }
        let read: (events: [Event], scan: TranscriptScan)
        do {
            read = try TranscriptReader.readAll(path: path)
        } catch {
            output.writeError("error: \(error)\n")
            return 1
        }
        guard !read.events.isEmpty, case .started = read.events[0].payload else {
            output.writeError("error: \(path) is not a transcript: \(read.scan.damage?.description ?? "no 'started' event")\n")
            return 1
        }
        let terminal = Terminal(environment: environment, options: options)
        guard let shell = ReplayShell(path: path, events: read.events, damage: read.scan.damage, output: terminal.output,
                                      options: terminal.options) else { return 1 }
        return terminal.run(shell)
    }
}

/// Asks for the candidate and the panel when the command line did not give them.
struct InterviewSetup {
    let reader: LineReader
    let output: ShellOutput
    let roles: [String]

    /// Names and ids follow `EnteredName`: one given on the command line is refused with an
    /// error; one typed at a terminal is asked for again.
    func candidate(name: String?, id: String?) -> Candidate? {
        let checkName = { (text: String) in EnteredName.problem(name: text, what: "the candidate's name") }
        let checkID = { (text: String) in EnteredName.problem(id: text) }
        let givenName = given(name, option: "--candidate", check: checkName)
        let givenID = given(id, option: "--candidate-id", check: checkID)
        if givenName == .some(nil) || givenID == .some(nil) { return nil }
        if let name = givenName ?? nil { return Candidate(name: name, id: givenID ?? nil) }
        guard let name = ask("Candidate's name: ", what: "the candidate's name", hint: "--candidate NAME", allowEmpty: false, check: checkName),
              let id = givenID ?? ask("Candidate's id (Enter for none): ", what: "the candidate's id", hint: "--candidate-id ID",
                                      allowEmpty: true, check: checkID)
        else { return nil }
        return Candidate(name: name, id: id.isEmpty ? nil : id)
    }

    enum OpenInterviewChoice { case resume, startNew, stop }

    /// The candidate already has an open interview: at a terminal, ask whether to resume it;
    /// in a script, stop with an error that names it (`--new` skips the question). Resuming
    /// keeps its candidate and panel: a different name or panel on the command line is said.
    func resumeInstead(_ open: InterviewSession.OpenInterview, assessment: String, request: InterviewLauncher.Request) -> OpenInterviewChoice {
        let shown = SafeText.visible(open.path)
        let who = SafeText.visible(open.candidate.name) + " (" + SafeText.visible(open.candidate.id ?? "") + ")"
        guard reader.isInteractive else {
            output.writeError("error: \(who) already has an open \(assessment) interview: \(shown); resume it with 'assess interview --resume \(shown)', or give --new to start another\n")
            return .stop
        }
        let started = open.started.prefix(16).replacingOccurrences(of: "T", with: " ")
        var text = "\(who) already has an open \(assessment) interview, started \(started) UTC with "
            + open.panel.map { SafeText.visible($0.name) }.joined(separator: ", ") + ": \(shown)\n"
        if let name = request.candidateName?.trimmingBlanks, !name.isEmpty, name != open.candidate.name {
            text += "Resuming keeps its candidate's name, \(SafeText.visible(open.candidate.name)), not '\(SafeText.visible(name))'.\n"
        }
        if let panel = request.panel, let given = try? PanelParser.parse(panel, roles: roles), given != open.panel {
            text += "Resuming keeps its panel, not the one given with --panel.\n"
        }
        output.write(text)
        while true {
            switch reader.read(prompt: "Resume it? [Y/n] ", remember: false) {
            case .line(let text, _):
                switch text.trimmingBlanks.lowercased() {
                case "", "y", "yes": return .resume
                case "n", "no": return .startNew
                default: output.writeError("error: answer y to resume it or n to start a new interview\n")
                }
            case .interrupted: continue
            case .end:
                output.writeError("error: the input ended before an answer; nothing was started ('assess interview --resume \(shown)' resumes it, --new starts another)\n")
                return .stop
            }
        }
    }

    func trainee(_ trainee: String?) -> String? {
        let check = { (text: String) in EnteredName.problem(name: text, what: "the trainee's name") }
        return given(trainee, option: "--trainee", check: check)
            ?? ask("Your name (the trainee): ", what: "the trainee's name", hint: "--trainee NAME", allowEmpty: false, check: check)
    }

    func panel(_ given: String?) -> [Panelist]? {
        if let given {
            do {
                return try PanelParser.parse(given, roles: roles)
            } catch {
                output.writeError("error: --panel: \(error)\n")
                return nil
            }
        }
        while true {
            guard let text = ask("Panel (Name:role, …; roles: \(roles.joined(separator: ", "))): ", what: "the panel",
                                 hint: "--panel \"Ana:chair,Ben:member\"", allowEmpty: false) else { return nil }
            do {
                return try PanelParser.parse(text, roles: roles)
            } catch {
                output.writeError("error: \(error)\n")
                if !reader.isInteractive { return nil }
            }
        }
    }

    /// A value from the command line, trimmed; nil when missing or blank (then it is asked
    /// for); `.some(nil)` when `check` refuses it, after printing the error.
    private func given(_ value: String?, option: String, check: (String) -> EnteredName.Problem?) -> String?? {
        guard let value = value?.trimmingBlanks, !value.isEmpty else { return nil }
        if let problem = check(value) {
            output.writeError("error: \(option): \(problem)\n")
            return .some(nil)
        }
        return value
    }

    /// Reads one answer; at a terminal, Ctrl-C, an empty answer or one that `check` refuses asks again.
    private func ask(_ prompt: String, what: String, hint: String, allowEmpty: Bool,
                     check: (String) -> EnteredName.Problem? = { _ in nil }) -> String? {
        while true {
            switch reader.read(prompt: prompt, remember: false) {
            case .line(let text, _):
                let answer = text.trimmingBlanks
                if let problem = check(answer) {
                    output.writeError("error: \(problem)\n")
                    if !reader.isInteractive { return nil }
                    continue
                }
                if !answer.isEmpty || allowEmpty { return answer }
                if !reader.isInteractive {
                    output.writeError("error: \(what) is empty; give it on the first input lines or with \(hint)\n")
                    return nil
                }
            case .interrupted:
                continue
            case .end:
                output.writeError("error: the input ended before \(what) was given; pass \(hint)\n")
                return nil
            }
        }
    }
}
