import ArgumentParser
import AssessmentKit
import Foundation

struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
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
