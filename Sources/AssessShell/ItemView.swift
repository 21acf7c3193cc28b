import AssessmentKit

/// Renders items, the panel and the banner as text for the shell.
enum ItemView {
    static func banner(_ state: InterviewState, width: Int) -> String {
        let assessment = state.assessment
        var text = "assess · \(assessment.title)\n"
        var candidate = "Candidate: \(state.candidate.name)"
        if let id = state.candidate.id { candidate += " (\(id))" }
        text += candidate + "\n"
        text += "Panel: " + state.panel.map { "\($0.name) (\($0.role))" }.joined(separator: ", ") + "\n"
        text += "\(assessment.items.count) items · \(methodDescription(assessment)) · level \(assessment.level)"
        if state.blind { text += " · blind" }
        text += "\n"
        // A mock interview has one trainee, no language results and no opening small talk.
        guard state.mode == .interview else { return text }
        if let requirement = assessment.languages.requirement { text += "Languages: \(requirement)\n" }
        if state.panel.count < assessment.panel.minimum {
            text += "Note: this assessment expects at least \(assessment.panel.minimum) panelists; add them with 'panel add NAME ROLE'.\n"
        }
        if !assessment.opening.isEmpty {
            text += "\nOpening questions:\n"
            for question in assessment.opening {
                text += wrap(question.text, width: width, indent: "    ", firstIndent: "  • ") + "\n"
            }
        }
        text += "\nType 'help' for commands, 'show' for the current item, Tab to complete.\n"
        return text
    }

    /// Shown after the banner of a mock assessment.
    static func mockBanner(_ scenario: Scenario, width: Int) -> String {
        var text = "\nMock assessment: \(scenario.title)\n"
        text += wrap("The candidate: \(scenario.candidate.name), \(scenario.candidate.background)", width: width, indent: "  ", firstIndent: "") + "\n"
        text += wrap("Applying for: \(scenario.candidate.post)", width: width, indent: "  ", firstIndent: "") + "\n"
        text += "For each item: 'answer' plays the candidate's answer, 'hint' lists the indicators,\n"
        text += (scenario.method == .scale ? "'score N' rates it" : "'rate y y p n' rates its indicators in order")
            + ", 'next' moves on. 'close' shows your calibration against the reference panel.\n"
        return text
    }

    static func methodDescription(_ assessment: Assessment) -> String {
        switch assessment.method {
        case .indicators: return "indicator method (yes/partly/no)"
        case .scale:
            guard let scale = assessment.scale else { return "scale" }
            return scale.id == Scale.un4.id ? "UN 4-point scale" : "scale \(scale.id) (\(scale.min)–\(scale.max))"
        }
    }

    /// `Teamwork (teamwork) · core competency · 6/10`.
    static func heading(_ state: InterviewState, itemAt index: Int) -> String {
        let item = state.assessment.items[index]
        let kind = item.layer.isLevelled ? "\(item.layer.singular), level \(state.assessment.level)" : item.layer.singular
        return "\(item.name) (\(item.id)) · \(kind) · \(index + 1)/\(state.assessment.items.count)"
    }

    /// What `next`, `prev` and `goto` print: the heading, the definition and the first
    /// suggested question. `show` prints everything.
    static func card(_ state: InterviewState, itemAt index: Int, width: Int) -> String {
        let item = state.assessment.items[index]
        var text = heading(state, itemAt: index) + "\n" + wrap(item.definition, width: width, indent: "  ") + "\n"
        if let question = item.questions.first {
            text += wrap(label(question) + question.text, width: width, indent: "       ", firstIndent: "  Ask: ") + "\n"
        }
        return text
    }

    /// `(negative example) ` before a question that is not behavioural.
    static func label(_ question: Question) -> String {
        switch question.kind {
        case .behavioural: return ""
        case .negative: return "(negative example) "
        case .motivation: return "(motivation) "
        case .followup: return "(follow-up) "
        }
    }

