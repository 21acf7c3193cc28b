import AssessmentKit
import LineEditing

/// Starts an interview: picks the reader (libedit at a terminal, plain otherwise), asks for
/// whatever the command line left out, then runs the shell.
public enum InterviewLauncher {
    public struct Request: Sendable {
        public var assessment: Assessment
        public var candidateName: String?
        public var candidateID: String?
        public var panel: String?
        public var blind: Bool
        public var options: ShellOptions

        public init(assessment: Assessment, candidateName: String?, candidateID: String?, panel: String?,
                    blind: Bool, options: ShellOptions) {
            self.assessment = assessment
            self.candidateName = candidateName
            self.candidateID = candidateID
            self.panel = panel
            self.blind = blind
            self.options = options
        }
    }

    /// Runs the interview on standard input; returns the exit status.
    public static func run(_ request: Request, environment: [String: String]) -> Int32 {
        let output = StandardOutput()
        var shell: InterviewShell?
        var reader: LineReader = PlainReader()
        var options = request.options
        if standardInputIsTerminal() {
            Interrupts.install()
            options.width = min(terminalWidth(), 100)
            let historyPath = EditlineReader.defaultHistoryPath(environment: environment)
            if let editline = EditlineReader(programName: "assess", historyPath: historyPath, completer: { line in
                shell?.complete(line) ?? Completion(partial: "", candidates: [])
            }) {
                reader = editline
            }
        }
        let setup = InterviewSetup(reader: reader, output: output, roles: request.assessment.panel.roles)
        guard let candidate = setup.candidate(name: request.candidateName, id: request.candidateID),
              let panel = setup.panel(request.panel)
        else { return 1 }
        let state = InterviewState(assessment: request.assessment, candidate: candidate, panel: panel,
                                   blind: request.blind ? true : nil)
        let interview = InterviewShell(state: state, output: output, options: options)
        shell = interview
        return interview.run(reader: reader)
    }
}

/// Asks for the candidate and the panel when the command line did not give them.
struct InterviewSetup {
    let reader: LineReader
    let output: ShellOutput
    let roles: [String]

    func candidate(name: String?, id: String?) -> Candidate? {
        if let name, !name.trimmingBlanks.isEmpty {
            return Candidate(name: name.trimmingBlanks, id: id.flatMap { $0.trimmingBlanks.isEmpty ? nil : $0.trimmingBlanks })
        }
        guard let name = ask("Candidate's name: ", what: "the candidate's name", hint: "--candidate NAME", allowEmpty: false) else {
            return nil
        }
        if let id, !id.trimmingBlanks.isEmpty { return Candidate(name: name, id: id.trimmingBlanks) }
        guard let askedID = ask("Candidate's id (Enter for none): ", what: "the candidate's id", hint: "--candidate-id ID", allowEmpty: true) else {
            return nil
        }
        return Candidate(name: name, id: askedID.isEmpty ? nil : askedID)
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

    /// Reads one answer; at a terminal, Ctrl-C or an empty answer asks again.
    private func ask(_ prompt: String, what: String, hint: String, allowEmpty: Bool) -> String? {
        while true {
            switch reader.read(prompt: prompt, remember: false) {
            case .line(let text, _):
                let answer = text.trimmingBlanks
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
