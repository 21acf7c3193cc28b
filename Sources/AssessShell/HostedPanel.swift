import AssessmentKit
import Foundation
import LineEditing
#if canImport(Glibc)
import Glibc
#endif

/// A hosted interview (`assess host`): one `InterviewSession`, a shell per connected
/// panelist, each command decided and recorded under one lock, in the order it came, and what
/// one panelist records told to the others above their prompts.
public final class HostedPanel: @unchecked Sendable {
    public let session: InterviewSession
    private let lock = NSLock()
    private var attendees: [Attendee] = []
    /// Each panelist's item when they left, and the panel's then: they come back to theirs,
    /// unless the panel has moved on meanwhile.
    private var items: [String: (own: Int, panel: Int)] = [:]
    /// The last event each panelist saw before leaving: what they missed is told on return.
    private var seenUpTo: [String: Int] = [:]
    private let log: @Sendable (String) -> Void
    /// Called once the interview has ended and the last panelist has left.
    private let finished: @Sendable () -> Void
    private var finishedCalled = false

    /// The longest command line taken, in bytes (the terminal stops at it too).
    public static let maxLineBytes = EditlineReader.maxLineBytes
    /// Messages waiting for a terminal beyond which it is taken to be stuck and cut off.
    static let maxWaiting = 2000

    public init(session: InterviewSession, log: @escaping @Sendable (String) -> Void, finished: @escaping @Sendable () -> Void) {
        self.session = session
        self.log = log
        self.finished = finished
    }

    /// Who is connected, for the host's log and for `status`.
    var connectedLine: String {
        let names = attendees.map { SafeText.visible($0.shell.seat?.panelist.name ?? "") }
        let away = session.state.panel.map(\.name).filter { name in !attendees.contains { $0.name == name } }
        return "Connected: " + (names.isEmpty ? "nobody" : names.joined(separator: ", "))
            + (away.isEmpty ? "" : "; not connected: " + away.map(SafeText.visible).joined(separator: ", ")) + "\n"
    }

