import AssessmentKit

/// The `status` table and the short lines that acknowledge recordings.
enum StatusView {
    /// `3 (Satisfactory)` on a scale, `0.75 (Satisfactory)` with indicators.
    static func valueText(_ value: Double, _ state: InterviewState) -> String {
        "\(format(Scoring.rounded(value))) (\(band(value, state).title))"
    }

    static func band(_ value: Double, _ state: InterviewState) -> Band {
        Scoring.band(value, in: state.assessment)
    }

    /// `teamwork: Ana 2, Ben 4 · spread 2 · flagged`.
    static func ratingsLine(_ state: InterviewState, item index: Int) -> String {
        let values = state.values(item: index)
        var text = "\(state.assessment.items[index].id): "
        text += values.isEmpty ? "no ratings" : values.map { "\($0.panelist) \(format(Scoring.rounded($0.value)))" }.joined(separator: ", ")
        if let spread = state.spread(item: index), values.count > 1 {
            text += " · spread \(format(Scoring.rounded(spread)))"
            if state.isFlagged(item: index) { text += " · flagged" }
        }
        return text
    }

    /// What a recording was, for `undo`'s acknowledgement.
    /// What `undo` retracted: one recording, or a `rate` line (`Ben's ratings of integrity
    /// indicators 1–4 and the evidence`).
    static func describeRecordings(_ seqs: [Int], in state: InterviewState) -> String {
        guard seqs.count > 1, let first = seqs.first else { return describeRecording(seq: seqs.first ?? 0, in: state) }
        for (index, record) in state.items.enumerated() {
            let ratings = record.ratings.filter { seqs.contains($0.seq) }
            guard let rating = ratings.first, let last = ratings.last else { continue }
            let numbers = ratings.count == 1 ? "indicator \(rating.value.indicator)" : "indicators \(rating.value.indicator)–\(last.value.indicator)"
            let evidence = record.evidence.contains { seqs.contains($0.seq) } ? " and the evidence" : ""
            return "\(rating.by)'s ratings of \(state.assessment.items[index].id) \(numbers)\(evidence)"
        }
        return describeRecording(seq: first, in: state)
    }

    static func describeRecording(seq: Int, in state: InterviewState) -> String {
        for (index, record) in state.items.enumerated() {
            let id = state.assessment.items[index].id
            if let score = record.scores.first(where: { $0.seq == seq }) {
                return "\(score.by)'s rating of \(id) (\(state.ratingsHidden(item: index) ? "hidden" : String(score.value.value)))"
            }
            if let rating = record.ratings.first(where: { $0.seq == seq }) {
                return "\(rating.by)'s rating of \(id) indicator \(rating.value.indicator)"
            }
            if record.evidence.contains(where: { $0.seq == seq }) { return "evidence on \(id)" }
            if record.consensus.contains(where: { $0.seq == seq }) { return "the consensus on \(id)" }
            if record.summaries.contains(where: { $0.seq == seq }) { return "the summary of \(id)" }
            if record.notes.contains(where: { $0.seq == seq }) { return "a note on \(id)" }
        }
        if let language = state.languages.first(where: { $0.seq == seq }) {
            return "\(language.value.language) \(language.value.skill.rawValue) \(language.value.level)"
        }
        if state.overrides.contains(where: { $0.seq == seq }) { return "the override" }
        return "event \(seq)"
    }

    /// One panelist's cell: the value, `✓` when hidden, `2/5` for partly rated indicators, `·` for nothing.
    static func cell(_ state: InterviewState, item index: Int, panelist: String) -> String {
        if let value = state.value(item: index, by: panelist) {
            return state.ratingsHidden(item: index) ? "✓" : format(Scoring.rounded(value))
        }
        if state.assessment.method == .indicators {
            let done = state.indicatorRatings(item: index, by: panelist).count
            if done > 0 { return "\(done)/\(state.assessment.items[index].indicators.count)" }
        }
        return "·"
    }

