import ArgumentParser
import AssessShell
import AssessmentKit
import Foundation

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Step through a saved transcript in a replay shell.",
        discussion: """
            Commands: step [N], back [N], goto SEQ|ITEM, show, status, summary, play [SPEED], verify, quit (or exit). \
            The prompt shows the position (event 37/212 · teamwork · 10:42:05); status and summary show the \
            interview as it stood at that event. Ctrl-C stops 'play'. A replay never changes the transcript. \
            At a terminal, output longer than the screen (--to-end, show, status, summary) goes through \
            $ASSESS_PAGER, $PAGER or 'less -FRX'; --no-pager turns it off.
            """)

    @Argument(help: ArgumentHelp("The transcript to replay.", valueName: "TRANSCRIPT"))
    var transcript: String

    @Flag(name: .customLong("to-end"), help: "Print the whole transcript as a readable log and exit.")
    var toEnd = false

    @OptionGroup var script: ScriptOptions

    @OptionGroup var paging: PagerOption

    func run() throws {
        let status = ReplayLauncher.run(path: transcript, toEnd: toEnd, options: ShellOptions(echo: script.echo, bail: script.bail, pager: !paging.noPager),
                                        environment: environment)
        if status != 0 { throw ExitCode(status) }
    }
}
