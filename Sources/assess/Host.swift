import ArgumentParser
import AssessShell
import AssessmentKit
import Foundation
import LineEditing
import PanelHost

struct Host: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "host",
        abstract: "Serve an interview over SSH: each panelist joins from their own terminal.",
        discussion: """
            Each panelist signs in with a stock OpenSSH client, ssh -t -p PORT LOGIN@HOST, and their SSH key, \
            and gets the interview shell for themselves alone: their ratings are theirs (no 'as'), the chair's \
            next and goto move the whole panel, and what others record shows above the prompt. Only a key that \
            --keys (an OpenSSH allowed_signers file) lists for a panelist's login gets in; password and \
            keyboard-interactive sign-in are never offered.

            The host prints a log: first 'listening on ADDR:PORT' and the host key's fingerprint as \
            ssh-keygen -l prints it, then one line per join, leave, event or refusal. The host key is made on \
            first use (mode 0600) in <transcripts>/<assessment>/.host-key, or at --host-key PATH, and reused \
            after, so the panel's known_hosts stays valid. Ctrl-C (or SIGTERM) stops the host and leaves the \
            interview open; --resume serves it again. Once the interview is closed and the last panelist has \
            left, the host exits.

            Examples:
              assess host lmi-intern --candidate "A. Candidate" --candidate-id C-0042 --panel "Ana:chair:ana,Ben:member:ben" --keys signers --listen 127.0.0.1:2222
              assess host --resume Transcripts/lmi-intern/2026-12-01-C-0042.jsonl --keys signers --listen 127.0.0.1:2222
            """
    )

    @Argument(help: ArgumentHelp("Assessment name (e.g. lmi-intern) or path to its YAML file.", valueName: "ASSESSMENT"))
    var assessment: String?

    @Option(help: ArgumentHelp("The candidate's name.", valueName: "NAME"))
    var candidate: String?

    @Option(name: .customLong("candidate-id"), help: ArgumentHelp("The candidate's id, used in the transcript's file name.", valueName: "ID"))
    var candidateID: String?

    @Option(help: ArgumentHelp("The panel as Name:role:login entries, e.g. \"Ana:chair:ana,Ben:member:ben\"; the login is the one in --keys.",
                               valueName: "PANEL"))
    var panel: String?

    @Option(help: ArgumentHelp("OpenSSH allowed_signers file: 'LOGIN[,LOGIN…] [OPTIONS] KEYTYPE BASE64 [COMMENT]' per line, ed25519 or ECDSA keys; no one else may write it.",
                               valueName: "FILE"))
    var keys: String

    @Option(help: ArgumentHelp("Address and port to listen on, e.g. 127.0.0.1:2222 (port 0 picks a free one); every interface only if named: 0.0.0.0:2222.",
                               valueName: "ADDR:PORT"))
    var listen: String

    @Flag(help: "Blind mode: ratings stay hidden until every panelist has rated the item.")
    var blind = false

    @Option(help: ArgumentHelp("Serve an interview that was left open (its panel, with their logins, comes from the transcript).", valueName: "TRANSCRIPT"))
    var resume: String?

    @Option(name: .customLong("host-key"), help: ArgumentHelp("The host's key file (default .host-key in the transcript's folder), made on first use.",
                                                              valueName: "PATH"))
    var hostKey: String?

    @Option(name: .customLong("idle-timeout"), help: ArgumentHelp("Close a connection with nothing from its panelist for this many seconds (default 1800).",
                                                                  valueName: "SECONDS"))
    var idleTimeout: Int = 1800

    @OptionGroup var transcripts: TranscriptFolderOption

    @OptionGroup var lookup: AssessmentLookupOptions

    func validate() throws {
        if resume != nil && (assessment != nil || candidate != nil || candidateID != nil || panel != nil || blind) {
            throw ValidationError("--resume serves a transcript as it was; don't combine it with an assessment, --candidate, --candidate-id, --panel or --blind")
        }
        if resume == nil {
            if candidate == nil { throw ValidationError("Missing expected argument '--candidate <NAME>' (or --resume TRANSCRIPT)") }
            if candidateID == nil { throw ValidationError("Missing expected argument '--candidate-id <ID>'") }
            if panel == nil { throw ValidationError("Missing expected argument '--panel <PANEL>'") }
        }
        guard idleTimeout > 0 else { throw ValidationError("--idle-timeout takes a number of seconds above 0") }
    }

    func run() throws {
        SignalCleanup.unblock()
        let signers = try orFail { try AllowedSigners.load(path: keys) }
        let address = try orFail { try ListenAddress(parsing: listen) }
        // The host key is read (or made) before a new transcript is: a key that cannot be used
        // then leaves no open interview behind.
        var key: HostKey?
        let session = try openSession { folder in
            key = try orFail { try HostKey.loadOrCreate(at: hostKeyPath(folder: folder)) }.0
        }
        let state = session.state
        let admission = try orFail { try PanelAdmission(panel: state.panel, signers: signers, keysPath: keys) }
        guard let key else { throw fail("no host key") }
        let stopping = StopRequest()
        // Ctrl-C and SIGTERM stop the host, not the interview: panelists are told, then let go.
        // The signals are blocked before any other thread starts, so all inherit that, and
        // one thread waits for them (a dispatch source missed them in the static build).
        // SIGHUP (the host's own terminal closed) too. A second signal stops at once: all
        // that was acknowledged is on disk already.
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        for stopSignal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&stopSignals, stopSignal) }
        pthread_sigmask(SIG_BLOCK, &stopSignals, nil)
        let waited = stopSignals
        let panelBox = PanelBox()
        Thread.detachNewThread {
            var set = waited, received: Int32 = 0, count = 0
            while true {
                guard sigwait(&set, &received) == 0 else { continue }
                count += 1
                if count > 1 {
                    hostLog("host stopped at once by a second signal; the interview stays open")
                    HostLog.flush()
                    _exit(1)
                }
                panelBox.panel?.stopAll(message: "The host is stopping; the interview stays open, and nothing recorded is lost.")
                stopping.stop(reason: "stopped by a signal")
            }
        }
        let panel = HostedPanel(session: session, log: hostLog, finished: { stopping.stop(reason: nil) })
        let server = try orFail {
            try PanelServer(PanelServer.Configuration(
                hostKey: key, listen: address,
                admit: { login, key in
                    switch admission.admit(login: login, key: key) {
                    case .admitted:
                        return panel.isOnPanel(login: login) ? .admitted : .refused("no longer on the panel")
                    case .refused(let reason): return .refused(reason)
                    }
                },
                serve: { visitor, link in
                    panel.serve(login: visitor.login, connection: PanelConnection(fingerprint: visitor.fingerprint, address: visitor.address), link: link)
                },
                terminalProgram: ["/proc/self/exe", "panel-terminal"],
                idleTimeout: .seconds(Int64(idleTimeout)), log: hostLog))
        }
        stopping.server = server
        panelBox.panel = panel
        let bound = "\(address.host.contains(":") ? "[\(address.host)]" : address.host):\(server.port)"
        hostLog("listening on \(bound)")
        hostLog(key.fingerprintLine)
        hostLog("serving \(state.assessment.id) · \(SafeText.visible(state.candidate.name)) · transcript \(session.path)")
        signal(SIGPIPE, SIG_IGN)
        try orFail { try server.wait() }
        defer { HostLog.flush() }
        // Panelists still connected get a moment to be let go, with their 'left' recorded;
        // then the transcript is closed under the panel's lock.
        panel.close(waitingUpTo: 3)
        server.shutDown()
        if !panel.hasEnded {
            hostLog("the interview stays open; serve it again with: assess host --resume \(session.path) --keys \(keys) --listen \(bound)")
        }
    }

    /// The interview: a new one, or the one `--resume` names.
    /// `prepare` gets the transcript's folder before anything is written to it.
    func openSession(prepare: (String) throws -> Void) throws -> InterviewSession {
        if let resume {
            try prepare((resume as NSString).deletingLastPathComponent)
            do {
                let (session, resumption) = try InterviewSession.resume(path: resume)
                if let line = resumption.repairedTornLine {
                    hostLog("note: line \(line) of \(resume) was cut off while being written; it was removed, and every event before it is intact")
                }
                return session
            } catch {
                throw fail("\(error)")
            }
        }
        let loaded = try orFail { try lookup.catalog.assessment(assessment ?? AssessmentCatalog.defaultAssessmentID).0 }
        let candidate = try orFail { try Candidate.entered(name: self.candidate ?? "", id: candidateID) }
        let panelists = try orFail({ try PanelParser.parse(panel ?? "", roles: loaded.panel.roles) }, message: { "--panel: \($0)" })
        let folder = InterviewSession.transcriptFolder(option: transcripts.directory, environment: environment)
        if let id = candidate.id, let open = InterviewSession.openInterviews(folder: folder, assessment: loaded.id, candidateID: id).last {
            throw fail("\(candidate.name) (\(id)) already has an open \(loaded.id) interview, \(open.path); serve it with: assess host --resume \(open.path) --keys \(keys) --listen \(listen)")
        }
        let started = Started(mode: .interview, assessment: loaded, candidate: candidate, panel: panelists,
                              blind: blind || loaded.rules.blind)
        // The keys are checked before anything is written.
        let signers = try orFail { try AllowedSigners.load(path: keys) }
        _ = try orFail { try PanelAdmission(panel: panelists, signers: signers, keysPath: keys) }
        let assessmentFolder = folder + "/" + loaded.id
        if let failure = Platform.makePrivateFolders(assessmentFolder) {
            throw fail("cannot create \(assessmentFolder): \(SystemError(code: failure))")
        }
        try prepare(assessmentFolder)
        return try orFail { try InterviewSession.start(started, folder: folder) }
    }

    /// `--host-key`, else `.host-key` in the transcript's folder.
    func hostKeyPath(folder: String) throws -> String {
        hostKey ?? folder + "/.host-key"
    }
}

