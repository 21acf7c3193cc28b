import Foundation

/// `compare` over one scenario's mock transcripts: a calibration report, not a ranking. Each
/// trainee against the reference panel, item by item, with their leniency, distance,
/// agreement and decision; then what the group got most wrong and how far it agrees.
enum GroupCalibrationReport {
    typealias Stat = (kind: ReliabilityStatistic, label: String, value: Double?)

    static let differenceNote = "Each cell is the trainee's value minus the reference panel's: + more lenient, − more severe."
    static let leniencyNote = "Leniency is the mean difference (+ lenient, − severe); MAD the mean absolute difference; exact and adjacent the share of items within 0 and within one step."

    static func decisionText(_ decision: Recommendation?) -> String { decision?.rawValue ?? "undecided (an item unrated)" }

    /// `agrees` / `DIFFERS`, or nothing where the trainee's decision cannot be told.
    static func agreement(_ trainee: TraineeCalibration) -> String {
        switch trainee.decisionAgrees {
        case true?: return "agrees"
        case false?: return "DIFFERS"
        case nil: return ""
        }
    }

    /// One sentence on the decisions: who would have decided otherwise than the reference.
    static func decisionsLine(_ group: GroupCalibration) -> String {
        let differing = group.trainees.filter { $0.decisionAgrees == false }
        let undecided = group.trainees.filter { $0.decisionAgrees == nil }
        let agreeing = group.trainees.filter { $0.decisionAgrees == true }.count
        var line = "Reference decision: \(group.referenceDecision.rawValue). \(agreeing) of \(counted(group.trainees.count, "trainee")) decided the same"
        if !differing.isEmpty {
            line += "; " + differing.map(\.name).joined(separator: ", ") + " would "
                + (group.referenceDecision == .recommended ? "not have recommended" : "have recommended") + " the candidate"
        }
        if !undecided.isEmpty { line += "; " + undecided.map(\.name).joined(separator: ", ") + " left items unrated, so no decision" }
        return line + "."
    }

    /// What was left out of the group, and what a trainer must know about it.
    static func notes(_ comparison: Comparison) -> [String] {
        comparison.leftOut.map { "Left out: \($0.candidate): \($0.reason) (\($0.transcript))" } + comparison.warnings.map { "Warning: \($0)" }
    }

    /// The statistics of a block that could be computed, and those that could not (named once).
    /// Agreement of single raters: what a trainer reads (the k-rater means answer another question).
    static let shown: [ReliabilityStatistic] = [.icc2, .icc3, .alphaOrdinal, .alphaInterval]

    static func statistics(_ block: ReliabilityBlock) -> (computed: [Stat], missing: [String]) {
        let all = shown.map { (kind: $0, label: $0.label, value: block.value(of: $0)) }
        return (all.filter { $0.value != nil }, all.filter { $0.value == nil }.map(\.label))
    }

    static let notComputedReason = "too few trainees or items rated by all of them, or no variance in their ratings"

    static func agreementLines(_ group: GroupCalibration) -> [String] {
        var lines: [String] = []
        for (title, block) in [("Among the trainees", group.reliability), ("With the reference as one more rater", group.withReference)] {
            let (computed, missing) = statistics(block)
            var line = "\(title) (\(counted(block.raters, "rater")); ICC over the \(counted(block.iccUnits, "item")) all rated, alpha over every rating): "
            line += computed.isEmpty ? "nothing can be computed" : computed.map { stat in
                "\(stat.label) \(ComparisonReport.statisticText(stat.value))" + (block.readings[stat.kind].map { " (\($0))" } ?? "")
            }.joined(separator: ", ")
            if !missing.isEmpty && !computed.isEmpty { line += "; not computed: " + missing.joined(separator: ", ") }
            lines.append(line + (missing.isEmpty ? "" : " (\(notComputedReason))"))
        }
        return lines
    }

    static func n(_ value: Double?) -> String { SummaryReport.number(value) }

