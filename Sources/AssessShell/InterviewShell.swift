import AssessmentKit
import LineEditing

/// How the shell treats scripted input.
public struct ShellOptions: Sendable {
    /// Print each command before running it.
    public var echo = false
    /// Stop at the first failed command.
    public var bail = false
    /// Output width for wrapped text.
    public var width = 80
    /// Long output through a pager at a terminal; false with `--no-pager`.
    public var pager = true

    public init(echo: Bool = false, bail: Bool = false, width: Int = 80, pager: Bool = true) {
        self.echo = echo
        self.bail = bail
        self.width = width
        self.pager = pager
    }
}

/// In a hosted interview, the panelist a shell serves (signed in with their key) and the
/// item they are at, which the chair's `next` and `goto` move.
public struct Seat: Sendable {
    public let panelist: Panelist
    public var item: Int
    /// The key they signed in with (`SHA256:…`): the one their endorsement must be made with.
    public let fingerprint: String?

    public init(panelist: Panelist, item: Int, fingerprint: String? = nil) {
        (self.panelist, self.item, self.fingerprint) = (panelist, item, fingerprint)
    }
}

/// The interview shell: reads commands, records what they say in the transcript, reports errors.
public final class InterviewShell: CommandShell {
    public let session: InterviewSession
    /// The interview as this shell's panelist sees it: at one keyboard the panel's state, in a
    /// hosted interview the view of the seat's panelist, at their item.
    public var state: InterviewState {
        guard let seat else { return session.state }
        return session.state.seen(by: seat.panelist.name, at: seat.item)
    }
    let output: ShellOutput
    var options: ShellOptions
    var finished = false
    var failures = 0
    /// Set in a hosted interview: every command is by this panelist.
    public internal(set) var seat: Seat?
    /// In a hosted interview, who is connected, for `status`.
    var connected: (() -> String)?
    /// After `endorse` in a hosted shell: the lines of the signature pasted so far.
    var pastedSignature: [String]?
    /// Whether the next line is part of a pasted signature, not a command.
    public var isPasting: Bool { pastedSignature != nil }

    public init(session: InterviewSession, output: ShellOutput, options: ShellOptions = ShellOptions(),
                seat: Seat? = nil, connected: (() -> String)? = nil) {
        self.session = session
        self.output = output
        self.options = options
        self.seat = seat
        self.connected = connected
    }

    /// The chair's `next` and `goto` move the panel; a hosted panelist moves the panel too
    /// where they may chair, and otherwise only themselves.
    var movesPanel: Bool {
        guard let seat else { return true }
        return state.assessment.panel.allows(seat.panelist, .chairing, on: state.panel)
    }

    /// The panel's item moved (the chair's `next`): this shell's panelist follows.
    public func follow(to item: Int) { seat?.item = item }

    /// At the end of input an open interview stays resumable; say how.
    func inputEnded() {
        if !state.hasEnded { output.write(resumeHint) }
    }

    var width: Int { options.width }

    var hasEnded: Bool { state.hasEnded }

    /// The prompt: `lmi-intern · A. Candidate · teamwork 6/10 · as Ana · 2:15 › `, the last
    /// part being the time spent on the item.
    public var prompt: String {
        if isPasting { return "signature › " }
        var parts = [state.assessment.id, state.candidate.name,
                     "\(state.item.id) \(state.currentItem + 1)/\(state.assessment.items.count)"]
        if let seat { parts.append(seat.panelist.name) } else if let panelist = state.panelist { parts.append("as \(panelist.name)") }
        parts.append(clockDuration(milliseconds: state.timeSpent(onItem: state.currentItem, now: session.clock.now())))
        return parts.joined(separator: " · ") + " › "
    }

    /// What a person sees on starting the shell at a terminal.
    public var banner: String {
        ItemView.banner(state, width: width)
    }

    // MARK: Command helpers

    /// Decides the command with the interview's `CommandService` and records what it
    /// returns; a refusal or a failed write becomes the command's error, worded here.
    @discardableResult
    func perform<Content: EventContent>(_ command: (CommandService) throws(CommandRefusal) -> Content) throws(CommandError) -> Content {
        do {
            return try session.perform(by: seat?.panelist, at: seat?.item, command)
        } catch {
            switch error {
            case .refused(let refusal): throw CommandError(refusal.message(in: state, hosted: seat != nil))
            case .notSaved(let failure): throw CommandError(failure.description)
            }
        }
    }

    /// Asks the interview's `CommandService` something without recording anything.
    func ask<Answer>(_ question: (CommandService) throws(CommandRefusal) -> Answer) throws(CommandError) -> Answer {
        do {
            return try question(CommandService(state, by: seat?.panelist ?? state.panelist))
        } catch {
            throw CommandError(error.message(in: state, hosted: seat != nil))
        }
    }

