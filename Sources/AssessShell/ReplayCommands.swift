import AssessmentKit
import Foundation

/// The replay shell's command table.
extension ReplayShell {
    static let commands: [ShellCommand<ReplayShell>] = [
        helpCommand,
        ShellCommand(
            name: "step", usage: "step [N]",
            summary: "go forward one event (or N) and print it",
            details: "Moves forward and prints each event passed: its time, who recorded it, and what.",
            example: "step 5", arguments: [.number]
        ) { shell, words throws(CommandError) in
            try shell.step(try words.count())
        },
        ShellCommand(
            name: "back", usage: "back [N]",
            summary: "go back one event (or N)",
            details: "Moves back and prints the event that is now current; status and summary then show that moment.",
            example: "back 3", arguments: [.number]
        ) { shell, words throws(CommandError) in
            try shell.back(try words.count())
        },
        ShellCommand(
            name: "goto", usage: "goto SEQ|ITEM",
            summary: "go to an event by number, or to the first event about an item",
            details: "A number is the event's seq; an item id goes to the first event that concerns that item.",
            example: "goto teamwork", arguments: [.item]
        ) { shell, words throws(CommandError) in
            guard let target = words.arguments.first else {
                throw CommandError("goto needs an event number or an item id, e.g. 'goto 12' or 'goto teamwork'")
            }
            try words.expectAtMost(1)
            try shell.goTo(target)
        },
        .plain(
            "show", summary: "the current event in full",
            details: "Prints the current event's line from the transcript, laid out as JSON."
        ) { shell throws(CommandError) in
            shell.output.writeLong(SafeText.json(prettyJSON(EventCoding.line(for: shell.event))))
        },
        .plain(
            "status", summary: "ratings, flags and what was missing, as of the current event",
            details: "The interview's status table as it stood at the current event."
        ) { shell throws(CommandError) in
            shell.output.writeLong(SafeText.visibleLines(StatusView.status(shell.state, now: shell.event.at, width: shell.width)))
        },
        .plain(
            "summary", summary: "the panel summary as of the current event",
            details: "The scored summary of everything recorded up to the current event."
        ) { shell throws(CommandError) in
            let summary = Scoring.summary(of: shell.state, damage: shell.damage)
            shell.output.writeLong(SummaryReport.render(summary, as: .text, acceptingDamage: true, width: shell.width))
        },
        ShellCommand(
            name: "play", usage: "play [SPEED]",
            summary: "print the events from here at their recorded pace times SPEED; Ctrl-C stops",
            details: "Plays the rest of the transcript in real time (SPEED 1, the default) or faster (play 10). Ctrl-C stops playback and returns to the prompt.",
            example: "play 20", arguments: [.number]
        ) { shell, words throws(CommandError) in
            var speed = 1.0
            if let text = words.arguments.first {
                guard let value = Double(text), value >= 0.01, value <= 100_000 else {
                    throw CommandError("'\(text)' is not a speed; give a number from 0.01 to 100000, e.g. 'play 10' for ten times faster")
                }
                speed = value
            }
            try words.expectAtMost(1)
            shell.play(speed: speed)
        },
        .plain(
            "verify", summary: "check the whole transcript's hash chain",
            details: "Checks every line as 'assess verify' does and prints the verdict."
        ) { shell throws(CommandError) in
            do {
                let verification = try TranscriptVerifier.verify(path: shell.path)
                if let damage = verification.damage {
                    throw CommandError(SafeText.visible("\(shell.path) is DAMAGED at \(damage)"))
                }
                shell.output.write("\(SafeText.visible(shell.path)): verified, \(verification.events) events, \(verification.standing)\n")
            } catch let error as CommandError {
                throw error
            } catch {
                throw CommandError("\(error)")
            }
        },
        .plain(
            "quit", summary: "leave the replay (Ctrl-D does the same)",
            details: "Leaves the replay shell. A replay never changes the transcript.",
            aliases: ["exit"]
        ) { shell throws(CommandError) in
            shell.finished = true
        },
    ]
}

extension CommandWords {
    /// The optional count of `step N` and `back N` (default 1).
    func count() throws(CommandError) -> Int {
        try expectAtMost(1)
        guard let text = arguments.first else { return 1 }
        guard let value = Int(text), value > 0 else {
            throw CommandError("'\(text)' is not a count; give a whole number of events, e.g. '\(name ?? "step") 5'")
        }
        return value
    }
}

/// A JSON line laid out for reading (keys in the line's order are not kept; they are sorted).
func prettyJSON(_ line: String) -> String {
    guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)),
          let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    else { return line + "\n" }
    return String(decoding: data, as: UTF8.self) + "\n"
}
