import AssessmentKit

/// The interview shell's command table.
extension InterviewShell {
    static let commands: [ShellCommand] = [
        ShellCommand(
            name: "help", usage: "help [COMMAND]",
            summary: "list commands, or one command's usage and example",
            details: "Without a name, lists every command. With one, shows its usage, what it does and an example.",
            example: "help show", arguments: [.command]
        ) { shell, words throws(CommandError) in
            try shell.help(words.arguments.first)
        },
        ShellCommand(
            name: "items", usage: "items",
            summary: "the assessment's values and competencies, with progress marks",
            details: "Lists the items in interview order with their numbers; '›' marks the current item.",
            example: "items"
        ) { shell, words throws(CommandError) in
            try words.expectNoArguments()
            shell.output.write(ItemView.list(shell.state))
        },
        ShellCommand(
            name: "show", usage: "show [ITEM]",
            summary: "definition, numbered indicators, counter-indicators and questions of an item",
            details: "Shows the current item, or the item named by id or number, without moving to it.",
            example: "show teamwork", arguments: [.item]
        ) { shell, words throws(CommandError) in
            let index = try words.arguments.first.map { name throws(CommandError) in try shell.itemIndex(name) } ?? shell.state.currentItem
            try words.expectAtMost(1)
            shell.output.write(ItemView.show(shell.state, itemAt: index, width: shell.width))
        },
        ShellCommand(
            name: "next", usage: "next",
            summary: "move to the next item",
            details: "Moves to the next item and shows its name and number.",
            example: "next"
        ) { shell, words throws(CommandError) in
            try words.expectNoArguments()
            try shell.navigate { state throws(InterviewState.Problem) in try state.next() }
        },
        ShellCommand(
            name: "prev", usage: "prev",
            summary: "move to the previous item",
            details: "Moves back one item.",
            example: "prev"
        ) { shell, words throws(CommandError) in
            try words.expectNoArguments()
            try shell.navigate { state throws(InterviewState.Problem) in try state.previous() }
        },
        ShellCommand(
            name: "goto", usage: "goto ITEM",
            summary: "move to an item by id or number",
            details: "Moves to the item with that id (as 'items' lists them) or number.",
            example: "goto communication", arguments: [.item]
        ) { shell, words throws(CommandError) in
            guard let name = words.arguments.first else {
                throw CommandError("goto needs an item: an id or a number 1–\(shell.state.assessment.items.count), e.g. 'goto teamwork'")
            }
            try words.expectAtMost(1)
            try shell.navigate { state throws(InterviewState.Problem) in try state.goTo(name) }
        },
        ShellCommand(
            name: "panel", usage: "panel | panel add NAME [ROLE]",
            summary: "list the panel, or add a panelist",
            details: "Without arguments, lists the panelists and their roles. 'panel add' adds one; the role is one of the assessment's roles (default member). Quote names with spaces or give the role last.",
            example: "panel add \"Chloé Martin\" hr", arguments: [.words(["add"]), .freeText, .role]
        ) { shell, words throws(CommandError) in
            try shell.panelCommand(words)
        },
        ShellCommand(
            name: "quit", usage: "quit",
            summary: "leave the shell (Ctrl-D does the same)",
            details: "Leaves the shell.",
            example: "quit"
        ) { shell, words throws(CommandError) in
            try words.expectNoArguments()
            shell.finished = true
        },
    ]
}

extension CommandWords {
    func expectNoArguments() throws(CommandError) {
        guard let extra = arguments.first else { return }
        throw CommandError("'\(name ?? "")' takes no arguments (got '\(extra)'); see 'help \(name ?? "")'")
    }

    func expectAtMost(_ count: Int) throws(CommandError) {
        guard arguments.count > count else { return }
        throw CommandError("too many arguments to '\(name ?? "")' ('\(arguments[count])'); see 'help \(name ?? "")'")
    }
}
