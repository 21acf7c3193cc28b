import Foundation

/// Renders a panel summary in each format.
public enum SummaryReport {
    /// A damaged transcript's summary is only a notice of the damage, unless `acceptingDamage`:
    /// then it is the whole report of the events before the damage, marked as such.
    public static func render(_ summary: PanelSummary, as format: ReportFormat, color: Bool = false,
                              acceptingDamage: Bool = false, width: Int = 100) -> String {
        var out = ""
        render(summary, as: format, color: color, acceptingDamage: acceptingDamage, width: width) { out += $0 }
        return out
    }

    /// The same, handed to `write` in pieces as it is made (the text form in pieces of about
    /// 64 KB), so a summary of a long transcript is never held whole.
    public static func render(_ summary: PanelSummary, as format: ReportFormat, color: Bool = false, acceptingDamage: Bool = false,
                              width: Int = 100, to write: (String) -> Void) {
        if let damage = summary.damage, !acceptingDamage { return write(DamageNotice.render(summary, damage: damage, as: format)) }
        switch format {
        case .text:
            withoutActuallyEscaping(write) { write in
                write(text(summary.mappingText(SafeText.visible), color: color, width: width, flush: write))
            }
        case .markdown: write(markdown(summary.mappingText(SafeText.markdown)))
        case .csv: write(csv(summary.mappingText(SafeText.visible)))
        case .json: write(json(summary))
        case .html: write(SummaryHTML.render(summary.mappingText(SafeText.visible)))
        }
    }

    // MARK: JSON