    /// `1 trainee`, `3 trainees`.
    static func counted(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
    static let signed = CalibrationView.signed
    static let percent = CalibrationView.percent

    static func missed(_ group: GroupCalibration) -> [GroupItem] {
        group.mostMissed.compactMap { id in group.items.first { $0.id == id } }
    }

    // MARK: Text

    static func text(_ comparison: Comparison, _ group: GroupCalibration, paint: Paint) -> String {
        let names = comparison.itemNames
        let width = max(9, group.trainees.map(\.name.count).max() ?? 0)
        var out = paint("Group calibration", "1") + " · scenario \(group.scenario) · \(comparison.title) (\(comparison.assessment))\n"
        out += "\(counted(group.trainees.count, "trainee")) against the reference panel, in alphabetical order · \(ComparisonReport.scaleLine(comparison))\n"
        for note in notes(comparison) { out += wrap(note, width: 100, indent: "  ") + "\n" }
        out += "\n"
        out += "  \(padded("", width))" + group.items.indices.map { "  " + rightAligned(String($0 + 1), 5) }.joined()
        out += "  Leniency   MAD  Exact  Adjacent  Decision\n"
        out += "  \(padded("Reference", width))" + group.items.map { "  " + rightAligned(n($0.reference), 5) }.joined()
        out += String(repeating: " ", count: 36) + "  \(group.referenceDecision.rawValue)\n"
        for trainee in group.trainees {
            out += "  \(padded(trainee.name, width))" + group.items.map { "  " + rightAligned(signed(trainee.differences[$0.id] ?? nil), 5) }.joined()
            out += "  " + rightAligned(signed(trainee.meanSignedDifference), 8) + "  " + rightAligned(n(trainee.meanAbsoluteDifference), 4)
            out += "  " + rightAligned(percent(trainee.exactAgreement), 5) + "  " + rightAligned(percent(trainee.adjacentAgreement), 8)
            out += "  " + "\(decisionText(trainee.decision)) \(agreement(trainee))".trimmingBlanks + "\n"
        }
        out += "  \(padded("Group", width))" + group.items.map { "  " + rightAligned(signed($0.meanSignedDifference), 5) }.joined()
        out += "  " + rightAligned(signed(group.meanSignedDifference), 8) + "  " + rightAligned(n(group.meanAbsoluteDifference), 4) + "\n"
        out += wrap(differenceNote + " " + leniencyNote, width: 100, indent: "  ", firstIndent: "  ") + "\n"
        if group.trainees.contains(where: { $0.indicatorAgreement != nil }) {
            out += "  Indicator agreement (same yes/partly/no as the reference): "
                + group.trainees.map { "\($0.name) \(percent($0.indicatorAgreement))" }.joined(separator: ", ") + "\n"
        }
        out += "\n" + paint(decisionsLine(group), group.trainees.contains { $0.decisionAgrees == false } ? "1;33" : "1") + "\n"
        out += "\n" + paint("Items the group got most wrong", "1") + ":\n"
        if missed(group).isEmpty { out += "  none: every trainee matched the reference on every item\n" }
        for item in missed(group) {
            let index = group.items.firstIndex { $0.id == item.id } ?? 0
            out += "  \(index + 1) \(item.id) (\(names[index])): reference \(n(item.reference)), group \(signed(item.meanSignedDifference)) on average (MAD \(n(item.meanAbsoluteDifference)))\n"
            out += wrap("Reference: \(item.rationale)", width: 100, indent: "      ", firstIndent: "    ") + "\n"
        }
        out += "\n" + paint("Agreement", "1") + ":\n"
        for line in agreementLines(group) { out += wrap(line, width: 100, indent: "    ", firstIndent: "  ") + "\n" }
        out += "\n" + paint("Per trainee", "1") + " (furthest items first):\n"
        for trainee in group.trainees {
            let furthest = trainee.furthest.map { id in "\(id) (\(signed(trainee.differences[id] ?? nil)))" }
            let rated = trainee.differences.values.compactMap { $0 }.count
            let what = rated == 0 ? "rated no item" : furthest.isEmpty ? "every rated item matches the reference" : furthest.joined(separator: ", ")
            out += "  \(trainee.name): \(what)" + (rated < group.items.count && rated > 0 ? " (\(rated) of \(group.items.count) items rated)" : "") + " · \(trainee.transcript)\n"
        }
        out += "\nItems: " + zip(group.items.indices, comparison.items).map { "\($0 + 1) \($1)" }.joined(separator: " · ") + "\n"
        return out
    }

    // MARK: Markdown

    static func markdown(_ comparison: Comparison, _ group: GroupCalibration) -> String {
        var out = "# Group calibration: scenario `\(group.scenario)`\n\n\(comparison.title) (`\(comparison.assessment)`) · \(counted(group.trainees.count, "trainee")) against the reference panel · \(ComparisonReport.scaleLine(comparison))\n\n"
        out += "| | " + comparison.items.joined(separator: " | ") + " | Leniency | MAD | Exact | Adjacent | Decision |\n"
        out += "|---|" + String(repeating: "---:|", count: comparison.items.count + 4) + "---|\n"
        out += "| **Reference** | " + group.items.map { n($0.reference) }.joined(separator: " | ") + " | | | | | \(group.referenceDecision.rawValue) |\n"
        for trainee in group.trainees {
            out += "| \(SummaryReport.markdownCell(trainee.name)) | " + group.items.map { signed(trainee.differences[$0.id] ?? nil) }.joined(separator: " | ")
            out += " | \(signed(trainee.meanSignedDifference)) | \(n(trainee.meanAbsoluteDifference)) | \(percent(trainee.exactAgreement)) | \(percent(trainee.adjacentAgreement)) | \("\(decisionText(trainee.decision)) \(agreement(trainee))".trimmingBlanks) |\n"
        }
        out += "| **Group** | " + group.items.map { signed($0.meanSignedDifference) }.joined(separator: " | ")
            + " | \(signed(group.meanSignedDifference)) | \(n(group.meanAbsoluteDifference)) | | | |\n"
        out += "\n\(differenceNote) \(leniencyNote) Trainees are in alphabetical order.\n\n"
        if group.trainees.contains(where: { $0.indicatorAgreement != nil }) {
            out += "Indicators rated as the reference rated them: " + group.trainees.map { "\(SummaryReport.markdownCell($0.name)) \(percent($0.indicatorAgreement))" }.joined(separator: ", ") + ".\n\n"
        }
        out += notes(comparison).map { "- \(SummaryReport.markdownCell($0))\n" }.joined() + (notes(comparison).isEmpty ? "" : "\n")
        out += "**\(decisionsLine(group))**\n\n## Items the group got most wrong\n\n"
        if missed(group).isEmpty { out += "None: every trainee matched the reference on every item.\n" }
        for item in missed(group) {
            out += "- **\(item.id)**: reference \(n(item.reference)), group \(signed(item.meanSignedDifference)) (MAD \(n(item.meanAbsoluteDifference))). Reference: \(SummaryReport.markdownCell(item.rationale))\n"
        }
        out += "\n## Agreement\n\n" + agreementLines(group).map { "- \($0)\n" }.joined()
        return out
    }

    // MARK: CSV

    /// One row per trainee, then the reference and the group: each item's difference, the
    /// figures and the decision.
    static func csv(_ comparison: Comparison, _ group: GroupCalibration) -> String {
        var out = SummaryReport.csvRow(["row", "name"] + comparison.items.map { "difference_" + $0 }
            + ["leniency", "mad", "exact", "adjacent", "indicator_agreement", "decision", "decision_agrees", "transcript"])
        out += SummaryReport.csvRow(["reference", "reference panel"] + group.items.map { n($0.reference) } + ["", "", "", "", "", group.referenceDecision.rawValue, "", ""])
        for trainee in group.trainees {
            let differences: [String] = comparison.items.map { (trainee.differences[$0] ?? nil).map { format(Scoring.rounded($0)) } ?? "" }
            let figures: [String] = [trainee.meanSignedDifference.map(format) ?? "", trainee.meanAbsoluteDifference.map(format) ?? "",
                                     trainee.exactAgreement.map(format) ?? "", trainee.adjacentAgreement.map(format) ?? "",
                                     trainee.indicatorAgreement.map { format(Scoring.rounded($0)) } ?? ""]
            let decision: [String] = [trainee.decision?.rawValue ?? "", trainee.decisionAgrees.map { $0 ? "yes" : "no" } ?? "", trainee.transcript]
            out += SummaryReport.csvRow(["trainee", trainee.name] + differences + figures + decision)
        }
        out += SummaryReport.csvRow(["group", "all trainees"] + group.items.map { $0.meanSignedDifference.map(format) ?? "" }
            + [group.meanSignedDifference.map(format) ?? "", n(group.meanAbsoluteDifference), "", "", "", "", "", ""])
        return out
    }

    // MARK: HTML

    static func html(_ comparison: Comparison, _ group: GroupCalibration) -> String {
        let e = SummaryHTML.escape
        var html = SummaryHTML.head(title: "Group calibration: \(e(comparison.title))", styles: "td.name { white-space: nowrap; } svg.chart { margin: 1em 0; } table.group { font-size: 90%; } table.group td, table.group th { padding: 3px 6px; }")
        html += "<body>\n<h1>Group calibration</h1>\n<p class=\"meta\">Scenario <code>\(e(group.scenario))</code> · \(e(comparison.title)) (<code>\(e(comparison.assessment))</code>) · \(counted(group.trainees.count, "trainee")) against the reference panel · \(e(ComparisonReport.scaleLine(comparison)))</p>\n"
        html += notes(comparison).map { "<p class=\"damaged\">\(e($0))</p>\n" }.joined()
        html += "<p><strong>\(e(decisionsLine(group)))</strong></p>\n"
        html += chart(comparison, group)
        html += "<table class=\"group\"><tr><th></th>" + group.items.indices.map { "<th title=\"\(e(comparison.itemNames[$0]))\">\($0 + 1)</th>" }.joined()
        html += "<th>Leniency</th><th>MAD</th><th>Exact</th><th>Adjacent</th><th>Decision</th></tr>\n"
        html += "<tr><td class=\"name\"><strong>Reference</strong></td>" + group.items.map { "<td class=\"num\">\(n($0.reference))</td>" }.joined()
        html += "<td></td><td></td><td></td><td></td><td class=\"decision\">\(group.referenceDecision.rawValue)</td></tr>\n"
        for trainee in group.trainees {
            html += "<tr><td class=\"name\">\(e(trainee.name))</td>" + group.items.map { "<td class=\"num\">\(signed(trainee.differences[$0.id] ?? nil))</td>" }.joined()
            html += "<td class=\"num\">\(signed(trainee.meanSignedDifference))</td><td class=\"num\">\(n(trainee.meanAbsoluteDifference))</td>"
            html += "<td class=\"num\">\(percent(trainee.exactAgreement))</td><td class=\"num\">\(percent(trainee.adjacentAgreement))</td>"
            html += "<td class=\"decision\">\(e(decisionText(trainee.decision))) <strong>\(agreement(trainee))</strong></td></tr>\n"
        }
        html += "<tr><td class=\"name\"><strong>Group</strong></td>" + group.items.map { "<td class=\"num\">\(signed($0.meanSignedDifference))</td>" }.joined()
        html += "<td class=\"num\">\(signed(group.meanSignedDifference))</td><td class=\"num\">\(n(group.meanAbsoluteDifference))</td><td></td><td></td><td></td></tr>\n</table>\n"
        html += "<p>\(e(differenceNote)) \(e(leniencyNote)) Trainees are in alphabetical order.</p>\n"
        if group.trainees.contains(where: { $0.indicatorAgreement != nil }) {
            html += "<p>Indicators rated as the reference rated them: " + group.trainees.map { "\(e($0.name)) \(percent($0.indicatorAgreement))" }.joined(separator: ", ") + ".</p>\n"
        }
        html += "<h2>Items the group got most wrong</h2>\n<ul>"
        if missed(group).isEmpty { html += "<li>None: every trainee matched the reference on every item.</li>" }
        for item in missed(group) {
            html += "<li><strong>\(e(item.id))</strong>: reference \(n(item.reference)), group \(signed(item.meanSignedDifference)) (MAD \(n(item.meanAbsoluteDifference))). Reference: \(e(item.rationale))</li>"
        }
        html += "</ul>\n<h2>Agreement</h2>\n<ul>" + agreementLines(group).map { "<li>\(e($0))</li>" }.joined() + "</ul>\n"
        html += "<p class=\"meta\">Items: " + zip(group.items.indices, comparison.itemNames).map { "\($0 + 1) \(e($1))" }.joined(separator: " · ") + "</p>\n"
        return html + "</body></html>\n"
    }

    /// Each trainee's difference per item as a line against the reference's, at zero.
    static func chart(_ comparison: Comparison, _ group: GroupCalibration) -> String {
        let e = SummaryHTML.escape
        // Okabe–Ito: told apart by colour-blind readers too.
        let colors = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
        guard group.trainees.count <= 12 else { return "<p class=\"meta\">The chart is drawn for up to 12 trainees; the table below has all \(group.trainees.count).</p>\n" }
        let largest = group.trainees.flatMap { $0.differences.values.compactMap { $0.map(abs) } }.max() ?? 0
        // Ticks at whole steps: points on a scale, one indicator of five (0.2) with indicators.
        let tick = comparison.method == .scale ? 1.0 : 0.2
        let limit = max(tick, (largest / tick - 0.001).rounded(.up) * tick)
        let (left, top, plotWidth, plotHeight) = (50.0, 20.0, 60.0 * Double(max(group.items.count - 1, 1)), 220.0)
        func x(_ index: Int) -> Double { left + plotWidth * Double(index) / Double(max(group.items.count - 1, 1)) }
        func y(_ value: Double) -> Double { top + plotHeight / 2 - value / limit * plotHeight / 2 }
        func f(_ value: Double) -> String { String(format: "%.1f", value) }
        var svg = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(left + plotWidth + 170))\" height=\"\(f(top + plotHeight + 40))\" role=\"img\" aria-label=\"Each trainee's difference from the reference per item\">\n"
        let steps = Int((limit / tick).rounded())
        for step in -steps...steps where steps <= 4 || step % 2 == 0 {
            let value = Double(step) * tick
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(value)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y(value)))\" stroke=\"#ddd\" stroke-width=\"1\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(value) + 4))\" text-anchor=\"end\" font-size=\"11\">\(signed(Scoring.rounded(value)))</text>\n"
        }
        svg += "<text x=\"\(f(left))\" y=\"\(f(top + plotHeight + 34))\" font-size=\"11\">dashed line: the reference panel (0)</text>\n"
        for index in group.items.indices {
            svg += "<text x=\"\(f(x(index)))\" y=\"\(f(top + plotHeight + 18))\" text-anchor=\"middle\" font-size=\"11\"><title>\(e(comparison.itemNames[index]))</title>\(index + 1)</text>\n"
        }
        for (number, trainee) in group.trainees.enumerated() {
            let color = colors[number % colors.count]
            let points = group.items.enumerated().compactMap { index, item in (trainee.differences[item.id] ?? nil).map { "\(f(x(index))),\(f(y($0)))" } }
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"><title>\(e(trainee.name))</title></polyline>\n"
            // Points shifted a little per trainee, so shared values stay visible.
            let shift = (Double(number) - Double(group.trainees.count - 1) / 2) * 3
            for point in points {
                let parts = point.split(separator: ",").compactMap { Double($0) }
                svg += "<circle cx=\"\(f(parts[0] + shift))\" cy=\"\(f(parts[1]))\" r=\"3.5\" fill=\"\(color)\" stroke=\"#fff\" stroke-width=\"1\"/>"
            }
            svg += "\n<text x=\"\(f(left + plotWidth + 8))\" y=\"\(f(top + 14 * Double(number) + 4))\" font-size=\"12\" fill=\"\(color)\">\(e(trainee.name))</text>\n"
        }
        // The reference line last, on top of the trainees' lines.
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(0)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y(0)))\" stroke=\"#000\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\"/>\n"
        return svg + "</svg>\n"
    }
}

