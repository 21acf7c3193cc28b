import AssessmentKit

/// What a hosted panel is told about each other's events, above their prompts, and what the
/// host's log says of them. Never a rating's value or evidence: before a reveal those are
/// the rater's alone, and after it the reveal grid shows them.
enum PanelNews {
    /// `Ben rated inclusion (indicators 1–5)`; nil for what is not news to the panel.
    static func line(_ event: Event, in state: InterviewState) -> String? {
        let who = SafeText.visible(event.by)
        switch event.payload {
        case .started, .resumed, .acting:
            return nil
        case .moved(let moved):
            let index = state.assessment.index(ofItem: moved.item) ?? 0
            return "\(who) moved the panel to \(moved.item) (\(index + 1)/\(state.assessment.items.count))"
        case .panelistAdded(let added):
            return "\(who) added \(SafeText.visible(added.name)) (\(added.role)) to the panel"
        case .scored(let scored):
            return "\(who) rated \(scored.item)" + (scored.reason != nil ? " again, with a reason" : "")
        case .rated(let rated):
            return "\(who) rated \(rated.item) indicator \(rated.indicator)"
        case .evidence(let note):
            return "\(who) added evidence on \(note.item)"
        case .revealed(let revealed):
            return "\(who) revealed the ratings of \(revealed.item)"
        case .consensus(let consensus):
            return "\(who) recorded the consensus on \(consensus.item): \(format(Scoring.rounded(consensus.value)))"
        case .summarized(let summary):
            return "\(who) summarised \(summary.item)"
        case .language(let result):
            return "\(who) recorded \(result.language) \(result.skill.rawValue) \(result.level)"
        case .note(let note):
            return "\(who) added a note" + (note.item.map { " on \($0)" } ?? "")
        case .retracted:
            return "\(who) undid a recording"
        case .overridden(let override):
            return "\(who) overrode the recommendation: \(override.recommendation.rawValue)"
        case .closed(let closed):
            return "\(who) closed the interview" + (closed.forced ? " early" : "")
        case .panelistRemoved(let removed):
            return "\(who) removed \(SafeText.visible(removed.name)) from the panel"
        case .voided:
            return "\(who) declared the interview void"
        case .joined(let joined):
            return "\(who) joined from \(joined.address)"
        case .left:
            return "\(who) left"
        case .endorsed(let endorsed):
            return "\(who) endorsed the transcript (key \(SSHKeyType.fingerprint(text: endorsed.publicKey)))"
        }
    }

    /// The lines for a command's events, one per event, with a `rate` line's ratings taken
    /// together: `Ben rated inclusion (indicators 1–5)`.
    static func lines(_ events: [Event], in state: InterviewState) -> [String] {
        var lines: [String] = []
        var index = 0
        while index < events.count {
            let event = events[index]
            if case .rated(let first) = event.payload {
                var last = first
                while index + 1 < events.count, case .rated(let next) = events[index + 1].payload,
                      next.item == first.item, events[index + 1].by == event.by {
                    last = next
                    index += 1
                }
                let numbers = first.indicator == last.indicator ? "indicator \(first.indicator)" : "indicators \(first.indicator)–\(last.indicator)"
                lines.append("\(SafeText.visible(event.by)) rated \(first.item) \(numbers)")
            } else if case .evidence(let note) = event.payload, index > 0, case .rated = events[index - 1].payload {
                lines[lines.count - 1] += " with evidence"
                _ = note
            } else if let line = line(event, in: state) {
                lines.append(line)
            }
            index += 1
        }
        return lines
    }
}
