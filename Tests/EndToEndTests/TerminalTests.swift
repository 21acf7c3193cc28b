import AssessmentKit
import Foundation
import Testing

/// The interview shell at a real (pseudo-)terminal: libedit's line editing, Tab completion,
/// Ctrl-C, Ctrl-D, the history file, and the questions asked when details are missing.
/// Each test starts `assess` in its own pseudo-terminal with a fresh `HOME`.
@Suite(.serialized) struct TerminalTests {
    static let interview = ["interview", "lmi-intern", "--candidate", "A. Candidate", "--candidate-id", "C-1",
                            "--panel", "Ana:chair,Ben:member"]
    static let firstPrompt = "lmi-intern · A. Candidate · inclusion 1/10 · as Ana · 0:0"
    /// The end of any prompt of a session where Ana records.
    static let promptEnd = " · as Ana · "

    @Test func promptAppears() throws {
        let terminal = try PseudoTerminal(arguments: Self.interview, home: PseudoTerminal.TemporaryDirectory())
        try #require(terminal.waitFor(Self.firstPrompt), "\(terminal.visibleOutput)")
        let prompt = try #require(terminal.offset(of: Self.firstPrompt))
        let banner = try #require(terminal.offset(of: "Type 'help' for commands"), "\(terminal.visibleOutput)")
        #expect(banner < prompt, "the banner comes first")
    }

    @Test func tabCompletesACommandName() throws {
        let terminal = try startInterview()
        // libedit echoes "hel", then moves the cursor (CR, CSI n G) and writes only what the
        // completion inserted, "p " (the word and a space): "help" is never in one piece.
        let mark = try send("hel\t", to: terminal, thenWaitFor: "hel")
        let typed = try #require(terminal.offset(of: "hel", after: mark))
        try #require(terminal.waitFor("p ", after: typed), "\(terminal.visibleOutput)")
        // 'help score', short: the whole 'help' is longer than the screen and would be paged.
        let completed = try send("score\r", to: terminal, thenWaitFor: "usage: score VALUE")
        #expect(!terminal.output.contains("unknown command"), "\(terminal.visibleOutput)")
        try leave(terminal, after: completed)
    }

    @Test func tabListsEveryItemThatMatches() throws {
        let terminal = try startInterview()
        let mark = try send("goto co\t", to: terminal, thenWaitFor: "courage")
        try #require(terminal.waitFor("communication", after: mark), "\(terminal.visibleOutput)")
        // The prompt and the half-typed line come back under the listing.
        let listing = try #require(terminal.offset(of: "communication", after: mark))
        try #require(terminal.waitFor(" › goto co", after: listing), "\(terminal.visibleOutput)")
        let redrawn = try send("\u{03}", to: terminal, thenWaitFor: "^C")
        try leave(terminal, after: redrawn)
    }

    @Test func ctrlCClearsTheLineAndTheShellGoesOn() throws {
        let terminal = try startInterview()
        let mark = terminal.mark
        terminal.send("goto teamwork")
        terminal.send("\u{03}")
        try #require(terminal.waitFor("^C", after: mark), "\(terminal.visibleOutput)")
        let interrupted = try #require(terminal.offset(of: "^C", after: mark))
        try ready(terminal, Self.firstPrompt, after: interrupted)
        let cleared = try send("items\r", to: terminal, thenWaitFor: "Core competencies")
        try ready(terminal, Self.firstPrompt, after: cleared, "still at item 1")
        #expect(!terminal.output.contains("teamwork 6/10"), "the discarded goto ran: \(terminal.visibleOutput)")
        #expect(!terminal.output.contains("Teamwork (teamwork)"), "the discarded goto ran: \(terminal.visibleOutput)")
        #expect(!terminal.output.contains("error:"), "\(terminal.visibleOutput)")
        exitWithCtrlD(terminal)
    }

    @Test func ctrlDOnAnEmptyLineExits0() throws {
        let terminal = try startInterview()
        exitWithCtrlD(terminal)
        #expect(!terminal.output.contains("error:"), "\(terminal.visibleOutput)")
    }

