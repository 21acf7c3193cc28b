import ArgumentParser
import AssessmentKit
import Foundation

struct Replay: NotYetAvailable {
    static let arrivesWith = "the HR replay work"
    static let configuration = CommandConfiguration(
        abstract: "Step through a saved transcript in a replay shell.",
        discussion: "Commands: step [N], back [N], goto SEQ|ITEM, play [SPEED], show, status, summary, verify, quit.")

    @Argument(help: ArgumentHelp("The transcript to replay.", valueName: "TRANSCRIPT"))
    var transcript: String

    @Flag(name: .customLong("to-end"), help: "Print the whole transcript as a readable log and exit.")
    var toEnd = false
}

/// The report formats of `summary` and `compare`.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, csv, json, html

    var kit: AssessmentKit.ReportFormat { AssessmentKit.ReportFormat(rawValue: rawValue) ?? .text }
}

/// `--format` and `--output`, shared by the report commands.
struct ReportOutputOptions: ParsableArguments {
    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "FILE"))
    var output: String?

    /// Writes the report to the file or standard output; colour only for text at a terminal without NO_COLOR.
    func write(_ render: (_ color: Bool) -> String) throws {
        if let output {
            do {
                try render(false).write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                throw fail("cannot write \(output): \(error.localizedDescription)")
            }
            return
        }
        let color = format == .text && isatty(STDOUT_FILENO) == 1 && (environment["NO_COLOR"] ?? "").isEmpty
        FileHandle.standardOutput.write(Data(render(color).utf8))
    }
}

struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The panel summary of a transcript: ratings, evidence, bands, languages, recommendation.",
        discussion: """
            Formats: text (for the terminal, with a bar chart; colour only at a terminal and without NO_COLOR), \
            markdown, csv (one row per item and panelist), json (the contract keys), html (one self-contained page \
            with an SVG chart, ready to print to PDF). The integrity line says whether the hash chain checks out.
            """)

    @Argument(help: ArgumentHelp("The transcript.", valueName: "TRANSCRIPT"))
    var transcript: String

    @OptionGroup var report: ReportOutputOptions

    func run() throws {
        let summary: PanelSummary
        do {
            summary = try TranscriptSummary.summary(path: transcript)
        } catch {
            throw fail("\(error)")
        }
        try report.write { color in SummaryReport.render(summary, as: report.format.kit, color: color) }
    }
}

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare the candidates of one assessment, with the panel's reliability.",
        discussion: """
            Ranks the candidates (recommended first, then by mean final value), shows each item's final value, \
            the panel's reliability over every (candidate, item) pair (ICC(1,1) … ICC(3,k), Krippendorff's alpha \
            ordinal and interval; '—' / null where it cannot be computed) and a calibration row per panelist. \
            Give transcript files, or one folder: its .jsonl files are read, subfolders included.
            """)

    @Argument(help: ArgumentHelp("Transcripts, or one folder of them.", valueName: "TRANSCRIPT"))
    var transcripts: [String]

    @OptionGroup var report: ReportOutputOptions

    func validate() throws {
        if transcripts.isEmpty { throw ValidationError("give transcripts or a folder, e.g. 'assess compare Transcripts/lmi-intern'") }
    }

    func run() throws {
        var paths: [String] = []
        for argument in transcripts {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue {
                paths += transcriptFiles(in: argument)
            } else {
                paths.append(argument)
            }
        }
        var summaries: [(summary: PanelSummary, path: String)] = []
        for path in paths {
            do {
                summaries.append((try TranscriptSummary.summary(path: path), path))
            } catch {
                throw fail("\(error)")
            }
        }
        let comparison: Comparison
        do {
            comparison = try ComparativeAnalysis.compare(summaries)
        } catch {
            throw fail(error.description)
        }
        try report.write { color in ComparisonReport.render(comparison, as: report.format.kit, color: color) }
    }
}

/// The .jsonl files under a folder, sorted, subfolders included.
func transcriptFiles(in folder: String) -> [String] {
    let enumerator = FileManager.default.enumerator(atPath: folder)
    var files: [String] = []
    while let name = enumerator?.nextObject() as? String {
        if name.hasSuffix(".jsonl") { files.append(folder + "/" + name) }
    }
    return files.sorted()
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check transcripts for damage: the hash chain, sequence, times and events.",
        discussion: """
            Prints one line per transcript: verified (open or closed), or the first bad line and the kind of damage: \
            an edited, deleted or inserted line, reordered lines, a torn last line, an invalid event, or not a \
            transcript. Exits 1 if any transcript is damaged. An open (unclosed) transcript is valid.
            """)

    @Argument(help: ArgumentHelp("Transcripts to check.", valueName: "TRANSCRIPT"))
    var transcripts: [String]

    func validate() throws {
        if transcripts.isEmpty { throw ValidationError("give at least one transcript, e.g. 'assess verify Transcripts/lmi-intern/*.jsonl'") }
    }

    func run() throws {
        var failed = false
        for path in transcripts {
            do {
                let verification = try TranscriptVerifier.verify(path: path)
                if let damage = verification.damage {
                    failed = true
                    print("\(path): DAMAGED at \(damage)")
                } else {
                    print("\(path): verified, \(verification.events) events, \(verification.closed ? "closed" : "open (not closed yet)")")
                }
            } catch {
                failed = true
                writeError("error: \(error)\n")
            }
        }
        if failed { throw ExitCode.failure }
    }
}

/// The transcript states `transcripts --status` filters on.
enum TranscriptStatus: String, ExpressibleByArgument, CaseIterable {
    case open, closed, damaged
}

struct Transcripts: NotYetAvailable {
    static let arrivesWith = "the HR replay work"
    static let configuration = CommandConfiguration(
        abstract: "List transcripts with candidate, assessment, date, panel, status and recommendation.")

    @Argument(help: ArgumentHelp("Folder to list (default ./Transcripts).", valueName: "DIR"))
    var directory: String?

    @Option(help: ArgumentHelp("Only this assessment.", valueName: "ID"))
    var assessment: String?

    @Option(help: ArgumentHelp("Only candidates whose name contains this text.", valueName: "TEXT"))
    var candidate: String?

    @Option(help: "Only transcripts in this state.")
    var status: TranscriptStatus?

    @Option(help: "Output format: text, csv or json.")
    var format: ReportFormat = .text
}

struct Export: NotYetAvailable {
    static let arrivesWith = "the HR replay work"
    static let configuration = CommandConfiguration(
        abstract: "Write an anonymised copy of a transcript (a new, valid hash chain).")

    @Argument(help: ArgumentHelp("The transcript to export.", valueName: "TRANSCRIPT"))
    var transcript: String

    @Flag(help: "Replace the candidate's and panelists' names (required).")
    var anonymize = false

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "FILE"))
    var output: String?
}

struct Mock: NotYetAvailable {
    static let arrivesWith = "the trainers' mock assessments"
    static let configuration = CommandConfiguration(
        abstract: "Run a mock assessment against a scripted candidate and reference ratings.")

    @Argument(help: ArgumentHelp("The training scenario.", valueName: "SCENARIO"))
    var scenario: String?

    @Option(help: ArgumentHelp("The trainee's name.", valueName: "NAME"))
    var trainee: String?

    @OptionGroup var transcripts: TranscriptFolderOption

    @Flag(help: "List the scenarios.")
    var list = false
}
