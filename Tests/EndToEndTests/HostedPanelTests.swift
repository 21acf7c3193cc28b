import Foundation
import Testing

/// One panelist at `ssh -tt`, its input and output on pipes; every byte it receives is kept
/// (the leak test reads them). Waits have deadlines; nothing is timed.
final class SSHPanelist: @unchecked Sendable {
    let login: String
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let lock = NSLock()
    private var received: [UInt8] = []
    /// Where the next `expect` starts looking.
    private(set) var cursor = 0

    init(_ login: String, panel: HostTests.Panel, port: String, key: String? = nil) throws {
        // Typing to an ssh that has ended must fail the test, not kill the runner.
        signal(SIGPIPE, SIG_IGN)
        self.login = login
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh")
        process.arguments = ["-F", "/dev/null", "-tt", "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
                             "-o", "UserKnownHostsFile=\(panel.knownHosts)", "-o", "GlobalKnownHostsFile=/dev/null",
                             "-o", "StrictHostKeyChecking=yes", "-o", "LogLevel=ERROR", "-i", panel.key(key ?? login),
                             "-p", port, "\(login)@127.0.0.1"]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let descriptor = output.fileHandleForReading.fileDescriptor
        Thread.detachNewThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = read(descriptor, &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                lock.withLock { received += buffer[0..<count] }
            }
        }
    }

    /// All it received, as text.
    var text: String { lock.withLock { String(decoding: received, as: UTF8.self) } }
    var count: Int { lock.withLock { received.count } }

    /// Types a line and Enter.
    func type(_ line: String) {
        try? input.fileHandleForWriting.write(contentsOf: Data((line + "\r").utf8))
    }

    /// Sends raw keys (Ctrl-D is "\u{04}").
    func keys(_ keys: String) {
        try? input.fileHandleForWriting.write(contentsOf: Data(keys.utf8))
    }

    /// Waits for `text` after the cursor and moves the cursor past it; returns what came
    /// between. Fails the test after 20 seconds.
    @discardableResult
    func expect(_ text: String, timeout: Double = 20, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let needle = Array(text.utf8)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let found: (Int, String)? = lock.withLock {
                guard received.count >= cursor + needle.count else { return nil }
                var index = cursor
                while index + needle.count <= received.count {
                    if received[index] == needle[0] && Array(received[index..<(index + needle.count)]) == needle {
                        let between = String(decoding: received[cursor..<index], as: UTF8.self)
                        return (index + needle.count, between)
                    }
                    index += 1
                }
                return nil
            }
            if let (end, between) = found {
                cursor = end
                return between
            }
            usleep(5_000)
        }
        let after = lock.withLock { String(decoding: received[min(cursor, received.count)...], as: UTF8.self) }
        Issue.record("\(login) did not receive '\(text)'; after the cursor: \(after.suffix(3000))",
                     sourceLocation: sourceLocation)
        throw CancellationError()
    }

    /// Types a command and waits for the next prompt after what it printed; returns the output.
    @discardableResult
    func run(_ line: String, expecting: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        type(line)
        let output = try expect(expecting, sourceLocation: sourceLocation)
        try expect(" › ", sourceLocation: sourceLocation)
        return output
    }

    /// Waits for ssh to end; its exit status, nil if it has not ended in `timeout` seconds.
    func waitForExit(timeout: Double = 20) -> Int32? {
        if let status { return status }
        status = EndToEndTests.waitForExit(process, timeout: timeout)
        return status
    }
    private var status: Int32?

    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        _ = waitForExit()
    }

    deinit { kill() }
}

/// A whole hosted interview with stock `ssh` clients: blind rating, reveal, roles, faults
/// and load, on 127.0.0.1.
@Suite(.serialized) struct HostedPanelTests {
    typealias Panel = HostTests.Panel

    static func hostArguments(_ panel: Panel, panelists: String, blind: Bool = true, candidateID: String = "C-7") -> [String] {
        ["lmi-intern", "--candidate", "A. Candidate", "--candidate-id", candidateID, "--panel", panelists,
         "--keys", panel.signers, "--listen", "127.0.0.1:0", "--transcripts", panel.transcripts] + (blind ? ["--blind"] : [])
    }

