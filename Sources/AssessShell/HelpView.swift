import AssessmentKit

/// The text of `help` and `help COMMAND`.
enum HelpView {
    /// A usage longer than this has its summary on the next line, so that one long usage
    /// (rate's) does not push every summary off the screen.
    static let usageColumn = 32

    static func list<Shell>(_ commands: [ShellCommand<Shell>], width: Int) -> String {
        let column = commands.map(\.listedUsage.count).filter { $0 <= usageColumn }.max() ?? 0
        let indent = String(repeating: " ", count: column + 4)
        var text = "Commands:\n"
        for command in commands {
            let usage = command.listedUsage
            if usage.count > column { text += "  \(usage)\n" }
            let first = usage.count > column ? indent : "  \(padded(usage, column))  "
            text += wrap(command.summary, width: width, indent: indent, firstIndent: first) + "\n"
        }
        text += "\nA line ending in \\ continues on the next line; a line starting with # is a comment.\n"
        text += "Tab completes commands, item ids and names. Ctrl-C clears the line; Ctrl-D leaves.\n"
        text += "'help COMMAND' shows a command's usage and an example.\n"
        return text
    }

    /// Usage, details, where the command belongs if not everywhere, and the example of
    /// the interview's method.
    static func detail<Shell>(_ command: ShellCommand<Shell>, in state: InterviewState, width: Int) -> String {
        var text = "usage: \(command.listedUsage)\n" + wrap(command.details, width: width, indent: "  ") + "\n"
        if let note = command.scope.note(state) { text += "  (\(note))\n" }
        return text + "example: \(command.example(for: state.assessment.method))\n"
    }
}