    func itemIndex(_ name: String) throws(CommandError) -> Int {
        try ask { service throws(CommandRefusal) in try service.item(name) }
    }

    func navigate(_ move: (CommandService) throws(CommandRefusal) -> Moved) throws(CommandError) {
        if movesPanel {
            try perform(move)
            seat?.item = session.state.currentItem
        } else {
            let moved = try ask(move)
            let index = try itemIndex(moved.item)
            seat?.item = index
        }
        output.write(ItemView.card(state, itemAt: state.currentItem, width: width))
    }

    /// Refuses a rating command of the other method before reading its arguments, as
    /// `CommandService` would after.
    func expectMethod(_ method: Method) throws(CommandError) {
        guard state.assessment.method == method else {
            throw CommandError(CommandRefusal.wrongMethod(state.assessment.method).message(in: state))
        }
    }

    /// The panel summary as text; the chain is the one this shell wrote, so it is verified.
    var panelSummary: String {
        SummaryReport.render(Scoring.summary(of: state, hidingUnrevealed: true), as: .text, width: width)
    }

    /// The grid of an item's ratings as the acting panelist may see it (`RatingGrid.shown`).
    func ratingGrid(item index: Int) -> String {
        RatingGridView.text(RatingGrid.shown(state, item: index, to: state.panelist?.name), width: width)
    }

    /// The current item of the mock scenario; refused in a real interview.
    func scenarioItem() throws(CommandError) -> ScenarioItem {
        guard let scenario = state.started.scenario else {
            throw CommandError("this is a real interview: 'answer' and 'hint' are for mock assessments ('assess mock SCENARIO')")
        }
        guard let item = scenario.item(state.item.id) else {
            throw CommandError("the scenario has no answer for \(state.item.id)")
        }
        return item
    }

    var resumeHint: String {
        if seat != nil { return "The interview stays open; to come back, connect again with the same ssh command.\n" }
        return "The interview is still open; resume it with: assess interview --resume \(session.path)\n"
    }

    /// Where the command starts in `as NAME COMMAND…`, if anywhere. A whole panelist's name
    /// wins (`as Glenn Close` is Glenn Close, not Glenn and `close`), then the first command
    /// word whose words before it are a whole name, then one whose words before it are a
    /// unique start of one. When no name fits, the first command word, so that the error
    /// names only the name.
    func commandAfterName(in words: CommandWords) -> Int? {
        let all = words.words
        func name(upTo end: Int) -> String { all[1..<end].map(\.text).joined(separator: " ") }
        func isWholeName(_ text: String) -> Bool { state.panel.contains { $0.name.lowercased() == text.lowercased() } }
        func startsAName(_ text: String) -> Bool { (try? CommandService(state).panelist(text)) != nil }
        guard all.count > 2, !isWholeName(name(upTo: all.count)) else { return nil }
        let commandWords = (2..<all.count).filter { Self.command(named: all[$0].text.lowercased()) != nil }
        return commandWords.first { isWholeName(name(upTo: $0)) }
            ?? commandWords.first { startsAName(name(upTo: $0)) }
            ?? (startsAName(name(upTo: all.count)) ? nil : commandWords.first)
    }

    /// `as NAME [COMMAND…]`: the name, then the command if there is one (`commandAfterName`).
    func actAs(_ words: CommandWords) throws(CommandError) {
        if let seat {
            throw CommandError("you are signed in as \(seat.panelist.name): each panelist records as themselves from their own terminal; 'as' is for a panel at one keyboard (assess interview)")
        }
        guard words.arguments.first != nil else {
            throw CommandError("as needs a panelist's name; the panel is \(state.panel.map(\.name).joined(separator: ", "))")
        }
        let all = words.words
        let split = commandAfterName(in: words) ?? all.count
        let named = all[1..<split].map(\.text).joined(separator: " ")
        if split < all.count && all[split].text.lowercased() == "as" {
            throw CommandError("'as' takes one command after the name, not another 'as'")
        }
        let panelist = try ask { service throws(CommandRefusal) in try service.panelist(named) }
        if panelist != state.panelist || split == all.count {
            try perform { service throws(CommandRefusal) in try service.act(as: named) }
            output.write("Now recording as \(panelist.name).\n")
        }
        guard split < all.count else { return }
        try run(CommandWords(String(words.line[all[split].start...])))
    }