    /// A host on a free port with the panel's keys, its key in known_hosts; and its transcript.
    static func startHost(_ panel: Panel, panelists: String, blind: Bool = true, extra: [String] = []) throws -> (HostTests.RunningHost, port: String, path: String) {
        let host = try HostTests.RunningHost(hostArguments(panel, panelists: panelists, blind: blind) + extra, folder: panel.folder)
        let port = try host.port()
        let path = try host.transcriptPath()
        try panel.trustHost(port: port)
        return (host, port, path)
    }

    /// A panelist signed in and at their first prompt.
    static func signIn(_ login: String, as greeting: String, panel: Panel, port: String) throws -> SSHPanelist {
        let terminal = try SSHPanelist(login, panel: panel, port: port)
        try terminal.expect("Signed in as \(greeting).")
        try terminal.expect(" › ")
        return terminal
    }

    /// The transcript's events as JSON objects.
    static func events(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }

    static let items = ["inclusion", "integrity", "professionalism", "courage", "empathy", "teamwork", "results",
                        "knowledge", "accountability", "communication"]

    @Test func aBlindPanelOnThreeTerminalsFromStartToClose() throws {
        let panel = try Panel(logins: ["ana", "ben", "eva"])
        defer { try? FileManager.default.removeItem(at: panel.folder) }
        let (host, port, path) = try Self.startHost(panel, panelists: "Ana:chair:ana,Ben:member:ben,Eva:examiner:eva")

        let ana = try SSHPanelist("ana", panel: panel, port: port)
        try ana.expect("Signed in as Ana (chair).")
        try ana.expect("· Ana · ")
        let ben = try SSHPanelist("ben", panel: panel, port: port)
        try ben.expect("Signed in as Ben (member).")
        let eva = try SSHPanelist("eva", panel: panel, port: port)
        try eva.expect("Signed in as Eva (examiner).")
        try ana.expect("Ben joined from 127.0.0.1:")
        try ana.expect("Eva joined from 127.0.0.1:")

        // A line of 9,000 characters: keys past 8,192 bytes ring the bell, and Enter refuses it.
        ana.type("note " + String(repeating: "x", count: 9000))
        try ana.expect("error: the line is longer than 8192 bytes; it was not run (nothing was recorded)", timeout: 60)
        try ana.expect(" › ")

        // Roles, checked against the key each signed in with.
        try eva.run("score 3", expecting: "error: Eva is the examiner: the examiner records languages and notes and does not rate competencies; ratings, evidence and summaries are recorded by Ana or Ben\r\n")
        try ben.run("close", expecting: "error: only the chair (Ana) records a consensus, reveal, override, close or void, and changes the panel; Ben is a member\r\n")
        try ben.run("as Ana score 3", expecting: "error: you are signed in as Ben: each panelist records as themselves from their own terminal; 'as' is for a panel at one keyboard (assess interview)\r\n")
        try ben.run("reveal", expecting: "error: only the chair (Ana)")

        // Where each panelist's bytes stood when each item was revealed to them.
        var revealedAt: [String: [Int]] = ["ben": [], "eva": []]
        for (index, item) in Self.items.enumerated() {
            let (anaValue, benValue) = (index % 2 == 0 ? 3 : 4, index % 3 == 0 ? 2 : 3)
            try ana.run("score \(anaValue) ANA-EVIDENCE-\(index) for \(item)", expecting: "Recorded Ana's rating of \(item) (hidden until 'reveal').")
            try ben.expect("Ana rated \(item)")
            try ben.run("score \(benValue) BEN-EVIDENCE-\(index) for \(item)", expecting: "Recorded Ben's rating of \(item) (hidden until 'reveal').")
            try ana.expect("Ben rated \(item)")
            try ana.run("reveal", expecting: "Ratings of ")
            for viewer in [ben, eva] {
                try viewer.expect("Ana revealed the ratings of \(item)")
                revealedAt[viewer.login]?.append(viewer.cursor)
                try viewer.expect("ANA-EVIDENCE-\(index) for \(item)")
                try viewer.expect("BEN-EVIDENCE-\(index) for \(item)")
            }
            try ana.run("consensus \(anaValue) The panel agreed on item \(index + 1)", expecting: "Consensus on \(item)")
            try ana.run("summarize Summary of item \(index + 1) agreed by the panel", expecting: "Summary of \(item) saved")
            if index + 1 < Self.items.count {
                try ana.run("next", expecting: Self.items[index + 1])
                try ben.expect("Ana moved the panel to \(Self.items[index + 1]) (\(index + 2)/10)")
                try ben.expect("· \(Self.items[index + 1]) \(index + 2)/10 · Ben · ")
                try eva.expect("Ana moved the panel to \(Self.items[index + 1])")
            }
        }
        try eva.run("lang english oral C1 Fluent", expecting: "Recorded: english oral C1.")
        try eva.run("lang english written C1", expecting: "Recorded: english written C1.")
        try eva.run("lang fr oral C1", expecting: "Recorded: french oral C1.")
        try eva.run("lang fr written B2", expecting: "Recorded: french written B2.")
        try ana.expect("Eva recorded french written B2")
        try eva.run("status", expecting: "Connected: Ana, Ben, Eva\r\n")
        try ana.run("close", expecting: "Interview closed. Transcript: ")
        try ben.expect("Ana closed the interview")
        try ben.expect("To sign off the transcript with your SSH key, type 'endorse'.")
        try ben.expect("Ctrl-D leaves.")

        // Sign-off: each signs the text on "their own machine" with ssh-keygen and pastes the
        // signature; Ben's first paste is made with Ana's key, and refused.
        try Self.endorse(ben, panel: panel, withKey: "ana", expecting: "error: the signature was made with key \(try HostTests.fingerprint(panel.key("ana.pub"))), not the key you signed in with")
        for panelist in [ana, ben, eva] {
            try Self.endorse(panelist, panel: panel, withKey: panelist.login, expecting: "Endorsed: ")
        }
        try ana.expect("Eva endorsed the transcript (key \(try HostTests.fingerprint(panel.key("eva.pub"))))")
        try ana.run("endorse", expecting: "error: Ana has already endorsed this transcript (login ana)")

        // Blind means blind: before each reveal, nothing of the other's evidence or values.
        let benText = Array(ben.text.utf8), evaText = Array(eva.text.utf8)
        for index in Self.items.indices {
            let before = String(decoding: benText[..<revealedAt["ben"]![index]], as: UTF8.self)
            #expect(!before.contains("ANA-EVIDENCE-\(index) "), "Ben saw Ana's evidence on item \(index + 1) before the reveal")
            let evaBefore = String(decoding: evaText[..<revealedAt["eva"]![index]], as: UTF8.self)
            #expect(!evaBefore.contains("ANA-EVIDENCE-\(index) ") && !evaBefore.contains("BEN-EVIDENCE-\(index) "))
        }
        #expect(!ben.text.contains("Ana  3") || ben.text.components(separatedBy: "Ana  ").count - 1 <= Self.items.count)

        for panelist in [ana, ben, eva] { panelist.keys("\u{04}") }
        for panelist in [ana, ben, eva] { #expect(panelist.waitForExit() == 0) }
        // Closed, and everyone gone: the host ends by itself.
        #expect(waitForExit(host.process, timeout: 20) == 0)

        let verified = try runAssess(["verify", path, "--signers", panel.signers])
        #expect(verified.status == 0, "\(verified.output) \(verified.errors)")
        #expect(verified.output.hasSuffix("""
              Ana (login ana): endorsed, key \(try HostTests.fingerprint(panel.key("ana.pub")))
              Ben (login ben): endorsed, key \(try HostTests.fingerprint(panel.key("ben.pub")))
              Eva (login eva): endorsed, key \(try HostTests.fingerprint(panel.key("eva.pub")))

            """))
        let events = try Self.events(path)
        let fingerprints = ["Ana": try HostTests.fingerprint(panel.key("ana.pub")), "Ben": try HostTests.fingerprint(panel.key("ben.pub")),
                            "Eva": try HostTests.fingerprint(panel.key("eva.pub"))]
        for event in events {
            let by = event["by"] as? String ?? "", type = event["type"] as? String ?? ""
            let payload = event
            switch type {
            case "scored":
                let evidence = payload["evidence"] as? String ?? ""
                #expect(evidence.hasPrefix(by.uppercased() + "-EVIDENCE-"), "\(event)")
            case "joined":
                #expect(payload["fingerprint"] as? String == fingerprints[by], "\(event)")
            case "language":
                #expect(by == "Eva")
            case "revealed", "consensus", "closed", "moved":
                #expect(by == "Ana")
            default:
                break
            }
        }
        #expect(events.filter { $0["type"] as? String == "scored" }.count == 20)
        #expect(events.filter { $0["type"] as? String == "joined" }.count == 3)
        #expect(!events.contains { $0["type"] as? String == "note" })
        #expect(events.suffix(4).map { $0["type"] as? String } == ["closed", "endorsed", "endorsed", "endorsed"])
    }

    /// `endorse` at `panelist`'s terminal: the text it prints signed with `key` by ssh-keygen,
    /// as on the panelist's own machine, and the signature pasted back a line at a time.
    static func endorse(_ panelist: SSHPanelist, panel: Panel, withKey key: String, expecting: String) throws {
        panelist.type("endorse")
        try panelist.expect("You endorse this text, which names the transcript through its 'closed' line:\r\n\r\n")
        let block = try panelist.expect("\r\n\r\nOn your own machine")
        let message = block.components(separatedBy: "\r\n").map { String($0.dropFirst(2)) }.joined(separator: "\n") + "\n"
        try panelist.expect("signature › ")
        let file = panel.key("message-\(panelist.login)-\(key)")
        try message.write(toFile: file, atomically: false, encoding: .utf8)
        try? FileManager.default.removeItem(atPath: file + ".sig")
        let signed = try HostTests.run("/usr/bin/ssh-keygen", ["-q", "-Y", "sign", "-f", panel.key(key), "-n", "assess-endorsement", file])
        try #require(signed.status == 0, "\(signed.errors)")
        for line in try String(contentsOfFile: file + ".sig", encoding: .utf8).split(separator: "\n") { panelist.type(String(line)) }
        try panelist.expect(expecting)
        try panelist.expect(" › ")
    }

    /// A panelist's line dropped mid-command, then the host killed outright: nothing
    /// acknowledged is lost, nothing is recorded twice, and everyone gets back in.
    @Test func dropsAndAKilledHostLoseNothingAcknowledged() throws {
        let panel = try Panel()
        defer { try? FileManager.default.removeItem(at: panel.folder) }
        let (host, port, path) = try Self.startHost(panel, panelists: "Ana:chair:ana,Ben:member:ben")
        let ana = try Self.signIn("ana", as: "Ana (chair)", panel: panel, port: port)
        let ben = try Self.signIn("ben", as: "Ben (member)", panel: panel, port: port)
        try ana.run("score 3 ANA-ACKED on inclusion", expecting: "Recorded Ana's rating of inclusion")

        // Ben's ssh killed just as he presses Enter: recorded at most once, and he is told.
        ben.type("score 2 BEN-LAST on inclusion")
        ben.kill()
        try ana.expect("Ben left")
        let back = try SSHPanelist("ben", panel: panel, port: port)
        let welcome = try back.expect("Signed in as Ben (member).")
        let after = try back.expect(" › ")
        let bensScores = try Self.events(path).filter { $0["type"] as? String == "scored" && $0["by"] as? String == "Ben" }
        #expect(bensScores.count <= 1)
        #expect(after.contains("Your last recording: Ben's rating of inclusion (hidden)") == (bensScores.count == 1), "\(welcome)\(after)")
        if bensScores.isEmpty {
            try back.run("score 2 BEN-AGAIN on inclusion", expecting: "Recorded Ben's rating of inclusion")
        }
        try ana.run("reveal", expecting: "Ratings of ")
        try ana.run("consensus 3 Agreed", expecting: "Consensus on inclusion")
        try ana.run("next", expecting: "integrity")
        try back.expect("Ana moved the panel to integrity (2/10)")
        // A panelist goes back to an item alone; the panel stays where the chair is.
        back.type("goto inclusion")
        try back.expect("· inclusion 1/10 · Ben · ")

        // The host is killed outright, then served again on the same port with the same key.
        kill(host.process.processIdentifier, SIGKILL)
        for _ in 0..<1000 where host.process.isRunning { usleep(10_000) }
        #expect(ana.waitForExit() != nil)
        #expect(back.waitForExit() != nil)
        let acknowledged = try Self.events(path).map { $0["seq"] as? Int ?? 0 }
        let resumed = try HostTests.RunningHost(["--resume", path, "--keys", panel.signers, "--listen", "127.0.0.1:\(port)"], folder: panel.folder)
        #expect(try resumed.port() == port)
        let ana2 = try SSHPanelist("ana", panel: panel, port: port)
        try ana2.expect("Signed in as Ana (chair).")
        let anaWelcome = try ana2.expect(" › ")
        #expect(anaWelcome.contains("Your last recording: the consensus on inclusion"), "\(anaWelcome)")
        #expect(anaWelcome.contains("· integrity 2/10 · Ana · "))
        let ben2 = try SSHPanelist("ben", panel: panel, port: port)
        try ben2.expect("Signed in as Ben (member).")
        try ben2.run("score 3 BEN-AFTER on integrity", expecting: "Recorded Ben's rating of integrity")
        try ana2.expect("Ben rated integrity")

        let events = try Self.events(path)
        // Every event acknowledged before the kill is still there, in order, and the chain verifies.
        #expect(Array(events.map { $0["seq"] as? Int ?? 0 }.prefix(acknowledged.count)) == acknowledged)
        #expect(events.contains { $0["type"] as? String == "resumed" })
        #expect(events.filter { ($0["evidence"] as? String ?? "").hasPrefix("ANA-ACKED") }.count == 1)
        let verified = try runAssess(["verify", path])
        #expect(verified.status == 0, "\(verified.output) \(verified.errors)")
        resumed.stop()
    }

    /// Five panelists each record 200 ratings, with evidence, as fast as they can, at once.
    @Test func fivePanelistsRecordAThousandRatingsAtOnce() throws {
        let logins = ["p1", "p2", "p3", "p4", "p5"]
        let panel = try Panel(logins: logins)
        defer { try? FileManager.default.removeItem(at: panel.folder) }
        let panelists = logins.enumerated().map { "P\($0.offset + 1):\($0.offset == 0 ? "chair" : "member"):\($0.element)" }.joined(separator: ",")
        let host = try HostTests.RunningHost(Self.hostArguments(panel, panelists: panelists, blind: false), folder: panel.folder)
        let port = try host.port()
        let path = try host.transcriptPath()
        try panel.trustHost(port: port)
        let terminals = try logins.map { login in try SSHPanelist(login, panel: panel, port: port) }
        for terminal in terminals {
            try terminal.expect("Signed in as ")
            try terminal.expect(" › ")
        }
        let failures = LockedCounter()
        DispatchQueue.concurrentPerform(iterations: terminals.count) { index in
            let terminal = terminals[index]
            for count in 1...200 {
                terminal.type("score \(count % 4 + 1) \(terminal.login)-EVIDENCE-\(count)")
                do {
                    try terminal.expect("Recorded")
                    try terminal.expect(" › ")
                } catch {
                    failures.add()
                    return
                }
            }
        }
        #expect(failures.value == 0)
        let scores = try Self.events(path).filter { $0["type"] as? String == "scored" }
        #expect(scores.count == 1000)
        for login in logins {
            let evidence = scores.compactMap { $0["evidence"] as? String }.filter { $0.hasPrefix(login + "-EVIDENCE-") }
            #expect(evidence == (1...200).map { "\(login)-EVIDENCE-\($0)" })
        }
        let verified = try runAssess(["verify", path])
        #expect(verified.status == 0, "\(verified.output) \(verified.errors)")
        host.stop()
    }

    /// Exec, subsystems and forwarding of every kind are refused; an idle connection is
    /// closed.
    @Test func whatIsNotTheShellIsRefused() throws {
        let panel = try Panel()
        defer { try? FileManager.default.removeItem(at: panel.folder) }
        let host = try HostTests.RunningHost(Self.hostArguments(panel, panelists: "Ana:chair:ana,Ben:member:ben") + ["--idle-timeout", "3"],
                                             folder: panel.folder)
        let port = try host.port()
        try panel.trustHost(port: port)
        let exec = try panel.ssh("ana", key: "ana", port: port, command: ["cat", "/etc/passwd"])
        #expect(exec.status == 255)
        #expect(exec.output == "")
        #expect(exec.errors == "exec request failed on channel 0\r\n")
        let subsystem = try panel.ssh("ana", key: "ana", port: port, ["-s"], command: ["sftp"])
        #expect(subsystem.status == 255)
        #expect(subsystem.errors == "subsystem request failed on channel 0\r\n")
        let local = try panel.ssh("ana", key: "ana", port: port, ["-W", "127.0.0.1:22"])
        #expect(local.status == 255)
        #expect(local.output == "")
        let remote = try panel.ssh("ana", key: "ana", port: port, ["-N", "-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:22"])
        #expect(remote.status == 255)
        #expect(remote.errors.contains("remote port forwarding failed"), "\(remote.errors)")

        let ana = try SSHPanelist("ana", panel: panel, port: port)
        try ana.expect("Signed in as Ana (chair).")
        try ana.expect(" › ")
        try ana.run("note A short note", expecting: "Note saved.")
        // Ctrl-\, Ctrl-C and Ctrl-Z typed while a command runs neither kill nor stop the terminal.
        // (The keys land at every moment from Enter on, so some while the host answers.)
        for delay in 0..<40 {
            ana.type("status")
            usleep(UInt32(delay * 250))
            ana.keys(["\u{1C}", "\u{03}", "\u{1A}"][delay % 3])
        }
        try ana.run("note Still here", expecting: "Note saved.")
        // Busy for longer than the timeout: not idle.
        for _ in 0..<4 {
            usleep(1_200_000)
            try ana.run("items", expecting: "communication")
        }
        // Then Ana types nothing while Ben is busy (and the news of it reaches her): only Ana's
        // connection is closed, after three seconds.
        let ben = try Self.signIn("ben", as: "Ben (member)", panel: panel, port: port)
        for _ in 0..<6 {
            usleep(1_000_000)
            try ben.run("note Busy", expecting: "Note saved.")
        }
        try ben.run("note Still busy", expecting: "Note saved.")
        #expect(host.text.contains("(ana): idle too long") && !host.text.contains("(ben): idle too long"), "\(host.text)")
        #expect(ana.waitForExit(timeout: 20) == 255)
        let notes = try Self.events(try host.transcriptPath()).filter { $0["type"] as? String == "note" }
        #expect(notes.count == 9)
        host.stop()
        #expect(host.text.contains("refused exec from ana at 127.0.0.1:"))
        #expect(host.text.contains("refused subsystem sftp from ana at 127.0.0.1:"))
        #expect(host.text.contains("): idle too long"))
        #expect(host.text.contains("left Ana: dropped the connection"))
    }

    /// The chair takes a connected panelist who has recorded nothing off the panel: their
    /// session ends, and the transcript stays sound.
    @Test func aPanelistTakenOffThePanelIsLetGo() throws {
        let panel = try Panel(logins: ["ana", "ben", "eva"])
        defer { try? FileManager.default.removeItem(at: panel.folder) }
        let (host, port, path) = try Self.startHost(panel, panelists: "Ana:chair:ana,Ben:member:ben,Eva:examiner:eva")
        let ana = try Self.signIn("ana", as: "Ana (chair)", panel: panel, port: port)
        let eva = try Self.signIn("eva", as: "Eva (examiner)", panel: panel, port: port)
        try ana.run("panel remove Eva", expecting: "Removed Eva from the panel.")
        try eva.expect("Ana removed Eva from the panel")
        try eva.expect("You are no longer on the panel.")
        #expect(eva.waitForExit() == 0)
        // Signing in again: turned away at the door.
        let again = try panel.ssh("eva", key: "eva", port: port)
        #expect(again.status == 255)
        #expect(again.output == "")
        #expect(again.errors == "eva@127.0.0.1: Permission denied (publickey).\r\n")
        try ana.run("status", expecting: "Connected: Ana; not connected: Ben")
        let verified = try runAssess(["verify", path])
        #expect(verified.status == 0, "\(verified.output) \(verified.errors)")
        let events = try Self.events(path)
        #expect(!events.contains { $0["type"] as? String == "left" && $0["by"] as? String == "Eva" })
        host.stop()
        #expect(host.text.contains("refused eva from 127.0.0.1:"))
        #expect(host.text.contains(": no longer on the panel\n"))
    }
}

final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func add() { lock.withLock { count += 1 } }
}


