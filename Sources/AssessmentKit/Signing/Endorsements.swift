import Crypto
import Foundation

/// One panelist's sign-off as reports and `verify` show it.
public struct SignOff: Codable, Equatable, Sendable {
    public enum Status: String, Codable, Sendable {
        case endorsed, missing, invalid
    }

    public var panelist: String
    @ExplicitNull public var login: String?
    public var status: Status
    /// The key that signed (`SHA256:…`), where there is an endorsement.
    @ExplicitNull public var fingerprint: String?
    /// True when the key was checked against an `allowed_signers` file (`verify --signers`);
    /// false when only against the key the transcript itself names, which anyone who
    /// rewrites the transcript can replace.
    public var keyChecked: Bool
    /// Why an endorsement is invalid.
    @ExplicitNull public var problem: String?
    /// When the endorsement was recorded.
    @ExplicitNull public var at: String?
}

/// How far a panel's sign-off has come, as `transcripts`, `compare` and the summary's JSON
/// count it: an invalid endorsement does not count as endorsed.
public struct SignOffCount: Codable, Equatable, Sendable, CustomStringConvertible {
    public var endorsed: Int
    public var invalid: Int
    public var panelists: Int

    public init(_ signOff: [SignOff]) {
        endorsed = signOff.filter { $0.status == .endorsed }.count
        invalid = signOff.filter { $0.status == .invalid }.count
        panelists = signOff.count
    }

    /// Every panelist has endorsed, validly.
    public var isComplete: Bool { endorsed == panelists }

    /// `2/3`, or `1/3, 1 INVALID`.
    public var description: String { "\(endorsed)/\(panelists)" + (invalid > 0 ? ", \(invalid) INVALID" : "") }
}

/// Endorsements: what a panelist signs, and whether what the transcript holds signs it.
public enum Endorsements {
    /// The transcript's first `lines` lines: their count and the lowercase hex SHA-256 of
    /// their bytes, newlines included (`head -n LINES | sha256sum`).
    public static func signedPart(path: String, lines: Int) throws -> (lines: Int, sha256: String) {
        var hasher = SHA256()
        let newline: [UInt8] = [10]
        var read = 0
        _ = try TranscriptReader.lines(path: path) { bytes, number in
            hasher.update(bufferPointer: bytes)
            hasher.update(data: newline)
            read = number
            return number < lines
        }
        guard read == lines else {
            throw TranscriptError.changed(path: path, reason: "it has \(read) whole lines, not the \(lines) it had")
        }
        return (lines, LineHash(hasher.finalize()).hex)
    }

    /// The message `panelist` signs as `login`, given the signed part (`signedPart`).
    public static func message(in state: InterviewState, panelist: String, login: String, part: (lines: Int, sha256: String)) -> EndorsementMessage {
        EndorsementMessage(assessment: state.assessment.id, candidateID: state.candidate.id ?? "", panelist: panelist, login: login,
                           lines: part.lines, sha256: part.sha256)
    }

    /// The signed part of the closed transcript `state` was read from, at `path`.
    public static func signedPart(path: String, state: InterviewState) throws -> (lines: Int, sha256: String) {
        guard let closed = state.closed else { throw TranscriptError.notEndorsable(path: path, reason: "the interview is not closed") }
        // `seq` counts lines from 1 with no gaps: the closed event's is its line number.
        return try signedPart(path: path, lines: closed.seq)
    }

    /// Checks `endorsed` against `message`: the signature must be by the key the
    /// endorsement names and, given `signers`, that key must be listed for its login, for
    /// the namespace, now (as `ssh-keygen -Y verify` checks it).
    public static func problem(with endorsed: Endorsed, message: EndorsementMessage, signers: [AllowedSigner]?) -> String? {
        guard let key = SSHKeyType.key(text: endorsed.publicKey) else { return "its public key '\(SafeText.visible(String(endorsed.publicKey.prefix(40))))' is not an ed25519 or ECDSA key" }
        let signature: SSHSignature
        do {
            signature = try SSHSignature(armored: endorsed.signature)
        } catch {
            return error.description
        }
        // As `endorse` writes it: what `--write-signatures` hands to ssh-keygen.
        guard signature.armored == endorsed.signature else { return "its signature is not written as ssh-keygen writes it" }
        if let signers, let problem = unlisted(key, for: endorsed.login, in: signers) { return problem }
        do {
            try signature.verify(Array(message.text.utf8), namespace: EndorsementMessage.namespace, key: key)
        } catch .otherKey(let fingerprint) {
            return "the signature was made with key \(fingerprint), not the key the endorsement names"
        } catch {
            return error.description
        }
        return nil
    }

    /// Why `signers` does not let `key` sign endorsements as `login` now, or nil. As
    /// ssh-keygen reads the file: a `cert-authority` line vouches only for certificates,
    /// never for a plain signature by its own key.
    static func unlisted(_ key: [UInt8], for login: String, in signers: [AllowedSigner], now: Date = Date()) -> String? {
        let listed = signers.filter { !$0.isCertificateAuthority && $0.lists(login) }
        guard !listed.isEmpty else { return "the signers file lists no key for login '\(SafeText.visible(login))'" }
        let lines = listed.filter { $0.key == key }
        guard let first = lines.first else {
            return "made with key \(SSHKeyType.fingerprint(of: key)), which the signers file does not list for login '\(login)'"
        }
        let namespace = EndorsementMessage.namespace
        let allowing = lines.filter { line in line.namespaces.map { AllowedSigner.patternList($0, matches: namespace) } ?? true }
        guard !allowing.isEmpty else {
            return "the signers file (line \(first.line)) does not allow this key the namespace \(namespace)"
        }
        guard allowing.contains(where: { $0.isValid(at: now) }) else {
            return "the signers file (line \(allowing[0].line)) does not hold this key valid now (valid-after/valid-before)"
        }
        return nil
    }

    /// Each panelist's sign-off of the closed transcript `state` was read from, at `path`:
    /// endorsed, missing or invalid. `signers` nil checks each signature against the key the
    /// transcript names (reports); `verify --signers` gives HR's file.
    public static func signOff(state: InterviewState, path: String, signers: [AllowedSigner]?) -> [SignOff] {
        var part: (lines: Int, sha256: String)?
        var partProblem: String?
        if !state.endorsements.isEmpty {
            do {
                part = try signedPart(path: path, state: state)
            } catch {
                partProblem = "\(error)"
            }
        }
        return state.panel.map { panelist in
            guard let recorded = state.endorsements.first(where: { $0.value.panelist == panelist.name }) else {
                return SignOff(panelist: panelist.name, login: panelist.login, status: .missing, fingerprint: nil,
                               keyChecked: signers != nil, problem: nil, at: nil)
            }
            let endorsed = recorded.value
            var problem = partProblem
            if let part {
                let message = message(in: state, panelist: panelist.name, login: endorsed.login, part: part)
                problem = self.problem(with: endorsed, message: message, signers: signers)
            }
            return SignOff(panelist: panelist.name, login: endorsed.login, status: problem == nil ? .endorsed : .invalid,
                           fingerprint: SSHKeyType.fingerprint(text: endorsed.publicKey), keyChecked: signers != nil,
                           problem: problem, at: recorded.at.description)
        }
    }
}
