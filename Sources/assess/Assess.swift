import ArgumentParser
import Foundation
import AssessmentKit

@main
struct Assess: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Run competency-based interviews, keep tamper-evident transcripts, and report on them.",
        discussion: """
            With no command, 'assess' starts an interview on the default assessment (\(AssessmentCatalog.defaultAssessmentID)).
            Assessments are looked up in --assessments DIR, $ASSESS_ASSESSMENTS, ./Assessments, then the built-in ones.
            Exit status: 0 success, 1 a command failed, 2 usage error.
            """,
        version: "0.1.0",
        subcommands: [Interview.self, Replay.self, Summary.self, Compare.self, Verify.self, Transcripts.self,
                      Export.self, Mock.self, Assessments.self, Host.self, Endorse.self, PanelTerminal.self],
        defaultSubcommand: Interview.self
    )

    /// Runs the command line; usage errors exit 2, as the product promises, not 64.
    static func main() {
        Platform.openStandardDescriptors()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                var message = fullMessage(for: error)
                if message.hasPrefix("Error: ") { message = "error: " + message.dropFirst("Error: ".count) }
                writeError(message + "\n")
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Prints `error: MESSAGE` to standard error. Messages quote file names, ids and names, so
/// every control character but the line breaks is shown visibly (`SafeText`).
func writeError(_ text: String) {
    // Nothing is left to tell if standard error itself cannot be written.
    try? Platform.writeAll(STDERR_FILENO, SafeText.visibleLines(text))
}

/// Prints one line of plain output (not a report) with every control character, line
/// breaks included, shown visibly: such lines quote file names and ids.
func say(_ text: String) {
    print(SafeText.visible(text))
}

/// Prints plain output of several lines (definitions, lists), each made visible.
func sayLines(_ text: String, terminator: String = "\n") {
    print(SafeText.visibleLines(text), terminator: terminator)
}

/// Prints `LEVEL: MESSAGE` on standard error as one line, whatever the message quotes.
func complain(_ message: String, level: String = "error") {
    writeError("\(level): \(SafeText.visible(message))\n")
}

/// Stops the command with `error: MESSAGE` and exit status 1.
func fail(_ message: String) -> ExitCode {
    writeError("error: \(message)\n")
    return ExitCode.failure
}

/// What `body` returns; if it throws, the command stops with `error:` and the error's
/// wording (or `message`'s, given the error).
func orFail<Value>(_ body: () throws -> Value, message: (any Error) -> String = { "\($0)" }) throws -> Value {
    do {
        return try body()
    } catch {
        throw fail(message(error))
    }
}

/// Where assessments are looked up; shared by the commands that open one.
struct AssessmentLookupOptions: ParsableArguments {
    @Option(name: .customLong("assessments"), help: ArgumentHelp("Folder of assessment files, searched first.", valueName: "DIR"))
    var directory: String?

    var catalog: AssessmentCatalog {
        AssessmentCatalog(directories: AssessmentCatalog.searchPath(option: directory, environment: environment))
    }
}

/// `--echo` and `--bail`, for scripted input; shared by the shells.
struct ScriptOptions: ParsableArguments {
    @Flag(help: "Scripted input: print each command before running it.")
    var echo = false

    @Flag(help: "Scripted input: stop at the first command that fails.")
    var bail = false
}

/// `--no-pager`, on every command whose long output is paged at a terminal.
struct PagerOption: ParsableArguments {
    @Flag(name: .customLong("no-pager"),
          help: "Write long output straight to the terminal (by default it goes through $ASSESS_PAGER, $PAGER or 'less -FRX' when it is longer than the screen; less runs with LESSSECURE=1 and LESSHISTFILE=-, so it writes no file).")
    var noPager = false
}

/// Where new transcripts go; shared by `interview` and `mock`.
struct TranscriptFolderOption: ParsableArguments {
    @Option(name: .customLong("transcripts"),
            help: ArgumentHelp("Folder for transcripts (default $ASSESS_TRANSCRIPTS, else ./Transcripts).", valueName: "DIR"))
    var directory: String?
}

var environment: [String: String] { ProcessInfo.processInfo.environment }
