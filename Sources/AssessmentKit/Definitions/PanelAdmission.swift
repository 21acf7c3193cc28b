import Foundation

/// Who may join a hosted panel: a panelist's login, with a key the `allowed_signers` file
/// lists for that login. Built once at start, so a panel nobody could join never starts.
public struct PanelAdmission: Sendable {
    public let panel: [Panelist]
    let signers: [AllowedSigner]

    /// Checks that every panelist has a login and at least one key listed for it.
    /// `keysPath` names the file in messages.
    public init(panel: [Panelist], signers: [AllowedSigner], keysPath: String) throws(PanelAdmissionError) {
        for panelist in panel {
            guard let login = panelist.login else { throw .noLogin(name: panelist.name) }
            guard signers.contains(where: { !$0.isCertificateAuthority && $0.lists(login) }) else {
                throw .noKey(name: panelist.name, login: login, path: keysPath)
            }
        }
        // One key, one panelist: else whoever holds it could sit as several (`ana,ben KEY`, `* KEY`).
        for signer in signers where !signer.isCertificateAuthority {
            let logins = panel.compactMap(\.login).filter { login in
                signers.contains { !$0.isCertificateAuthority && $0.key == signer.key && $0.lists(login) }
            }
            if logins.count > 1 { throw .sharedKey(line: signer.line, path: keysPath, logins: logins) }
        }
        (self.panel, self.signers) = (panel, signers)
    }

    /// The answer to one sign-in: the panelist, or why not.
    public enum Decision: Equatable, Sendable {
        case admitted(Panelist)
        case refused(String)
    }

    /// Whether `login`, proving `key` (SSH wire encoding, signature already checked), gets in.
    public func admit(login: String, key: [UInt8], at now: Date = Date()) -> Decision {
        guard let panelist = panel.first(where: { $0.login == login }) else {
            return .refused("not a panelist's login")
        }
        let listed = signers.filter { !$0.isCertificateAuthority && $0.key == key && $0.lists(login) }
        guard !listed.isEmpty else {
            return .refused("key \(SSHKeyType.fingerprint(of: key)) is not listed for that login")
        }
        // valid-after and valid-before hold for signing in as for signatures.
        guard listed.contains(where: { $0.isValid(at: now) }) else {
            return .refused("key \(SSHKeyType.fingerprint(of: key)) is outside its valid-after/valid-before time")
        }
        return .admitted(panelist)
    }
}

/// Why a panel cannot be hosted with these keys.
public enum PanelAdmissionError: Error, Equatable, Sendable, CustomStringConvertible {
    case noLogin(name: String)
    case noKey(name: String, login: String, path: String)
    case sharedKey(line: Int, path: String, logins: [String])

    public var description: String {
        switch self {
        case .noLogin(let name):
            return "\(name) has no login; a hosted panel gives each panelist one: --panel \"\(name):ROLE:LOGIN,…\""
        case .noKey(let name, let login, let path):
            return "\(path) lists no key for \(name)'s login '\(login)'; add a line: \(login) ssh-ed25519 AAAA…"
        case .sharedKey(let line, let path, let logins):
            return "the key on line \(line) of \(path) signs in as " + logins.map { "'\($0)'" }.joined(separator: " and ")
                + ", so whoever holds it could sit as several panelists; give each panelist a key of their own"
        }
    }
}