    /// Pretty, sorted JSON; controls that JSON allows raw are escaped (`SafeText.json`).
    public static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}\n" }
        return SafeText.json(String(decoding: data, as: UTF8.self)) + "\n"
    }

    // MARK: Notes

    /// `09:14` of an RFC 3339 time.
    static func clock(_ at: String) -> String { String(at.dropFirst(11).prefix(5)) }

    /// `Ana, 09:14: the fire alarm interrupted…`, or `Ana (oral C1), 09:20: fluent`.
    static func noteLine(_ note: NoteEntry) -> String {
        "\(note.panelist)\(note.about.map { " (\($0))" } ?? ""), \(clock(note.at)): \(note.text)"
    }

    // MARK: Shared wording

    static func number(_ value: Double?) -> String {
        value.map { format(Scoring.rounded($0)) } ?? "—"
    }

    static func methodLine(_ summary: PanelSummary) -> String {
        switch summary.method {
        case .indicators: return "indicator method (yes 1, partly 0.5, no 0), level \(summary.level)"
        case .scale:
            let scale = summary.scale ?? .un4
            let name = scale.id == Scale.un4.id ? "UN 4-point scale" : "scale \(scale.id) (\(scale.min)–\(scale.max))"
            return "\(name), level \(summary.level)"
        }
    }

    /// For an interview not closed: the recommendation is what the ratings so far give. (A
    /// transcript cut short reads as one not closed, which only the panel's sign-off can tell.)
    static func provisional(_ summary: PanelSummary) -> String? {
        summary.closed == nil && summary.damage == nil && summary.voided == nil ? "provisional: the interview is not closed" : nil
    }

    static func recommendationWord(_ recommendation: Recommendation) -> String {
        recommendation == .recommended ? "RECOMMENDED" : "NOT RECOMMENDED"
    }

    /// The summary's verdict: the recommendation, or none for a voided interview (naming an
    /// override recorded before the void, which no longer stands).
    static func verdict(_ summary: PanelSummary) -> String {
        guard summary.voided != nil else { return recommendationWord(summary.recommendation) }
        return "NONE (the interview was voided" + (summary.override.map { " after the panel's override to \($0.recommendation.rawValue)" } ?? "") + ")"
    }

    /// Whether the verdict is the panel's override; a voided interview has no verdict to override.
    static func overridden(_ summary: PanelSummary) -> Bool { summary.override != nil && summary.voided == nil }

    /// `CFCV 2025-07 · grade UG · Brussels, Belgium · closes 2026-03-12`, or nil with no facts.
    static func vacancyLine(_ summary: PanelSummary) -> String? {
        let vacancy = summary.vacancy
        let facts = [vacancy.reference, vacancy.unit, vacancy.grade.map { "grade \($0)" }, vacancy.dutyStation,
                     vacancy.closingDate.map { "closes \($0)" }].compactMap { $0 }
        return facts.isEmpty ? nil : facts.joined(separator: " · ")
    }

    static func panelLine(_ summary: PanelSummary) -> String {
        summary.panel.map { "\($0.name) (\($0.role))" }.joined(separator: ", ")
    }

    static func candidateLine(_ summary: PanelSummary) -> String {
        summary.candidate.name + (summary.candidate.id.map { " (\($0))" } ?? "")
    }

    /// `2026-03-04 11:00 UTC` of an RFC 3339 time.
    static func minute(_ at: String) -> String { at.prefix(16).replacingOccurrences(of: "T", with: " ") + " UTC" }

    static func statusLine(_ summary: PanelSummary) -> String {
        if let voided = summary.voided { return "VOID (by \(voided.by), \(minute(voided.at))): \(voided.reason)" }
        if let reason = summary.closedEarly { return "closed early: \(reason)" }
        if let closed = summary.closed { return "closed \(minute(closed))" }
        return "open (not closed yet)"
    }

    static func ratingsLine(_ item: ItemResult, panel: [Panelist]) -> String {
        if item.ratingsHidden { return "hidden until 'reveal'" }
        let parts = panel.compactMap { panelist in item.ratings[panelist.name].map { "\(panelist.name) \(number($0))" } }
        return parts.isEmpty ? "no ratings" : parts.joined(separator: ", ")
    }

    /// `Panel summary`, or for a training run `Mock assessment summary (training, not a real interview)`.
    static func heading(_ summary: PanelSummary) -> String {
        summary.mode == .mock ? "Mock assessment summary (training, not a real interview)" : "Panel summary"
    }

    /// A mock's recommendation is the trainee's, from their ratings alone.
    static func recommendationLabel(_ summary: PanelSummary) -> String {
        summary.mode == .mock ? "Recommendation from the trainee's ratings" : "Recommendation"
    }

    /// What a mock's summary says in place of the language requirement.
    static let mockLanguages = "not assessed in a mock interview: the recommendation rests on the ratings alone"

    static func languageRequirementLine(_ summary: PanelSummary) -> String? {
        guard let requirement = summary.languageRequirement, summary.mode == .interview else { return nil }
        let word: String
        switch summary.languageDecision {
        case .met: word = "met"
        case .notMet: word = "not met"
        case .undecided: word = "not shown yet"
        case .notAssessed: word = mockLanguages
        }
        return "\(requirement): \(word)"
    }

    // MARK: Sign-off

    /// `endorsed by 2 of 3 panelists`, with any invalid endorsement named.
    static func signOffHeadline(_ count: SignOffCount) -> String {
        "endorsed by \(count.endorsed) of \(count.panelists) panelist\(count.panelists == 1 ? "" : "s")"
            + (count.invalid == 0 ? "" : " (\(count.invalid) INVALID endorsement\(count.invalid == 1 ? "" : "s") not counted)")
    }

    /// What the sign-off's keys are worth, under every sign-off block.
    static let signOffKeysNote = "The keys are those the transcript names; HR checks them with 'assess verify --signers FILE'."

    /// `endorsed`, `not endorsed` or `INVALID`.
    static func signOffWord(_ line: SignOff) -> String {
        switch line.status {
        case .endorsed: return "endorsed"
        case .missing: return "not endorsed"
        case .invalid: return "INVALID"
        }
    }

    /// One row per panelist (name, login, sign-off, key, time), the reason under an invalid one.
    static func signOffText(_ signOff: [SignOff], width: Int, paint: Paint) -> String {
        var out = "Sign-off: \(signOffHeadline(SignOffCount(signOff)))\n"
        let nameWidth = signOff.map(\.panelist.count).max() ?? 0
        let loginWidth = signOff.map { ($0.login ?? "—").count }.max() ?? 0
        for line in signOff {
            let word = paint(padded(signOffWord(line), 12), line.status == .endorsed ? "32" : "1;31")
            let cells = [padded(line.panelist, nameWidth), padded(line.login ?? "—", loginWidth), word, line.fingerprint ?? "", line.at.map(minute) ?? ""]
            out += "  " + cells.joined(separator: "  ").trimmingTrailingBlanks + "\n"
            if let problem = line.problem { out += wrap(problem, width: width, indent: "    ", firstIndent: "    ") + "\n" }
        }
        return out + wrap(signOffKeysNote, width: width, indent: "  ", firstIndent: "  ") + "\n"
    }

    // MARK: Text

    /// `flush`, when given, takes what is made so far whenever it passes 64 KB; the rest is returned.
    static func text(_ summary: PanelSummary, color: Bool, width: Int, flush: ((String) -> Void)? = nil) -> String {
        let paint = Paint(enabled: color)
        func bandColor(_ band: Band?) -> String {
            switch band {
            case .outstanding?, .satisfactory?: return "32"
            case .partiallySatisfactory?: return "33"
            case .unsatisfactory?: return "31"
            case nil: return "2"
            }
        }
        var out = summary.damage.map { paint($0.headline, "1;31") + "\n" + wrap($0.partial, width: width, indent: "  ", firstIndent: "  ") + "\n\n" } ?? ""
        out += paint(heading(summary), "1") + " · \(summary.title) (\(summary.assessment))\n"
        if let vacancy = vacancyLine(summary) { out += wrap("Vacancy: \(vacancy)", width: width, indent: "  ", firstIndent: "") + "\n" }
        out += "Candidate: \(candidateLine(summary)) · \(summary.date) · \(statusLine(summary))\n"
        out += wrap("Panel: \(panelLine(summary))", width: width, indent: "  ", firstIndent: "") + "\n"
        out += "Method: \(methodLine(summary))\n\n"

        out += recommendationLabel(summary) + ": " + paint(verdict(summary), summary.voided != nil ? "1" : summary.recommendation == .recommended ? "1;32" : "1;31")
        if overridden(summary) { out += " (panel override; computed: \(summary.computedRecommendation.rawValue))" }
        if let damage = summary.damage { out += paint(" (from the events before line \(damage.line) only)", "31") }
        if let note = provisional(summary) { out += " (\(note))" }
        out += "\n"
        for reason in summary.reasons { out += wrap(reason, width: width, indent: "    ", firstIndent: "  - ") + "\n" }
        if let override = summary.override {
            out += wrap("Override justification: \(override.justification)", width: width, indent: "    ", firstIndent: "  ") + "\n"
        }

        out += "\nItems:\n"
        let idWidth = summary.items.map(\.id.count).max() ?? 4
        let top = summary.method == .indicators ? 1.0 : Double((summary.scale ?? .un4).max)
        let barWidth = 16
        for (index, item) in summary.items.enumerated() {
            let filled = item.final.map { max(0, min(1, $0 / top)) * Double(barWidth) } ?? 0
            let whole = Int(filled)
            let half = filled - Double(whole) >= 0.5
            let bar = String(repeating: "█", count: whole) + (half ? "▌" : "")
            let barCell = bar + String(repeating: " ", count: barWidth + 1 - bar.count)
            let band = item.band?.title ?? "not rated"
            out += "  \(rightAligned(String(index + 1), 2)) \(padded(item.id, idWidth)) \(item.flagged ? "⚑" : " ") "
            out += paint(barCell, bandColor(item.band)) + " \(rightAligned(number(item.final), 4))  "
            out += paint(padded(band, 22), bandColor(item.band)) + " " + ratingsLine(item, panel: summary.panel) + "\n"
        }

        out += "\nLanguages"
        if let line = languageRequirementLine(summary) { out += " (requirement \(line))" }
        out += summary.mode == .mock ? ": \(mockLanguages)\n" : ":\n"
        if summary.languages.isEmpty && summary.mode == .interview { out += "  none recorded\n" }
        for language in summary.languages {
            out += "  \(padded(language.language, 10)) oral \(padded(language.oral ?? "—", 3))  written \(language.written ?? "—")\n"
            for note in language.notes { out += wrap(noteLine(note), width: width, indent: "      ", firstIndent: "    • ") + "\n" }
        }
        if !summary.languageRequirementMet {
            for reason in summary.languageReasons { out += wrap(reason, width: width, indent: "    ", firstIndent: "  - ") + "\n" }
        }

        for item in summary.items {
            out += "\n" + paint("\(item.name) (\(item.id))", "1") + " · final \(number(item.final))"
            out += item.band.map { " \($0.title)" } ?? ""
            out += " · \(clockDuration(milliseconds: Int64(item.timeSpent) * 1000))\n"
            out += wrap("Ratings: \(ratingsLine(item, panel: summary.panel)) · mean \(number(item.mean)) · spread \(number(item.spread))\(item.flagged ? " · flagged" : "")",
                        width: width, indent: "    ", firstIndent: "  ") + "\n"
            if let consensus = item.consensus {
                out += wrap("Consensus: \(number(consensus)) — \(item.consensusRationale ?? "")", width: width, indent: "    ", firstIndent: "  ") + "\n"
            }
            out += wrap("Summary: \(item.summary ?? "none")", width: width, indent: "    ", firstIndent: "  ") + "\n"
            if !item.evidence.isEmpty {
                out += "  Evidence:\n"
                for entry in item.evidence {
                    out += wrap("\(entry.panelist) (\(entry.source)): \(entry.text)", width: width, indent: "      ", firstIndent: "    • ") + "\n"
                    if let flush, out.utf8.count >= 1 << 16 {
                        flush(out)
                        out = ""
                    }
                }
            }
            if !item.notes.isEmpty {
                out += "  Notes:\n" + item.notes.map { wrap(noteLine($0), width: width, indent: "      ", firstIndent: "    • ") + "\n" }.joined()
            }
        }
        if !summary.notes.isEmpty {
            out += "\nNotes:\n" + summary.notes.map { wrap(noteLine($0), width: width, indent: "    ", firstIndent: "  • ") + "\n" }.joined()
        }
        if let calibration = summary.calibration {
            out += "\n" + CalibrationView.text(calibration, width: width)
        }
        if let signOff = summary.signOff { out += "\n" + signOffText(signOff, width: width, paint: paint) }
        out += "\nIntegrity: " + paint(summary.integrity.description, summary.integrity == .verified ? "32" : "31") + "\n"
        if let damage = summary.damage { out += paint(damage.headline, "1;31") + "\n" }
        return out
    }

    // MARK: Markdown

    static func markdownCell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    static func markdown(_ summary: PanelSummary) -> String {
        var out = summary.damage.map { "> **\($0.headline)**  \n> \($0.partial)\n\n" } ?? ""
        out += "# \(heading(summary)): \(summary.title)\n\n"
        out += "- **Candidate:** \(candidateLine(summary))\n"
        out += "- **Assessment:** `\(summary.assessment)` · \(methodLine(summary))\n"
        if let vacancy = vacancyLine(summary) { out += "- **Vacancy:** \(vacancy)\n" }
        out += "- **Date:** \(summary.date) · \(statusLine(summary))\n"
        out += "- **Panel:** \(panelLine(summary))\n\n"
        out += "## \(recommendationLabel(summary)): \(verdict(summary))"
        out += summary.damage.map { " (from the events before line \($0.line) only)" } ?? ""
        out += provisional(summary).map { " (\($0))" } ?? ""
        out += "\n\n"
        if overridden(summary) { out += "Panel override; the computed recommendation was \(summary.computedRecommendation.rawValue).\n\n" }
        for reason in summary.reasons { out += "- \(reason)\n" }
        if let override = summary.override { out += "\n**Override justification:** \(override.justification)\n" }
        out += "\n## Items\n\n"
        out += "| # | Item | " + summary.panel.map { markdownCell($0.name) }.joined(separator: " | ")
            + " | Mean | Spread | Flag | Consensus | Final | Band |\n"
        out += "|---|---|" + String(repeating: "---:|", count: summary.panel.count) + "---:|---:|:---:|---:|---:|---|\n"
        for (index, item) in summary.items.enumerated() {
            let ratings = summary.panel.map { number(item.ratings[$0.name]) }.joined(separator: " | ")
            out += "| \(index + 1) | \(item.id) | \(ratings) | \(number(item.mean)) | \(number(item.spread)) | \(item.flagged ? "⚑" : "") | \(number(item.consensus)) | \(number(item.final)) | \(item.band?.title ?? "not rated") |\n"
        }
        out += "\n## Languages\n\n" + (summary.mode == .mock ? "Languages are \(mockLanguages).\n\n" : "")
        if let line = languageRequirementLine(summary) { out += "Requirement `\(line)`" + (summary.languageRequirementMet ? ".\n\n" : ": " + summary.languageReasons.joined(separator: "; ") + ".\n\n") }
        if summary.mode == .interview || !summary.languages.isEmpty {
            out += "| Language | Oral | Written |\n|---|---|---|\n"
            for language in summary.languages { out += "| \(markdownCell(language.language)) | \(language.oral ?? "—") | \(language.written ?? "—") |\n" }
        }
        let languageNotes = summary.languages.flatMap { language in language.notes.map { (language.language, $0) } }
        if !languageNotes.isEmpty { out += "\n" + languageNotes.map { "- \($0.0) · \(noteLine($0.1))\n" }.joined() }
        for item in summary.items {
            out += "\n### \(item.name) (`\(item.id)`)\n\n"
            out += "Final **\(number(item.final))**\(item.band.map { " (\($0.title))" } ?? "") · ratings: \(ratingsLine(item, panel: summary.panel)) · mean \(number(item.mean)) · spread \(number(item.spread))\(item.flagged ? " · **flagged**" : "") · time \(clockDuration(milliseconds: Int64(item.timeSpent) * 1000))\n\n"
            if let grid = item.grid, grid.hasRatings { out += RatingGridView.markdown(grid) + "\n" }
            if let consensus = item.consensus { out += "**Consensus:** \(number(consensus)): \(item.consensusRationale ?? "")\n\n" }
            out += "**Summary:** \(item.summary ?? "none")\n"
            if !item.evidence.isEmpty {
                out += "\n**Evidence:**\n\n"
                for entry in item.evidence { out += "- *\(entry.panelist)* (\(entry.source)): \(entry.text)\n" }
            }
            if !item.notes.isEmpty { out += "\n**Notes:**\n\n" + item.notes.map { "- \(noteLine($0))\n" }.joined() }
        }
        if !summary.notes.isEmpty { out += "\n## Notes\n\n" + summary.notes.map { "- \(noteLine($0))\n" }.joined() }
        if let calibration = summary.calibration { out += "\n" + CalibrationView.markdown(calibration) }
        if let signOff = summary.signOff {
            out += "\n## Sign-off: \(signOffHeadline(SignOffCount(signOff)))\n\n\(signOffKeysNote)\n\n"
            out += "| Panelist | Login | Sign-off | Key | Time |\n|---|---|---|---|---|\n"
            for line in signOff {
                let word = line.status == .endorsed ? signOffWord(line) : "**\(signOffWord(line))**"
                out += "| \(markdownCell(line.panelist)) | \(markdownCell(line.login ?? "—")) | \(word)\(line.problem.map { ": " + markdownCell($0) } ?? "") | "
                    + "\(line.fingerprint.map { "`\($0)`" } ?? "—") | \(line.at.map(minute) ?? "—") |\n"
            }
        }
        out += "\n---\nIntegrity: \(summary.integrity)\n"
        if let damage = summary.damage { out += "\n> **\(damage.headline)**\n" }
        return out
    }

    // MARK: CSV

    /// One field, quoted as RFC 4180 asks when it holds a comma, a quote or a line break.
    public static func csvField(_ text: String) -> String {
        // A cell a spreadsheet would run as a formula (=, +, @, or - before text) gets a leading '.
        if let first = text.first, "=+@".contains(first) || (first == "-" && Double(text) == nil) {
            return csvField("'" + text)
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func csvRow(_ fields: [String]) -> String {
        fields.map(csvField).joined(separator: ",") + "\r\n"
    }

    /// The reference and difference columns of a mock summary (the trainee's rows only).
    static func calibrationCells(_ summary: PanelSummary, item: String, panelist: String) -> [String] {
        guard let calibration = summary.calibration else { return [] }
        guard panelist == calibration.trainee, let entry = calibration.items.first(where: { $0.id == item }) else { return ["", ""] }
        return [format(entry.reference), entry.difference.map { format($0) } ?? ""]
    }

    /// An interview's sign-off columns for a panelist: login, `endorsed`, `missing` or
    /// `invalid: WHY`, the key, whether HR's signers file checked it, and when (empty before
    /// the close). A mock has none.
    static func signOffCells(_ summary: PanelSummary, panelist: Panelist) -> [String] {
        guard summary.mode == .interview else { return [] }
        guard let line = summary.signOff?.first(where: { $0.panelist == panelist.name }) else { return [panelist.login ?? "", "", "", "", ""] }
        return [line.login ?? "", line.status.rawValue + (line.problem.map { ": " + $0 } ?? ""), line.fingerprint ?? "",
                line.fingerprint == nil ? "" : line.keyChecked ? "yes" : "no", line.at ?? ""]
    }

    /// One row per item × panelist; `hidden` in `rating` where blind mode hides the ratings.
    /// An interview's sign-off columns come last, so the others keep their places.
    static func csv(_ summary: PanelSummary) -> String {
        let mock = summary.calibration != nil
        let signOff = summary.mode == .interview ? ["login", "sign_off", "key", "key_checked", "signed_at"] : []
        var out = csvRow(["assessment", "candidate", "candidate_id", "date", "item", "item_name", "panelist", "role",
                          "rating", "mean", "spread", "flagged", "consensus", "final", "band", "evidence", "summary",
                          "recommendation", "integrity"] + (mock ? ["reference", "difference"] : []) + ["notes"] + signOff)
        for item in summary.items {
            for panelist in summary.panel {
                let evidence = item.evidence.filter { $0.panelist == panelist.name }.map(\.text).joined(separator: " | ")
                out += csvRow([summary.assessment, summary.candidate.name, summary.candidate.id ?? "", summary.date,
                               item.id, item.name, panelist.name, panelist.role,
                               item.ratingsHidden ? "hidden" : item.ratings[panelist.name].map { format($0) } ?? "", item.mean.map { format($0) } ?? "",
                               item.spread.map { format($0) } ?? "", item.flagged ? "yes" : "no",
                               item.consensus.map { format($0) } ?? "", item.final.map { format($0) } ?? "",
                               item.band?.rawValue ?? "", evidence, item.summary ?? "",
                               recommendationCell(summary), summary.integrity.description] + calibrationCells(summary, item: item.id, panelist: panelist.name)
                               + [notes(by: panelist.name, item: item, summary: summary)] + signOffCells(summary, panelist: panelist))
            }
        }
        return out
    }

    /// The recommendation column: `void` for a voided interview, which has none.
    static func recommendationCell(_ summary: PanelSummary) -> String {
        summary.voided == nil ? summary.recommendation.rawValue : "void"
    }

    /// A panelist's notes on an item, with the time; on the first item's rows also their
    /// notes on the interview and on languages, so every note is in some row.
    static func notes(by panelist: String, item: ItemResult, summary: PanelSummary) -> String {
        var notes = item.notes.filter { $0.panelist == panelist }.map { "\(clock($0.at)) \($0.text)" }
        if item.id == summary.items.first?.id {
            notes += summary.notes.filter { $0.panelist == panelist }.map { "\(clock($0.at)) (interview) \($0.text)" }
            for language in summary.languages {
                notes += language.notes.filter { $0.panelist == panelist }
                    .map { "\(clock($0.at)) (\(language.language) \($0.about ?? "")) \($0.text)" }
            }
        }
        return notes.joined(separator: " | ")
    }
}
