import Foundation

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

/// A closed transcript read to be endorsed: its state, and the line `endorse` cut off, torn
/// by an endorsement interrupted as it was written.
public struct ClosedTranscript: Sendable {
    public var state: InterviewState
    /// The line number of a torn last line after `closed`, cut off when the transcript is
    /// reopened to be written.
    public var tornLine: Int?
    /// The read, for the writer to continue from.
    let scan: TranscriptScan
}

extension InterviewSession {
    /// Reads a closed, sound transcript to be endorsed, without locking it: a torn last line
    /// after `closed` (an endorsement interrupted) is allowed, any other damage refused, and
    /// so is an open or voided interview.
    public static func readToEndorse(path: String) throws(TranscriptError) -> ClosedTranscript {
        let read: (events: [Event], scan: TranscriptScan)
        do {
            read = try TranscriptReader.readAll(path: path)
        } catch {
            if let error = error as? TranscriptError { throw error }
            throw .cannotOpen(path: path, reason: "\(error)")
        }
        guard let state = InterviewState(events: read.events) else {
            if case .notATranscript(let detail)? = read.scan.damage { throw .notATranscript(path: path, reason: detail) }
            throw .notATranscript(path: path, reason: "no 'started' event")
        }
        var torn: Int?
        switch read.scan.damage {
        case nil: break
        case .tornLastLine(let line)? where state.isClosed && isTornEndorsement(path: path, at: read.scan.validLength, seq: state.lastSeq + 1):
            torn = line
        case .notATranscript(let detail)?: throw .notATranscript(path: path, reason: detail)
        case let damage?: throw .damaged(path: path, damage: damage)
        }
        if state.isVoid { throw .notEndorsable(path: path, reason: "the interview was voided: there is nothing to endorse") }
        guard state.isClosed else {
            throw .notEndorsable(path: path, reason: "the interview is not closed yet: a panelist endorses the transcript after 'close'")
        }
        if let problem = unwritableNames(state) { throw .notEndorsable(path: path, reason: problem) }
        return ClosedTranscript(state: state, tornLine: torn, scan: read.scan)
    }

