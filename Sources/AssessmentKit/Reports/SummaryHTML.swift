/// A single self-contained HTML page for a panel summary: inline CSS and an inline SVG
/// chart of the ratings per item and panelist, laid out to print well (save as PDF).
public enum SummaryHTML {
    static func escape(_ text: String) -> String {
        SafeText.replacing(text) { character in
            switch character {
            case "&": return "&amp;"
            case "<": return "&lt;"
            case ">": return "&gt;"
            case "\"": return "&quot;"
            case "'": return "&#39;"
            default: return nil
            }
        }
    }

    /// The start of a self-contained report page: the shared look, then `styles` of its own.
    static func head(title: String, styles: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>\(title)</title>
        <style>
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2733; margin: 2rem auto; max-width: 64rem; padding: 0 1rem; }
        h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 1.8rem; border-bottom: 1px solid #d5dbe3; }
        .meta { color: #4a5868; } table { border-collapse: collapse; width: 100%; margin: .6rem 0; }
        th, td { border: 1px solid #d5dbe3; padding: .3rem .5rem; text-align: left; } th { background: #f2f5f8; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        @media print { body { margin: 0; max-width: none; font-size: 11px; } }
        .damaged { border: 2px solid #9b2c22; background: #fbe6e4; color: #9b2c22; padding: .5rem .8rem; font-weight: 700; }
        @media print { .damaged-footer { position: fixed; bottom: 0; left: 0; right: 0; margin: 0; } }
        \(styles)
        </style>
        </head>

        """
    }

    static let palette = ["#1f5fa8", "#d9822b", "#2e8b57", "#8e44ad", "#c0392b"]

    static func bandClass(_ band: Band?) -> String { band?.rawValue ?? "none" }

    /// Grouped bars: one group per item, one bar per panelist, a line at the final value.
    static func chart(_ summary: PanelSummary) -> String {
        let top = summary.method == .indicators ? 1.0 : Double((summary.scale ?? .un4).max)
        let bottom = summary.method == .indicators ? 0.0 : Double((summary.scale ?? .un4).min) - 1
        let groupWidth = 64.0, barGap = 2.0, left = 40.0, height = 200.0, topMargin = 16.0
        let count = max(1, summary.panel.count)
        let barWidth = (groupWidth - 16 - Double(count - 1) * barGap) / Double(count)
        let width = left + groupWidth * Double(summary.items.count) + 60  // room for the last rotated label
        func y(_ value: Double) -> Double { topMargin + height * (1 - (value - bottom) / (top - bottom)) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height + topMargin + 60))\" role=\"img\" aria-label=\"Ratings per item and panelist\">\n"
        let ticks = summary.method == .indicators ? [0, 0.25, 0.5, 0.75, 1] : Array(stride(from: bottom + 1, through: top, by: 1))
        for tick in ticks {
            svg += "<line x1=\"\(left)\" x2=\"\(width - 4)\" y1=\"\(y(tick))\" y2=\"\(y(tick))\" class=\"grid\"/>"
            svg += "<text x=\"\(left - 6)\" y=\"\(y(tick) + 4)\" class=\"tick\">\(format(tick))</text>\n"
        }
        for (index, item) in summary.items.enumerated() {
            let x0 = left + Double(index) * groupWidth + 8
            for (p, panelist) in summary.panel.enumerated() {
                guard let value = item.ratings[panelist.name] else { continue }
                let x = x0 + Double(p) * (barWidth + barGap)
                svg += "<rect x=\"\(x)\" y=\"\(y(value))\" width=\"\(barWidth)\" height=\"\(max(0, y(bottom) - y(value)))\" fill=\"\(palette[p % palette.count])\"><title>\(escape(panelist.name)): \(format(value))</title></rect>"
            }
            if let final = item.final {
                svg += "<line x1=\"\(x0 - 3)\" x2=\"\(x0 + groupWidth - 13)\" y1=\"\(y(final))\" y2=\"\(y(final))\" class=\"final\"><title>final \(format(Scoring.rounded(final)))</title></line>"
            }
            svg += "<text x=\"\(x0 + (groupWidth - 16) / 2)\" y=\"\(y(bottom) + 14)\" class=\"label\" transform=\"rotate(30 \(x0 + (groupWidth - 16) / 2) \(y(bottom) + 14))\">\(escape(item.id))</text>\n"
        }
        svg += "</svg>"
        return svg
    }

    public static func render(_ summary: PanelSummary) -> String {
        let n = SummaryReport.number
        var html = head(title: "\(SummaryReport.heading(summary)): \(escape(summary.candidate.name)) · \(escape(summary.assessment))", styles: """
            h1 { margin-bottom: .2rem; } h3 { font-size: 1rem; margin-bottom: .3rem; } td { vertical-align: top; }
            .verdict { display: inline-block; padding: .3rem .8rem; border-radius: .3rem; font-weight: 700; }
            .recommended { background: #e3f3e8; color: #1e6b3a; } .not-recommended { background: #fbe6e4; color: #9b2c22; }
            .band-outstanding, .band-satisfactory { color: #1e6b3a; } .band-partially-satisfactory { color: #9a6a00; } .band-unsatisfactory { color: #9b2c22; }
            .legend span { margin-right: 1rem; } .legend i { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; vertical-align: -1px; }
            svg { width: 100%; height: auto; } .grid { stroke: #e3e8ee; } .tick { font-size: 10px; text-anchor: end; fill: #4a5868; }
            .label { font-size: 10px; fill: #1d2733; } .final { stroke: #1d2733; stroke-width: 2; }
            table.ratings-grid { width: auto; } .rating { text-align: center; } .rating.yes { color: #1e6b3a; } .rating.partly { color: #9a6a00; } .rating.no { color: #9b2c22; }
            .evidence li { margin-bottom: .2rem; } .integrity { margin-top: 2rem; color: #4a5868; }
            .sign-off-endorsed { color: #1e6b3a; } .sign-off-missing, .sign-off-invalid { color: #9b2c22; font-weight: 700; }
            @media print { h2 { break-after: avoid; } .item { break-inside: avoid; } }
            """ + (summary.voided == nil ? "" : "\n.void { background: #eef1f4; color: #4a5868; }"))
        html += """
            <body>
            \(summary.damage.map { "<p class=\"damaged\">\(escape($0.headline))<br>\(escape($0.partial))</p>" } ?? "")
            <h1>\(SummaryReport.heading(summary))</h1>
            <p class="meta">\(escape(summary.title)) (<code>\(escape(summary.assessment))</code>) · \(escape(SummaryReport.methodLine(summary)))</p>
            \(SummaryReport.vacancyLine(summary).map { "<p class=\"meta\">Vacancy: \(escape($0))</p>" } ?? "")
            <p><strong>Candidate:</strong> \(escape(SummaryReport.candidateLine(summary))) · <strong>Date:</strong> \(summary.date) · \(escape(SummaryReport.statusLine(summary)))<br>
            <strong>Panel:</strong> \(escape(SummaryReport.panelLine(summary)))</p>
            <h2>\(SummaryReport.recommendationLabel(summary))</h2>
            <p><span class="verdict \(SummaryReport.recommendationCell(summary))">\(SummaryReport.verdict(summary))</span>\(!SummaryReport.overridden(summary) ? "" : " panel override; computed: \(summary.computedRecommendation.rawValue)")\(summary.damage.map { " (from the events before line \($0.line) only)" } ?? "")\(SummaryReport.provisional(summary).map { " (\($0))" } ?? "")</p>
            <ul>\(summary.reasons.map { "<li>\(escape($0))</li>" }.joined())</ul>

            """
        if let override = summary.override { html += "<p><strong>Override justification:</strong> \(escape(override.justification))</p>\n" }
        html += "<h2>Ratings per item</h2>\n<p class=\"legend\">"
        for (index, panelist) in summary.panel.enumerated() {
            html += "<span><i style=\"background:\(palette[index % palette.count])\"></i>\(escape(panelist.name))</span>"
        }
        html += "<span><i style=\"background:#1d2733;height:2px\"></i>final</span></p>\n" + chart(summary) + "\n"
        html += "<table>\n<tr><th>#</th><th>Item</th>" + summary.panel.map { "<th>\(escape($0.name))</th>" }.joined()
            + "<th>Mean</th><th>Spread</th><th>Consensus</th><th>Final</th><th>Band</th></tr>\n"
        for (index, item) in summary.items.enumerated() {
            html += "<tr><td class=\"num\">\(index + 1)</td><td>\(escape(item.name))\(item.flagged ? " ⚑" : "")</td>"
            html += summary.panel.map { "<td class=\"num\">\(n(item.ratings[$0.name]))</td>" }.joined()
            html += "<td class=\"num\">\(n(item.mean))</td><td class=\"num\">\(n(item.spread))</td><td class=\"num\">\(n(item.consensus))</td>"
            html += "<td class=\"num\"><strong>\(n(item.final))</strong></td><td class=\"band-\(bandClass(item.band))\">\(item.band?.title ?? "not rated")</td></tr>\n"
        }
        html += "</table>\n<h2>Languages</h2>\n" + (summary.mode == .mock ? "<p>Languages are \(SummaryReport.mockLanguages).</p>\n" : "")
        if let line = SummaryReport.languageRequirementLine(summary) {
            html += "<p>Requirement <code>\(escape(line))</code>\(summary.languageRequirementMet ? "" : ": " + escape(summary.languageReasons.joined(separator: "; ")))</p>\n"
        }
        if summary.mode == .interview || !summary.languages.isEmpty {
            html += "<table><tr><th>Language</th><th>Oral</th><th>Written</th></tr>"
            html += summary.languages.map { "<tr><td>\(escape($0.language))</td><td>\($0.oral ?? "—")</td><td>\($0.written ?? "—")</td></tr>" }.joined()
            html += "</table>\n"
        }
        let languageNotes = summary.languages.flatMap { language in language.notes.map { (language.language, $0) } }
        if !languageNotes.isEmpty { html += "<ul>" + languageNotes.map { "<li>\(escape($0.0)) · \(noteItem($0.1))</li>" }.joined() + "</ul>\n" }
        html += "<h2>Evidence and summaries</h2>\n"
        for item in summary.items {
            html += "<div class=\"item\"><h3>\(escape(item.name)) · final \(n(item.final)) <span class=\"band-\(bandClass(item.band))\">\(item.band?.title ?? "")</span></h3>\n"
            html += "<p class=\"meta\">Ratings: \(escape(SummaryReport.ratingsLine(item, panel: summary.panel))) · spread \(n(item.spread)) · time \(clockDuration(milliseconds: Int64(item.timeSpent) * 1000))</p>\n"
            if let grid = item.grid, grid.hasRatings { html += RatingGridView.html(grid) }
            if let consensus = item.consensus { html += "<p><strong>Consensus \(n(consensus)):</strong> \(escape(item.consensusRationale ?? ""))</p>\n" }
            html += "<p><strong>Summary:</strong> \(escape(item.summary ?? "none"))</p>\n"
            if !item.evidence.isEmpty {
                html += "<ul class=\"evidence\">" + item.evidence.map { "<li><em>\(escape($0.panelist))</em> (\($0.source)): \(escape($0.text))</li>" }.joined() + "</ul>\n"
            }
            if !item.notes.isEmpty { html += "<p><strong>Notes:</strong></p><ul>" + item.notes.map { "<li>\(noteItem($0))</li>" }.joined() + "</ul>\n" }
            html += "</div>\n"
        }
        if !summary.notes.isEmpty { html += "<h2>Notes</h2><ul>" + summary.notes.map { "<li>\(noteItem($0))</li>" }.joined() + "</ul>\n" }
        if let calibration = summary.calibration { html += CalibrationView.html(calibration) }
        if let signOff = summary.signOff { html += signOffHTML(signOff) }
        html += "<p class=\"integrity\">Integrity: \(escape(summary.integrity.description))</p>\n"
        // Fixed in print, so every printed page carries the mark.
        if let damage = summary.damage { html += "<p class=\"damaged damaged-footer\">\(escape(damage.headline))</p>\n" }
        html += "</body>\n</html>\n"
        return html
    }

    /// The sign-off: one row per panelist, the reason beside an invalid endorsement.
    static func signOffHTML(_ signOff: [SignOff]) -> String {
        var html = "<h2>Sign-off: \(escape(SummaryReport.signOffHeadline(SignOffCount(signOff))))</h2>\n"
        html += "<p class=\"meta\">\(escape(SummaryReport.signOffKeysNote))</p>\n"
        html += "<table><tr><th>Panelist</th><th>Login</th><th>Sign-off</th><th>Key</th><th>Time</th></tr>"
        for line in signOff {
            html += "<tr><td>\(escape(line.panelist))</td><td>\(escape(line.login ?? "—"))</td>"
            html += "<td class=\"sign-off-\(line.status.rawValue)\">\(SummaryReport.signOffWord(line))\(line.problem.map { ": " + escape($0) } ?? "")</td>"
            html += "<td>\(line.fingerprint.map { "<code>\(escape($0))</code>" } ?? "—")</td><td>\(line.at.map(SummaryReport.minute) ?? "—")</td></tr>"
        }
        return html + "</table>\n"
    }

    /// A note as an HTML list item's content.
    static func noteItem(_ note: NoteEntry) -> String {
        "<em>\(escape(note.panelist))</em>\(note.about.map { " (\(escape($0)))" } ?? ""), \(SummaryReport.clock(note.at)): \(escape(note.text))"
    }
}
