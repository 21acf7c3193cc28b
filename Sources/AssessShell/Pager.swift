import AssessmentKit
import LineEditing
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Long output at a terminal goes through a pager, as git and psql do: `$ASSESS_PAGER`, else
/// `$PAGER`, else `less -FRX`, run with `/bin/sh -c`. Text that fits the screen above the
/// prompt is written straight out. There is no pager with `--no-pager`, when standard output
/// is not a terminal, or when the command is empty or `cat` (git's rule). Once the pager could
/// not be run, or failed (exited non-zero without a signal), it is not tried again: one
/// warning, then the text goes straight out. `less` runs with LESSSECURE=1 and LESSHISTFILE=-:
/// it cannot save the text to a file (`s`), run a shell (`!`) or keep a history file.
public final class Pager {
    /// The shell command that pages.
    public let command: String
    private let environment: [String: String]
    private var broken = false

    /// The pager for standard output, or nil where text goes straight out.
    public init?(environment: [String: String], enabled: Bool = true) {
        guard enabled, isatty(STDOUT_FILENO) == 1, let command = Self.command(environment: environment) else { return nil }
        self.command = command
        self.environment = environment
    }

    /// The command the environment asks for, or nil for none. A set but empty `ASSESS_PAGER`
    /// turns paging off rather than falling back to `PAGER`, as `GIT_PAGER` does.
    static func command(environment: [String: String]) -> String? {
        let command = (environment["ASSESS_PAGER"] ?? environment["PAGER"] ?? "less -FRX").trimmingBlanks
        return command.isEmpty || command == "cat" ? nil : command
    }

    /// Shows `text`, already made safe for the terminal; returns a failure to write to it.
    @discardableResult
    public func show(_ text: String) -> SystemError? {
        let paged = open()
        paged.write(text)
        return paged.finish()
    }

    /// For text handed over in pieces (a streamed log, a report): write them, then `finish`.
    public func open() -> PagedText { PagedText(self) }

    /// Starts the pager, or says why it cannot and returns nil.
    fileprivate func start() -> PagerProcess? {
        guard !broken else { return nil }
        if let missing = Self.missingProgram(command, path: environment["PATH"]) {
            giveUp("cannot be run (" + (missing == command ? "not found" : "'\(SafeText.visible(missing))' not found") + ")")
            return nil
        }
        var variables = environment
        // As git does, so that `PAGER=less` shows a report's colours and leaves short text alone.
        if variables["LESS"] == nil { variables["LESS"] = "FRX" }
        // Personal data must not reach a file: a panelist typing `show` into less would save
        // the text as ./how. Secure mode turns off saving and shell escapes; less before 608
        // still writes what is searched (a name) to ~/.lesshst, unless LESSHISTFILE is `-`.
        variables["LESSSECURE"] = "1"
        variables["LESSHISTFILE"] = "-"
        do throws(SystemError) {
            return try PagerProcess(command, environment: variables)
        } catch {
            giveUp("cannot be run (/bin/sh: \(error))")
            return nil
        }
    }

    /// One warning, then no more attempts. `problem` follows the pager's name; `textFollows`
    /// says whether the text is written out without it (it is, unless it was too long to keep).
    fileprivate func giveUp(_ problem: String, textFollows: Bool = true) {
        broken = true
        writeAll("warning: the pager '\(SafeText.visible(command))' \(problem); "
                 + (textFollows ? "the text follows without it" : "the text was too long to keep and is not shown")
                 + ". Set ASSESS_PAGER or PAGER, or use --no-pager.\n", to: STDERR_FILENO)
    }

