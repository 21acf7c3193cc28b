/// Renders the comparative analysis in each format.
public enum ComparisonReport {
    public static func render(_ comparison: Comparison, as format: ReportFormat, color: Bool = false) -> String {
        // Trainees are calibrated against the reference, not ranked.
        if comparison.groupCalibration != nil, format != .json { return groupCalibration(comparison, as: format, color: color) }
        if let progress = comparison.mappingText(format == .markdown ? SafeText.markdown : SafeText.visible).progress, format != .json {
            switch format {
            case .text: return TraineeProgressReport.text(progress, paint: Paint(enabled: color))
            case .markdown: return TraineeProgressReport.markdown(progress)
            case .csv: return TraineeProgressReport.csv(progress)
            default: return TraineeProgressReport.html(progress)
            }
        }
        switch format {
        case .text: return text(comparison.mappingText(SafeText.visible), color: color)
        case .markdown: return markdown(comparison.mappingText(SafeText.markdown))
        case .csv: return csv(comparison.mappingText(SafeText.visible))
        case .json: return SummaryReport.json(comparison)
        case .html: return html(comparison.mappingText(SafeText.visible))
        }
    }

    static func groupCalibration(_ comparison: Comparison, as format: ReportFormat, color: Bool) -> String {
        let escaped = comparison.mappingText(format == .markdown ? SafeText.markdown : SafeText.visible)
        guard let group = escaped.groupCalibration else { return "" }
        switch format {
        case .text: return GroupCalibrationReport.text(escaped, group, paint: Paint(enabled: color))
        case .markdown: return GroupCalibrationReport.markdown(escaped, group)
        case .csv: return GroupCalibrationReport.csv(escaped, group)
        case .html: return GroupCalibrationReport.html(escaped, group)
        case .json: return SummaryReport.json(comparison)
        }
    }

    /// One letter per band, after each final value in the tables.
    static func bandLetter(_ band: Band?) -> String {
        switch band {
        case .outstanding?: return "O"
        case .satisfactory?: return "S"
        case .partiallySatisfactory?: return "P"
        case .unsatisfactory?: return "U"
        case nil: return " "
        }
    }

    /// `3.5 S`: the final value and its band's letter.
    static func cell(_ row: CandidateRow, _ item: String) -> String {
        guard let value = row.items[item] ?? nil else { return "—" }
        return n(value) + " " + bandLetter(row.bands[item] ?? nil)
    }

    static let bandLegend = "Bands: O Outstanding · S Satisfactory · P Partially satisfactory · U Unsatisfactory"

    /// How to read ICC and alpha together, in one sentence.
    static let readingNote = "When ICC and alpha disagree, read neither alone: ICC counts only the units every panelist rated and treats values as intervals, alpha uses every pairable rating (ordinal: only their order), so a gap points to missing ratings, few units or little spread between candidates."

    static func recommendationText(_ row: CandidateRow) -> String {
        row.recommendation.rawValue + (row.overridden ? " (override)" : "") + (row.closed ? "" : " (open: not closed yet)")
            + (row.integrity == .verified ? "" : " [damaged: events before the damage only]")
            + (row.notFullyEndorsed ? " (not fully endorsed: \(row.endorsements?.description ?? ""))" : "")
    }

    /// Under the table where some row has a sign-off: what the mark means and what the keys are worth.
    static func signOffNote(_ comparison: Comparison) -> String? {
        let counted = comparison.candidates.filter { $0.endorsements != nil }
        guard !counted.isEmpty else { return nil }
        let meaning = counted.contains(where: \.notFullyEndorsed)
            ? "'not fully endorsed: N/M' means only N of the M panelists endorsed the interview (an INVALID endorsement does not count)"
            : "every closed interview here is endorsed by its whole panel"
        return "Sign-off: \(meaning). " + SummaryReport.signOffKeysNote
    }

    /// `Interviewed 2026-03-02, closed 10:05 UTC · Panel: Ana (chair), Ben (member)`.
    static func interviewLine(_ row: CandidateRow) -> String {
        let closed = row.closedAt.map { ", closed \($0.dropFirst(11).prefix(5)) UTC" } ?? ", not closed"
        return "interviewed \(row.date)\(closed) · panel " + row.panel.map { "\($0.name) (\($0.role))" }.joined(separator: ", ")
    }

