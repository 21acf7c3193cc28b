import AssessmentKit
import LineEditing

/// What the shared command loop needs from a shell (the interview and the replay).
protocol CommandShell: AnyObject, SendableMetatype {
    static var commands: [ShellCommand<Self>] { get }
    /// The interview as it stands: which commands are offered depends on its method and mode.
    var state: InterviewState { get }
    var output: ShellOutput { get }
    var options: ShellOptions { get }
    var finished: Bool { get set }
    var failures: Int { get set }
    /// Shown before each line at a terminal.
    var prompt: String { get }
    /// Shown once when the shell starts at a terminal.
    var banner: String { get }
    /// Called when the input ends (Ctrl-D or end of file).
    func inputEnded()
    /// What the shell is about has ended (`close`, `void`): a script's lines after that are
    /// an error, where after `quit` they are left unread on purpose.
    var hasEnded: Bool { get }
    /// In `as NAME COMMAND…`, the index in `words` where the command starts, if there is one.
    func commandAfterName(in words: CommandWords) -> Int?
    /// Completion words for an argument position.
    func candidates(for kind: ArgumentKind) -> [String]
}

extension CommandShell {
    var width: Int { options.width }
    var hasEnded: Bool { false }

    /// The command a name (lowercase) or alias names.
    static func command(named name: String) -> ShellCommand<Self>? {
        commands.first { $0.answers(to: name) }
    }

    /// The commands of this method and mode: what `help` lists and Tab completes.
    var offeredCommands: [ShellCommand<Self>] { Self.commands.filter { $0.scope.includes(state) } }

    /// Their names and aliases.
    var offeredNames: [String] { offeredCommands.flatMap { [$0.name] + $0.aliases } }

    /// What the history file keeps of a line: the command and the arguments of its own
    /// vocabulary (`ArgumentKind.admitsToHistory`), up to the first free text, name or word it
    /// does not expect, which is cut with all that follows to ` …` (`score 3 …`, `as …`,
    /// `close …` for a `close` with a forgotten `--force`). A line whose command is unknown,
    /// a misspelt `evidnce …` say, is not kept at all. The up arrow still recalls whole lines
    /// within a session: only the file is cut.
    /// `commandAfterName` finds the command in `as NAME COMMAND…` (a shell that knows the
    /// panel finds it as `as` does; without one, at the first command word).
    static func historyLine(_ line: String, commandAfterName: (CommandWords) -> Int? = commandStart(in:)) -> String? {
        let words = CommandWords(line)
        guard let name = words.name, let command = command(named: name) else { return nil }
        let arguments = words.arguments
        let limit = command.savedWordsOf?(arguments) ?? command.savedWords
        if command.prefixesCommand {
            let head = String(line[..<words.words[1].start]).trimmingBlanks + " …"
            guard let start = commandAfterName(words) else { return head }
            return historyLine(String(line[words.words[start].start...])).map { head + " " + $0 } ?? head
        }
        // Words of the command's vocabulary, position by position (the last kind repeats);
        // a form with its own count (`rate y y p n`) has checked its words already.
        var kept = 0
        while kept < min(limit, arguments.count), arguments[kept] != "--" {
            if command.savedWordsOf == nil {
                guard let kind = command.arguments.isEmpty ? nil : command.arguments[min(kept, command.arguments.count - 1)],
                      kind == .command ? Self.command(named: arguments[kept].lowercased()) != nil : kind.admitsToHistory(arguments[kept])
                else { break }
            }
            kept += 1
        }
        guard kept < arguments.count else { return line }
        return String(line[..<words.words[1 + kept].start]).trimmingBlanks + " …"
    }

    /// Whether a line is one the history file cut (it ends in ` …`): run as it is, it would
    /// record `…` in place of the text it had.
    static func isCutHistoryLine(_ words: CommandWords) -> Bool {
        words.words.count > 1 && words.words.last?.text == "…"
    }

    /// What the history file keeps of a line typed in this shell (see the static form).
    func historyLine(_ line: String) -> String? {
        Self.historyLine(line) { commandAfterName(in: $0) }
    }

    func commandAfterName(in words: CommandWords) -> Int? { Self.commandStart(in: words) }

    /// In `as NAME COMMAND…`, the index in `words` of the first word after the name that
    /// names a command, if any (a name has at least one word).
    static func commandStart(in words: CommandWords) -> Int? {
        guard words.words.count > 2 else { return nil }
        return (2..<words.words.count).first { index in
            command(named: words.words[index].text.lowercased()) != nil
        }
    }

