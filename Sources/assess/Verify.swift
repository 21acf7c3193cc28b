import ArgumentParser
import AssessmentKit
import Foundation

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check transcripts for damage: the hash chain, sequence, times and events.",
        discussion: """
            Prints one line per transcript: verified (open or closed) with the SHA-256 of the whole file (keep it on \
            file: it shows later that the file is the one verified, as 'sha256sum' does), or the first bad line and \
            the kind of damage: an edited, deleted or inserted line, reordered lines, a torn last line, an invalid \
            event, or not a transcript. Give files, or folders: their .jsonl files are checked, subfolders included. \
            Exits 1 if any transcript is damaged or cannot be read. An open (unclosed) transcript is valid.
            """)

    @Argument(help: ArgumentHelp("Transcripts, or folders of them.", valueName: "TRANSCRIPT"))
    var transcripts: [String]

    func validate() throws {
        if transcripts.isEmpty { throw ValidationError("give at least one transcript, e.g. 'assess verify Transcripts/lmi-intern/*.jsonl'") }
    }

    func run() throws {
        var failed = false
        for argument in transcripts {
            let contents: TranscriptListing.Contents
            do {
                contents = try TranscriptListing.contents(named: argument)
            } catch {
                failed = true
                complain("\(error)")
                continue
            }
            for (folder, error) in contents.unreadable {
                failed = true
                complain("cannot open \(folder): \(error); its transcripts were not checked")
            }
            if contents.isFolder && contents.files.isEmpty && contents.unreadable.isEmpty {
                failed = true
                complain("no transcripts (.jsonl files) in the folder \(argument)")
            }
            for path in contents.files where !verify(path) { failed = true }
        }
        if failed { throw ExitCode.failure }
    }

    /// Prints one transcript's line; false if it is damaged or cannot be read.
    private func verify(_ path: String) -> Bool {
        do {
            let verification = try TranscriptVerifier.verify(path: path)
            if let damage = verification.damage {
                say("\(path): DAMAGED at \(damage)")
                return false
            }
            // Hashed after verifying: a file changed in between would no longer verify.
            let hash = try HashChain.fileHash(path: path)
            say("\(path): verified, \(verification.events) events, \(verification.standing), sha256 \(hash)")
            return true
        } catch {
            complain("\(error)")
            return false
        }
    }
}
