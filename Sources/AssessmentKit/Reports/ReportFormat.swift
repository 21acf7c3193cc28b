/// The formats a report can be written in: `summary` and `compare --format`.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, markdown, csv, json, html
}