    static let acceptedDamageNote = "DAMAGED transcripts are included (--accept-damaged): their rows show only the events before the damage."

    /// The first and last line when anything was left out or damaged ones were accepted.
    static func headline(_ comparison: Comparison) -> String? {
        if comparison.acceptedDamage { return acceptedDamageNote }
        func count(_ why: LeftOut.Why) -> Int { comparison.leftOut.filter { $0.why == why }.count }
        let (damaged, unreadable, copies) = (count(.damaged), count(.unreadable), count(.copy))
        var parts: [String] = []
        if damaged > 0 { parts.append("\(damaged) transcript\(damaged == 1 ? "" : "s")") }
        if unreadable > 0 { parts.append("\(unreadable) unreadable file\(unreadable == 1 ? "" : "s")") }
        if copies > 0 { parts.append("\(copies) cop\(copies == 1 ? "y" : "ies") of an interview already counted") }
        let voided = count(.void)
        if voided > 0 { parts.append("\(voided) voided interview\(voided == 1 ? "" : "s")") }
        let open = count(.open)
        if open > 0 { parts.append("\(open) mock interview\(open == 1 ? "" : "s") not closed") }
        guard !parts.isEmpty else { return nil }
        return (damaged > 0 ? "DAMAGED: " : "LEFT OUT: ") + listing(parts, conjunction: "and")
            + " left out of the ranking and the statistics (listed below)"
    }

    static let n = SummaryReport.number

    static func candidateName(_ row: CandidateRow) -> String { row.name + (row.id.map { " (\($0))" } ?? "") }

    static func statisticText(_ value: Double?) -> String { value.map { String(format3($0)) } ?? "—" }

    /// Three decimals, as reliability is usually reported.
    static func format3(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        var text = String(rounded)
        if let dot = text.firstIndex(of: ".") {
            let decimals = text[text.index(after: dot)...].count
            if decimals < 3 { text += String(repeating: "0", count: 3 - decimals) }
        }
        return text
    }

    static func scaleLine(_ comparison: Comparison) -> String {
        switch comparison.method {
        case .indicators: return "indicator method"
        case .scale:
            let scale = comparison.scale ?? .un4
            return scale.id == Scale.un4.id ? "UN 4-point scale" : "scale \(scale.id)"
        }
    }

    static func distribution(_ calibration: PanelistCalibration) -> String {
        calibration.distribution.keys.sorted { (Double($0) ?? 0) < (Double($1) ?? 0) }
            .map { "\($0):\(calibration.distribution[$0] ?? 0)" }.joined(separator: " ")
    }

    static func reliabilityNote(_ block: ReliabilityBlock) -> String {
        "\(block.units) units (candidate × item), \(block.raters) raters; ICC over the \(block.iccUnits) units every rater rated, alpha over all pairable ratings"
    }