    @Test func historySurvivesARestart() throws {
        let home = try PseudoTerminal.TemporaryDirectory()
        let historyPath = home.path + "/.assess_history"

        let first = try startInterview(home: home)
        let mark = try send("goto 3\r", to: first, thenWaitFor: "3/10")
        try leave(first, after: mark)

        #expect(PseudoTerminal.permissions(of: historyPath) == 0o600)
        let entries = try #require(historyEntries(at: historyPath), "no history file at \(historyPath)")
        #expect(entries.contains("goto 3"), "history: \(entries)")

        // The first interview is still open: --new starts another instead of offering it.
        let second = try startInterview(home: home, adding: ["--new"])
        let start = try send("\u{1b}[A", to: second, thenWaitFor: "goto 3", "Up recalls the last command:")
        second.send("\r")
        try #require(second.waitFor("Professionalism (professionalism) · value · 3/10", after: start),
                     "\(second.visibleOutput)")
        try leave(second, after: start)
    }

    /// Starting an interview for a candidate with an open one offers to resume it; 'n' starts
    /// another (issue 15, item 4).
    @Test func anOpenInterviewOfTheCandidateIsOfferedForResuming() throws {
        let home = try PseudoTerminal.TemporaryDirectory()
        let first = try startInterview(home: home)
        let mark = try send("goto 3\r", to: first, thenWaitFor: "3/10")
        try leave(first, after: mark)

        let second = try PseudoTerminal(arguments: Self.interview, home: home)
        try ready(second, "Resume it? [Y/n] ")
        #expect(second.visibleOutput.contains("A. Candidate (C-1) already has an open lmi-intern interview, started "))
        #expect(second.visibleOutput.contains(" UTC with Ana, Ben: \(home.path)/Transcripts/lmi-intern/"))
        let start = second.mark
        second.send("\r")
        try ready(second, "lmi-intern · A. Candidate · professionalism 3/10 · as Ana · ", after: start)
        #expect(second.visibleOutput.contains("Resumed lmi-intern · A. Candidate at professionalism (3/10), recording as Ana."))
        try leave(second, after: start)

        let third = try PseudoTerminal(arguments: Self.interview, home: home)
        try ready(third, "Resume it? [Y/n] ")
        let again = third.mark
        third.send("n\r")
        try ready(third, Self.firstPrompt, after: again)
        try leave(third, after: again)
    }

    /// The history file keeps commands with their free text and names cut; the up arrow still
    /// recalls the whole line within the session (issue 15, item 5).
    @Test func theHistoryFileKeepsNoEvidenceOrNames() throws {
        let home = try PseudoTerminal.TemporaryDirectory()
        let terminal = try startInterview(home: home)
        _ = try send("as Ben\r", to: terminal, thenWaitFor: "Now recording as Ben")
        _ = try send("score 3 Coached Zoë through the Lisbon handover\r", to: terminal, thenWaitFor: "Recorded")
        _ = try send("evidence Mentioned her manager Chloé by name\r", to: terminal, thenWaitFor: "Evidence noted")
        _ = try send("evidnce a misspelt command with a secret\r", to: terminal, thenWaitFor: "unknown command")
        // Up twice: the misspelt line, then the evidence, both whole, from memory.
        terminal.send("\u{1b}[A")
        _ = try send("\u{1b}[A", to: terminal, thenWaitFor: "Mentioned her manager Chloé by name")
        _ = try send("\u{03}", to: terminal, thenWaitFor: "^C")
        let mark = try send("as Ana\r", to: terminal, thenWaitFor: "Now recording as Ana")
        try leave(terminal, after: mark)

        let entries = try #require(historyEntries(at: home.path + "/.assess_history"), "no history file")
        #expect(entries == ["as …", "score 3 …", "evidence …", "as …"])
    }

    /// A history file written before lines were cut (or by hand) is cut when the shell starts:
    /// the up arrow brings back no old evidence, and the file keeps none (found by the A/B review).
    @Test func anOldHistoryFileIsCutWhenTheShellStarts() throws {
        let home = try PseudoTerminal.TemporaryDirectory()
        let historyPath = home.path + "/.assess_history"
        try Data("_HiStOrY_V2_\ngoto\\0403\nscore\\0403\\040Coached\\040Zoë\nevidence\\040Zoë\\040led\\040it\n".utf8)
            .write(to: URL(fileURLWithPath: historyPath))
        let terminal = try startInterview(home: home)
        _ = try send("\u{1b}[A", to: terminal, thenWaitFor: "evidence …", "Up recalls the cut line:")
        terminal.send("\u{03}")
        try leave(terminal, after: terminal.mark)
        #expect(historyEntries(at: historyPath) == ["goto 3", "score 3 …", "evidence …"])
        #expect(!terminal.visibleOutput.contains("Zoë"))
    }

    @Test func missingCandidateAndPanelAreAskedForAndKeptOutOfTheHistory() throws {
        let home = try PseudoTerminal.TemporaryDirectory()
        let terminal = try PseudoTerminal(arguments: ["interview", "lmi-intern"], home: home)
        try ready(terminal, "Candidate's name: ")
        var mark = terminal.mark
        terminal.send("Zoë Example\r")
        try ready(terminal, "Candidate's id", after: mark)
        mark = terminal.mark
        terminal.send("\r")
        try ready(terminal, "Panel", after: mark)
        mark = terminal.mark
        terminal.send("Ana:chair,Ben:member\r")
        try ready(terminal, "Zoë Example · inclusion 1/10" + Self.promptEnd, after: mark)
        // One command, so that the history file is written at all.
        mark = try send("goto 2\r", to: terminal, thenWaitFor: "2/10")
        try leave(terminal, after: mark)

        let entries = try #require(historyEntries(at: home.path + "/.assess_history"), "no history file")
        #expect(entries == ["goto 2"])
        #expect(!entries.contains { $0.contains("Zo") || $0.contains("Example") || $0.contains("Ana:chair") },
                "setup answers leaked into the history: \(entries)")
    }

    @Test func aShortInterviewWithCtrlCWhileTypingEvidence() throws {
        let home = try PseudoTerminal.TemporaryDirectory()
        let terminal = try startInterview(home: home)
        var mark = try send("score 3 Organised a student conference\r", to: terminal, thenWaitFor: "Recorded: Ana rates inclusion 3 (Satisfactory).")
        try ready(terminal, Self.promptEnd, after: mark)
        mark = terminal.mark
        terminal.send("evidence Half-typed words that must vanish")
        terminal.send("\u{03}")
        try #require(terminal.waitFor("^C", after: mark), "\(terminal.visibleOutput)")
        try ready(terminal, Self.promptEnd, after: terminal.offset(of: "^C", after: mark) ?? mark)
        mark = try send("as Ben\r", to: terminal, thenWaitFor: "Now recording as Ben.")
        try ready(terminal, " · as Ben · ", after: mark)
        mark = try send("sc\t2 Thin example\r", to: terminal, thenWaitFor: "Recorded: Ben rates inclusion 2")
        try ready(terminal, " · as Ben · ", after: mark)
        exitWithCtrlD(terminal)
        #expect(terminal.output.contains("The interview is still open; resume it with: assess interview --resume "))

        let folder = home.path + "/Transcripts/lmi-intern"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".jsonl") }
        #expect(files.count == 1)
        let (events, scan) = try TranscriptReader.readAll(path: folder + "/" + (files.first ?? ""))
        #expect(scan.damage == nil)
        #expect(events.map(\.type) == ["started", "scored", "acting", "scored"])
        let text = try String(contentsOfFile: folder + "/" + (files.first ?? ""), encoding: .utf8)
        #expect(!text.contains("Half-typed"), "the interrupted line was recorded")
    }

    @Test func replayPlaysAndCtrlCStopsPlaybackNotTheShell() throws {
        let example = packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern/2026-03-03-C-0102.jsonl").path
        let terminal = try PseudoTerminal(arguments: ["replay", example], home: PseudoTerminal.TemporaryDirectory())
        try ready(terminal, "event 1/105 · inclusion · 09:00:20 › ")
        var mark = try send("play 1\r", to: terminal, thenWaitFor: "play 1")
        try #require(terminal.waitForCookedMode(), "playback never started: \(terminal.visibleOutput)")
        // The next event is 20 s away at speed 1: Ctrl-C arrives while playback waits.
        terminal.send("\u{03}")
        try #require(terminal.waitFor("Playback stopped at event 1/105.", after: mark), "\(terminal.visibleOutput)")
        try ready(terminal, "event 1/105 · inclusion · 09:00:20 › ", after: terminal.offset(of: "Playback stopped", after: mark) ?? mark)
        mark = try send("step\r", to: terminal, thenWaitFor: "now recording as Ana Lopez")
        try ready(terminal, "event 2/105", after: mark)
        exitWithCtrlD(terminal)
    }

    /// Starts `Self.interview` in a new pseudo-terminal (with a new `HOME` unless given one) and
    /// waits until it reads keys at the first prompt.
    private func startInterview(home: PseudoTerminal.TemporaryDirectory? = nil, adding extra: [String] = [],
                                sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(arguments: Self.interview + extra, home: home ?? PseudoTerminal.TemporaryDirectory())
        try ready(terminal, Self.firstPrompt, sourceLocation: sourceLocation)
        return terminal
    }

    /// Types `keys` and waits for `text` after them; returns the mark from before the keys.
    private func send(_ keys: String, to terminal: PseudoTerminal, thenWaitFor text: String, _ note: String = "",
                      sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Int {
        let mark = terminal.mark
        terminal.send(keys)
        try #require(terminal.waitFor(text, after: mark), "\(note.isEmpty ? "" : note + " ")\(terminal.visibleOutput)",
                     sourceLocation: sourceLocation)
        return mark
    }

    /// Waits for `prompt` after `mark` and then for libedit to read keys (see
    /// `PseudoTerminal.waitForRawMode`): only then is it safe to type.
    private func ready(_ terminal: PseudoTerminal, _ prompt: String, after mark: Int = 0, _ note: String = "",
                       sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        try #require(terminal.waitFor(prompt, after: mark), "\(note) \(terminal.visibleOutput)",
                     sourceLocation: sourceLocation)
        try #require(terminal.waitForRawMode(), "never in raw mode: \(terminal.visibleOutput)",
                     sourceLocation: sourceLocation)
    }

    /// Waits for the next prompt after `mark`, then leaves with Ctrl-D and expects status 0.
    private func leave(_ terminal: PseudoTerminal, after mark: Int,
                       sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        try ready(terminal, Self.promptEnd, after: mark, sourceLocation: sourceLocation)
        exitWithCtrlD(terminal, sourceLocation: sourceLocation)
    }

    /// Sends Ctrl-D and expects the shell to exit with status 0.
    private func exitWithCtrlD(_ terminal: PseudoTerminal, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        terminal.send("\u{04}")
        #expect(terminal.waitForExit() == 0, "\(terminal.visibleOutput)", sourceLocation: sourceLocation)
    }
}

