import ArgumentParser
import AssessShell
import AssessmentKit
import Foundation

struct Mock: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mock",
        abstract: "Run a mock assessment against a scripted candidate and reference ratings.",
        discussion: """
            The interview shell in mock mode: 'answer' prints the scripted candidate's answer to the current item, \
            'hint' lists its indicators; rate as in a real interview. The reference ratings stay hidden until \
            'close', which prints your calibration: each item against the reference, the mean absolute difference, \
            exact and adjacent agreement, and the items furthest off. Scenarios are looked up in the 'mock' folder \
            of --assessments DIR, $ASSESS_ASSESSMENTS and ./Assessments, then among the built-in ones.

            Examples:
              assess mock --list
              assess mock lmi-strong --trainee "Maria Test"
              assess compare Transcripts/lmi-intern      (several trainees' mock transcripts: the group's calibration)
            """)

    @Argument(help: ArgumentHelp("The training scenario (name or path).", valueName: "SCENARIO"))
    var scenario: String?

    @Option(help: ArgumentHelp("The trainee's name (asked for if missing).", valueName: "NAME"))
    var trainee: String?

    @OptionGroup var transcripts: TranscriptFolderOption

    @Flag(help: "List the scenarios with a one-line description.")
    var list = false

    @OptionGroup var script: ScriptOptions

    @OptionGroup var paging: PagerOption

    @OptionGroup var lookup: AssessmentLookupOptions

    func validate() throws {
        if !list && scenario == nil { throw ValidationError("give a scenario, or --list to see them, e.g. 'assess mock lmi-strong'") }
    }

    func run() throws {
        let catalog = lookup.catalog
        if list {
            var rows: [(String, String, String)] = []
            for entry in catalog.scenarioEntries() {
                do {
                    let loaded = try catalog.scenario(entry.path)
                    rows.append((entry.id, loaded.scenario.assessmentID + " · " + loaded.scenario.method.rawValue, loaded.scenario.description))
                } catch {
                    rows.append((entry.id, "", "has errors: run 'assess assessments validate \(entry.path)'"))
                }
            }
            guard !rows.isEmpty else { throw fail("no scenarios found; they live in Assessments/mock/ (or the 'mock' folder of --assessments DIR)") }
            let idWidth = rows.map(\.0.count).max() ?? 0, kindWidth = rows.map(\.1.count).max() ?? 0
            for row in rows { say("\(padded(row.0, idWidth))  \(padded(row.1, kindWidth))  \(row.2)") }
            return
        }
        guard let scenario else { return }
        // Scripted input would give its first line as the name: only a terminal is asked.
        if (trainee ?? "").trimmingCharacters(in: .whitespaces).isEmpty && isatty(STDIN_FILENO) == 0 {
            throw ValidationError("give the trainee's name with --trainee NAME (the name is asked for only at a terminal)")
        }
        let loaded: (scenario: Scenario, assessment: Assessment, path: String)
        let clock: EventClock
        do {
            loaded = try catalog.scenario(scenario)
            clock = try ScriptedClock.fromEnvironment(environment)
        } catch let error as ClockSettingError {
            throw fail(error.description)
        } catch {
            throw fail("\(error)")
        }
        let status = InterviewLauncher.mock(
            scenario: loaded.scenario, assessment: loaded.assessment, trainee: trainee,
            transcriptFolder: InterviewSession.transcriptFolder(option: transcripts.directory, environment: environment),
            options: ShellOptions(echo: script.echo, bail: script.bail, pager: !paging.noPager), environment: environment, clock: clock)
        if status != 0 { throw ExitCode(status) }
    }
}