    func panelCommand(_ words: CommandWords) throws(CommandError) {
        let arguments = words.arguments
        guard let subcommand = arguments.first else {
            output.write(ItemView.panel(state))
            return
        }
        if subcommand.lowercased() == "remove" {
            let name = words.rest(from: 1)
            guard !name.isEmpty else { throw CommandError("panel remove needs a panelist's name, e.g. 'panel remove Ben'") }
            let removed = try perform { service throws(CommandRefusal) in try service.remove(name) }
            let acting = seat == nil ? state.panelist.map { " Recording as \($0.name)." } ?? "" : ""
            output.write("Removed \(removed.name) from the panel.\(acting)\n")
            return
        }
        guard subcommand.lowercased() == "add" else {
            throw CommandError("'panel' lists the panel, 'panel add NAME [ROLE]' adds to it and 'panel remove NAME' removes from it; '\(subcommand)' is none of these")
        }
        if seat != nil {
            throw CommandError("the panel of a hosted interview is set when the host starts, each panelist with a login and a key in --keys; to add one, the chair stops the host (the interview stays open) and starts it again with --resume and a --keys file that lists them")
        }
        guard subcommand.lowercased() == "add" else {
            throw CommandError("'panel' lists the panel, 'panel add NAME [ROLE]' adds to it and 'panel remove NAME' removes from it; '\(subcommand)' is none of these")
        }
        var nameWords = Array(arguments.dropFirst())
        // `panel add Ben:hr`, as in --panel.
        if nameWords.count == 1, let colon = nameWords[0].lastIndex(of: ":") {
            let name = String(nameWords[0][..<colon]), role = String(nameWords[0][nameWords[0].index(after: colon)...])
            nameWords = [name, role.lowercased()]
        }
        guard !nameWords.isEmpty else {
            throw CommandError("panel add needs a name, e.g. 'panel add Chloé hr'")
        }
        let roles = state.assessment.panel.roles
        var role = PanelParser.defaultRole(for: state.panel, roles: roles)
        if nameWords.count > 1, let last = nameWords.last {
            // `panel add "Zed" boss`: after a quoted name only a role may follow.
            let quoted = words.words.count > 2 && "\"'".contains(words.line[words.words[2].start])
            if roles.contains(last.lowercased()) {
                role = last.lowercased()
                nameWords.removeLast()
            } else if quoted || last.first?.isLowercase == true {
                // "panel add Ana hrr": a misspelt role, not part of the name; a lowercase last
                // word is taken for a role too, so a mistyped one is never lost in the name.
                let name = quoted ? nameWords[0] : nameWords.dropLast().joined(separator: " ")
                throw CommandError(PanelError.unknownRole(name: name, role: last, roles: roles).description
                    + (quoted || closestName(to: last, among: roles) != nil ? ""
                       : "; for a name with '\(last)' in it, quote the name: panel add \"\(nameWords.joined(separator: " "))\""))
            }
        }
        let panelist = Panelist(name: nameWords.joined(separator: " ").trimmingBlanks, role: role)
        try perform { service throws(CommandRefusal) in try service.add(panelist) }
        output.write("Added \(panelist.name) (\(panelist.role)) to the panel.\n")
    }

    func candidates(for kind: ArgumentKind) -> [String] {
        switch kind {
        case .command: return offeredNames
        case .item: return state.assessment.itemIDs
        case .itemOr(let words): return words + state.assessment.itemIDs
        case .panelist: return state.panel.map(\.name)
        case .role: return state.assessment.panel.roles
        case .words(let words): return words
        case .freeText, .number: return []
        case .language:
            let required = state.assessment.languages.parsedRequirement?.languages ?? []
            return required + Languages.known.filter { !required.contains($0) }
        case .skill: return LanguageSkill.allCases.map(\.rawValue)
        case .level: return CEFRLevel.spellings
        case .rating: return IndicatorRating.allCases.map(\.rawValue)
        case .indicator: return state.item.indicators.map { String($0.number) }
        case .recommendation: return Recommendation.allCases.map(\.rawValue)
        }
    }
}

extension Error {
    /// The text after `error:` for any error the shell reports.
    var message: String {
        if let error = self as? CommandError { return error.message }
        return String(describing: self)
    }
}

extension InterviewShell {
    /// Acknowledges the rating just recorded: `visible` says what it was, unless ratings of
    /// the item are hidden (blind mode); then a flag, if the ratings now disagree.
    func acknowledgeRating(_ visible: (_ panelist: String) -> String) {
        let index = state.currentItem
        let name = state.panelist?.name ?? ""
        if state.ratingsHidden(item: index) {
            // Under the indicator method, how far the panelist has got.
            if state.assessment.method == .indicators {
                let done = state.indicatorRatings(item: index, by: name).count
                output.write("Recorded (\(done) of \(state.item.indicators.count) indicators; hidden until reveal).\n")
            } else {
                output.write("Recorded \(name)'s rating of \(state.item.id) (hidden until 'reveal').\n")
            }
            return
        }
        output.write(visible(name) + "\n")
        if state.isFlagged(item: index) && state.consensus(item: index) == nil {
            output.write("Flagged: " + StatusView.ratingsLine(state, item: index) + "; agree a consensus ('consensus VALUE RATIONALE').\n")
        }
    }
}