/// The hosted panel, for the signal thread that starts before it exists.
final class PanelBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: HostedPanel?
    var panel: HostedPanel? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// Stops the listener once, for a signal or because the interview ended and everyone left.
final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    var server: PanelServer? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
    private var stored: PanelServer?
    private var stopped = false

    func stop(reason: String?) {
        let server: PanelServer? = lock.withLock {
            guard !stopped else { return nil }
            stopped = true
            return stored
        }
        if let reason { hostLog("host stopping: \(reason)") }
        server?.stop()
    }
}

/// A panelist's terminal in a hosted interview, started by the host (not by hand): libedit on
/// the pseudo-terminal on 0-2, the host on descriptor 3.
struct PanelTerminal: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "panel-terminal", shouldDisplay: false)

    func run() throws {
        let status = LinkedTerminal.run(link: TerminalLink(descriptor: 3))
        if status != 0 { throw ExitCode(status) }
    }
}

/// One log line on standard output, with control characters shown visibly (logins come
/// from the network). Written by a thread of its own, so a slow or paused terminal never
/// holds up the panel or the SSH side; past 10,000 lines waiting, lines are counted, not kept.
@Sendable func hostLog(_ line: String) {
    HostLog.shared.add(SafeText.visible(line) + "\n")
}

final class HostLog: @unchecked Sendable {
    static let shared = HostLog()
    private let queue = DispatchQueue(label: "assess.host-log")
    private let lock = NSLock()
    private var waiting = 0
    private var dropped = 0

    func add(_ text: String) {
        let keep: Bool = lock.withLock {
            guard waiting < 10_000 else {
                dropped += 1
                return false
            }
            waiting += 1
            return true
        }
        guard keep else { return }
        queue.async { [self] in
            let lost = lock.withLock { () -> Int in
                waiting -= 1
                defer { dropped = 0 }
                return dropped
            }
            if lost > 0 { try? Platform.writeAll(STDOUT_FILENO, "(\(lost) log lines dropped: the log was not being read)\n") }
            try? Platform.writeAll(STDOUT_FILENO, text)
        }
    }

    /// Waits until every line so far is written.
    static func flush() { shared.queue.sync {} }
}
