import Foundation
import Testing
@testable import AssessmentKit

/// Who gets into a hosted panel: a panelist's login with a key listed for it (issue 16).
@Suite struct PanelAdmissionTests {
    /// An ed25519 key's wire encoding with every byte of the point `fill`.
    static func key(_ fill: UInt8) -> [UInt8] {
        let type = Array("ssh-ed25519".utf8)
        return [0, 0, 0, UInt8(type.count)] + type + [0, 0, 0, 32] + [UInt8](repeating: fill, count: 32)
    }

    static func line(_ principals: String, _ fill: UInt8, options: String = "") -> String {
        "\(principals) \(options)\(options.isEmpty ? "" : " ")ssh-ed25519 \(Data(key(fill)).base64EncodedString())"
    }

    let panel = [Panelist(name: "Ana", role: "chair", login: "ana"), Panelist(name: "Ben", role: "member", login: "ben")]

    func admission(_ lines: [String]) throws -> PanelAdmission {
        try PanelAdmission(panel: panel, signers: AllowedSigners.parse(lines.joined(separator: "\n"), path: "signers"), keysPath: "signers")
    }

    @Test func aListedKeyAdmitsItsLoginOnly() throws {
        let door = try admission([Self.line("ana", 1), Self.line("ben,carl", 2), Self.line("*,!ana", 3)])
        #expect(door.admit(login: "ana", key: Self.key(1)) == .admitted(panel[0]))
        #expect(door.admit(login: "ben", key: Self.key(2)) == .admitted(panel[1]))
        #expect(door.admit(login: "ben", key: Self.key(3)) == .admitted(panel[1]))
        #expect(door.admit(login: "ana", key: Self.key(2)) == .refused("key \(SSHKeyType.fingerprint(of: Self.key(2))) is not listed for that login"))
        #expect(door.admit(login: "ana", key: Self.key(3)) == .refused("key \(SSHKeyType.fingerprint(of: Self.key(3))) is not listed for that login"))
        // Listed, but for no panelist.
        #expect(door.admit(login: "carl", key: Self.key(2)) == .refused("not a panelist's login"))
    }

    /// One key for two panelists would let its holder sit as both (the hostile review of issue 17).
    @Test(arguments: [[line("ana,ben", 1)], [line("*", 1)], [line("ana", 1), line("ben", 2), line("ben", 1)]])
    func aKeyThatSignsInAsTwoPanelistsIsRefused(lines: [String]) throws {
        #expect(throws: PanelAdmissionError.sharedKey(line: 1, path: "signers", logins: ["ana", "ben"])) { try admission(lines) }
        #expect(PanelAdmissionError.sharedKey(line: 1, path: "signers", logins: ["ana", "ben"]).description
            == "the key on line 1 of signers signs in as 'ana' and 'ben', so whoever holds it could sit as several panelists; give each panelist a key of their own")
    }

    @Test func aCertificateAuthorityKeyIsNoPanelistsKey() throws {
        #expect(throws: PanelAdmissionError.noKey(name: "Ben", login: "ben", path: "signers")) {
            try admission([Self.line("ana", 1), Self.line("ben", 2, options: "cert-authority")])
        }
        let door = try admission([Self.line("ana", 1), Self.line("ben", 2), Self.line("ana", 4, options: "cert-authority")])
        #expect(door.admit(login: "ana", key: Self.key(4)) == .refused("key \(SSHKeyType.fingerprint(of: Self.key(4))) is not listed for that login"))
    }

    @Test func aPanelistWithoutALoginCannotBeHosted() throws {
        let signers = try AllowedSigners.parse(Self.line("ana", 1), path: "signers")
        #expect(throws: PanelAdmissionError.noLogin(name: "Ben")) {
            try PanelAdmission(panel: [panel[0], Panelist(name: "Ben", role: "member")], signers: signers, keysPath: "signers")
        }
    }
}

/// valid-after and valid-before, as ssh-keygen reads them, hold for signing in.
struct KeyValidityTests {
    @Test func aKeyOutsideItsTimeIsRefused() throws {
        let utc = { (text: String) in AllowedSigner.time(text)! }
        #expect(AllowedSigner.time("20261201Z") == Date(timeIntervalSince1970: 1_796_083_200))
        #expect(AllowedSigner.time("202612011530Z") == Date(timeIntervalSince1970: 1_796_083_200 + 15 * 3600 + 30 * 60))
        #expect(AllowedSigner.time("20261301Z") == nil)
        #expect(AllowedSigner.time("2026120") == nil)
        #expect(AllowedSigner.time("2026-12-01") == nil)
        var signer = AllowedSigner(principals: ["ana"], options: ["valid-after=\"20261201Z\"", "valid-before=20261202Z"],
                                   keyType: .ed25519, key: [1, 2, 3], comment: nil, line: 1)
        #expect(!signer.isValid(at: utc("202611302359Z")))
        #expect(signer.isValid(at: utc("20261201Z")))
        #expect(!signer.isValid(at: utc("20261202Z")))
        signer.options = ["valid-before=tomorrow"]
        #expect(!signer.isValid(at: utc("20261201Z")))
        signer.options = []
        #expect(signer.isValid(at: utc("20261201Z")))
    }
}
