/// Renders a `RatingGrid`: as text for the shell (`reveal`, `show ratings`), and as the
/// per-item table of the Markdown and HTML summaries.
public enum RatingGridView {
    /// A missing rating or value.
    static let missing = "–"
    /// The widest a panelist's column gets in text; a longer name is shortened in the header.
    static let widestColumn = 14
    /// The narrowest the indicator labels get, however many panelists there are.
    static let narrowestLabel = 20

    static func value(_ value: Double?) -> String {
        value.map { format(Scoring.rounded($0)) } ?? missing
    }

    /// `y`, `p` or `n`.
    static func letter(_ rating: IndicatorRating?) -> String {
        rating.map { String($0.rawValue.prefix(1)) } ?? missing
    }

    // MARK: Text

    /// The grid as the shell prints it, fitted to `width` columns. Every text from the
    /// transcript is made visible first (`SafeText.visible`).
    public static func text(_ grid: RatingGrid, width: Int) -> String {
        let grid = grid.mappingText(SafeText.visible)
        var out = "Ratings of \(grid.name) (\(grid.item)):\n"
        switch grid.method {
        case .scale: out += scaleRows(grid, width: width)
        case .indicators: out += indicatorTable(grid, width: width)
        }
        if grid.withheld.isEmpty {
            var line = grid.mean == nil ? "No complete rating yet" : "Mean \(value(grid.mean)) · spread \(value(grid.spread))"
            line += grid.flagged ? " · flagged" : (grid.mean == nil ? "" : " · not flagged")
            out += "  \(line)\n"
        }
        if let consensus = grid.consensus {
            out += wrap("Consensus \(value(consensus)): \(grid.consensusRationale ?? "")", width: width, indent: "    ", firstIndent: "  ") + "\n"
        }
        if grid.method == .indicators && grid.columns.contains(where: { !$0.evidence.isEmpty }) {
            out += "  Evidence:\n"
            for column in grid.columns where !column.evidence.isEmpty {
                out += "    \(column.panelist.name)\n" + evidenceLines(column, indent: "      ", width: width)
            }
        }
        if !grid.withheld.isEmpty {
            let who = grid.withheld.map { entry in
                let progress = entry.finished ? "done"
                    : grid.method == .indicators ? "\(entry.rated) of \(grid.rows.count) indicators" : "not rated yet"
                return "\(entry.panelist) (\(progress))"
            }
            out += wrap("Hidden until reveal (blind mode): " + who.joined(separator: ", "), width: width, indent: "    ", firstIndent: "  ") + "\n"
        }
        return out
    }

    /// Scale method: a line per panelist with the value and its label, their evidence below.
    static func scaleRows(_ grid: RatingGrid, width: Int) -> String {
        let nameWidth = grid.columns.map(\.panelist.name.count).max() ?? 0
        let valueWidth = grid.columns.map { value($0.value).count }.max() ?? 0
        var out = ""
        for column in grid.columns {
            out += "  \(padded(column.panelist.name, nameWidth))  \(padded(value(column.value), valueWidth))  \(column.label ?? "")"
                .trimmingTrailingBlanks + "\n"
            out += evidenceLines(column, indent: "    ", width: width)
        }
        return out
    }

    /// Indicator method: a row per indicator (its number and text, shortened to fit), a
    /// column per panelist with y, p or n, then the item value per panelist.
    static func indicatorTable(_ grid: RatingGrid, width: Int) -> String {
        guard !grid.columns.isEmpty else { return "" }
        let columnWidths = grid.columns.map { max(4, min(widestColumn, $0.panelist.name.count)) }
        let numberWidth = String(grid.rows.map(\.number).max() ?? 1).count + 1
        let valueLabel = String(repeating: " ", count: numberWidth + 1) + "item value"
        let natural = max(valueLabel.count, grid.rows.map { numberWidth + 1 + $0.text.count }.max() ?? 0)
        let room = width - 2 - columnWidths.reduce(0) { $0 + 2 + $1 }
        let labelWidth = min(natural, max(narrowestLabel, room))
        func line(_ label: String, _ cells: [String]) -> String {
            var text = "  " + padded(label, labelWidth)
            for (cell, cellWidth) in zip(cells, columnWidths) { text += "  " + padded(cell, cellWidth) }
            return text.trimmingTrailingBlanks + "\n"
        }
        var out = line("", zip(grid.columns, columnWidths).map { shortened($0.panelist.name, $1) })
        for row in grid.rows {
            let label = rightAligned("\(row.number).", numberWidth) + " " + shortened(row.text, labelWidth - numberWidth - 1)
            out += line(label, grid.columns.map { letter(grid.cell(row, $0)) })
        }
        out += line(valueLabel, grid.columns.map { value($0.value) })
        return out
    }