    static func status(_ state: InterviewState, now: Timestamp, width: Int) -> String {
        let assessment = state.assessment
        let names = state.panel.map(\.name)
        let shown = names.map(SafeText.visible)
        let idWidth = max(4, assessment.items.map(\.id.count).max() ?? 0)
        let columns = shown.map { max(4, $0.count) }
        var text = "\(assessment.id) · \(SafeText.visible(state.candidate.name))"
        if let id = state.candidate.id { text += " (\(SafeText.visible(id)))" }
        if state.blind { text += " · blind" }
        text += state.isClosed ? " · closed" : state.isVoid ? " · void" : ""
        text += "\n\n"
        var header = "    #  \(padded("item", idWidth))"
        for (name, width) in zip(shown, columns) { header += "  " + padded(name, width) }
        header += "  flag  consensus  summary   time"
        text += header.trimmingTrailingBlanks + "\n"
        for (index, item) in assessment.items.enumerated() {
            let marker = index == state.currentItem && !state.hasEnded ? "›" : " "
            var row = " \(marker) \(rightAligned(String(index + 1), 2))  \(padded(item.id, idWidth))"
            for (name, width) in zip(names, columns) {
                row += "  " + padded(cell(state, item: index, panelist: name), width)
            }
            let flag = state.ratingsHidden(item: index) ? "" : (state.isFlagged(item: index) ? "⚑" : "")
            row += "  " + padded(flag, 4)
            let consensus = state.consensus(item: index).map { format(Scoring.rounded($0.value.value)) }
                ?? (state.needsConsensus(item: index) && state.allRated(item: index) ? "needed" : "·")
            row += "  " + padded(consensus, 9)
            row += "  " + padded(state.summary(item: index) == nil ? "·" : "✓", 7)
            row += "  " + rightAligned(clockDuration(milliseconds: state.timeSpent(onItem: index, now: now)), 5)
            text += row + "\n"
            // The item's notes under its row, wrapped below the item column.
            for note in state.notes(item: index) {
                text += wrap("note (\(SafeText.visible(note.by))): \(SafeText.visible(note.value.text))",
                             width: width, indent: "         ", firstIndent: "       ") + "\n"
            }
        }
        text += "\n" + languagesLine(state).split(separator: "\n").map { wrap(String($0), width: width, indent: "  ", firstIndent: "") }
            .joined(separator: "\n") + "\n"
        if let override = state.override {
            text += "Override: \(override.value.recommendation.rawValue) — \(SafeText.visible(override.value.justification))\n"
        }
        if let voided = state.voided {
            text += "Void: \(SafeText.visible(voided.value.reason))\n"
        } else if let closed = state.closed {
            text += closed.value.forced ? "Closed early: \(SafeText.visible(closed.value.reason ?? ""))\n" : "Closed.\n"
        } else {
            let missing = state.missingForClose
            if missing.isEmpty {
                text += "Ready to close.\n"
            } else {
                text += "Before 'close':\n" + missing.map { wrap($0, width: width, indent: "    ", firstIndent: "  - ") + "\n" }.joined()
            }
        }
        return text
    }

    static func languagesLine(_ state: InterviewState) -> String {
        let results = state.languageResults
        var parts: [String] = []
        for language in results.keys.sorted() {
            let skills = LanguageSkill.allCases.compactMap { skill in results[language]?[skill].map { "\(skill.rawValue) \($0)" } }
            parts.append("\(language) \(skills.joined(separator: ", "))")
        }
        var text = "Languages: " + (parts.isEmpty ? "none recorded" : parts.joined(separator: "; "))
        if state.mode == .mock { return text + " (languages are not assessed in a mock interview)" }
        if let requirement = state.assessment.languages.requirement {
            let decision = state.languageDecision
            let word: String
            switch decision.decision {
            case .met: word = "met"
            case .notMet: word = "not met"
            case .undecided: word = "undecided"
            case .notAssessed: word = "not assessed"
            }
            text += "\nRequirement \(requirement): \(word)"
            if decision.decision != .met, !decision.reasons.isEmpty { text += " (\(decision.reasons.joined(separator: "; ")))" }
        }
        return text
    }
}
