import Foundation
import Testing

/// Long output through a pager (issue 15, item 6), at a pseudo-terminal. The pager is a
/// command that marks each line, so what went through it shows; the expected text is what
/// the same command prints to a pipe, where no pager is ever used.
@Suite(.serialized) struct PagerTests {
    static let marker = "sed 's/^/| /'"
    static let clock = ["ASSESS_CLOCK": "2026-03-02T09:00:00.000Z,40"]
    static let prompt = "lmi-intern · A. Candidate · inclusion 1/10 · as Ana · 0:00 › "
    static let example = packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern/2026-03-03-C-0102.jsonl").path

    /// The interview shell's `status` (longer than 23 rows at 80 columns) is paged; `help score`,
    /// which fits, is not.
    @Test func longShellOutputIsPagedAndShortOutputIsNot() throws {
        let status = try scripted("status")
        let helpScore = try scripted("help score")
        let terminal = try interview(pager: Self.marker)
        let shown = try output(of: "status", at: terminal)
        #expect(shown == onTerminal(marked(status)))
        let short = try output(of: "help score", at: terminal)
        #expect(short == onTerminal(helpScore))
        try leave(terminal)
    }

    @Test func noPagerTurnsItOff() throws {
        let status = try scripted("status")
        let terminal = try interview(pager: Self.marker, extra: ["--no-pager"])
        let shown = try output(of: "status", at: terminal)
        #expect(shown == onTerminal(status))
        try leave(terminal)
    }

    /// A script (standard input not a terminal) is never paged, whatever the environment says.
    @Test func aScriptIsNeverPaged() throws {
        let paged = try runAssess(TerminalTests.interview, input: "status\nsummary\nhelp\n",
                                  environment: Self.clock.merging(["ASSESS_PAGER": Self.marker]) { $1 })
        let plain = try runAssess(TerminalTests.interview + ["--no-pager"], input: "status\nsummary\nhelp\n", environment: Self.clock)
        #expect(paged.status == 0)
        #expect(paged.output == plain.output)
        #expect(!paged.output.hasPrefix("| ") && !paged.output.contains("\n| "))
    }

    /// `assess summary`, `compare` and `replay --to-end` page at a terminal; not with
    /// `--no-pager`, and not when standard output is a pipe (the terminal is still on stderr).
    @Test(arguments: [["summary", example], ["compare", packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern").path],
                      ["replay", example, "--to-end"]])
    func commandLineReportsArePagedAtATerminalOnly(_ arguments: [String]) throws {
        let piped = try runAssess(arguments)
        try #require(piped.status == 0 && piped.errors.isEmpty, "\(piped.errors)")
        let environment = ["ASSESS_PAGER": Self.marker, "NO_COLOR": "1"]
        let paged = try command(arguments, environment: environment)
        #expect(paged.status == 0)
        #expect(paged.output == onTerminal(marked(piped.output)))
        let unpaged = try command(arguments + ["--no-pager"], environment: environment)
        #expect(unpaged.output == onTerminal(piped.output))
        let quoted = ([assessBinary()] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let throughPipe = try command(["-c", quoted + " | cat"], executable: "/bin/sh", environment: environment)
        #expect(throughPipe.status == 0)
        #expect(throughPipe.output == onTerminal(piped.output))
    }

    @Test func aMissingPagerGetsOneWarningAndTheTextUnpaged() throws {
        let piped = try runAssess(["summary", Self.example])
        let result = try command(["summary", Self.example], environment: ["ASSESS_PAGER": "assess-no-such-pager -x", "NO_COLOR": "1"])
        #expect(result.status == 0)
        #expect(result.output == onTerminal("warning: the pager 'assess-no-such-pager -x' cannot be run ('assess-no-such-pager' not found); "
                                            + "the text follows without it. Set ASSESS_PAGER or PAGER, or use --no-pager.\n" + piped.output))
    }

