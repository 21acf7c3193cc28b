import AssessmentKit

/// The text of `help` and `help COMMAND`.
enum HelpView {
    static func list<Shell>(_ commands: [ShellCommand<Shell>]) -> String {
        let width = commands.map(\.usage.count).max() ?? 0
        var text = "Commands:\n"
        for command in commands {
            text += "  \(padded(command.usage, width))  \(command.summary)\n"
        }
        text += "\nA line ending in \\ continues on the next line; a line starting with # is a comment.\n"
        text += "Tab completes commands, item ids and names. Ctrl-C clears the line; Ctrl-D leaves.\n"
        text += "'help COMMAND' shows a command's usage and an example.\n"
        return text
    }

    static func detail<Shell>(_ command: ShellCommand<Shell>, width: Int) -> String {
        "usage: \(command.usage)\n"
            + wrap(command.details, width: width, indent: "  ") + "\n"
            + "example: \(command.example)\n"
    }
}
