/// The calibration report of a mock interview, as text, Markdown, CSV rows and HTML.
public enum CalibrationView {
    static func signed(_ value: Double?) -> String {
        guard let value else { return "—" }
        return (value > 0 ? "+" : "") + format(Scoring.rounded(value))
    }

    static func percent(_ share: Double?) -> String {
        share.map { "\(Int(($0 * 100).rounded()))%" } ?? "—"
    }

    static func totals(_ report: CalibrationReport) -> String {
        "Leniency \(signed(report.meanSignedDifference)) (+ lenient, − severe) · mean absolute difference \(SummaryReport.number(report.meanAbsoluteDifference)) · exact agreement \(percent(report.exactAgreement)) · adjacent agreement \(percent(report.adjacentAgreement))"
            + (report.indicatorAgreement.map { " · indicators rated as the reference \(percent($0))" } ?? "")
            + ratedNote(report)
    }

    /// ` (over the 5 of 10 items rated)` where the trainee left some unrated.
    static func ratedNote(_ report: CalibrationReport) -> String {
        let rated = report.items.filter { $0.difference != nil }.count
        return rated < report.items.count ? " (over the \(rated) of \(report.items.count) items rated)" : ""
    }

    /// The trainee's decision from their ratings against the reference panel's, languages
    /// aside (a mock does not assess them).
    static func decisions(_ report: CalibrationReport) -> String {
        let yours = report.traineeDecision?.rawValue ?? "undecided (an item is unrated)"
        let verdict = report.decisionAgrees.map { $0 ? "the same decision" : "a DIFFERENT decision" } ?? "no decision to compare"
        return "Decision from your ratings: \(yours) · the reference panel's: \(report.referenceDecision.rawValue) · \(verdict) (languages are not assessed in a mock)"
    }

    static func furthest(_ report: CalibrationReport) -> String {
        let items = report.furthest.compactMap { id in report.items.first { $0.id == id } }
        let rated = report.items.filter { $0.difference != nil }.count
        if rated == 0 { return "no item rated" }
        return items.isEmpty ? (rated < report.items.count ? "none: every rated item matches the reference" : "none: every rating matches the reference")
            : items.map { "\($0.id) (\(signed($0.difference)))" }.joined(separator: ", ")
    }

    /// Whether the rationale is shown: the trainee is a step or more away (or did not rate).
    static func showsRationale(_ item: CalibrationItem) -> Bool {
        guard let difference = item.difference else { return true }
        // Differences are rounded to two decimals: 0.11 is one ninth.
        return abs(difference) >= item.step - 0.005
    }

    public static func text(_ report: CalibrationReport, width: Int) -> String {
        let idWidth = max(4, report.items.map(\.id.count).max() ?? 4)
        var out = "Calibration against the reference panel (scenario \(report.scenario), trainee \(report.trainee)):\n"
        out += "    #  \(padded("item", idWidth))    you  reference  difference\n"
        for (index, item) in report.items.enumerated() {
            out += "   \(rightAligned(String(index + 1), 2))  \(padded(item.id, idWidth))  \(rightAligned(SummaryReport.number(item.trainee), 5))"
            out += "  \(rightAligned(SummaryReport.number(item.reference), 9))  \(rightAligned(signed(item.difference), 10))\n"
            if showsRationale(item) {
                out += wrap("Reference: \(item.rationale)", width: width, indent: String(repeating: " ", count: 9),
                            firstIndent: String(repeating: " ", count: 7)) + "\n"
            }
        }
        out += wrap(totals(report), width: width, indent: "  ", firstIndent: "") + "\n"
        out += "Furthest from the reference: \(furthest(report))\n"
        out += wrap(decisions(report), width: width, indent: "  ", firstIndent: "") + "\n"
        return out
    }

    public static func markdown(_ report: CalibrationReport) -> String {
        var out = "## Calibration (scenario `\(report.scenario)`, trainee \(SummaryReport.markdownCell(report.trainee)))\n\n"
        out += "| # | Item | Trainee | Reference | Difference | Reference rationale |\n|---:|---|---:|---:|---:|---|\n"
        for (index, item) in report.items.enumerated() {
            out += "| \(index + 1) | \(item.id) | \(SummaryReport.number(item.trainee)) | \(SummaryReport.number(item.reference)) | \(signed(item.difference)) | "
            out += (showsRationale(item) ? SummaryReport.markdownCell(item.rationale) : "") + " |\n"
        }
        out += "\n\(totals(report)). Furthest from the reference: \(furthest(report)).\n\n**\(decisions(report)).**\n"
        return out
    }

    public static func html(_ report: CalibrationReport) -> String {
        let e = SummaryHTML.escape
        var out = "<h2>Calibration</h2>\n<p class=\"meta\">Scenario <code>\(e(report.scenario))</code>, trainee \(e(report.trainee))</p>\n"
        out += "<table><tr><th>#</th><th>Item</th><th>Trainee</th><th>Reference</th><th>Difference</th><th>Reference rationale</th></tr>"
        for (index, item) in report.items.enumerated() {
            out += "<tr><td class=\"num\">\(index + 1)</td><td>\(e(item.id))</td><td class=\"num\">\(SummaryReport.number(item.trainee))</td>"
            out += "<td class=\"num\">\(SummaryReport.number(item.reference))</td><td class=\"num\">\(signed(item.difference))</td>"
            out += "<td>\(showsRationale(item) ? e(item.rationale) : "")</td></tr>"
        }
        out += "</table>\n<p>\(e(totals(report))). Furthest from the reference: \(e(furthest(report))).</p>\n<p><strong>\(e(decisions(report))).</strong></p>\n"
        return out
    }
}