    /// A pager left early, before the shell has written all of a text longer than a pipe
    /// holds: the shell's next write fails (EPIPE) instead of killing it (SIGPIPE), and it goes on.
    @Test func aPagerLeftEarlyLeavesTheShellRunning() throws {
        let folder = try temporaryFolder("pager")
        defer { try? FileManager.default.removeItem(at: folder) }
        // 300 long notes: a summary of some 200 KB.
        let notes = (1...300).map { "note Note \($0): " + String(repeating: "the candidate spoke at length about the project. ", count: 12) }
        let made = try runAssess(TerminalTests.interview + ["--transcripts", folder.path], input: notes.joined(separator: "\n") + "\nquit\n",
                                 environment: Self.clock)
        try #require(made.status == 0, "\(made.errors)")
        let assessment = folder.appendingPathComponent("lmi-intern")
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: assessment.path).first { $0.hasSuffix(".jsonl") })
        let heading = try #require(try scripted("summary").split(separator: "\n").first)

        let terminal = try PseudoTerminal(arguments: ["interview", "--resume", assessment.appendingPathComponent(file).path],
                                          home: PseudoTerminal.TemporaryDirectory(), environment: ["ASSESS_PAGER": "head -n 1"],
                                          rows: 24, columns: 80)
        try #require(terminal.waitFor(" · as Ana · "), "\(terminal.visibleOutput)")
        let shown = try output(of: "summary", at: terminal, prompt: " · as Ana · ")
        #expect(shown == heading + "\r\n")
        let next = try output(of: "as Ben", at: terminal, prompt: " · as Ben · ")
        #expect(next == "Now recording as Ben.\r\n")
        try leave(terminal)
    }

    /// A pager that leaves the terminal raw (here on purpose) does not leave it so: the settings
    /// are put back before anything more is written, so the error after the log ends in CR LF.
    @Test func theTerminalSettingsArePutBackAfterThePager() throws {
        let copy = try temporaryFolder("pager").appendingPathComponent("damaged.jsonl")
        defer { try? FileManager.default.removeItem(at: copy.deletingLastPathComponent()) }
        var lines = try String(contentsOfFile: Self.example, encoding: .utf8).split(separator: "\n").map(String.init)
        lines.remove(at: 89)
        try (lines.joined(separator: "\n") + "\n").write(to: copy, atomically: true, encoding: .utf8)
        let piped = try runAssess(["replay", copy.path, "--to-end"])
        try #require(piped.status == 1 && piped.errors.hasPrefix("error: the transcript is damaged at line 90"), "\(piped.errors)")
        let terminal = try PseudoTerminal(arguments: ["replay", copy.path, "--to-end"], home: PseudoTerminal.TemporaryDirectory(),
                                          environment: ["ASSESS_PAGER": "stty raw -echo </dev/tty; cat"], rows: 24, columns: 100)
        #expect(terminal.waitForExit() == 1)
        // The log as the raw terminal got it (no CR added), then the error as a cooked one does.
        #expect(terminal.output == piped.output + onTerminal(piped.errors))
    }

    /// Ctrl-C while the pager runs stops the pager, not the shell.
    @Test func ctrlCInThePagerLeavesTheShellRunning() throws {
        let terminal = try interview(pager: Self.waitingPager)
        try #require(terminal.waitForRawMode(), "\(terminal.visibleOutput)")
        let mark = terminal.mark
        terminal.send("status\r")
        try #require(waitForWaitingPager(of: terminal.pid), "\(terminal.visibleOutput)")
        terminal.send("\u{03}")
        try #require(terminal.waitFor(Self.prompt, after: mark), "\(terminal.visibleOutput)")
        let next = try output(of: "as Ben", at: terminal, prompt: " · as Ben · ")
        #expect(next == "Now recording as Ben.\r\n")
        try leave(terminal)
    }

    /// Ctrl-C in the pager of `assess summary` stops the pager; the command still ends as it
    /// would have (without the pager ignoring it, it would die of SIGINT: 130).
    @Test func ctrlCInThePagerOfACommandEndsOnlyThePager() throws {
        let terminal = try PseudoTerminal(arguments: ["summary", Self.example], home: PseudoTerminal.TemporaryDirectory(),
                                          environment: ["ASSESS_PAGER": Self.waitingPager], rows: 24, columns: 100)
        try #require(waitForWaitingPager(of: terminal.pid), "\(terminal.visibleOutput)")
        terminal.send("\u{03}")
        #expect(terminal.waitForExit() == 0, "\(terminal.visibleOutput)")
        #expect(terminal.output == "^C")
    }

    /// The pager inherits standard input, output and error only: not the transcript, whose
    /// descriptor holds the interview's lock.
    @Test func thePagerGetsNoOtherDescriptor() throws {
        let terminal = try interview(pager: "ls -1 /proc/$$/fd; cat >/dev/null")
        let shown = try output(of: "status", at: terminal)
        #expect(shown == "0\r\n1\r\n2\r\n")
        try leave(terminal)
    }

    // MARK: Helpers

    /// A pager that reads nothing and waits to be interrupted. The shell execs it, so that
    /// Ctrl-C reaches it and not `sh -c`, which can miss a SIGINT between two commands.
    static let waitingPager = "exec sleep 60"

    /// Waits until the pager `sleep` runs as a child of `pid`; false after 20 s.
    private func waitForWaitingPager(of pid: pid_t) -> Bool {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
            for child in children.split(separator: " ")
            where (try? String(contentsOfFile: "/proc/\(child)/comm", encoding: .utf8)) == "sleep\n" {
                return true
            }
            usleep(10_000)
        }
        return false
    }

    /// What `command` prints in a scripted interview (the same clock and width as the terminal's).
    private func scripted(_ command: String) throws -> String {
        let result = try runAssess(TerminalTests.interview, input: command + "\n", environment: Self.clock)
        let hint = try #require(result.output.range(of: "The interview is still open", options: .backwards))
        return String(result.output[..<hint.lowerBound])
    }

    /// The interview at a terminal of 24 rows and 80 columns, at its first prompt.
    private func interview(pager: String, extra: [String] = []) throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(arguments: TerminalTests.interview + extra, home: PseudoTerminal.TemporaryDirectory(),
                                          environment: Self.clock.merging(["ASSESS_PAGER": pager]) { $1 }, rows: 24, columns: 80)
        try #require(terminal.waitFor(Self.prompt), "\(terminal.visibleOutput)")
        return terminal
    }

    /// Types `command` once the shell reads keys; returns what it printed before the next prompt.
    private func output(of command: String, at terminal: PseudoTerminal, prompt: String = PagerTests.prompt) throws -> String {
        try #require(terminal.waitForRawMode(), "\(terminal.visibleOutput)")
        let mark = terminal.mark
        terminal.send(command + "\r")
        try #require(terminal.waitFor(command + "\r\n", after: mark), "\(terminal.visibleOutput)")
        let start = try #require(terminal.offset(of: command + "\r\n", after: mark))
        let promptStart = "lmi-intern · A. Candidate · "
        try #require(terminal.waitFor(prompt, after: start), "\(terminal.visibleOutput)")
        let end = try #require(terminal.offset(of: promptStart, after: start)) - promptStart.utf8.count
        return String(decoding: terminal.bytes[start..<end], as: UTF8.self)
    }

    /// Leaves with Ctrl-D once the shell reads keys; expects status 0.
    private func leave(_ terminal: PseudoTerminal) throws {
        try #require(terminal.waitForRawMode(), "\(terminal.visibleOutput)")
        terminal.send("\u{04}")
        #expect(terminal.waitForExit() == 0, "\(terminal.visibleOutput)")
    }

    /// Runs a command at a terminal of 24 rows and 100 columns until it exits.
    private func command(_ arguments: [String], executable: String = assessBinary(),
                         environment: [String: String]) throws -> (status: Int32?, output: String) {
        let terminal = try PseudoTerminal(executable: executable, arguments: arguments, home: PseudoTerminal.TemporaryDirectory(),
                                          directory: packageRoot.path, environment: environment, rows: 24, columns: 100)
        let status = terminal.waitForExit()
        return (status, terminal.output)
    }

    /// Each line as the marking pager prints it.
    private func marked(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { "| " + $0 + "\n" }.joined()
    }

    /// Text as a terminal receives it: each line break becomes CR LF.
    private func onTerminal(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: "\r\n")
    }
}