    /// Whether the bytes after the last whole line are the start of an endorsement a crash
    /// cut short: the next `seq`, part of one line, not a whole event without its newline.
    /// Anything else there (text someone added) is damage to show, never to cut.
    static func isTornEndorsement(path: String, at offset: Int, seq: Int) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: UInt64(offset))) != nil,
              let tail = try? handle.read(upToCount: 64 * 1024 + 1), tail.count <= 64 * 1024 else { return false }
        let text = String(decoding: tail, as: UTF8.self), start = "{\"seq\":\(seq),"
        guard text.hasPrefix(start) || start.hasPrefix(text) else { return false }
        if (try? EventCoding.event(from: tail)) != nil { return false }
        return text.contains("\"type\":\"endorsed\"") || !text.contains("\"type\":")
    }

    /// Opens a closed transcript to add endorsements: locked first, then read and checked as
    /// `readToEndorse` does; a torn last line after `closed` is cut off.
    public static func reopenToEndorse(path: String, clock: EventClock = .system) throws(TranscriptError) -> (InterviewSession, ClosedTranscript) {
        let descriptor: Int32
        do {
            descriptor = try TranscriptWriter.lockExisting(path: path)
        } catch .notResumable(let path, let reason) {
            throw .notEndorsable(path: path, reason: reason)
        }
        var keep = false
        defer { if !keep { TranscriptWriter.unlock(descriptor, path: path) } }
        let closed = try readToEndorse(path: path)
        let writer = try TranscriptWriter.reopen(path: path, descriptor: descriptor, after: closed.scan, clock: clock.stamp)
        keep = true
        return (InterviewSession(state: closed.state, writer: writer, clock: clock), closed)
    }

    /// What `panelist` signs to endorse the transcript as `login`.
    public func endorsementMessage(panelist: String, login: String) throws(EndorseFailure) -> EndorsementMessage {
        try state.endorsementMessage(panelist: panelist, login: login) { try signedPart() }
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
        guard signature.hashAlgorithm == "sha512" else {
            throw .refused("the signature uses \(SafeText.visible(signature.hashAlgorithm)); sign with sha512, ssh-keygen's default")
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

extension InterviewState {
    /// The panelist who endorses as `login`: the one named `name` (whose panel login, if
    /// any, must be `login`), else the one whose panel login is `login`.
    public func endorser(login: String, name: String?) throws(EndorseFailure) -> String {
        if let problem = Panelist.loginProblem(login) { throw .refused(problem) }
        if let name {
            guard let panelist = panel.first(where: { $0.name == name }) else {
                throw .refused("'\(SafeText.visible(name))' is not on the panel (\(panel.map(\.name).joined(separator: ", ")))")
            }
            return panelist.name
        }
        if let panelist = panel.first(where: { $0.login == login }) { return panelist.name }
        if panel.allSatisfy({ $0.login == nil }) {
            throw .refused("the panel was recorded without logins (at one keyboard): name the panelist with --as NAME ("
                + panel.map(\.name).joined(separator: ", ") + ")")
        }
        throw .refused("no panelist has the login '\(login)' (" + panel.map { "\($0.name): \($0.login ?? "no login")" }.joined(separator: ", ") + ")")
    }

    /// What `panelist` signs to endorse, as `login`, the transcript at `path` this state was read from.
    public func endorsementMessage(panelist: String, login: String, path: String) throws(EndorseFailure) -> EndorsementMessage {
        try endorsementMessage(panelist: panelist, login: login) { try Endorsements.signedPart(path: path, state: self) }
    }

    /// The message, with what is signed read by `part` (a session reads it once).
    func endorsementMessage(panelist: String, login: String, part: () throws -> (lines: Int, sha256: String)) throws(EndorseFailure) -> EndorsementMessage {
        if let problem = endorsementProblem(panelist: panelist, login: login) { throw .refused(problem) }
        do {
            return Endorsements.message(in: self, panelist: panelist, login: login, part: try part())
        } catch {
            throw .refused("cannot read what is signed: \(error)")
        }
    }
}

extension InterviewState {
    /// Why `panelist` cannot endorse as `login` (with `publicKey`, `KEYTYPE BASE64`, when
    /// known) now, or nil: the one rule for `assess endorse`, the hosted shell and `verify`.
    public func endorsementProblem(panelist name: String, login: String, publicKey: String? = nil) -> String? {
        if isVoid { return "the interview was voided: there is nothing to endorse" }
        guard isClosed else { return "the interview is not closed yet: a panelist endorses the transcript after 'close'" }
        guard let panelist = panel.first(where: { $0.name == name }) else {
            return "'\(SafeText.visible(name))' is not on the panel (\(panel.map(\.name).joined(separator: ", ")))"
        }
        if let problem = Panelist.loginProblem(login) { return problem }
        // One spelling per key, so that comparing texts compares keys.
        if let publicKey, SSHKeyType.key(text: publicKey).map(SSHKeyType.text(of:)) != publicKey {
            return "its public key is not an ed25519 or ECDSA key written as KEYTYPE BASE64"
        }
        if let listed = panelist.login, listed != login {
            return "\(panelist.name)'s login on the panel is '\(listed)', not '\(SafeText.visible(login))'"
        }
        if let other = panel.first(where: { $0.name != name && $0.login == login }) {
            return "'\(login)' is \(other.name)'s login on the panel"
        }
        for endorsement in endorsements.map(\.value) {
            if endorsement.panelist == name { return "\(name) has already endorsed this transcript (login \(endorsement.login))" }
            if endorsement.login == login { return "login '\(login)' has already endorsed this transcript, as \(endorsement.panelist)" }
            if let publicKey, endorsement.publicKey == publicKey {
                return "key \(SSHKeyType.fingerprint(text: publicKey)) has already endorsed this transcript, as \(endorsement.panelist)"
            }
        }
        return nil
    }
}
