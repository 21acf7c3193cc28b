@preconcurrency import CEditLine
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads commands at a terminal with libedit: prompt, emacs key bindings, history kept in a
/// file as you go, Tab completion from the shell, Ctrl-C discards the line, Ctrl-D ends.
public final class EditlineReader: LineReader {
    public let isInteractive = true

    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private let historyPath: String?
    /// What the history file keeps: each line as `persisting` cuts it, where the in-memory
    /// history (the up arrow) keeps it whole.
    private let persisted: OpaquePointer
    private let persisting: Persisting
    private let completer: Completer
    private var promptBuffer: UnsafeMutablePointer<CChar>?
    private var interrupted = false
    private var lineNumber = 0
    /// A panelist's terminal of a hosted interview: news to show while a line is edited.
    private let interjections: Interjections?
    /// What `interjections` gave, waiting for the news key's function to show it.
    private var pendingNews: String?
    /// The prompt to show once the news is shown (the one on screen is needed until then).
    private var pendingPrompt: String?
    /// The host went away while a line was edited.
    private var hostGone = false
    /// Keys were dropped at `maxLineBytes`: the line is refused when Enter comes.
    private var overflowed = false

    /// The history file: `$ASSESS_HISTORY`, else `~/.assess_history`.
    public static func defaultHistoryPath(environment: [String: String]) -> String? {
        if let path = environment["ASSESS_HISTORY"], !path.isEmpty { return path }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.assess_history"
    }

    /// Opens libedit on standard input and output. Returns nil if libedit can't start.
    /// `persisting` gives the form of a line the history file may keep (nil: none), so that
    /// free text typed in one session is not on disk for the next.
    public typealias Persisting = (String) -> String?

    public init?(programName: String, historyPath: String?, historySize: Int = 1000, completer: @escaping Completer,
                 persisting: @escaping Persisting = { $0 }, interjections: Interjections? = nil) {
        setlocale(LC_CTYPE, "")
        // libedit needs a UTF-8 character type (it crashes drawing '›' in the C locale).
        if String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" { setlocale(LC_CTYPE, "C.UTF-8") }
        guard let editLine = el_init(programName, stdin, stdout, stderr) else { return nil }
        guard let history = assess_history_open(Int32(historySize)) else {
            el_end(editLine)
            return nil
        }
        guard let persisted = assess_history_open(Int32(historySize)) else {
            history_end(history)
            el_end(editLine)
            return nil
        }
        self.editLine = editLine
        self.history = history
        self.historyPath = historyPath
        self.persisted = persisted
        self.persisting = persisting
        self.completer = completer
        self.interjections = interjections

        assess_el_set_editor(editLine, "emacs")
        assess_el_set_signal(editLine, 1)
        assess_el_set_history(editLine, history)
        assess_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        assess_el_set_prompt(editLine) { editLine in
            EditlineReader.owner(of: editLine)?.promptBuffer ?? nil
        }
        // Ctrl-C reaches us as a key (no SIGINT while editing), so the line can be dropped cleanly.
        assess_el_setty_edit(editLine, "-isig")
        assess_el_add_function(editLine, "assess-interrupt", "Discard the line") { editLine, _ in
            EditlineReader.owner(of: editLine)?.interrupted = true
            fputs("^C\n", stdout)
            fflush(stdout)
            return UInt8(CC_NEWLINE)
        }
        assess_el_bind(editLine, "^C", "assess-interrupt")
        assess_el_add_function(editLine, "assess-complete", "Complete the word") { editLine, _ in
            EditlineReader.owner(of: editLine)?.complete() ?? UInt8(CC_ERROR)
        }
        assess_el_bind(editLine, "^I", "assess-complete")
        el_source(editLine, nil)  // the user's ~/.editrc, if any
        if interjections != nil {
            assess_el_set_getcfn(editLine) { editLine, character in
                guard let owner = EditlineReader.owner(of: editLine), let character else { return -1 }
                return owner.readCharacter(into: character)
            }
            assess_el_add_function(editLine, "assess-news", "Show news from the panel") { editLine, _ in
                EditlineReader.owner(of: editLine)?.showNews() ?? UInt8(CC_ERROR)
            }
            assess_el_bind(editLine, "^^", "assess-news")
        }

        if let historyPath {
            assess_history_load(history, historyPath)
            assess_history_load(persisted, historyPath)
        }
    }

    deinit {
        el_end(editLine)
        history_end(history)
        history_end(persisted)
        free(promptBuffer)
    }

