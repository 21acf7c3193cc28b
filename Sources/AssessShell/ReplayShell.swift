import AssessmentKit
import LineEditing
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The replay shell: steps through a saved transcript. The state at event N is the fold of
/// events 1…N, the same fold the live shell uses, so it is what the panel saw then.
public final class ReplayShell: CommandShell {
    public let path: String
    public let events: [Event]
    /// Where reading stopped, if the transcript is damaged.
    public let damage: TranscriptDamage?
    public private(set) var position = 0
    public private(set) var state: InterviewState
    let output: ShellOutput
    let options: ShellOptions
    var finished = false
    var failures = 0
    /// Waits `seconds`; returns false if Ctrl-C cut the wait short.
    let wait: (Double) -> Bool

    public init?(path: String, events: [Event], damage: TranscriptDamage?, output: ShellOutput,
                 options: ShellOptions = ShellOptions(), wait: @escaping (Double) -> Bool = ReplayShell.sleep) {
        guard let state = InterviewState(events: Array(events.prefix(1))) else { return nil }
        self.path = path
        self.events = events
        self.damage = damage
        self.state = state
        self.output = output
        self.options = options
        self.wait = wait
    }

    public var event: Event { events[position] }

    /// `event 37/212 · teamwork · 10:42:05 › `.
    public var prompt: String {
        "event \(event.seq)/\(events.count) · \(state.item.id) · \(event.at.timeOfDay) › "
    }

    public var banner: String {
        var text = "Replay of \(path)\n"
        text += "\(state.assessment.id) · \(SafeText.visible(state.candidate.name))\(state.candidate.id.map { " (\(SafeText.visible($0)))" } ?? "") · "
        text += "\(events.count) events · \(events.first?.at.date ?? "")\n"
        if let damage { text += "Warning: the transcript is damaged at \(damage); the replay stops before it.\n" }
        text += "Type 'step' to go forward, 'play' to watch, 'help' for all commands.\n"
        text += EventLog.line(event, before: nil, width: width) + "\n"
        return text
    }

    func inputEnded() {}

    func candidates(for kind: ArgumentKind) -> [String] {
        switch kind {
        case .item: return state.assessment.itemIDs
        case .words(let words): return words
        default: return []
        }
    }

    /// Moves to event index `target`, folding forward, or refolding from the start to go back.
    func move(to target: Int) {
        if target < position, let fresh = InterviewState(events: Array(events.prefix(1))) {
            state = fresh
            position = 0
        }
        while position < target {
            position += 1
            state.apply(events[position])
        }
    }

    /// Prints the event at `index` as a log line, with the state before it.
    func printEvent(at index: Int, before: InterviewState) {
        output.write(EventLog.line(events[index], before: before, width: width) + "\n")
    }

    func step(_ count: Int) throws(CommandError) {
        guard position + 1 < events.count else {
            throw CommandError("this is the last event (\(events.count)/\(events.count)); 'back' or 'goto' moves back")
        }
        for _ in 0..<min(count, events.count - 1 - position) {
            let before = state
            move(to: position + 1)
            printEvent(at: position, before: before)
        }
    }

    func back(_ count: Int) throws(CommandError) {
        guard position > 0 else { throw CommandError("this is the first event; 'step' moves on") }
        move(to: max(0, position - count))
        output.write(EventLog.line(event, before: state, width: width) + "\n")
    }

    /// `goto SEQ` or `goto ITEM` (the first event about that item).
    func goTo(_ target: String) throws(CommandError) {
        let index: Int
        if let seq = Int(target) {
            guard let found = events.firstIndex(where: { $0.seq == seq }) else {
                throw CommandError("no event \(seq); the transcript has events 1–\(events.count)")
            }
            index = found
        } else {
            let id = target.lowercased()
            guard state.assessment.index(ofItem: id) != nil else {
                throw CommandError("unknown item '\(target)'\(didYouMean(target, among: state.assessment.itemIDs)); give an event number or an item id")
            }
            guard let found = events.firstIndex(where: { $0.payload.item == id }) else {
                throw CommandError("nothing was recorded about \(id) in this transcript")
            }
            index = found
        }
        move(to: index)
        output.write(EventLog.line(event, before: state, width: width) + "\n")
    }

    /// Plays from here to the end at the recorded pace times `speed`; Ctrl-C stops it.
    func play(speed: Double) {
        while position + 1 < events.count {
            let gap = Double(events[position + 1].at.milliseconds - event.at.milliseconds) / 1000 / speed
            if !wait(max(0, gap)) {
                output.write("Playback stopped at event \(event.seq)/\(events.count).\n")
                return
            }
            let before = state
            move(to: position + 1)
            printEvent(at: position, before: before)
        }
        output.write("End of the transcript.\n")
    }

    /// Sleeps in short slices so Ctrl-C (a SIGINT while a command runs) stops it promptly.
    public static func sleep(_ seconds: Double) -> Bool {
        var left = seconds
        while left > 0 {
            let slice = min(left, 0.05)
            usleep(UInt32(slice * 1_000_000))
            left -= slice
            if Interrupts.take() { return false }
        }
        return true
    }
}
