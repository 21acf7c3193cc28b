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