    public func read(prompt: String, remember: Bool) -> LineInput {
        let result = readLogicalLine(prompt: prompt) { prompt in readPhysical(prompt: prompt) }
        // Tab completion leaves a trailing space; keep it out of the history.
        if remember, case .line(let text, _) = result, !text.trimmingBlanks.isEmpty {
            addToHistory(trimmingTrailingBlanks(text))
        }
        return result
    }

    private func readPhysical(prompt: String) -> PhysicalLine {
        free(promptBuffer)
        promptBuffer = strdup(prompt)
        interrupted = false
        overflowed = false
        var count: Int32 = 0
        let raw = el_gets(editLine, &count)
        if interrupted {
            return .interrupted
        }
        if overflowed && !hostGone {
            fputs("error: the line is longer than \(Self.maxLineBytes) bytes; it was not run (nothing was recorded)\n", stdout)
            fflush(stdout)
            return .interrupted
        }
        guard let raw, count > 0 else {
            fputs("\n", stdout)
            fflush(stdout)
            return .end
        }
        var text = String(cString: raw)
        if text.hasSuffix("\n") { text.removeLast() }
        lineNumber += 1
        return .text(text, number: lineNumber)
    }

    /// Sets the prompt shown from the next redraw on (news may change it mid-line).
    public func setPrompt(_ prompt: String) {
        free(promptBuffer)
        promptBuffer = strdup(prompt)
    }

    /// The longest line a linked terminal takes, in bytes: keys past it ring the bell.
    public static let maxLineBytes = 8192

    /// The key our reader hands libedit when news is waiting, bound to `assess-news`.
    private static let newsKey: wchar_t = 0x1E  // ^^

