import Foundation
import Testing
@testable import AssessmentKit

/// `--panel "Name:role:login"`: the login ties a panelist to their key (issue 16).
@Suite struct PanelLoginTests {
    let roles = PanelPolicy.defaultRoles

    @Test func loginsAreParsedAndAnEmptyRoleTakesTheDefault() throws {
        let panel = try PanelParser.parse("Ana López:chair:ana, Ben::ben.okafor, Chloé:hr", roles: roles)
        #expect(panel == [Panelist(name: "Ana López", role: "chair", login: "ana"),
                          Panelist(name: "Ben", role: "member", login: "ben.okafor"),
                          Panelist(name: "Chloé", role: "hr")])
    }

    @Test(arguments: [
        ("Ana:chair:ana smith", PanelError.badLogin(name: "Ana", problem: "'ana smith' is not a login: use letters, digits, '.', '_', '-' and '@', at most 64, as in the allowed_signers file")),
        ("Ana:chair:-x", .badLogin(name: "Ana", problem: "'-x' is not a login: use letters, digits, '.', '_', '-' and '@', at most 64, as in the allowed_signers file")),
        ("Ana:chair:ana,Ben:member:ana", .duplicateLogin("ana")),
    ])
    func badLoginsAreNamed(text: String, error: PanelError) {
        #expect(throws: error) { try PanelParser.parse(text, roles: roles) }
    }

    /// A panel without logins is written as before, byte for byte; with one, it carries it.
    @Test func aLoginIsWrittenOnlyWhenGiven() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(Panelist(name: "Ana", role: "chair")), as: UTF8.self) == #"{"name":"Ana","role":"chair"}"#)
        #expect(String(decoding: try encoder.encode(Panelist(name: "Ana", role: "chair", login: "ana")), as: UTF8.self)
                == #"{"login":"ana","name":"Ana","role":"chair"}"#)
    }
}
