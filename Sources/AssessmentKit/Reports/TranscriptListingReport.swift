/// The text and CSV forms of `assess transcripts`.
public enum TranscriptListingReport {
    public static func text(_ raw: [TranscriptEntry]) -> String {
        let entries = raw.map { $0.mappingText(SafeText.visible) }
        guard !entries.isEmpty else { return "No transcripts.\n" }
        let headers = ["DATE", "ID", "CANDIDATE", "ASSESSMENT", "STATUS", "RECOMMENDATION", "ENDORSED", "PANEL", "FILE"]
        let rows = entries.map { entry -> [String] in
            [entry.date ?? "?", entry.id ?? "—", entry.candidate ?? "?", entry.assessment ?? "?",
             entry.status.rawValue + (entry.mode == .mock ? " (mock)" : ""),
             entry.recommendation?.rawValue ?? (entry.status == .damaged || entry.status == .unreadable ? entry.problem ?? "" : "—"),
             entry.endorsements?.description ?? "—", entry.panel.joined(separator: ", "), entry.path]
        }
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < row.count - 1 { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in index == cells.count - 1 ? cell : padded(cell, widths[index]) }
                .joined(separator: "  ")
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n") + "\n"
            + "\(entries.count) transcript\(entries.count == 1 ? "" : "s")\n"
    }

    /// `endorsed` comes last, so the columns before it keep their places for scripts that read by position.
    public static func csv(_ raw: [TranscriptEntry]) -> String {
        let entries = raw.map { $0.mappingText(SafeText.visible) }
        var out = SummaryReport.csvRow(["date", "id", "candidate", "assessment", "status", "recommendation", "panel", "mode", "file", "problem",
                                        "endorsed"])
        for entry in entries {
            out += SummaryReport.csvRow([entry.date ?? "", entry.id ?? "", entry.candidate ?? "", entry.assessment ?? "",
                                         entry.status.rawValue, entry.recommendation?.rawValue ?? "",
                                         entry.panel.joined(separator: "; "), entry.mode?.rawValue ?? "", entry.path,
                                         entry.problem ?? "", entry.endorsements?.description ?? ""])
        }
        return out
    }
}