    /// The command's first word if the shell would not find it, checked before starting so that
    /// a missing pager gets one clear warning. A first word the shell would expand or treat
    /// itself (quotes, `$`, `exec`…) is left for the shell to judge.
    static func missingProgram(_ command: String, path: String?) -> String? {
        let special = Set("|&;<>()$`\\\"'*?[]#~=%{}!")
        let shellWords: Set = ["exec", "eval", "command", "cd", "set", "export", "readonly", "unset", "trap", ".", ":",
                               "exit", "return", "break", "continue", "shift", "times", "if", "while", "until", "for", "case", "time"]
        guard let first = command.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first.map(String.init),
              !first.contains(where: special.contains), !shellWords.contains(first)
        else { return nil }
        if first.contains("/") { return access(first, X_OK) == 0 ? nil : first }
        // dash's default search path when PATH is not set.
        let folders = (path ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").split(separator: ":", omittingEmptySubsequences: false)
        for folder in folders {
            var status = stat()
            let candidate = (folder.isEmpty ? "." : String(folder)) + "/" + first
            if stat(candidate, &status) == 0, status.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 { return nil }
        }
        return first
    }
}

/// One long output on its way to the terminal: held while it fits the screen, handed to the
/// pager once it does not, written straight out at `finish` if it never stopped fitting.
public final class PagedText {
    private enum Stage {
        case measuring
        case paging(PagerProcess)
        /// The pager could not be run: the text goes straight out.
        case direct
        /// The pager was left (q in less): the rest of the text is not wanted.
        case dropped
    }

    /// What was handed to a pager is kept up to this size, to be shown without it if the shell
    /// could not run the command or the pager failed: it may have read nothing, and a pipe
    /// holds less.
    private static let keptLimit = 1 << 20

    private let pager: Pager
    private var stage = Stage.measuring
    private var fit: ScreenFit
    private var held = ""
    private var sent = ""
    private var keepsSent = true
    private var failure: SystemError?

    fileprivate init(_ pager: Pager) {
        self.pager = pager
        let size = terminalSize()
        fit = ScreenFit(rows: size.map { $0.rows > 0 ? $0.rows : 24 } ?? 24, columns: size?.columns ?? 80)
    }

    /// Adds text, made safe for the terminal by the caller (a report's colours pass as they are).
    public func write(_ text: String) {
        switch stage {
        case .measuring:
            held += text
            if !fit.add(text) { startPager() }
        case .paging(let process):
            send(text, to: process)
        case .direct:
            writeOut(text)
        case .dropped:
            break
        }
    }

    /// Ends the output: waits for the pager to be left. Returns a failure to write to the terminal.
    public func finish() -> SystemError? {
        switch stage {
        case .measuring:
            writeOut(held)
            held = ""
        case .paging(let process):
            end(process)
        case .direct, .dropped:
            break
        }
        stage = .dropped
        return failure
    }

    private func startPager() {
        let text = held
        held = ""
        guard let process = pager.start() else {
            stage = .direct
            return writeOut(text)
        }
        stage = .paging(process)
        send(text, to: process)
    }

    private func send(_ text: String, to process: PagerProcess) {
        if keepsSent {
            sent += text
            if sent.utf8.count > Self.keptLimit { (sent, keepsSent) = ("", false) }
        }
        do throws(SystemError) { try Platform.writeAll(process.input, text) } catch {
            // The pager is gone (EPIPE): left early, or never ran.
            end(process)
        }
    }

    private func end(_ process: PagerProcess) {
        let status = process.wait()
        stage = .dropped
        // 126 and 127: the shell could not run the command (and said why). Any other status
        // up to 128 is a pager that failed (`false` reads nothing): a shell that lost its
        // output silently is worse than text shown twice, so it follows. Above 128 a signal
        // ended it (Ctrl-C, SIGPIPE): the user's doing, not a failure.
        if (1...128).contains(status) {
            pager.giveUp(status == 126 || status == 127 ? "cannot be run (exit status \(status))" : "failed (exit status \(status))",
                         textFollows: keepsSent)
            if keepsSent {
                stage = .direct
                writeOut(sent)
            }
        }
        sent = ""
    }

