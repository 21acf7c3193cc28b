import AssessmentKit

/// The interview shell's command table.
extension InterviewShell {
    static let commands: [ShellCommand<InterviewShell>] = [
        helpCommand,
        .plain(
            "items", summary: "the assessment's values and competencies, with progress marks",
            details: "Lists the items in interview order with their numbers; '›' marks the current item."
        ) { shell throws(CommandError) in
            shell.output.write(ItemView.list(shell.state))
        },
        ShellCommand(
            name: "show", usage: "show [ITEM] | show ratings [ITEM]",
            summary: "an item's definition, indicators and questions; or who rated what ('show ratings')",
            details: "Shows the current item, or the item named by id or number, without moving to it. 'show ratings' prints the grid of the item's ratings, as 'reveal' does: each panelist's value and evidence, or under the indicator method each indicator's y, p or n per panelist and the item value, then the mean, spread, flag and consensus. In blind mode before the reveal it shows only your own ratings and says who has finished.",
            example: "show ratings", arguments: [.itemOr(["ratings"]), .item]
        ) { shell, words throws(CommandError) in
            let ratings = words.arguments.first?.lowercased() == "ratings"
            let reference = words.arguments.dropFirst(ratings ? 1 : 0).first
            let index = try reference.map { name throws(CommandError) in try shell.itemIndex(name) } ?? shell.state.currentItem
            try words.expectAtMost(ratings ? 2 : 1)
            shell.output.writeLong(ratings ? shell.ratingGrid(item: index) : ItemView.show(shell.state, itemAt: index, width: shell.width))
        },
        .plain(
            "next", summary: "move to the next item",
            details: "Moves to the next item and shows its name and number, its definition and its first suggested question ('show' prints all of it)."
        ) { shell throws(CommandError) in
            try shell.navigate { service throws(CommandRefusal) in try service.next() }
        },
        .plain(
            "prev", summary: "move to the previous item",
            details: "Moves back one item and shows it as 'next' does."
        ) { shell throws(CommandError) in
            try shell.navigate { service throws(CommandRefusal) in try service.previous() }
        },
        ShellCommand(
            name: "goto", usage: "goto ITEM",
            summary: "move to an item by id or number",
            details: "Moves to the item with that id (as 'items' lists them) or number, and shows it as 'next' does.",
            example: "goto communication", arguments: [.item]
        ) { shell, words throws(CommandError) in
            guard let name = words.arguments.first else {
                throw CommandError("goto needs an item: an id or a number 1–\(shell.state.assessment.items.count), e.g. 'goto teamwork'")
            }
            try words.expectAtMost(1)
            try shell.navigate { service throws(CommandRefusal) in try service.move(to: name) }
        },
        ShellCommand(
            name: "panel", usage: "panel | panel add NAME [ROLE] | panel remove NAME",
            summary: "list the panel, add a panelist, or remove one who has recorded nothing",
            details: "Without arguments, lists the panelists and their roles. 'panel add' adds one; the role is one of the assessment's roles (default member). Quote names with spaces or give the role last. 'panel remove' takes a panelist off the panel as long as they have recorded nothing (a rating, text or reveal); the removal is itself recorded. Only the chair changes the panel (where it has one).",
            example: "panel add \"Chloé Martin\" hr", arguments: [.words(["add", "remove"]), .freeText, .role], savedWords: 1
        ) { shell, words throws(CommandError) in
            try shell.panelCommand(words)
        },
        .plain(
            "answer", summary: "mock: the scripted candidate's answer to the current item's question",
            details: "In a mock assessment, prints the question put to the scripted candidate for the current item and the candidate's answer. Rate it as you would a real answer; the reference ratings stay hidden until 'close'.",
            scope: .mock
        ) { shell throws(CommandError) in
            let item = try shell.scenarioItem()
            shell.output.write(wrap("Question: " + item.question, width: shell.width, indent: "  ", firstIndent: "") + "\n\n"
                               + wrap(item.answer, width: shell.width, indent: "  ") + "\n")
        },
        .plain(
            "hint", summary: "mock: the current item's behavioural indicators, to rate against",
            details: "Lists the current item's numbered indicators and counter-indicators (what 'show' prints, without the questions).",
            scope: .mock
        ) { shell throws(CommandError) in
            _ = try shell.scenarioItem()
            shell.output.write(ItemView.indicators(shell.state, itemAt: shell.state.currentItem, width: shell.width))
        },
        ShellCommand(
            name: "as", usage: "as NAME [COMMAND...]",
            summary: "set whose ratings the next commands record; with a command, run it as them",
            details: "Picks the panelist the following score, rate, evidence and other recordings are by; the panelist's role decides what they may record. A unique start of the name is enough. 'as Ben rate y y p n' is 'as Ben' then 'rate y y p n' on one line: Ben goes on recording afterwards, even if the command fails.",
            example: "as Ben rate y y p n -- Shared credit, but only when asked", scope: .oneKeyboard, arguments: [.panelist, .command],
            savedWords: 0, prefixesCommand: true
        ) { shell, words throws(CommandError) in
            try shell.actAs(words)
        },
        ShellCommand(
            name: "score", usage: "score VALUE [EVIDENCE...]",
            summary: "scale method: the current panelist's rating of the current item",
            details: "Records a whole number on the assessment's scale, with optional evidence. A later score by the same panelist replaces it. In blind mode, changing a revealed rating needs a reason in place of the evidence.",
            example: "score 3 Led the weekly partner calls and wrote the minutes", scope: .method(.scale), arguments: [.freeText], savedWords: 1,
            savedWordsOf: ArgumentKind.keepsLeadingNumber
        ) { shell, words throws(CommandError) in
            try shell.expectMethod(.scale)
            guard let value = words.arguments.first else {
                throw CommandError("score needs a value: a whole number from \(shell.state.scaleDescription), e.g. 'score 3'")
            }
            let evidence = words.rest(from: 1)
            let scored = try shell.perform { service throws(CommandRefusal) in try service.score(value, evidence: evidence) }
            shell.acknowledgeRating { name in
                "Recorded: \(name) rates \(scored.item) \(scored.value) (\(shell.state.assessment.scale?.labels[scored.value] ?? ""))."
            }
        },
        ShellCommand(
            name: "rate", usage: "rate INDICATOR|A-B yes|partly|no [EVIDENCE...] | rate y y p n … [-- EVIDENCE...]",
            summary: "indicator method: rate one indicator (number from 'show'), a range, or all of them in order",
            details: "Records Yes (1), Partially (0.5) or No (0) for behavioural indicators of the current item, with optional evidence: 'rate 3 yes', 'rate 2-4 partly', or one rating per indicator in order, 'rate y y p n', with evidence after '--'. y, p and n stand for yes, partly and no. The item's value is the mean over all its indicators.",
            example: "rate y y p n -- Shared credit, but only when asked", scope: .method(.indicators),
            arguments: [.indicator, .rating, .freeText], savedWords: 2,
            savedWordsOf: { arguments in
                // `rate y y p n`: its ratings; `rate 2-4 partly`: the indicators and the rating.
                if arguments.first.flatMap(IndicatorRating.init(word:)) != nil {
                    return arguments.prefix { IndicatorRating(word: $0) != nil }.count
                }
                guard let first = arguments.first, ArgumentKind.indicator.admitsToHistory(first) else { return 0 }
                return arguments.count > 1 && IndicatorRating(word: arguments[1]) != nil ? 2 : 1
            }
        ) { shell, words throws(CommandError) in
            try shell.expectMethod(.indicators)
            let arguments = words.arguments
            guard !arguments.isEmpty else {
                throw CommandError("rate needs an indicator number and yes, partly or no, e.g. 'rate 2 yes', or one rating per indicator, e.g. 'rate y y p n'")
            }
            // Ratings up to '--', the evidence after it; 'rate 3 yes EVIDENCE' needs no '--'.
            let ratingWords: [String], evidence: String
            if let dashes = arguments.firstIndex(of: "--") {
                (ratingWords, evidence) = (Array(arguments[..<dashes]), words.rest(from: dashes + 1))
            } else if IndicatorRating(word: arguments[0]) != nil {
                (ratingWords, evidence) = (arguments, "")
            } else {
                (ratingWords, evidence) = (Array(arguments.prefix(2)), words.rest(from: 2))
            }
            let rated = try shell.perform { service throws(CommandRefusal) in try service.rate(ratingWords, evidence: evidence) }.ratings
            shell.acknowledgeRating { name in
                let done = shell.state.indicatorRatings(item: shell.state.currentItem, by: name).count
                // `indicators 1–4` for a run; `indicators 2, 4` when a change after the reveal skips some.
                let numbers = rated.map(\.indicator)
                let run = numbers.last.map { $0 - numbers[0] == numbers.count - 1 } ?? true
                let what = rated.count == 1 ? "indicator \(rated[0].indicator) \(rated[0].rating.rawValue)"
                    : "indicators " + (run ? "\(numbers[0])–\(numbers[numbers.count - 1])" : numbers.map(String.init).joined(separator: ", "))
                        + " " + rated.map(\.rating.rawValue).joined(separator: " ")
                return "Recorded: \(name) rates \(rated[0].item) \(what) (\(done) of \(shell.state.item.indicators.count) rated)."
            }
        },
        ShellCommand(
            name: "evidence", usage: "evidence TEXT",
            summary: "add an evidence note for the current item and panelist",
            details: "Notes what the candidate said or did (STAR: situation, task, action, result). End a line with \\ to continue on the next.",
            example: "evidence Mapped 40 diaspora associations and shared the list with the team", arguments: [.freeText], savedWords: 0
        ) { shell, words throws(CommandError) in
            try shell.perform { service throws(CommandRefusal) in try service.evidence(words.rest(from: 0)) }
            shell.output.write("Evidence noted for \(shell.state.item.id) (\(shell.state.panelist?.name ?? "")).\n")
        },
        .plain(
            "reveal", summary: "blind mode: show the grid of the current item's ratings, once all have rated",
            details: "In blind mode ratings stay hidden until every panelist who rates has rated the item; the chair's reveal shows them as a grid: each panelist's value and evidence, or under the indicator method each indicator's y, p or n per panelist and the item value, then the mean, spread and flag. On an item already revealed it prints the grid again and records nothing ('show ratings' does the same).",
            scope: .blind
        ) { shell throws(CommandError) in
            let index = shell.state.currentItem
            if !(shell.state.blind && shell.state.isRevealed(item: index)) {
                try shell.perform { service throws(CommandRefusal) in try service.reveal() }
            }
            shell.output.writeLong(shell.ratingGrid(item: index))
        },
        ShellCommand(
            name: "consensus", usage: "consensus VALUE RATIONALE...",
            summary: "the panel's agreed rating of the current item",
            details: "Records the value the panel agreed after discussing the ratings, and why. Required for flagged items, and for every item in blind mode. Only the chair records it.",
            example: "consensus 3 Both examples showed shared credit and open disagreement",
            indicatorExample: "consensus 0.75 Both examples showed shared credit; disagreement only when asked", arguments: [.freeText], savedWords: 1,
            savedWordsOf: ArgumentKind.keepsLeadingNumber
        ) { shell, words throws(CommandError) in
            let value = words.arguments.first
            let agreed = try shell.perform { service throws(CommandRefusal) in try service.agree(value, rationale: words.rest(from: 1)) }
            shell.output.write("Consensus on \(agreed.item): \(StatusView.valueText(agreed.value, shell.state)).\n")
        },
        ShellCommand(
            name: "summarize", usage: "summarize TEXT",
            summary: "the panel's written summary of the current item (at most 200 words)",
            details: "Records the panel's summary of the evidence for the item. Every item needs one before 'close'. A later summary replaces it.",
            example: "summarize Two clear STAR examples of cross-unit work; shares credit readily.", arguments: [.freeText], savedWords: 0
        ) { shell, words throws(CommandError) in
            let summary = try shell.perform { service throws(CommandRefusal) in try service.summarize(words.rest(from: 0)) }
            shell.output.write("Summary of \(summary.item) saved (\(summary.text.split(separator: " ").count) words).\n")
        },
        ShellCommand(
            name: "lang", usage: "lang LANGUAGE oral|written LEVEL [NOTE...]",
            summary: "a language result: CEFR A1…C2, or basic, working, confident, fluent",
            details: "Records the examiner's result for one language and skill. The language is a name or its ISO 639-1 code ('lang en oral C1' records english). basic, working, confident and fluent stand for A2, B1, B2 and C1. Languages: " + Languages.withCodes + ".",
            example: "lang french written B2 Drafted a clear summary, some errors of agreement",
            arguments: [.language, .skill, .level, .freeText], savedWords: 3
        ) { shell, words throws(CommandError) in
            let result = try shell.perform { service throws(CommandRefusal) in try service.language(words.arguments, note: words.rest(from: 3)) }
            shell.output.write("Recorded: \(result.language) \(result.skill.rawValue) \(result.level).\n")
        },
        ShellCommand(
            name: "note", usage: "note TEXT",
            summary: "a general note",
            details: "Records a note on the current item (anything that is not evidence: logistics, interruptions); 'status' shows it under the item.",
            example: "note The candidate asked about the start date", arguments: [.freeText], savedWords: 0
        ) { shell, words throws(CommandError) in
            try shell.perform { service throws(CommandRefusal) in try service.note(words.rest(from: 0)) }
            shell.output.write("Note saved.\n")
        },
        .plain(
            "undo", summary: "retract the current panelist's last recorded rating or note",
            details: "Nothing is erased: a retraction is recorded, and the retracted entry no longer counts. After a one-line 'rate y y p n -- …' it retracts the whole line: every rating and its evidence."
        ) { shell throws(CommandError) in
            let undone = try shell.perform { service throws(CommandRefusal) in try service.undo() }
            shell.output.write("Retracted: \(StatusView.describeRecordings(undone.retractions.map(\.target), in: shell.state)).\n")
        },
        .plain(
            "status", summary: "what is rated, what is missing, flagged disagreements, time per item",
            details: "A table of the items with each panelist's rating (hidden in blind mode until revealed), flags, consensus, summary and time, then the languages and what 'close' still needs."
        ) { shell throws(CommandError) in
            shell.output.writeLong(StatusView.status(shell.state, now: shell.session.clock.now(), width: shell.width)
                                   + (shell.connected.map { $0() } ?? ""))
        },
        .plain(
            "summary", summary: "the panel summary so far",
            details: "The panel summary of what is recorded so far: each item's ratings, bands and evidence, the languages against the requirement, and the recommendation with its reasons. 'assess summary FILE --format …' writes it as Markdown, CSV, JSON or HTML."
        ) { shell throws(CommandError) in
            shell.output.writeLong(shell.panelSummary)
        },
        ShellCommand(
            name: "override", usage: "override recommended|not-recommended JUSTIFICATION...",
            summary: "the panel overrides the computed recommendation",
            details: "Records the panel's own recommendation with a written justification, which is kept and shown with the result. Only the chair records it.",
            example: "override recommended Strong language results outweigh one partially satisfactory item",
            arguments: [.recommendation, .freeText], savedWords: 1
        ) { shell, words throws(CommandError) in
            let override = try shell.perform { service throws(CommandRefusal) in
                try service.override(words.arguments.first, justification: words.rest(from: 1))
            }
            shell.output.write("Override recorded: \(override.recommendation.rawValue).\n")
        },
        ShellCommand(
            name: "void", usage: "void REASON...",
            summary: "the chair ends the interview as void (abandoned, wrong candidate); compare leaves it out",
            details: "Ends the interview without a result: the candidate did not attend, the wrong candidate was called, the panel could not go on. The reason is recorded; the transcript is listed as void, cannot be resumed, and 'assess compare' and its reliability statistics leave it out and say so. Only the chair may void.",
            example: "void The candidate did not attend", scope: .interview, arguments: [.freeText], savedWords: 0
        ) { shell, words throws(CommandError) in
            try shell.perform { service throws(CommandRefusal) in try service.void(reason: words.rest(from: 0)) }
            shell.output.write("Interview void. Transcript: \(shell.session.path)\n")
            if shell.seat == nil { shell.finished = true }
        },
        ShellCommand(
            name: "close", usage: "close [--force REASON]",
            summary: "end the interview; refuses while required parts are missing unless forced",
            details: "Only the chair closes. Needs a rating from every panelist who rates (not the examiner, nor HR where it observes), or a consensus, and a summary for every item, a consensus where ratings are flagged (every item in blind mode), and enough language results to decide the requirement. '--force REASON' closes anyway and records why. Prints the panel summary and the transcript's path.",
            example: "close --force The candidate withdrew after item 4", arguments: [.words(["--force"]), .freeText], savedWords: 1
        ) { shell, words throws(CommandError) in
            var reason: String?
            if let first = words.arguments.first {
                guard first == "--force" else { throw CommandError("close takes only '--force REASON'; see 'help close'") }
                reason = words.rest(from: 1)
            }
            try shell.perform { service throws(CommandRefusal) in try service.close(forceReason: reason) }
            if let calibration = Calibration.report(of: shell.state) {
                shell.output.writeLong(CalibrationView.text(calibration, width: shell.width))
            } else {
                shell.output.writeLong(shell.panelSummary)
            }
            shell.output.write("Interview closed. Transcript: \(shell.session.path)\n" + shell.endorsementOffer)
            // A hosted panelist stays to read the summary with the others; Ctrl-D leaves.
            if shell.seat == nil { shell.finished = true }
        },
        .plain(
            "endorse", summary: "after close, sign off the transcript with your SSH key",
            details: "Prints the text you endorse (the transcript's SHA-256 through its 'closed' line, its line count, the assessment, the candidate id, you and your login) and the command that signs it on your own machine with 'ssh-keygen -Y sign'. Paste the signature it prints; it must be made with the key you signed in with. Your key never leaves your machine. HR checks the endorsements with 'assess verify --signers FILE' or with 'ssh-keygen -Y verify'.",
            scope: .hosted
        ) { shell throws(CommandError) in
            try shell.startEndorsement()
        },
        .plain(
            "quit", summary: "leave; an open interview stays resumable (Ctrl-D does the same)",
            details: "Leaves the shell. Everything recorded is already saved; the shell prints the command that resumes the interview.",
            aliases: ["exit"]
        ) { shell throws(CommandError) in
            if !shell.state.hasEnded { shell.output.write(shell.resumeHint) }
            shell.finished = true
        },
    ]
}

extension Languages {
    /// `english (en), french (fr), …, dari, …` for `help lang`; a no-break space keeps each
    /// name on one line with its code.
    static var withCodes: String {
        let byName = Dictionary(uniqueKeysWithValues: codes.map { ($0.value, $0.key) })
        return known.map { name in byName[name].map { "\(name)\u{a0}(\($0))" } ?? name }.joined(separator: ", ")
    }
}
