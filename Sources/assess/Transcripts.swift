import ArgumentParser
import AssessmentKit
import Foundation

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