    /// `help [COMMAND]`, the same in every shell.
    static var helpCommand: ShellCommand<Self> {
        ShellCommand(
            name: "help", usage: "help [COMMAND]",
            summary: "list commands, or one command's usage and example",
            details: "Without a name, lists the commands that apply here: only the rating command of the assessment's method, and 'answer' and 'hint' only in a mock. With one, shows its usage, what it does and an example.",
            example: "help status", arguments: [.command]
        ) { shell, words throws(CommandError) in
            try shell.help(words.arguments.first)
        }
    }

    /// Runs commands until `quit` or the end of input; returns the exit status
    /// (0, or 1 if a scripted command failed). `notice` is shown after the banner.
    public func run(reader: LineReader, notice: String? = nil) -> Int32 {
        if reader.isInteractive { output.write(banner) }
        if let notice { output.write(notice) }
        var inputLeft = true
        while !finished {
            // While a line is edited Ctrl-C is a key, not a signal, so a SIGINT seen after this
            // point belongs to the next command (it stops 'play'); forget any older one.
            _ = Interrupts.take()
            // A prompt only where someone will see it: a script's output has none.
            switch reader.read(prompt: reader.isInteractive ? prompt : "") {
            case .end:
                inputEnded()
                finished = true
                inputLeft = false
            case .interrupted:
                continue
            case .line(let line, let number):
                if options.echo { output.write(line + "\n") }
                if !execute(line, lineNumber: reader.isInteractive ? nil : number) && options.bail {
                    return 1
                }
            }
        }
        // A script that goes on after 'close' or 'void' did not do what it says.
        if inputLeft && hasEnded && !reader.isInteractive, case .line(let line, let number) = reader.read(prompt: "") {
            failures += 1
            output.writeError("error: line \(number): the interview had ended before this line ('\(CommandWords(line).name ?? "")' and what follows were not run)\n")
        }
        // A typo at the terminal is not a failure of the session; a failed line in a script is.
        return failures > 0 && !reader.isInteractive ? 1 : 0
    }

    /// Runs one command line; returns false if it failed.
    @discardableResult
    public func execute(_ line: String, lineNumber: Int? = nil) -> Bool {
        let words = CommandWords(line)
        guard words.name != nil else { return true }
        do {
            // At a terminal (no line numbers), a line recalled from the history file as it was
            // cut; a script never reads that file, so its lines ending in '…' are text.
            if lineNumber == nil && Self.isCutHistoryLine(words) {
                throw CommandError("this line ends in '…': the history file keeps commands with their text and names cut to '…'; type the text (nothing was recorded)")
            }
            try run(words)
            return true
        } catch {
            failures += 1
            let place = lineNumber.map { "line \($0): " } ?? ""
            output.writeError("error: \(place)\(error.message)\n")
            return false
        }
    }

    /// Runs the command `words` names.
    func run(_ words: CommandWords) throws(CommandError) {
        let name = words.name ?? ""
        guard let command = Self.command(named: name) else {
            let hint = didYouMean(name, among: offeredNames)
            throw CommandError("unknown command '\(name)'\(hint); 'help' lists the commands")
        }
        // Free text (evidence, notes) keeps its quotes as written; elsewhere an open quote is a slip.
        if words.unterminatedQuote && !command.arguments.contains(.freeText) {
            throw CommandError("a quote is not closed; close it or remove it")
        }
        try command.run(self, words)
    }

    /// `help` and `help COMMAND`.
    func help(_ name: String?) throws(CommandError) {
        guard let name else {
            output.writeLong(HelpView.list(offeredCommands, width: width))
            return
        }
        guard let command = Self.command(named: name.lowercased()) else {
            throw CommandError("no command '\(name)'\(didYouMean(name, among: offeredNames)); 'help' lists the commands")
        }
        output.writeLong(HelpView.detail(command, in: state, width: width))
    }

    /// Completes the word under the cursor: command names first, then each command's arguments.
    public func complete(_ lineBeforeCursor: String) -> Completion {
        let words = CommandWords(lineBeforeCursor)
        let endsInSpace = lineBeforeCursor.last.map { $0 == " " || $0 == "\t" } ?? true
        let typed = words.words.map(\.text)
        let partial = endsInSpace ? "" : (typed.last ?? "")
        let position = endsInSpace ? typed.count : typed.count - 1
        if position == 0 {
            return Completion(partial: partial, candidates: offeredNames)
        }
        guard let command = Self.command(named: typed[0].lowercased()), !command.arguments.isEmpty else {
            return Completion(partial: partial, candidates: [])
        }
        let kind = command.arguments[min(position - 1, command.arguments.count - 1)]
        return Completion(partial: partial, candidates: kind == .command ? offeredNames : candidates(for: kind))
    }
}