    static func show(_ state: InterviewState, itemAt index: Int, width: Int) -> String {
        let item = state.assessment.items[index]
        var text = heading(state, itemAt: index) + "\n"
        text += wrap(item.definition, width: width, indent: "  ") + "\n"

        text += "\n" + indicators(state, itemAt: index, width: width)
        if !item.questions.isEmpty {
            text += "\nSuggested questions:\n"
            for question in item.questions {
                text += wrap(label(question) + question.text, width: width, indent: "      ", firstIndent: "   •  ") + "\n"
            }
        }
        return text
    }

    /// The numbered indicators and counter-indicators of an item.
    static func indicators(_ state: InterviewState, itemAt index: Int, width: Int) -> String {
        let item = state.assessment.items[index]
        var text = ""
        text += "Behavioural indicators"
        if state.assessment.method == .indicators { text += " (rate each: yes, partly or no)" }
        text += ":\n"
        var shownLevel: Int?? = .none
        let levels = Set(item.indicators.compactMap(\.level))
        for indicator in item.indicators {
            if levels.count > 1, shownLevel != .some(indicator.level), let level = indicator.level {
                text += "  Level \(level)\(level < state.assessment.level ? " (the level below)" : ""):\n"
                shownLevel = .some(indicator.level)
            }
            let number = padded("\(indicator.number).", 3)
            text += wrap(indicator.text, width: width, indent: "      ", firstIndent: "  \(number) ") + "\n"
        }
        if !item.counterIndicators.isEmpty {
            text += "\nCounter-indicators:\n"
            for counter in item.counterIndicators {
                text += wrap(counter, width: width, indent: "      ", firstIndent: "   ✗  ") + "\n"
            }
        }
        return text
    }

    static func list(_ state: InterviewState) -> String {
        let items = state.assessment.items
        let idWidth = items.map(\.id.count).max() ?? 0
        let nameWidth = items.map(\.name.count).max() ?? 0
        var text = ""
        var layer: Layer?
        for (index, item) in items.enumerated() {
            if item.layer != layer {
                layer = item.layer
                if index > 0 { text += "\n" }
                text += item.layer.title
                if item.layer.isLevelled { text += " (level \(state.assessment.level))" }
                text += ":\n"
            }
            let marker = index == state.currentItem ? "›" : " "
            let number = rightAligned(String(index + 1), 2)
            text += " \(marker) \(number)  \(padded(item.id, idWidth))  \(padded(item.name, nameWidth))  \(progress(state, item: index))"
                .trimmingTrailingBlanks + "\n"
        }
        return text
    }

    /// `✓ done`, `rated 2/3`, or nothing yet: how far the panel is with an item.
    static func progress(_ state: InterviewState, item index: Int) -> String {
        let rated = state.panel.filter { state.value(item: index, by: $0.name) != nil }.count
        let settled = state.consensus(item: index) != nil || (rated == state.panel.count && !state.needsConsensus(item: index))
        let summarized = state.mode == .mock || state.summary(item: index) != nil
        if settled && summarized && (rated == state.panel.count || state.consensus(item: index) != nil) { return "✓ done" }
        if rated == 0 && state.summary(item: index) == nil { return "" }
        var parts = ["rated \(rated)/\(state.panel.count)"]
        if state.needsConsensus(item: index) && state.consensus(item: index) == nil && rated == state.panel.count { parts.append("consensus needed") }
        if state.mode == .interview && state.summary(item: index) == nil { parts.append("no summary") }
        return parts.joined(separator: " · ")
    }

    static func panel(_ state: InterviewState) -> String {
        let nameWidth = state.panel.map(\.name.count).max() ?? 0
        var text = "Panel (\(state.panel.count); this assessment expects at least \(state.assessment.panel.minimum)):\n"
        for (index, panelist) in state.panel.enumerated() {
            let marker = index == state.currentPanelist ? "  ← recording" : ""
            text += "  \(padded(panelist.name, nameWidth))  \(padded(panelist.role, 8))\(marker)".trimmingTrailingBlanks + "\n"
        }
        return text
    }
}