    /// A panelist's evidence as bullets: `• indicator 2: …`, `• changed to 3: …`.
    static func evidenceLines(_ column: RatingGrid.Column, indent: String, width: Int) -> String {
        column.evidence.map { entry in
            wrap(evidencePrefix(entry.kind) + entry.text, width: width, indent: indent + "  ", firstIndent: indent + "• ") + "\n"
        }.joined()
    }

    static func evidencePrefix(_ kind: RatingGrid.Evidence.Kind) -> String {
        switch kind {
        case .evidence: return ""
        case .indicator(let number): return "indicator \(number): "
        case .changedScore(let value): return "changed to \(value): "
        case .changedRatings(let ratings):
            let numbers = ratings.keys.sorted()
            // `rate y y p n` or `rate 2-4 partly` after the reveal: `changed 1–4 to y y p n`.
            if let first = numbers.first, let last = numbers.last, numbers.count > 2, last - first == numbers.count - 1 {
                return "changed \(first)–\(last) to " + numbers.map { letter(ratings[$0]) }.joined(separator: " ") + ": "
            }
            return "changed to " + numbers.map { "\($0) \(ratings[$0]?.rawValue ?? "")" }.joined(separator: ", ") + ": "
        }
    }

    // MARK: Markdown and HTML

    /// The summaries' table: a header, then rows of a label and a cell per column; the
    /// last row of the indicator method (the item values) is a `total`.
    static func table(_ grid: RatingGrid) -> (header: [String], rows: [(label: String, total: Bool, cells: [String])]) {
        switch grid.method {
        case .scale:
            return (["Panelist", "Rating"], grid.columns.map { column in
                (column.panelist.name, false, [value(column.value) + (column.label.map { " " + $0 } ?? "")])
            })
        case .indicators:
            let rows = grid.rows.map { row in
                ("\(row.number). \(row.text)", false, grid.columns.map { grid.cell(row, $0)?.rawValue ?? missing })
            }
            return (["Indicator"] + grid.columns.map(\.panelist.name), rows + [("Item value", true, grid.columns.map { value($0.value) })])
        }
    }

    /// The table of a summary's item section; the grid's text is made safe for Markdown already.
    static func markdown(_ grid: RatingGrid) -> String {
        let (header, rows) = table(grid)
        let cell = SummaryReport.markdownCell
        var out = "| " + header.map(cell).joined(separator: " | ") + " |\n|---|" + String(repeating: ":---:|", count: header.count - 1) + "\n"
        for row in rows {
            out += "| " + (row.total ? "**\(row.label)**" : cell(row.label)) + " | " + row.cells.map(cell).joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// The same as an HTML table; the grid's text is made visible already and is escaped here.
    /// An indicator's rating is classed by its word (`rating partly`), to be coloured.
    static func html(_ grid: RatingGrid) -> String {
        let (header, rows) = table(grid)
        let escape = SummaryHTML.escape
        var out = "<table class=\"ratings-grid\"><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
        for row in rows {
            out += row.total ? "<tr><th>\(escape(row.label))</th>" : "<tr><td>\(escape(row.label))</td>"
            out += row.cells.map { text in
                let kind = grid.method == .scale ? "" : row.total ? " class=\"num\""
                    : " class=\"rating \(IndicatorRating(rawValue: text)?.rawValue ?? "none")\""
                return "<td\(kind)>\(escape(text))</td>"
            }.joined() + "</tr>\n"
        }
        return out + "</table>\n"
    }
}
