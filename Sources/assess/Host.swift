import ArgumentParser
import AssessmentKit
import Foundation
import PanelHost

struct Host: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "host",
        abstract: "Serve an interview over SSH: each panelist joins from their own terminal (work in progress).",
        discussion: """
            Each panelist signs in with a stock OpenSSH client, ssh -p PORT LOGIN@HOST, and their SSH key: \
            only a key that --keys (an OpenSSH allowed_signers file) lists for a panelist's login gets in; \
            password and keyboard-interactive sign-in are never offered. On this branch a panelist who gets in \
            sees one greeting line and the session ends: the panel's shell is not served yet.

            The host prints a log: first 'listening on ADDR:PORT' and the host key's fingerprint as \
            ssh-keygen -l prints it, then one line per join, leave or refusal. The host key is made on first \
            use (mode 0600) in <transcripts>/<assessment>/.host-key, or at --host-key PATH, and reused after, so \
            the panel's known_hosts stays valid.

            Examples:
              assess host lmi-intern --candidate "A. Candidate" --candidate-id C-0042 --panel "Ana:chair:ana,Ben:member:ben" --keys signers --listen 127.0.0.1:2222
            """
    )

    @Argument(help: ArgumentHelp("Assessment name (e.g. lmi-intern) or path to its YAML file.", valueName: "ASSESSMENT"))
    var assessment: String?

    @Option(help: ArgumentHelp("The candidate's name.", valueName: "NAME"))
    var candidate: String

    @Option(name: .customLong("candidate-id"), help: ArgumentHelp("The candidate's id, used in the transcript's file name.", valueName: "ID"))
    var candidateID: String

    @Option(help: ArgumentHelp("The panel as Name:role:login entries, e.g. \"Ana:chair:ana,Ben:member:ben\"; the login is the one in --keys.",
                               valueName: "PANEL"))
    var panel: String

    @Option(help: ArgumentHelp("OpenSSH allowed_signers file: 'LOGIN[,LOGIN…] [OPTIONS] KEYTYPE BASE64 [COMMENT]' per line, ed25519 or ECDSA keys; no one else may write it.",
                               valueName: "FILE"))
    var keys: String

    @Option(help: ArgumentHelp("Address and port to listen on, e.g. 127.0.0.1:2222 (port 0 picks a free one); every interface only if named: 0.0.0.0:2222.",
                               valueName: "ADDR:PORT"))
    var listen: String

    @Flag(help: "Blind mode: ratings stay hidden until every panelist has rated the item.")
    var blind = false

    @Option(name: .customLong("host-key"), help: ArgumentHelp("The host's key file (default <transcripts>/<assessment>/.host-key), made on first use.",
                                                              valueName: "PATH"))
    var hostKey: String?

    @OptionGroup var transcripts: TranscriptFolderOption

    @OptionGroup var lookup: AssessmentLookupOptions

    func run() throws {
        // Stopped by a signal, the host just ends: this slice writes no transcript yet.
        SignalCleanup.unblock()
        let loaded = try orFail { try lookup.catalog.assessment(assessment ?? AssessmentCatalog.defaultAssessmentID).0 }
        let candidate = try orFail { try Candidate.entered(name: self.candidate, id: candidateID) }
        let panelists = try orFail({ try PanelParser.parse(panel, roles: loaded.panel.roles) }, message: { "--panel: \($0)" })
        let signers = try orFail { try AllowedSigners.load(path: keys) }
        let admission = try orFail { try PanelAdmission(panel: panelists, signers: signers, keysPath: keys) }
        let address = try orFail { try ListenAddress(parsing: listen) }
        let keyPath = try hostKeyPath(assessment: loaded.id)
        let (key, _) = try orFail { try HostKey.loadOrCreate(at: keyPath) }

        let about = "the panel interviewing \(candidate.name) for \(loaded.id)" + (blind ? ", blind" : "")
        let greeting = { @Sendable (panelist: Panelist) in
            "Hello \(panelist.name) (\(panelist.role)): you are signed in to \(about)."
                + " The panel's shell is not served yet on this branch; this session ends here."
        }
        let server = try orFail {
            try PanelServer(PanelServer.Configuration(hostKey: key, listen: address, admit: { login, key in
                switch admission.admit(login: login, key: key) {
                case .admitted(let panelist): return .admitted(greeting: SafeText.visible(greeting(panelist)))
                case .refused(let reason): return .refused(reason)
                }
            }, log: hostLog))
        }
        hostLog("listening on \(address.host.contains(":") ? "[\(address.host)]" : address.host):\(server.port)")
        hostLog(key.fingerprintLine)
        try orFail { try server.wait() }
    }

    /// `--host-key`, else `.host-key` in the assessment's transcript folder, made private
    /// if it is new.
    func hostKeyPath(assessment: String) throws -> String {
        if let hostKey { return hostKey }
        let folder = InterviewSession.transcriptFolder(option: transcripts.directory, environment: environment) + "/" + assessment
        if let failure = Platform.makePrivateFolders(folder) {
            throw fail("cannot create \(folder) for the host key: \(SystemError(code: failure))")
        }
        return folder + "/.host-key"
    }
}

/// One log line on standard output, written at once (the log is read while the host runs),
/// with control characters shown visibly: logins come from the network.
@Sendable func hostLog(_ line: String) {
    try? Platform.writeAll(STDOUT_FILENO, SafeText.visible(line) + "\n")
}