    static func text(_ comparison: Comparison, color: Bool) -> String {
        let paint = Paint(enabled: color)
        var out = headline(comparison).map { paint($0, "1;31") + "\n\n" } ?? ""
        out += paint("Comparative analysis", "1") + " · \(comparison.title) (\(comparison.assessment))\n"
        out += "\(comparison.candidates.count) candidates · \(scaleLine(comparison))\n\n"
        let nameWidth = max(9, comparison.candidates.map { candidateName($0).count }.max() ?? 0)
        var header = "Rank  \(padded("Candidate", nameWidth))"
        for index in comparison.items.indices { header += "  " + rightAligned(String(index + 1), 6) }
        header += "   Mean  Recommendation"
        out += header + "\n"
        for row in comparison.candidates {
            var line = "\(rightAligned(String(row.rank), 4))  \(padded(candidateName(row), nameWidth))"
            for item in comparison.items { line += "  " + rightAligned(cell(row, item), 6) }
            line += "  " + rightAligned(n(row.meanFinal), 5) + "  "
            line += paint(recommendationText(row), row.recommendation == .recommended ? "32" : "31")
            out += line + "\n"
        }
        out += "\nItems:\n" + zip(comparison.items, comparison.itemNames).enumerated()
            .map { "  \(rightAligned(String($0.offset + 1), 2)) \($0.element.0): \($0.element.1)\n" }.joined()
        out += bandLegend + "\n"
        if let note = signOffNote(comparison) { out += wrap(note, width: 100) + "\n" }
        for warning in comparison.warnings { out += "\n" + paint("Warning: ", "1;31") + wrap(warning, width: 100, indent: "  ", firstIndent: "") + "\n" }
        if !comparison.leftOut.isEmpty {
            out += "\n" + paint("Left out of the ranking and the statistics", "1;31") + ":\n"
            for entry in comparison.leftOut { out += "  \(entry.candidate): \(entry.reason) · \(entry.transcript)\n" }
        }
        out += "\n" + paint("Candidates", "1") + ":\n"
        for row in comparison.candidates {
            out += "  \(row.rank). \(candidateName(row)) · \(recommendationText(row))\n"
            out += wrap(interviewLine(row), width: 100, indent: "       ", firstIndent: "     ") + "\n"
            for reason in row.reasons { out += wrap(reason, width: 100, indent: "       ", firstIndent: "     - ") + "\n" }
            out += wrap("languages: \(row.languages)", width: 100, indent: "       ", firstIndent: "     ") + "\n"
        }

        let block = comparison.reliability
        if comparison.groupCalibration == nil {
            out += "\n" + paint("Panel reliability", "1") + " (\(reliabilityNote(block))):\n"
            for statistic in block.statistics {
                let reading = block.readings[statistic.kind].map { "  \($0)" } ?? (statistic.value == nil ? "  cannot be computed (too few units or raters, or no variance)" : "")
                out += "  \(padded(statistic.kind.label, 31)) \(rightAligned(statisticText(statistic.value), 6))\(reading)\n"
            }
            out += "  Readings: ICC below .5 poor, .5–.75 moderate, .75–.9 good, above .9 excellent (Koo & Li 2016);\n"
            out += "  alpha .8 or more reliable, .667 or more tentative (Krippendorff).\n"
            out += wrap(readingNote, width: 100, indent: "  ", firstIndent: "  ") + "\n"
        } else {
            out += "\nPanel reliability: each mock transcript has one trainee, so see the group calibration below.\n"
        }
        if let group = comparison.groupCalibration { out += "\n" + groupText(group, items: comparison.items) }
        out += "\n" + paint("Calibration per panelist", "1") + ":\n"
        let panelWidth = comparison.calibration.map(\.name.count).max() ?? 4
        for row in comparison.calibration {
            out += "  \(padded(row.name, panelWidth))  \(rightAligned(String(row.ratings), 3)) ratings  mean \(n(row.mean))  "
            out += "distance from finals \(n(row.meanDistance))  given: \(distribution(row))\n"
        }
        if let headline = headline(comparison) { out += "\n" + paint(headline, "1;31") + "\n" }
        return out
    }

    static func groupText(_ group: GroupCalibration, items: [String]) -> String {
        let nameWidth = max(7, group.trainees.map(\.name.count).max() ?? 0)
        var out = "Group calibration (scenario \(group.scenario)): each trainee's difference from the reference per item\n"
        out += "  \(padded("Trainee", nameWidth))" + items.indices.map { "  " + rightAligned(String($0 + 1), 4) }.joined()
        out += "    MAD  exact  adjacent\n"
        for trainee in group.trainees {
            out += "  \(padded(trainee.name, nameWidth))"
            out += items.map { "  " + rightAligned(CalibrationView.signed(trainee.differences[$0] ?? nil), 4) }.joined()
            out += "  " + rightAligned(n(trainee.meanAbsoluteDifference), 5) + "  " + rightAligned(CalibrationView.percent(trainee.exactAgreement), 5)
            out += "  " + rightAligned(CalibrationView.percent(trainee.adjacentAgreement), 8) + "\n"
        }
        out += "  Group mean absolute difference from the reference: \(n(group.meanAbsoluteDifference))\n"
        out += "  Trainees among themselves (\(group.reliability.iccUnits) items, \(group.reliability.raters) trainees): "
        out += "ICC(2,1) \(statisticText(group.reliability.icc2)), ICC(3,1) \(statisticText(group.reliability.icc3)), alpha (interval) \(statisticText(group.reliability.alphaInterval))\n"
        out += "  With the reference as one more rater: ICC(2,1) \(statisticText(group.withReference.icc2)), alpha (interval) \(statisticText(group.withReference.alphaInterval))\n"
        return out
    }

