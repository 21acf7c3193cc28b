import ArgumentParser
import AssessShell
import AssessmentKit

struct Interview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interview",
        abstract: "Run a live interview in the shell (the default command).",
        discussion: """
            At a terminal the shell edits lines with history (~/.assess_history, or $ASSESS_HISTORY, which keeps \
            commands with their free text and names cut: 'score 3 …') and Tab completion; Ctrl-C clears the line, Ctrl-D leaves. From a pipe or file it reads one command per line \
            with no prompt, and errors name the input line. Missing candidate or panel details are asked for \
            first (from a pipe: on the first input lines). At a terminal, output longer than the screen (help, \
            show, status, summary, close) goes through $ASSESS_PAGER, $PAGER or 'less -FRX'; --no-pager turns it off.

            Examples:
              assess interview lmi-intern --candidate "A. Candidate" --candidate-id C-0042 --panel "Ana:chair,Ben:member"
              assess interview Assessments/project-assistant.yaml --blind < script.txt
            """
    )

    @Argument(help: ArgumentHelp("Assessment name (e.g. lmi-intern) or path to its YAML file.", valueName: "ASSESSMENT"))
    var assessment: String?

    @Option(help: ArgumentHelp("The candidate's name.", valueName: "NAME"))
    var candidate: String?

    @Option(name: .customLong("candidate-id"), help: ArgumentHelp("The candidate's id, used in the transcript's file name.", valueName: "ID"))
    var candidateID: String?

    @Option(help: ArgumentHelp("The panel as Name:role pairs, e.g. \"Ana:chair,Ben:member\".", valueName: "PANEL"))
    var panel: String?

    @Flag(help: "Blind mode: ratings stay hidden until every panelist has rated the item.")
    var blind = false

    @Flag(name: .customLong("new"), help: ArgumentHelp(
        "Start a new interview even if the candidate already has an open one for this assessment.",
        discussion: "Without it, a terminal asks whether to resume the open one, and a script stops with an error naming it."))
    var startNew = false

    @OptionGroup var transcripts: TranscriptFolderOption

    @Option(help: ArgumentHelp("Reopen an interview that was left open.", valueName: "TRANSCRIPT"))
    var resume: String?

    @OptionGroup var script: ScriptOptions

    @OptionGroup var paging: PagerOption

    @OptionGroup var lookup: AssessmentLookupOptions

    func validate() throws {
        if resume != nil && (assessment != nil || candidate != nil || panel != nil || startNew) {
            throw ValidationError("--resume reopens a transcript as it was; don't combine it with an assessment, --candidate, --panel or --new")
        }
    }

    func run() throws {
        let options = ShellOptions(echo: script.echo, bail: script.bail, pager: !paging.noPager)
        let clock: EventClock
        do {
            clock = try ScriptedClock.fromEnvironment(environment)
        } catch {
            throw fail(error.description)
        }
        if let resume {
            let status = InterviewLauncher.resume(path: resume, options: options, environment: environment, clock: clock)
            if status != 0 { throw ExitCode(status) }
            return
        }
        let name = assessment ?? AssessmentCatalog.defaultAssessmentID
        let loaded = try orFail { try lookup.catalog.assessment(name).0 }
        let request = InterviewLauncher.Request(
            assessment: loaded, candidateName: candidate, candidateID: candidateID, panel: panel, blind: blind,
            transcriptFolder: InterviewSession.transcriptFolder(option: transcripts.directory, environment: environment),
            options: options, clock: clock, startNew: startNew)
        let status = InterviewLauncher.run(request, environment: environment)
        if status != 0 { throw ExitCode(status) }
    }
}