    /// EL_GETCFN of a linked terminal: one character (UTF-8 decoded) from the terminal, or the
    /// news key when `interjections` has something to show. 1 with a character, 0 at the end.
    private func readCharacter(into character: UnsafeMutablePointer<wchar_t>) -> Int32 {
        guard let interjections else { return -1 }
        func interject(readable: Bool) -> Int32? {
            switch interjections.take(readable) {
            case .none: return nil
            case .end:
                hostGone = true
                return 0
            case .show(let text, let prompt):
                pendingNews = (pendingNews ?? "") + text
                if let prompt { pendingPrompt = prompt }
                character.pointee = Self.newsKey
                return 1
            }
        }
        while true {
            if hostGone { return 0 }
            // News read already (with a completion's answer, say) does not wait for the socket.
            if let result = interject(readable: false) { return result }
            var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: interjections.descriptor, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, 2, -1) < 0 {
                if errno == EINTR { continue }  // SIGWINCH: libedit has resized
                return -1
            }
            if fds[1].revents != 0, let result = interject(readable: true) { return result }
            guard fds[0].revents != 0 else { continue }
            guard let scalar = readScalar() else { return 0 }
            guard let scalar else { continue }
            // A line at the limit takes only keys that edit or end it.
            if scalar >= 0x20, scalar != 0x7F, let info = el_line(editLine)?.pointee,
               info.lastchar - info.buffer >= Self.maxLineBytes {
                overflowed = true
                fputs("\u{07}", stdout)
                fflush(stdout)
                continue
            }
            character.pointee = wchar_t(bitPattern: scalar)
            return 1
        }
    }

    /// One UTF-8 character from standard input: nil at the end, .some(nil) for a malformed one.
    private func readScalar() -> UInt32?? {
        func byte() -> UInt8? {
            var byte: UInt8 = 0
            while true {
                let count = Glibc.read(STDIN_FILENO, &byte, 1)
                if count == 1 { return byte }
                if count < 0 && errno == EINTR { continue }
                return nil
            }
        }
        guard let first = byte() else { return nil }
        let extra: Int
        var scalar: UInt32
        switch first {
        case 0..<0x80: return .some(UInt32(first))
        case 0xC0..<0xE0: (extra, scalar) = (1, UInt32(first & 0x1F))
        case 0xE0..<0xF0: (extra, scalar) = (2, UInt32(first & 0x0F))
        case 0xF0..<0xF8: (extra, scalar) = (3, UInt32(first & 0x07))
        default: return .some(nil)  // a stray continuation byte
        }
        for _ in 0..<extra {
            guard let next = byte() else { return nil }
            guard next & 0xC0 == 0x80 else { return .some(nil) }
            scalar = scalar << 6 | UInt32(next & 0x3F)
        }
        return .some(scalar)
    }

    /// The news key's function: clears the prompt line, prints the news, and has libedit
    /// redraw the prompt with the half-typed line as it was.
    private func showNews() -> UInt8 {
        guard let news = pendingNews else { return UInt8(CC_NORM) }
        pendingNews = nil
        // Up to the prompt's row (a long line wraps onto several), clear from there down, print
        // the news, and let libedit draw the prompt and the line again below it. The terminal's
        // own output processing turns each \n into \r\n, while editing too.
        var rows = 0
        if let info = el_line(editLine)?.pointee, let promptBuffer {
            let before = String(decoding: UnsafeRawBufferPointer(start: info.buffer, count: info.cursor - info.buffer), as: UTF8.self)
            let columns = String(cString: promptBuffer).unicodeScalars.count + before.unicodeScalars.count
            rows = columns / max(terminalWidth(), 1)
        }
        // libedit redraws relative to where it left the cursor (`rows` below the prompt's
        // row), so the cursor goes back down as many rows below the news.
        fputs("\r" + (rows > 0 ? "\u{1B}[\(rows)A" : "") + "\u{1B}[J" + news + (news.hasSuffix("\n") ? "" : "\n")
              + String(repeating: "\n", count: rows), stdout)
        fflush(stdout)
        if let prompt = pendingPrompt {
            setPrompt(prompt)
            pendingPrompt = nil
        }
        return UInt8(CC_REDISPLAY)
    }

    /// Cuts what the history file brought in as `persisting` cuts new lines, in memory and in
    /// the file: a file written before lines were cut (or by hand) may hold evidence and names,
    /// which the up arrow must not bring back into another candidate's interview. Call once
    /// `persisting` can answer (the shell exists).
    public func cutLoadedHistory() {
        var loaded: [String] = []
        var entry = assess_history_oldest(persisted)
        while let text = entry {
            loaded.append(String(cString: text))
            entry = assess_history_newer(persisted)
        }
        let kept = loaded.compactMap(persisting)
        guard kept != loaded else { return }
        assess_history_clear(history)
        assess_history_clear(persisted)
        for line in kept {
            assess_history_enter(history, line)
            assess_history_enter(persisted, line)
        }
        if let historyPath { assess_history_save(persisted, historyPath) }
    }

    /// Adds a line to the history, and its persisted form to the file at once, so a crash
    /// loses nothing.
    private func addToHistory(_ line: String) {
        assess_history_enter(history, line)
        guard let historyPath, let kept = persisting(line) else { return }
        assess_history_enter(persisted, kept)
        // Private to the user all the same: names of commands still say what was done.
        let fd = open(historyPath, O_WRONLY | O_CREAT, 0o600)
        if fd >= 0 { close(fd) }
        assess_history_save(persisted, historyPath)
    }

    private func complete() -> UInt8 {
        guard let info = el_line(editLine)?.pointee else { return UInt8(CC_ERROR) }
        let length = info.cursor - info.buffer
        let bytes = UnsafeRawBufferPointer(start: info.buffer, count: length)
        let before = String(decoding: bytes, as: UTF8.self)
        let completion = completer(before)
        let insertion = completion.insertion
        if !insertion.isEmpty {
            el_insertstr(editLine, insertion)
            return UInt8(CC_REFRESH)
        }
        let listing = completion.listing
        guard listing.count > 1 else { return UInt8(CC_REFRESH_BEEP) }
        fputs("\n" + columns(listing, width: terminalWidth()) + "\n", stdout)
        return UInt8(CC_REDISPLAY)
    }

    private static func owner(of editLine: OpaquePointer?) -> EditlineReader? {
        guard let editLine, let data = assess_el_clientdata(editLine) else { return nil }
        return Unmanaged<EditlineReader>.fromOpaque(data).takeUnretainedValue()
    }
}

/// News for a linked terminal's line editor: `descriptor` is polled with the terminal;
/// `take(readable)` gives what is waiting, reading the descriptor first when it is readable.
public struct Interjections {
    public var descriptor: Int32
    public var take: (_ readable: Bool) -> Interjection

    public init(descriptor: Int32, take: @escaping (_ readable: Bool) -> Interjection) {
        (self.descriptor, self.take) = (descriptor, take)
    }
}

public enum Interjection {
    /// Nothing to show yet.
    case none
    /// Text to show above the prompt, and the prompt from now on if it changed.
    case show(String, prompt: String?)
    /// The other end is gone: the line being edited ends.
    case end
}

extension String {
    var trimmingBlanks: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