    static func markdown(_ comparison: Comparison) -> String {
        var out = headline(comparison).map { "> **\($0)**\n\n" } ?? ""
        out += "# Comparative analysis: \(comparison.title)\n\n"
        out += "`\(comparison.assessment)` · \(comparison.candidates.count) candidates · \(scaleLine(comparison))\n\n"
        out += "| Rank | Candidate | " + comparison.itemNames.map(SummaryReport.markdownCell).joined(separator: " | ") + " | Mean | Recommendation |\n"
        out += "|---:|---|" + String(repeating: "---:|", count: comparison.items.count) + "---:|---|\n"
        for row in comparison.candidates {
            out += "| \(row.rank) | \(SummaryReport.markdownCell(candidateName(row))) | "
            out += comparison.items.map { cell(row, $0) }.joined(separator: " | ")
            out += " | \(n(row.meanFinal)) | \(recommendationText(row)) |\n"
        }
        out += "\n\(bandLegend).\n"
        if let note = signOffNote(comparison) { out += "\n\(note)\n" }
        for warning in comparison.warnings { out += "\n**Warning:** \(warning)\n" }
        if !comparison.leftOut.isEmpty {
            out += "\n## Left out of the ranking and the statistics\n\n"
            for entry in comparison.leftOut { out += "- \(entry.candidate): \(entry.reason) (`\(entry.transcript)`)\n" }
        }
        out += "\n## Candidates\n\n"
        for row in comparison.candidates {
            out += "\(row.rank). **\(candidateName(row))**: \(recommendationText(row)); \(interviewLine(row))\n"
            for reason in row.reasons { out += "   - \(reason)\n" }
            out += "   - languages: \(row.languages)\n"
        }
        let block = comparison.reliability
        out += "\n## Panel reliability\n\n\(reliabilityNote(block)).\n\n| Statistic | Value | Reading |\n|---|---:|---|\n"
        for statistic in block.statistics {
            out += "| \(statistic.kind.label) | \(statisticText(statistic.value)) | \(block.readings[statistic.kind] ?? "cannot be computed") |\n"
        }
        out += "\n\(readingNote)\n"
        if let group = comparison.groupCalibration {
            out += "\n## Group calibration (scenario `\(group.scenario)`)\n\nDifference from the reference per item.\n\n"
            out += "| Trainee | " + comparison.items.joined(separator: " | ") + " | MAD | Exact | Adjacent |\n"
            out += "|---|" + String(repeating: "---:|", count: comparison.items.count + 3) + "\n"
            for trainee in group.trainees {
                out += "| \(SummaryReport.markdownCell(trainee.name)) | " + comparison.items.map { CalibrationView.signed(trainee.differences[$0] ?? nil) }.joined(separator: " | ")
                out += " | \(n(trainee.meanAbsoluteDifference)) | \(CalibrationView.percent(trainee.exactAgreement)) | \(CalibrationView.percent(trainee.adjacentAgreement)) |\n"
            }
            out += "\nGroup mean absolute difference \(n(group.meanAbsoluteDifference)); among the trainees ICC(2,1) \(statisticText(group.reliability.icc2)), alpha (interval) \(statisticText(group.reliability.alphaInterval)); with the reference as a rater ICC(2,1) \(statisticText(group.withReference.icc2)).\n"
        }
        out += "\n## Calibration per panelist\n\n| Panelist | Ratings | Mean | Distance from finals | Given |\n|---|---:|---:|---:|---|\n"
        for row in comparison.calibration {
            out += "| \(SummaryReport.markdownCell(row.name)) | \(row.ratings) | \(n(row.mean)) | \(n(row.meanDistance)) | \(distribution(row)) |\n"
        }
        if let headline = headline(comparison) { out += "\n> **\(headline)**\n" }
        return out
    }