/// The entries of a libedit history file, or nil if it can't be read. libedit writes a
/// `_HiStOrY_V2_` header line and encodes each entry with strvis(3) `VIS_WHITE`, so
/// `goto 3` is stored as `goto\0403`; octal escapes and `\\` are decoded here.
func historyEntries(at path: String) -> [String]? {
    guard let contents = PseudoTerminal.contents(of: path) else { return nil }
    var lines = contents.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
    if lines.last?.isEmpty == true { lines.removeLast() }
    if lines.first == Array("_HiStOrY_V2_".utf8) { lines.removeFirst() }
    return lines.map { line in
        var decoded: [UInt8] = []
        var index = 0
        let octal = UInt8(ascii: "0")...UInt8(ascii: "7")
        while index < line.count {
            if line[index] == UInt8(ascii: "\\"), index + 3 < line.count,
               line[index + 1...index + 3].allSatisfy({ octal.contains($0) }) {
                let value = line[index + 1...index + 3].reduce(0) { $0 * 8 + Int($1 - UInt8(ascii: "0")) }
                decoded.append(UInt8(truncatingIfNeeded: value))
                index += 4
            } else if line[index] == UInt8(ascii: "\\"), index + 1 < line.count, line[index + 1] == UInt8(ascii: "\\") {
                decoded.append(UInt8(ascii: "\\"))
                index += 2
            } else {
                decoded.append(line[index])
                index += 1
            }
        }
        return String(decoding: decoded, as: UTF8.self)
    }
}