/// `compare` over mock transcripts of several scenarios: each trainee's calibration over
/// time, and whether their leniency and distance from the reference shrink.
enum TraineeProgressReport {
    static let n = GroupCalibrationReport.n, signed = GroupCalibrationReport.signed, percent = GroupCalibrationReport.percent

    /// `closer to the reference` (the size shrank), `further` or `no change`.
    static func trend(_ change: Double?) -> String {
        guard let change else { return "one session" }
        return change < 0 ? "closer by \(n(-change))" : change > 0 ? "further by \(n(change))" : "no change"
    }

    static func decision(_ session: ProgressSession) -> String {
        session.decisionAgrees.map { $0 ? "agrees" : "DIFFERS" } ?? "undecided"
    }

    static let header = ["date", "scenario", "assessment", "method", "leniency", "distance", "exact", "decision"]

    static func cells(_ session: ProgressSession) -> [String] {
        [session.date, session.scenario, session.assessment, session.method.rawValue, signed(session.leniencySteps), n(session.distanceSteps),
         percent(session.exactAgreement), decision(session)]
    }

    static let footnote = "Leniency and distance are in steps, so a scale and the indicator method compare: a step is a point on a scale, one indicator's full difference (yes against no) with indicators. Leniency: the mean difference from the reference (+ lenient, − severe); distance: its mean size; closer: the size shrank from the first session to the last."

