/// What `summary` shows of a damaged transcript without `--accept-damaged`: where the damage
/// is, whose interview it was, and that no recommendation can be given. Nothing else, so
/// nothing in it can be taken for the panel's record.
enum DamageNotice {
    static func render(_ raw: PanelSummary, damage: DamageLine, as format: ReportFormat) -> String {
        let hint = "'assess verify' names the damage; --accept-damaged shows what the events before line \(damage.line) say."
        switch format {
        case .text, .markdown, .html:
            let summary = raw.mappingText(format == .markdown ? SafeText.markdown : SafeText.visible)
            let headline = summary.damage?.headline ?? damage.headline
            let identity = "\(summary.title) (\(summary.assessment)) · \(SummaryReport.candidateLine(summary)) · \(summary.date)"
            switch format {
            case .markdown:
                return "# \(headline)\n\n- **Interview:** \(identity)\n- **Recommendation:** \(damage.undetermined)\n\n\(hint)\n"
            case .html:
                let e = SummaryHTML.escape
                return SummaryHTML.head(title: "DAMAGED: \(e(summary.candidate.name))", styles: "")
                    + "<body>\n<h1>\(e(headline))</h1>\n<p>\(e(identity))</p>\n<p><strong>Recommendation:</strong> \(e(damage.undetermined))</p>\n<p>\(e(hint))</p>\n</body>\n</html>\n"
            default:
                return "\(headline)\n\(identity)\nRecommendation: \(damage.undetermined)\n\(hint)\n"
            }
        case .csv:
            let summary = raw.mappingText(SafeText.visible)
            return SummaryReport.csvRow(["status", "line", "kind", "detail", "assessment", "candidate", "candidate_id", "date", "recommendation"])
                + SummaryReport.csvRow(["DAMAGED", String(damage.line), damage.kind, summary.damage?.detail ?? "", summary.assessment,
                                        summary.candidate.name, summary.candidate.id ?? "", summary.date, damage.undetermined])
        case .json:
            struct Notice: Encodable {
                var assessment: String
                var candidate: Candidate
                var date: String
                var damage: DamageLine
                var integrity: Integrity
                var recommendation: String
                var recommendationNote: String
            }
            return SummaryReport.json(Notice(assessment: raw.assessment, candidate: raw.candidate, date: raw.date, damage: damage,
                                             integrity: raw.integrity, recommendation: "undetermined",
                                             recommendationNote: damage.undetermined))
        }
    }
}