    /// One row per candidate: rank, candidate, each item's final value and band (`final_ID`,
    /// `band_ID`, so no item id can clash with another column), mean, recommendation, …, and
    /// last the sign-off (`endorsed`, last so the others keep their places); then a legend,
    /// one `#` row per column, after a blank line.
    static func csv(_ comparison: Comparison) -> String {
        let itemColumns = comparison.items.flatMap { ["final_" + $0, "band_" + $0] }
        var out = SummaryReport.csvRow(["rank", "candidate", "candidate_id"] + itemColumns
                                       + ["mean", "recommendation", "override", "language_requirement_met", "languages", "date",
                                          "closed", "panel", "integrity", "transcript", "endorsed"])
        for row in comparison.candidates {
            let values: [String] = comparison.items.flatMap { id -> [String] in
                [(row.items[id] ?? nil).map { format($0) } ?? "", (row.bands[id] ?? nil)?.rawValue ?? ""]
            }
            let panel = row.panel.map { "\($0.name) (\($0.role))" }.joined(separator: "; ")
            let tail: [String] = [row.meanFinal.map { format($0) } ?? "", row.recommendation.rawValue, row.overridden ? "yes" : "no",
                                  row.languageRequirementMet ? "yes" : "no", row.languages, row.date, row.closedAt ?? "",
                                  panel, row.integrity.description, row.transcript, row.endorsements?.description ?? ""]
            out += SummaryReport.csvRow([String(row.rank), row.name, row.id ?? ""] + values + tail)
        }
        for entry in comparison.leftOut {
            let blanks = [String](repeating: "", count: itemColumns.count)
            out += SummaryReport.csvRow(["", entry.candidate, ""] + blanks
                + ["", "left out: \(entry.reason)", "", "", "", "", "", "", "", entry.transcript, ""])
        }
        out += "\r\n" + SummaryReport.csvRow(["# column", "meaning"])
        var legend: [(String, String)] = [("rank", "recommended first, then by mean final value")]
        for (id, name) in zip(comparison.items, comparison.itemNames) {
            legend.append(("final_" + id, "\(name): the final value (the consensus, else the mean of the panel's values)"))
            legend.append(("band_" + id, "\(name): the band of the final value"))
        }
        legend += [("mean", "mean of the items' final values"), ("integrity", "verified, or where the transcript is damaged"),
                   ("endorsed", "panelists who endorsed the closed interview, of the panel (N/M; INVALID ones do not count); "
                    + "the keys are those the transcript names: HR checks them with 'assess verify --signers FILE'"),
                   ("recommendation", "recommended or not-recommended; 'left out' rows were not compared")]
        for (column, meaning) in legend { out += SummaryReport.csvRow(["# " + column, meaning]) }
        return out
    }