    private func writeOut(_ text: String) {
        do throws(SystemError) { try Platform.writeAll(STDOUT_FILENO, text) } catch {
            if failure == nil { failure = error }
        }
    }
}

/// The pager running: `/bin/sh -c COMMAND` reading a pipe, in the foreground with the shell,
/// so it reads keys from the terminal. While it runs, SIGPIPE and SIGINT are ignored here:
/// leaving the pager early must not kill the shell, and Ctrl-C is the pager's. The child
/// gets both back, no blocked signals, and no descriptor but 0, 1 and 2: what the program
/// opens (the transcript and its lock among them) is O_CLOEXEC, and so is the pipe; what it
/// was started with is closed.
private struct PagerProcess {
    let pid: pid_t
    let input: Int32
    private var terminal: termios?
    private var interrupt = sigaction()
    private var brokenPipe = sigaction()

    init(_ command: String, environment: [String: String]) throws(SystemError) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw .last }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        var settings = termios()
        terminal = tcgetattr(STDOUT_FILENO, &settings) == 0 ? settings : nil
        var ignore = sigaction()
        #if canImport(Glibc)
        ignore.__sigaction_handler.sa_handler = SIG_IGN
        #else
        ignore.__sigaction_u.__sa_handler = SIG_IGN
        #endif
        sigemptyset(&ignore.sa_mask)
        sigaction(SIGPIPE, &ignore, &brokenPipe)
        sigaction(SIGINT, &ignore, &interrupt)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends[0], STDIN_FILENO)
        for descriptor in Self.openDescriptors() { posix_spawn_file_actions_addclose(&actions, descriptor) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t(), unblocked = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGINT)
        sigemptyset(&unblocked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv: [UnsafeMutablePointer<CChar>?] = (["sh", "-c", command] as [String]).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let result = posix_spawn(&child, "/bin/sh", &actions, &attributes, argv, envp)
        Platform.close(ends[0])
        pid = child
        input = ends[1]
        guard result == 0 else {
            Platform.close(ends[1])
            restore()
            throw SystemError(code: result)
        }
    }

    /// Closes the pipe, waits for the pager to exit, and puts the terminal settings and the
    /// signals back as they were (libedit expects its terminal as it left it). Returns the
    /// exit status, 128 + the signal if one ended it.
    func wait() -> Int32 {
        Platform.close(input)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        restore()
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// The descriptors above 2 open now, as /proc/self/fd lists them (none where it can't be read).
    private static func openDescriptors() -> [Int32] {
        guard let folder = opendir("/proc/self/fd") else { return [] }
        defer { closedir(folder) }
        var found: [Int32] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let descriptor = Int32(name), descriptor > 2, descriptor != dirfd(folder) { found.append(descriptor) }
        }
        return found
    }

    private func restore() {
        if var terminal { tcsetattr(STDOUT_FILENO, TCSANOW, &terminal) }
        var interrupt = interrupt, brokenPipe = brokenPipe
        sigaction(SIGINT, &interrupt, nil)
        sigaction(SIGPIPE, &brokenPipe, nil)
    }
}

/// Counts the rows text takes on the screen, long lines wrapped, to tell whether it fits above
/// the prompt (`rows - 1`). Escape sequences (a report's colours), combining marks and format
/// characters take no room; a tab goes to the next multiple of 8; any other character one column.
struct ScreenFit {
    let rows: Int
    let columns: Int
    /// Rows of the finished lines.
    private var used = 0
    /// Width of the line being written.
    private var column = 0
    private var escape = Escape.none

    private enum Escape { case none, started, sequence }

    init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = max(1, columns)
    }

    /// Adds `text`; returns whether all the text so far still fits.
    mutating func add(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            switch escape {
            case .started:
                escape = scalar == "[" ? .sequence : .none
                continue
            case .sequence:
                if (0x40...0x7e).contains(scalar.value) { escape = .none }
                continue
            case .none:
                break
            }
            switch scalar {
            case "\u{1b}": escape = .started
            case "\n":
                used += rowsTaken(by: column)
                column = 0
            case "\t": column += 8 - column % 8
            default:
                switch scalar.properties.generalCategory {
                case .nonspacingMark, .enclosingMark, .format: break
                default: column += 1
                }
            }
        }
        return used + (column > 0 ? rowsTaken(by: column) : 0) <= rows - 1
    }

    private func rowsTaken(by width: Int) -> Int { max(1, (width + columns - 1) / columns) }
}
