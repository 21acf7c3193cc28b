import ArgumentParser
import AssessmentKit
import Foundation

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