    static func html(_ comparison: Comparison) -> String {
        let e = SummaryHTML.escape
        var html = SummaryHTML.head(title: "Comparative analysis: \(e(comparison.assessment))", styles: """
            .recommended { color: #1e6b3a; font-weight: 600; } .not-recommended { color: #9b2c22; font-weight: 600; }
            td.name { white-space: nowrap; }
            """)
        html += """
            <body>
            \(headline(comparison).map { "<p class=\"damaged\">\(e($0))</p>" } ?? "")
            <h1>Comparative analysis</h1>
            <p class="meta">\(e(comparison.title)) (<code>\(e(comparison.assessment))</code>) · \(comparison.candidates.count) candidates · \(e(scaleLine(comparison)))</p>
            <table>
            <tr><th>Rank</th><th>Candidate</th>
            """
        // Numbered item columns keep the table within the page; the legend below names them.
        html += comparison.items.enumerated().map { "<th title=\"\(e($0.element))\">\($0.offset + 1)</th>" }.joined()
            + "<th>Mean</th><th>Recommendation</th></tr>\n"
        for row in comparison.candidates {
            html += "<tr><td class=\"num\">\(row.rank)</td><td class=\"name\">\(e(candidateName(row)))</td>"
            html += comparison.items.map { "<td class=\"num\">\(cell(row, $0))</td>" }.joined()
            html += "<td class=\"num\"><strong>\(n(row.meanFinal))</strong></td><td class=\"\(row.recommendation.rawValue)\">\(e(recommendationText(row)))</td></tr>\n"
        }
        let block = comparison.reliability
        html += "</table>\n<p class=\"meta\">Items: " + zip(comparison.items, comparison.itemNames).enumerated()
            .map { "\($0.offset + 1) \(e($0.element.1)) (<code>\(e($0.element.0))</code>)" }.joined(separator: " · ") + "<br>\(e(bandLegend))"
            + (signOffNote(comparison).map { "<br>\(e($0))" } ?? "") + "</p>\n"
        for warning in comparison.warnings { html += "<p class=\"damaged\">Warning: \(e(warning))</p>\n" }
        if !comparison.leftOut.isEmpty {
            html += "<h2>Left out of the ranking and the statistics</h2>\n<ul>"
            html += comparison.leftOut.map { "<li>\(e($0.candidate)): \(e($0.reason)) (<code>\(e($0.transcript))</code>)</li>" }.joined() + "</ul>\n"
        }
        html += "<h2>Candidates</h2>\n<ol>"
        for row in comparison.candidates {
            html += "<li><strong>\(e(candidateName(row)))</strong>: \(e(recommendationText(row))); \(e(interviewLine(row)))<ul>"
            html += row.reasons.map { "<li>\(e($0))</li>" }.joined() + "<li>languages: \(e(row.languages))</li></ul></li>\n"
        }
        html += "</ol>\n"
        html += "<h2>Panel reliability</h2>\n<p class=\"meta\">\(e(reliabilityNote(block))).</p>\n"
        html += "<table><tr><th>Statistic</th><th>Value</th><th>Reading</th></tr>"
        for statistic in block.statistics {
            html += "<tr><td>\(e(statistic.kind.label))</td><td class=\"num\">\(statisticText(statistic.value))</td><td>\(e(block.readings[statistic.kind] ?? "cannot be computed"))</td></tr>"
        }
        html += "</table>\n<p class=\"meta\">\(e(readingNote))</p>\n<h2>Calibration per panelist</h2>\n<table><tr><th>Panelist</th><th>Ratings</th><th>Mean</th><th>Distance from finals</th><th>Given</th></tr>"
        for row in comparison.calibration {
            html += "<tr><td>\(e(row.name))</td><td class=\"num\">\(row.ratings)</td><td class=\"num\">\(n(row.mean))</td><td class=\"num\">\(n(row.meanDistance))</td><td>\(e(distribution(row)))</td></tr>"
        }
        html += "</table>\n"
        if let group = comparison.groupCalibration {
            html += "<h2>Group calibration</h2>\n<p class=\"meta\">Scenario <code>\(e(group.scenario))</code>: each trainee's difference from the reference per item.</p>\n<table><tr><th>Trainee</th>"
            html += comparison.items.enumerated().map { "<th title=\"\(e($0.element))\">\($0.offset + 1)</th>" }.joined() + "<th>MAD</th><th>Exact</th><th>Adjacent</th></tr>"
            for trainee in group.trainees {
                html += "<tr><td class=\"name\">\(e(trainee.name))</td>" + comparison.items.map { "<td class=\"num\">\(CalibrationView.signed(trainee.differences[$0] ?? nil))</td>" }.joined()
                html += "<td class=\"num\">\(n(trainee.meanAbsoluteDifference))</td><td class=\"num\">\(CalibrationView.percent(trainee.exactAgreement))</td><td class=\"num\">\(CalibrationView.percent(trainee.adjacentAgreement))</td></tr>"
            }
            html += "</table>\n<p>Group mean absolute difference \(n(group.meanAbsoluteDifference)); among the trainees ICC(2,1) \(statisticText(group.reliability.icc2)), alpha (interval) \(statisticText(group.reliability.alphaInterval)); with the reference as a rater ICC(2,1) \(statisticText(group.withReference.icc2)).</p>\n"
        }
        if let headline = headline(comparison) { html += "<p class=\"damaged damaged-footer\">\(e(headline))</p>\n" }
        html += "</body>\n</html>\n"
        return html
    }
}