    /// Serves one signed-in panelist whose terminal is at the other end of `link` until they
    /// leave (Ctrl-D, `quit`, a dropped connection). Returns when they have; closes `link`.
    public func serve(login: String, connection: PanelConnection, link descriptor: Int32) {
        lock.withLock { serving += 1 }
        defer { lock.withLock { serving -= 1 } }
        let link = TerminalLink(descriptor: descriptor)
        let outbox = Outbox(link: link)
        guard let panelist = lock.withLock({ closedForGood ? nil : session.state.panel.first { $0.login == login } }) else {
            outbox.post(.bye("You are not on this interview's panel.\n"))
            return outbox.close()
        }
        let output = BufferedOutput()
        var options = ShellOptions(width: 80, pager: false)
        options.pager = false
        let attendee: Attendee = lock.withLock {
            let panelsItem = session.state.panelsItem
            let left = items[panelist.name]
            let seat = Seat(panelist: panelist, item: left.map { $0.panel == panelsItem ? $0.own : panelsItem } ?? panelsItem,
                            fingerprint: connection.fingerprint)
            let shell = InterviewShell(session: session, output: output, options: options, seat: seat)
            let attendee = Attendee(name: panelist.name, shell: shell, output: output, outbox: outbox)
            shell.connected = { [unowned self] in connectedLine }
            // Signed in again while an old connection lingers: the new one takes over.
            for old in attendees where old.name == panelist.name {
                old.outbox.post(.bye("\nYou signed in again from \(connection.address); this session ends.\n"))
                old.outbox.hangUp()
            }
            attendees.removeAll { $0.name == panelist.name }
            attendees.append(attendee)
            let before = session.state.lastSeq
            if !session.state.hasEnded {
                do {
                    try session.record(.joined(connection), by: panelist.name)
                } catch {
                    log("could not record that \(panelist.name) joined: \(error)")
                }
            }
            log("joined \(panelist.name) (\(panelist.role)) from \(connection.address) key \(connection.fingerprint)")
            outbox.post(.write(SafeText.visibleLines(welcome(attendee))))
            tellOthers(since: before, by: attendee)
            return attendee
        }
        var reason = "left"
        loop: while true {
            let (prompt, pasting) = lock.withLock { (SafeText.visible(attendee.shell.prompt), attendee.shell.isPasting) }
            // A pasted signature is not a command to recall.
            outbox.post(.read(prompt: prompt, remember: !pasting))
            var typed: (line: String, width: Int)?
            reading: while true {
                guard let message = link.receive() else { reason = "dropped the connection"; break loop }
                switch message {
                case .complete(let before):
                    let completion = lock.withLock { attendee.shell.complete(before) }
                    outbox.post(.completion(Completion(partial: completion.partial, candidates: completion.candidates.map(SafeText.visible))))
                case .line(let line, let width):
                    typed = (line, width)
                    break reading
                case .interrupted:
                    let cancelled: String = lock.withLock {
                        attendee.shell.cancelEndorsement()
                        return output.take()
                    }
                    if !cancelled.isEmpty { outbox.post(.write(cancelled)) }
                    continue loop
                case .end:
                    break loop
                default:
                    reason = "sent something the host does not take"
                    break loop
                }
            }
            guard let (line, width) = typed else { continue }
            if line.utf8.count > Self.maxLineBytes {
                outbox.post(.write("error: the line is longer than \(Self.maxLineBytes) bytes; nothing was recorded\n"))
                continue
            }
            let done: Bool = lock.withLock {
                // Replaced by a newer sign-in, or taken off the panel: nothing more is run.
                guard attendees.contains(where: { $0 === attendee }), session.state.isOnPanel(panelist.name), !closedForGood else { return true }
                attendee.shell.options.width = min(max(width, 40), 100)
                let before = session.state.lastSeq
                attendee.shell.take(line)
                outbox.post(.write(output.take()))
                tellOthers(since: before, by: attendee)
                return attendee.shell.finished || !session.state.isOnPanel(panelist.name)
            }
            if done { break }
        }
        lock.withLock {
            let stillHere = attendees.contains { $0 === attendee }
            let onPanel = session.state.isOnPanel(panelist.name)
            attendees.removeAll { $0 === attendee }
            if stillHere {
                items[panelist.name] = attendee.shell.seat.map { ($0.item, session.state.panelsItem) }
                seenUpTo[panelist.name] = session.state.lastSeq
            }
            let before = session.state.lastSeq
            if stillHere && onPanel && !session.state.hasEnded && !closedForGood {
                do {
                    try session.record(.left(connection), by: panelist.name)
                } catch {
                    log("could not record that \(panelist.name) left: \(error)")
                }
            }
            log("left \(panelist.name): \(reason)")
            if stillHere { tellOthers(since: before, by: attendee) }
            let farewell = onPanel ? attendee.shell.resumeHint : "You are no longer on the panel.\n"
            outbox.post(.bye(session.state.hasEnded ? "" : farewell))
            if session.state.hasEnded && attendees.isEmpty && !finishedCalled {
                finishedCalled = true
                finished()
            }
        }
        outbox.close()
    }

    /// Panelists being served now (signed in and not yet let go).
    private var serving = 0
    /// Set by `close`: the session is closed and nothing more is recorded.
    private var closedForGood = false

    /// Waits up to `seconds` for every panelist's session to end, then closes the interview's
    /// transcript under the lock, so no late `left` is written to a closed file.
    public func close(waitingUpTo seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        while lock.withLock({ serving }) > 0 && Date() < deadline { usleep(20_000) }
        lock.withLock {
            closedForGood = true
            session.close()
        }
    }

    /// What a panelist sees on signing in: the banner, and on coming back what they missed
    /// and their own last recording, so a command typed as the line dropped is not typed twice.
    private func welcome(_ attendee: Attendee) -> String {
        let shell = attendee.shell
        let state = shell.state
        guard let panelist = shell.seat?.panelist else { return "" }
        var text = ItemView.banner(state, width: shell.width)
        text += "Signed in as \(SafeText.visible(panelist.name)) (\(panelist.role)). \(connectedLine)"
        if let seen = seenUpTo[panelist.name] {
            let missed = PanelNews.lines(session.events(after: seen).filter { $0.by != panelist.name }, in: state)
            if !missed.isEmpty {
                text += "While you were away:\n" + missed.suffix(20).map { "  \($0)\n" }.joined()
            }
        }
        let last = state.lastCommand(by: panelist.name)
        if !last.isEmpty {
            let at = session.written.last { $0.seq == last.last }.map { ", at \($0.at.timeOfDay)" } ?? ""
            text += "Your last recording: \(StatusView.describeRecordings(last, in: state))\(at).\n"
        }
        if state.hasEnded { text += (state.isVoid ? "The interview is void.\n" : "The interview is closed.\n") + shell.endorsementOffer }
        return text
    }

