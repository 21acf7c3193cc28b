import ArgumentParser
import AssessmentKit
import Foundation

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
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
