import ArgumentParser
import AssessmentKit
import Foundation

struct Endorse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "endorse",
        abstract: "Sign off a closed transcript with your SSH key, as one panelist.",
        discussion: """
            Appends an 'endorsed' event: your OpenSSH signature (SSHSIG, namespace \(EndorsementMessage.namespace)) of a \
            short text naming the transcript's SHA-256 through its 'closed' line, its line count, the assessment, \
            the candidate id, you and your login. HR checks it with 'assess verify --signers FILE', or with \
            'ssh-keygen -Y verify' and no assess at all.
            Signs through ssh-agent by default (SSH_AUTH_SOCK; name the key with --key FILE.pub if the agent holds \
            several), or with --key FILE (an unencrypted private key). Or print the text with --print-message, sign \
            it elsewhere with 'ssh-keygen -Y sign -f KEY -n \(EndorsementMessage.namespace) FILE', and give the \
            signature with --signature FILE.
            Refused: a transcript not closed, damaged or in use; a login not on the panel; a second endorsement; \
            a signature that does not sign the text.
            """)

    @Argument(help: ArgumentHelp("The closed transcript.", valueName: "TRANSCRIPT"))
    var transcript: String

    @Option(help: ArgumentHelp("Your login, as in the panel and in HR's allowed_signers file.", valueName: "LOGIN"))
    var login: String

    @Option(name: .customLong("as"),
            help: ArgumentHelp("Your name on the panel: needed where the panel was recorded without logins (at one keyboard).", valueName: "NAME"))
    var name: String?

    @Option(help: ArgumentHelp("Sign with this key: an unencrypted OpenSSH private key, or a public key (.pub) the agent holds.", valueName: "FILE"))
    var key: String?

    @Option(help: ArgumentHelp("A signature made with 'ssh-keygen -Y sign -n \(EndorsementMessage.namespace)' of the --print-message text.", valueName: "FILE"))
    var signature: String?

    @Flag(name: .customLong("print-message"), help: "Print the text to sign, and record nothing.")
    var printMessage = false

    func validate() throws {
        if [key != nil, signature != nil, printMessage].filter({ $0 }).count > 1 {
            throw ValidationError("give one of --key, --signature and --print-message")
        }
    }

    func run() throws {
        // An agent that hangs up as it is written to is an error to report, not a death.
        signal(SIGPIPE, SIG_IGN)
        let clock = try orFail { try ScriptedClock.fromEnvironment(environment) }
        // Prepared and signed without the lock: an agent may wait for a confirmation, and
        // what is signed cannot change once the interview is closed. All is checked again
        // under the lock before the endorsement is written.
        let closed = try orFail { try InterviewSession.readToEndorse(path: transcript) }
        let panelist = try orFail { try closed.state.endorser(login: login, name: name) }
        let message = try orFail { try closed.state.endorsementMessage(panelist: panelist, login: login, path: transcript) }
        if printMessage {
            // Exactly the bytes to sign: names with control characters were refused above.
            try? Platform.writeAll(STDOUT_FILENO, Array(message.text.utf8))
            writeError("To endorse: sign the text on your own machine with 'ssh-keygen -Y sign -f KEY -n \(EndorsementMessage.namespace) FILE', "
                + "then run: assess endorse \(shellQuoted(transcript)) --login \(login)\(name.map { " --as " + shellQuoted($0) } ?? "") --signature FILE.sig\n")
            return
        }
        let signed = try orFail { try sign(message) }
        let (session, reopened) = try orFail { try InterviewSession.reopenToEndorse(path: transcript, clock: clock) }
        defer { session.close() }
        if let torn = reopened.tornLine {
            complain("line \(torn) of \(transcript) was torn (an endorsement interrupted as it was written) and is cut off", level: "note")
        }
        let event = try orFail { try session.endorse(panelist: panelist, login: login, signature: signed) }
        say("Endorsed: \(panelist) (login \(login)) with key \(SSHKeyType.fingerprint(of: signed.publicKey)); event \(event.seq) of \(session.path)")
    }

    /// The signature of `message`: from --signature, --key, or the agent.
    private func sign(_ message: EndorsementMessage) throws -> SSHSignature {
        let text = Array(message.text.utf8)
        if let signature {
            return try SSHSignature(armored: try readSmallFile(signature))
        }
        var agentKey: [UInt8]?
        if let key {
            let contents = try readSmallFile(key)
            if contents.contains(SSHPrivateKey.begin) {
                // As ssh does: a private key others can read is no longer only yours.
                var info = stat()
                if stat(key, &info) == 0, info.st_mode & 0o077 != 0 {
                    throw Problem("the permissions \(String(info.st_mode & 0o777, radix: 8)) of \(key) let others read your private key: 'chmod 600 \(key)' first")
                }
                switch Result(catching: { () throws(SSHKeyFileError) -> SSHPrivateKey in try SSHPrivateKey(openSSH: contents) }) {
                case .success(let privateKey):
                    return try SSHSignature.sign(text, namespace: EndorsementMessage.namespace, with: privateKey)
                case .failure(let error):
                    // An encrypted key's public part is in the clear: the agent may hold the key.
                    guard error == .encrypted, SSHAgent(environment: environment) != nil,
                          let publicKey = SSHPrivateKey.publicKey(openSSH: contents) else {
                        throw Problem("\(key): \(error)")
                    }
                    agentKey = publicKey
                }
            } else if let publicKey = SSHKeyType.key(text: contents.trimmingCharacters(in: .whitespacesAndNewlines)) {
                agentKey = publicKey
            } else {
                throw Problem("\(key) is neither an OpenSSH private key nor an ed25519 or ECDSA public key")
            }
        }
        guard let agent = SSHAgent(environment: environment) else {
            throw Problem("no ssh-agent (SSH_AUTH_SOCK is not set): sign with --key FILE, or with --print-message and --signature FILE")
        }
        let chosen = try agentKey ?? onlyUsableKey(of: agent)
        switch Result(catching: { () throws(SSHAgentError) -> SSHSignature in
            try agent.sign(text, namespace: EndorsementMessage.namespace, publicKey: chosen)
        }) {
        case .success(let signature): return signature
        case .failure(.refused) where key != nil:
            let file = key ?? ""
            throw Problem("ssh-agent does not hold the key of \(file): add it with 'ssh-add \(file.hasSuffix(".pub") ? String(file.dropLast(4)) : file)'")
        case .failure(let error): throw error
        }
    }

    /// The agent's one ed25519 or ECDSA key.
    private func onlyUsableKey(of agent: SSHAgent) throws -> [UInt8] {
        let usable = try agent.identities().filter { SSHKeyType.key(text: SSHKeyType.text(of: $0.key)) != nil }
        switch usable.count {
        case 1: return usable[0].key
        case 0: throw Problem("ssh-agent holds no ed25519 or ECDSA key: add yours with 'ssh-add', or sign with --key FILE")
        default:
            throw Problem("ssh-agent holds \(usable.count) keys ("
                + usable.map { "\(SSHKeyType.fingerprint(of: $0.key)) \($0.comment)" }.joined(separator: ", ")
                + "): name yours with --key FILE.pub")
        }
    }

    private func readSmallFile(_ path: String) throws -> String {
        // Read at most one byte past the limit: /dev/zero is a file too.
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Problem("cannot read \(path)") }
        defer { try? handle.close() }
        let limit = 64 * 1024
        guard let data = try? handle.read(upToCount: limit + 1) ?? Data(), data.count <= limit,
              let text = String(data: data, encoding: .utf8) else {
            throw Problem("\(path) is not a key or signature file (not UTF-8 text of at most 64 KiB)")
        }
        return text
    }
}

/// A failure worded for the user, printed as `error: …` by the command that catches it.
struct Problem: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