    /// Tells every other attendee what the events after `seq` were, each as they may see it;
    /// the chair's move moves them too. Under the lock.
    private func tellOthers(since seq: Int, by author: Attendee) {
        let events = session.events(after: seq)
        guard !events.isEmpty else { return }
        // Joins and leaves have their own log lines.
        for line in PanelNews.lines(events.filter { $0.kind != .joined && $0.kind != .left }, in: session.state) { log("event: \(line)") }
        let moved = events.contains { $0.kind == .moved }
        for other in attendees where other !== author {
            if moved { other.shell.follow(to: session.state.currentItem) }
            let state = other.shell.state
            var text = PanelNews.lines(events, in: state).map { $0 + "\n" }.joined()
            for event in events {
                switch event.payload {
                case .moved:
                    text += ItemView.card(state, itemAt: state.currentItem, width: other.shell.width)
                case .revealed(let revealed):
                    if let index = state.assessment.index(ofItem: revealed.item) {
                        text += RatingGridView.text(RatingGrid.shown(state, item: index, to: other.name), width: other.shell.width)
                    }
                case .closed, .voided:
                    text += other.shell.panelSummary + other.shell.endorsementOffer + "Ctrl-D leaves.\n"
                default:
                    break
                }
            }
            if !text.isEmpty { other.outbox.post(.news(SafeText.visibleLines(text), prompt: SafeText.visible(other.shell.prompt))) }
            // Taken off the panel: their session ends (their terminal says why and goes).
            if !session.state.isOnPanel(other.name) { other.outbox.post(.bye("You are no longer on the panel.\n")) }
        }
    }

    /// Every connected panelist is told the host is stopping; the interview stays open.
    public func stopAll(message: String) {
        lock.withLock {
            for attendee in attendees {
                attendee.outbox.post(.bye("\n" + message + "\n"))
                attendee.outbox.hangUpAfterSending()
            }
        }
    }

    /// How many panelists are connected.
    public var connectedCount: Int { lock.withLock { attendees.count } }

    /// Whether `login` is a panelist's now (a panelist taken off the panel is turned away at
    /// the door).
    public func isOnPanel(login: String) -> Bool {
        lock.withLock { !closedForGood && session.state.panel.contains { $0.login == login } }
    }

    /// Whether the interview has been closed or voided.
    public var hasEnded: Bool { lock.withLock { session.state.hasEnded } }
}

/// One connected panelist: their shell, its output, and the queue to their terminal.
final class Attendee {
    let name: String
    let shell: InterviewShell
    let output: BufferedOutput
    let outbox: Outbox

    init(name: String, shell: InterviewShell, output: BufferedOutput, outbox: Outbox) {
        (self.name, self.shell, self.output, self.outbox) = (name, shell, output, outbox)
    }
}

/// Messages to one terminal, sent in order off the panel's lock: a terminal that stops
/// reading holds up only itself, and one too far behind is cut off.
final class Outbox: @unchecked Sendable {
    private let link: TerminalLink
    private let queue = DispatchQueue(label: "assess.outbox")
    private let lock = NSLock()
    private var waiting = 0
    private var cutOff = false

    init(link: TerminalLink) { self.link = link }

    func post(_ message: LinkMessage) {
        let send: Bool = lock.withLock {
            guard !cutOff else { return false }
            waiting += 1
            if waiting > HostedPanel.maxWaiting { cutOff = true }
            return !cutOff
        }
        guard send else { return hangUp() }
        queue.async { [self] in
            link.send(message)
            lock.withLock { waiting -= 1 }
        }
    }

    /// Ends the link: the terminal sees the host gone, and the serving loop the terminal gone.
    func hangUp() {
        shutdown(link.descriptor, Int32(SHUT_RDWR))
    }

    /// Ends the link once what is queued now has been sent.
    func hangUpAfterSending() {
        queue.async { [self] in hangUp() }
    }

    /// Sends what is queued, then closes the link.
    func close() {
        // A terminal that reads nothing would hold the last send forever: after two seconds
        // the link is cut, which ends the send.
        let sent = DispatchSemaphore(value: 0)
        queue.async { sent.signal() }
        if sent.wait(timeout: .now() + 2) == .timedOut {
            hangUp()
            queue.sync {}
        }
        Glibc.close(link.descriptor)
    }
}

/// A shell's output, kept until the command is done (written under the panel's lock, sent
/// after), made visible as standard output makes it.
final class BufferedOutput: ShellOutput {
    private var text = ""

    func write(_ text: String) { self.text += text }
    func writeError(_ text: String) { self.text += text }

    func take() -> String {
        defer { text = "" }
        return SafeText.visibleLines(text)
    }
}
