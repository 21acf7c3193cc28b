import ArgumentParser
import AssessmentKit
import Foundation

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
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
            do { paths += try TranscriptListing.files(named: argument) } catch { throw fail("\(error)") }
        }
        var summaries: [(summary: PanelSummary, path: String)] = []
        // The comparison shows no evidence.
        for (path, result) in zip(paths, TranscriptSummary.summaries(paths: paths, withEvidence: false)) {
            switch result {
            case .success(let summary):
                summaries.append((summary, path))
            case .failure(let error):
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