/// Review of issue 15: the pager cannot write the text to disk, and a pager that fails does
/// not swallow it.
extension PagerTests {
    /// LESSSECURE=1 turns off less's `s` (save to a file) and `!`, LESSHISTFILE=- its history
    /// file (searches); both are set even where the user's environment says otherwise.
    @Test func thePagerRunsInLessSecureMode() throws {
        let result = try command(["summary", Self.example],
                                 environment: ["ASSESS_PAGER": "echo LESSSECURE=$LESSSECURE LESSHISTFILE=$LESSHISTFILE; cat >/dev/null",
                                               "LESSSECURE": "0", "LESSHISTFILE": "/tmp/searches"])
        #expect(result.status == 0)
        #expect(result.output == "LESSSECURE=1 LESSHISTFILE=-\r\n")
    }

    /// A pager that exits non-zero without reading: one warning naming it and its status, the
    /// text without it, and no pager for the rest of the session.
    @Test func aFailingPagerGetsOneWarningAndTheTextFollows() throws {
        let help = try scripted("help")
        let status = try scripted("status")
        let terminal = try interview(pager: "false")
        let shown = try output(of: "help", at: terminal)
        #expect(shown == onTerminal("warning: the pager 'false' failed (exit status 1); the text follows without it. "
                                    + "Set ASSESS_PAGER or PAGER, or use --no-pager.\n" + help))
        let next = try output(of: "status", at: terminal)
        #expect(next == onTerminal(status))
        try leave(terminal)
    }

    @Test func aFailingPagerOfACommandGetsAWarningAndTheText() throws {
        let piped = try runAssess(["summary", Self.example])
        let result = try command(["summary", Self.example], environment: ["ASSESS_PAGER": "exit 3", "NO_COLOR": "1"])
        #expect(result.status == 0)
        #expect(result.output == onTerminal("warning: the pager 'exit 3' failed (exit status 3); the text follows without it. "
                                            + "Set ASSESS_PAGER or PAGER, or use --no-pager.\n" + piped.output))
    }
}
