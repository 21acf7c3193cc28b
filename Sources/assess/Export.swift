import ArgumentParser
import AssessmentKit
import Foundation

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write an anonymised copy of a transcript (a new, valid hash chain).",
        discussion: """
            For trainers building scenarios from real interviews. The copy is a new transcript that 'assess verify', \
            'replay' and 'summary' accept, with the same items, ratings, evidence, languages and times. The \
            candidate becomes a pseudonym ("Candidate 3fa2b1", id "ANON-3fa2b1", from the source file's SHA-256); \
            each panelist becomes their role ("chair", "hr"; "member 1", "member 2" when a role repeats). In the \
            evidence, reasons, rationales, summaries, notes, language notes, override justifications and the close \
            reason, exact whole-word occurrences of the candidate's full name and id, each panelist's full name, \
            and each part of those names of 3 letters or more ("Ana", "Lopez") are replaced. The source's SHA-256 \
            is kept as provenance in the 'started' event (sourceSHA256). Only verified transcripts are exported; an existing output \
            file is never overwritten; the file is written with mode 0600.

            This is best-effort, NOT full anonymisation. It does NOT remove: names written differently \
            (nicknames, short forms, initials, names or parts under 3 letters, misspellings, other capitalisations or \
            spellings, a name run into another word, and the names of other people such as referees, colleagues or family); places, organisations, employers, \
            schools, dates and any other identifying detail in the evidence, summaries and notes; the vacancy \
            (the assessment embedded in the transcript); and the times of every event. Read the export before \
            sharing it, and edit what still identifies someone in a scenario file, not in a transcript.
            """)

    @Argument(help: ArgumentHelp("The transcript to export.", valueName: "TRANSCRIPT"))
    var transcript: String

    @Flag(help: "Replace the candidate's and panelists' names (required).")
    var anonymize = false

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "FILE"))
    var output: String?

    func validate() throws {
        if !anonymize { throw ValidationError("export needs --anonymize (plain copies: use cp)") }
        if output?.isEmpty == true { throw ValidationError("--output needs a file name") }
    }

    func run() throws {
        // The export is a transcript, byte for byte what its chain hashes: it cannot be made
        // safe to show without changing it, so it goes to a file or a pipe, never a terminal.
        if output == nil && isatty(STDOUT_FILENO) == 1 {
            throw fail("an export is a transcript file, not text to read: give --output FILE, or send it to a file or a program ('> FILE', '| …')")
        }
        let verification = try orFail { try TranscriptVerifier.verify(path: transcript) }
        if let damage = verification.damage {
            throw fail("\(SafeText.visible(transcript)) is damaged: \(damage); export only verified transcripts")
        }
        guard let source = FileManager.default.contents(atPath: transcript) else {
            throw fail("cannot read \(SafeText.visible(transcript))")
        }
        // Fails only if the file changed after it was verified.
        let export = try orFail({ try Anonymizer.export(source: source) }) { error in
            "\(SafeText.visible(transcript)) is damaged: \(error); export only verified transcripts"
        }
        guard let output else {
            // A cut export is no transcript: even a closed pipe fails the command.
            do throws(SystemError) { try Platform.writeAll(STDOUT_FILENO, export.data) } catch {
                throw fail("cannot write the export: \(error)")
            }
            return
        }
        try create(output, with: export.data)
        say("\(output): anonymised export of \(transcript), \(export.events) events, candidate \(export.candidate.name)")
    }

    /// Creates `path` (never replacing a file or following a link), mode 0600, and makes the bytes durable.
    func create(_ path: String, with data: Data) throws {
        do {
            try Platform.writePrivateFile(path, data)
        } catch .exists {
            throw fail("\(SafeText.visible(path)) already exists; export never overwrites a file: remove it or choose another --output")
        } catch .cannotWrite(_, let error) {
            throw fail("could not write \(SafeText.visible(path)) (\(error)); nothing was exported")
        } catch {
            throw fail("\(error)")
        }
    }
}
