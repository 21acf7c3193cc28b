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
                 persisting: @escaping Persisting = { $0 }) {
        setlocale(LC_CTYPE, "")
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
        var count: Int32 = 0
        let raw = el_gets(editLine, &count)
        if interrupted {
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

extension String {
    var trimmingBlanks: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