    static func summaryLine(_ trainee: TraineeProgress) -> String {
        "\(trainee.name): leniency \(trend(trainee.leniencyChange)), distance \(trend(trainee.distanceChange)) (in steps)"
    }

    static func text(_ progress: [TraineeProgress], paint: Paint) -> String {
        var out = paint("Calibration over time", "1") + ": each trainee's mock interviews against their scenarios' reference panels, oldest first\n"
        for trainee in progress {
            out += "\n" + paint(summaryLine(trainee), "1") + "\n"
            let rows = [header] + trainee.sessions.map(cells)
            let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                let line = "  " + row.indices.map { padded(row[$0], widths[$0]) }.joined(separator: "  ")
                out += String(line.reversed().drop { $0 == " " }.reversed()) + "\n"
            }
        }
        return out + "\n" + wrap(footnote, width: 100) + "\n"
    }

    static func markdown(_ progress: [TraineeProgress]) -> String {
        var out = "# Calibration over time\n"
        for trainee in progress {
            out += "\n## \(SummaryReport.markdownCell(summaryLine(trainee)))\n\n| " + header.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: header.count) + "\n"
            for session in trainee.sessions { out += "| " + cells(session).map(SummaryReport.markdownCell).joined(separator: " | ") + " |\n" }
        }
        return out + "\n\(footnote)\n"
    }

    static func csv(_ progress: [TraineeProgress]) -> String {
        var out = SummaryReport.csvRow(["trainee", "date", "scenario", "assessment", "method", "leniency_steps", "distance_steps", "exact", "decision_agrees", "transcript"])
        for trainee in progress {
            for session in trainee.sessions {
                out += SummaryReport.csvRow([trainee.name, session.date, session.scenario, session.assessment, session.method.rawValue,
                                             session.leniencySteps.map(format) ?? "", n(session.distanceSteps),
                                             session.exactAgreement.map(format) ?? "", session.decisionAgrees.map { $0 ? "yes" : "no" } ?? "", session.transcript])
            }
        }
        return out
    }

    static func html(_ progress: [TraineeProgress]) -> String {
        let e = SummaryHTML.escape
        var html = SummaryHTML.head(title: "Calibration over time", styles: "td.name { white-space: nowrap; }") + "<body>\n<h1>Calibration over time</h1>\n"
        for trainee in progress {
            html += "<h2>\(e(summaryLine(trainee)))</h2>\n<table><tr>" + header.map { "<th>\(e($0))</th>" }.joined() + "</tr>\n"
            for session in trainee.sessions { html += "<tr>" + cells(session).map { "<td>\(e($0))</td>" }.joined() + "</tr>\n" }
            html += "</table>\n"
        }
        return html + "<p>\(e(footnote))</p>\n</body></html>\n"
    }
}
