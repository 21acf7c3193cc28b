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
            with an SVG chart, ready to print to PDF). The integrity line says whether the hash chain checks out. \
            A closed interview's sign-off lists each panelist as endorsed (with the key's fingerprint), not \
            endorsed, or INVALID (with the reason), against the keys the transcript names; 'assess verify \
            --signers FILE' checks the keys. \
            A damaged transcript gives only a notice (DAMAGED, the line and the kind; no recommendation) and exit \
            status 1; --accept-damaged shows what the events before the damage say, marked as such. \
            A blind interview still open shows an item's ratings and evidence only once it is revealed, as the \
            live shell does; once closed or voided, everything. A voided interview has no recommendation \
            (null in JSON, 'void' in CSV). \
            Text longer than the screen goes through $ASSESS_PAGER, $PAGER or 'less -FRX' at a terminal; \
            --no-pager turns it off.
            """)

    @Argument(help: ArgumentHelp("The transcript.", valueName: "TRANSCRIPT"))
    var transcript: String

    @OptionGroup var report: ReportOutputOptions

    @Flag(help: "For a damaged transcript, report what the events before the damage say (marked as such).")
    var acceptDamaged = false

    func run() throws {
        let summary = try orFail { try TranscriptSummary.summary(path: transcript) }
        try report.write { color, out in
            SummaryReport.render(summary, as: report.format, color: color, acceptingDamage: acceptDamaged, to: out)
        }
        try damageStatus([(transcript, summary.damage)], accepted: acceptDamaged)
    }
}

/// After a report: a damaged transcript fails the command, unless the damage was accepted;
/// then a warning says the report is partial.
func damageStatus(_ transcripts: [(path: String, damage: DamageLine?)], accepted: Bool) throws {
    let damaged = transcripts.compactMap { entry in entry.damage.map { "\(SafeText.visible(entry.path)): \($0.detail)" } }
    guard !damaged.isEmpty else { return }
    if accepted {
        for line in damaged { complain("\(line); the report shows only the events before it", level: "warning") }
        return
    }
    for line in damaged.dropLast() { complain(line) }
    throw fail("\(damaged[damaged.count - 1]); no recommendation can be given from it (see 'assess verify')")
}
