import ArgumentParser
import AssessmentKit
import Foundation

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
