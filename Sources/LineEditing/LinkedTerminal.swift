#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One panelist's terminal of a hosted interview, in a process of its own: libedit on
/// standard input and output (the server-side pseudo-terminal of their SSH session), the
/// host on `link`. The host decides everything; this side edits lines, completes them by
/// asking the host, and shows what the host sends, news above a half-typed line included.
/// A process per panelist because libedit keeps state per process (the terminal tputs
/// writes to), so two panelists in one process tore each other's escape sequences.
public enum LinkedTerminal {
    /// Runs until the host says goodbye or goes away; returns the exit status.
    public static func run(link: TerminalLink) -> Int32 {
        // Our pseudo-terminal becomes the controlling terminal (we were started in a session
        // of our own): a resize then reaches libedit as SIGWINCH, and a hang-up ends us.
        _ = ioctl(STDIN_FILENO, UInt(TIOCSCTTY), 0)
        // Ctrl-C, Ctrl-\ and Ctrl-Z typed while the host runs a command (the terminal is then
        // in cooked mode) must not kill or stop the panelist's terminal: the keys send no
        // signal, and the signals are ignored should one come.
        var settings = termios()
        if tcgetattr(STDIN_FILENO, &settings) == 0 {
            settings.c_lflag &= ~tcflag_t(ISIG)
            _ = tcsetattr(STDIN_FILENO, TCSANOW, &settings)
        }
        for stop in [SIGINT, SIGQUIT, SIGTSTP] { signal(stop, SIG_IGN) }
        var waiting: [LinkMessage] = []
        var ending: String?
        let editor = EditlineReader(
            programName: "assess", historyPath: nil,
            completer: { line in
                guard link.send(.complete(line)) else { return Completion(partial: "", candidates: []) }
                while let message = link.receive() {
                    if case .completion(let completion) = message { return completion }
                    waiting.append(message)
                }
                return Completion(partial: "", candidates: [])
            },
            interjections: Interjections(descriptor: link.descriptor) { readable in
                if readable && !link.fill() { return .end }
                var text = ""
                var prompt: String?
                while let next = waiting.isEmpty ? link.buffered() : .some(waiting.removeFirst()) {
                    switch next {
                    case .news(let news, let newPrompt)?:
                        text += news
                        prompt = newPrompt ?? prompt
                    case .write(let output)?:
                        text += output
                    case .bye(let last)?:
                        ending = last
                    default:
                        break
                    }
                }
                if ending != nil && text.isEmpty { return .end }
                return text.isEmpty ? .none : .show(text, prompt: prompt)
            })
        guard let editor else {
            write("assess: the line editor could not start on this terminal\n")
            return 1
        }
        while true {
            if let ending {
                write(ending)
                return 0
            }
            guard let message = waiting.isEmpty ? link.receive() : waiting.removeFirst() else { return 0 }
            switch message {
            case .write(let text), .news(let text, _):
                write(text)
            case .bye(let text):
                ending = text
            case .read(let prompt, let remember):
                let input = editor.read(prompt: prompt, remember: remember)
                if ending != nil { continue }
                switch input {
                case .line(let text, _): link.send(.line(text, width: terminalWidth()))
                case .interrupted: link.send(.interrupted)
                case .end: link.send(.end)
                }
            default:
                break  // a terminal's own messages, or a stray answer
            }
        }
    }

    private static func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress!, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
