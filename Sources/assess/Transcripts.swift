import ArgumentParser
import AssessmentKit
import Foundation

/// The transcript states `transcripts --status` filters on.
enum TranscriptStatus: String, ExpressibleByArgument, CaseIterable {
    case open, closed, void, damaged, unreadable
}

/// The formats `transcripts` writes.
enum ListingFormat: String, ExpressibleByArgument, CaseIterable {
    case text, csv, json
}

struct Transcripts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcripts",
        abstract: "List transcripts with candidate, assessment, date, panel, status, recommendation and endorsements.",
        discussion: """
            One line per transcript found under DIR (default $ASSESS_TRANSCRIPTS, else ./Transcripts), subfolders \
            included. Each file is read as 'assess summary' reads it, so the status and recommendation are the \
            ones its summary shows; 'damaged' gives the first bad line. ENDORSED counts the panelists who endorsed \
            a closed interview (2/3; an INVALID endorsement is not counted, and is named), against the keys the \
            transcript names: 'assess verify --signers FILE' checks the keys. A file that cannot be read, or whose name \
            is not valid UTF-8, is listed as 'unreadable' with the reason (when no filter leaves it out: its \
            assessment and candidate are unknown), and is named on standard error; the exit status is then 1, as \
            it is for a folder that cannot be read.
            """)

    @Argument(help: ArgumentHelp("Folder to list (default $ASSESS_TRANSCRIPTS, else ./Transcripts).", valueName: "DIR"))
    var directory: String?

    @Option(help: ArgumentHelp("Only this assessment.", valueName: "ID"))
    var assessment: String?

    @Option(help: ArgumentHelp("Only candidates whose name or id contains this text (any case).", valueName: "TEXT"))
    var candidate: String?

    @Option(help: "Only transcripts in this state.")
    var status: TranscriptStatus?

    @Option(help: "Output format.")
    var format: ListingFormat = .text

    func run() throws {
        let folder = directory ?? InterviewSession.transcriptFolder(option: nil, environment: environment)
        var info = stat()
        guard stat(folder, &info) == 0 else {
            if errno == ENOENT { throw fail("no folder \(SafeText.visible(folder)); give the folder that holds the transcripts") }
            throw fail("cannot open \(SafeText.visible(folder)): \(SystemError.opening(folder))")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw fail("\(SafeText.visible(folder)) is a file, not a folder; give the folder that holds the transcripts")
        }
        let needle = candidate?.lowercased()
        let all = try orFail { try TranscriptListing.entries(in: folder) }
        let entries = all.filter { entry in
            if let assessment, entry.assessment != assessment { return false }
            if let status, entry.status.rawValue != status.rawValue { return false }
            if let needle {
                let haystack = ((entry.candidate ?? "") + " " + (entry.id ?? "")).lowercased()
                if !haystack.contains(needle) { return false }
            }
            return true
        }
        let text: String
        switch format {
        case .json: text = SummaryReport.json(entries)
        case .csv: text = TranscriptListingReport.csv(entries)
        case .text: text = TranscriptListingReport.text(entries)
        }
        try writeStandardOutput(text, what: "listing")
        // Whatever the filters, a file that could not be read makes the listing incomplete.
        let unreadable = all.filter { $0.status == .unreadable }
        for entry in unreadable {
            let problem = entry.problem ?? "unknown reason"
            // A bad name is fixed by renaming, not by access.
            let advice = problem == TranscriptListing.ListingProblem.nameNotUTF8.description ? "" : "; ask its owner for access"
            complain("cannot read \(entry.path): \(problem)\(advice)")
        }
        if !unreadable.isEmpty { throw ExitCode.failure }
    }
}
