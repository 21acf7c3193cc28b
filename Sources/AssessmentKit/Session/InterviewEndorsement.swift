/// Why an endorsement was not recorded.
public enum EndorseFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The interview's rules, or a signature that does not sign the message.
    case refused(String)
    case notSaved(TranscriptError)

    public var description: String {
        switch self {
        case .refused(let reason): return reason
        case .notSaved(let error): return error.description
        }
    }
}

extension InterviewSession {
    /// Opens a closed, sound transcript to add endorsements: locked first, then read whole
    /// and checked as `verify` checks it. An open, voided or damaged one is refused.
    public static func reopenToEndorse(path: String, clock: EventClock = .system) throws(TranscriptError) -> InterviewSession {
        let descriptor = try TranscriptWriter.lockExisting(path: path)
        var keep = false
        defer { if !keep { TranscriptWriter.unlock(descriptor, path: path) } }
        let read: (events: [Event], scan: TranscriptScan)
        do {
            read = try TranscriptReader.readAll(path: path)
        } catch {
            if let error = error as? TranscriptError { throw error }
            throw .cannotOpen(path: path, reason: "\(error)")
        }
        if let damage = read.scan.damage {
            if case .notATranscript(let detail) = damage { throw .notATranscript(path: path, reason: detail) }
            throw .damaged(path: path, damage: damage)
        }
        guard let state = InterviewState(events: read.events) else { throw .notATranscript(path: path, reason: "no 'started' event") }
        if state.isVoid { throw .notEndorsable(path: path, reason: "the interview was voided: there is nothing to endorse") }
        guard state.isClosed else {
            throw .notEndorsable(path: path, reason: "the interview is not closed yet: panelists endorse the transcript after 'close'")
        }
        if let problem = unwritableNames(state) { throw .notEndorsable(path: path, reason: problem) }
        let writer = try TranscriptWriter.reopen(path: path, descriptor: descriptor, after: read.scan, clock: clock.stamp)
        keep = true
        return InterviewSession(endorsing: state, writer: writer, clock: clock)
    }

    /// The panelist who endorses as `login`: the one named `name` (whose panel login, if
    /// any, must be `login`), else the one whose panel login is `login`.
    public func endorser(login: String, name: String?) throws(EndorseFailure) -> String {
        if let problem = Panelist.loginProblem(login) { throw .refused(problem) }
        if let name {
            guard let panelist = state.panel.first(where: { $0.name == name }) else {
                throw .refused("'\(SafeText.visible(name))' is not on the panel (\(state.panel.map(\.name).joined(separator: ", ")))")
            }
            return panelist.name
        }
        if let panelist = state.panel.first(where: { $0.login == login }) { return panelist.name }
        if state.panel.allSatisfy({ $0.login == nil }) {
            throw .refused("the panel was recorded without logins (at one keyboard): name the panelist with --as NAME ("
                + state.panel.map(\.name).joined(separator: ", ") + ")")
        }
        throw .refused("no panelist has the login '\(login)' (" + state.panel.map { "\($0.name): \($0.login ?? "no login")" }.joined(separator: ", ") + ")")
    }

    /// What `panelist` signs to endorse the transcript as `login`.
    public func endorsementMessage(panelist: String, login: String) throws(EndorseFailure) -> EndorsementMessage {
        if let problem = state.endorsementProblem(panelist: panelist, login: login) { throw .refused(problem) }
        do {
            return Endorsements.message(in: state, panelist: panelist, login: login, part: try signedPart())
        } catch {
            throw .refused("cannot read what is signed: \(error)")
        }
    }

    /// Records `panelist`'s endorsement as `login` with `signature`, which must sign the
    /// message in the endorsement namespace, by the key with `expectedFingerprint` where the
    /// key is known (a hosted panelist's: the one they signed in with).
    @discardableResult
    public func endorse(panelist: String, login: String, signature: SSHSignature, expectedFingerprint: String? = nil) throws(EndorseFailure) -> Event {
        let publicKey = SSHKeyType.text(of: signature.publicKey)
        guard SSHKeyType.key(text: publicKey) != nil else {
            throw .refused("the signature's key is not an ed25519 or ECDSA key")
        }
        let fingerprint = SSHKeyType.fingerprint(of: signature.publicKey)
        if let expectedFingerprint, fingerprint != expectedFingerprint {
            throw .refused("the signature was made with key \(fingerprint), not the key you signed in with (\(expectedFingerprint))")
        }
        if let problem = state.endorsementProblem(panelist: panelist, login: login, publicKey: publicKey) { throw .refused(problem) }
        let message = try endorsementMessage(panelist: panelist, login: login)
        do {
            try signature.verify(Array(message.text.utf8), namespace: EndorsementMessage.namespace, key: signature.publicKey)
        } catch {
            throw .refused("the signature does not endorse this transcript: \(error)")
        }
        let endorsed = Endorsed(panelist: panelist, login: login, publicKey: publicKey, signature: signature.armored)
        do {
            return try record(.endorsed(endorsed), by: panelist)
        } catch {
            throw .notSaved(error)
        }
    }
}
