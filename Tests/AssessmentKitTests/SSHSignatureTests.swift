import Foundation
import Testing
@testable import AssessmentKit

/// Signatures `ssh-keygen -Y sign` makes, checked by `SSHSignature` (groundwork for issue 17):
/// ssh-keygen is the oracle.
@Suite struct SSHSignatureTests {
    let keys = AllowedSignersTests()

    /// Signs `message` with a new key of `type` in `namespace`; the armored signature and the
    /// key as allowed_signers lists it.
    func signed(_ message: String, type: [String], namespace: String) throws -> (signature: String, key: AllowedSigner, folder: URL) {
        let dir = try keys.folder()
        _ = try keys.sshKeygen(type + ["-N", "", "-q", "-f", "key"], in: dir)
        try message.write(to: dir.appendingPathComponent("message"), atomically: true, encoding: .utf8)
        _ = try keys.sshKeygen(["-Y", "sign", "-f", "key", "-n", namespace, "message"], in: dir)
        let signature = try String(contentsOf: dir.appendingPathComponent("message.sig"), encoding: .utf8)
        let listed = try AllowedSigners.parse("ana " + String(contentsOf: dir.appendingPathComponent("key.pub"), encoding: .utf8), path: "signers")
        return (signature, listed[0], dir)
    }

    @Test(arguments: [["-t", "ed25519"], ["-t", "ecdsa", "-b", "256"], ["-t", "ecdsa", "-b", "384"], ["-t", "ecdsa", "-b", "521"]])
    func sshKeygensSignaturesVerify(type: [String]) throws {
        let message = "assess endorsement v1\nassessment: lmi-intern\n"
        let (armored, signer, dir) = try signed(message, type: type, namespace: "assess-endorsement")
        defer { try? FileManager.default.removeItem(at: dir) }
        let signature = try SSHSignature(armored: armored)
        #expect(signature.namespace == "assess-endorsement")
        #expect(signature.hashAlgorithm == "sha512")
        #expect(signature.publicKey == signer.key)
        try signature.verify(Array(message.utf8), namespace: "assess-endorsement", key: signer.key)
        // A changed message, another namespace: refused, each with its reason.
        #expect(throws: SSHSignatureError.badSignature) {
            try signature.verify(Array((message + "x").utf8), namespace: "assess-endorsement", key: signer.key)
        }
        #expect(throws: SSHSignatureError.wrongNamespace(found: "assess-endorsement", expected: "file")) {
            try signature.verify(Array(message.utf8), namespace: "file", key: signer.key)
        }
    }

    @Test func aSignatureByAnotherKeyOrInAnotherNamespaceIsRefused() throws {
        let message = "lines: 12\n"
        let (armored, _, dir) = try signed(message, type: ["-t", "ed25519"], namespace: "git")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (_, other, otherDir) = try signed(message, type: ["-t", "ed25519"], namespace: "assess-endorsement")
        defer { try? FileManager.default.removeItem(at: otherDir) }
        let signature = try SSHSignature(armored: armored)
        #expect(throws: SSHSignatureError.otherKey(SSHKeyType.fingerprint(of: signature.publicKey))) {
            try signature.verify(Array(message.utf8), namespace: "git", key: other.key)
        }
        #expect(throws: SSHSignatureError.wrongNamespace(found: "git", expected: "assess-endorsement")) {
            try signature.verify(Array(message.utf8), namespace: "assess-endorsement", key: signature.publicKey)
        }
        #expect(throws: SSHSignatureError.notArmored) { try SSHSignature(armored: "hello") }
        #expect(throws: SSHSignatureError.malformed("its base64 does not decode")) {
            try SSHSignature(armored: "-----BEGIN SSH SIGNATURE-----\n!!!\n-----END SSH SIGNATURE-----\n")
        }
    }
}

/// The text a panelist signs, on a committed example (groundwork for issue 17).
@Suite struct EndorsementMessageTests {
    @Test func theMessageNamesTheTranscriptThroughItsClosedLine() throws {
        var root = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        root.removeLast(3)
        let path = root.joined(separator: "/") + "/Transcripts/examples/lmi-intern/2026-03-02-C-0101.jsonl"
        let state = try TranscriptSummary.state(path: path).state
        let part = try Endorsements.signedPart(path: path, state: state)
        let lineCount = 98  // the closed event's line; the endorsements follow it
        #expect(part.lines == lineCount)
        // HR's own check: head -n LINES TRANSCRIPT | sha256sum.
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "head -n \(part.lines) '\(path)' | sha256sum"]
        let pipe = Pipe()
        shell.standardOutput = pipe
        try shell.run()
        let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        #expect(printed.hasPrefix(part.sha256 + " "))
        let message = EndorsementMessage(assessment: "lmi-intern", candidateID: "C-0101", panelist: "Ana Lopez", login: "ana",
                                         lines: part.lines, sha256: part.sha256)
        #expect(message.text.hasPrefix("assess endorsement v1\nassessment: lmi-intern\ncandidate-id: C-0101\npanelist: Ana Lopez\nlogin: ana\nlines: \(lineCount)\nsha256: "))
        #expect(message.text.hasSuffix("\n") && message.text.split(separator: "\n").count == 7)
    }
}

/// Our own signatures from an OpenSSH key file, checked by `ssh-keygen -Y verify` (groundwork
/// for issue 17).
@Suite struct SSHKeySigningTests {
    let keys = AllowedSignersTests()

    @Test(arguments: [["-t", "ed25519"], ["-t", "ecdsa", "-b", "256"], ["-t", "ecdsa", "-b", "384"], ["-t", "ecdsa", "-b", "521"]])
    func ourSignaturesVerifyWithSSHKeygen(type: [String]) throws {
        let dir = try keys.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try keys.sshKeygen(type + ["-N", "", "-q", "-f", "key"], in: dir)
        let key = try SSHPrivateKey(openSSH: String(contentsOf: dir.appendingPathComponent("key"), encoding: .utf8))
        let message = "assess endorsement v1\nlines: 3\n"
        let signature = try SSHSignature.sign(Array(message.utf8), namespace: "assess-endorsement", with: key)
        try signature.verify(Array(message.utf8), namespace: "assess-endorsement", key: key.publicKey)
        try signature.armored.write(to: dir.appendingPathComponent("message.sig"), atomically: true, encoding: .utf8)
        try message.write(to: dir.appendingPathComponent("message"), atomically: true, encoding: .utf8)
        let publicKey = try String(contentsOf: dir.appendingPathComponent("key.pub"), encoding: .utf8)
        try ("ana " + publicKey).write(to: dir.appendingPathComponent("signers"), atomically: true, encoding: .utf8)
        let verified = Process()
        verified.executableURL = URL(fileURLWithPath: "/bin/sh")
        verified.arguments = ["-c", "ssh-keygen -Y verify -f signers -I ana -n assess-endorsement -s message.sig < message"]
        verified.currentDirectoryURL = dir
        let pipe = Pipe()
        verified.standardOutput = pipe
        verified.standardError = pipe
        try verified.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        verified.waitUntilExit()
        #expect(verified.terminationStatus == 0, "\(output)")
        #expect(output.hasPrefix("Good \"assess-endorsement\" signature for ana with "), "\(output)")
    }

    @Test func anEncryptedKeyIsRefusedWithAHintToUseTheAgent() throws {
        let dir = try keys.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try keys.sshKeygen(["-t", "ed25519", "-N", "a passphrase", "-q", "-f", "key"], in: dir)
        #expect(throws: SSHKeyFileError.encrypted) {
            try SSHPrivateKey(openSSH: String(contentsOf: dir.appendingPathComponent("key"), encoding: .utf8))
        }
        #expect(SSHKeyFileError.encrypted.description.contains("ssh-agent"))
        #expect(throws: SSHKeyFileError.notAKey) { try SSHPrivateKey(openSSH: "ssh-ed25519 AAAA") }
    }
}

/// Signing through a real ssh-agent the test starts (groundwork for issue 17).
@Suite struct SSHAgentTests {
    let keys = AllowedSignersTests()

    /// Runs `command` with its output in a file: ssh-agent's daemon would hold a pipe open.
    func run(_ command: String, in dir: URL) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "(" + command + ") > run.out 2>&1"]
        process.currentDirectoryURL = dir
        try process.run()
        // Reaped here: Foundation waits until every process holding its watch descriptor has
        // ended, and the agent's daemon would hold it for good.
        var status: Int32 = 0
        while waitpid(process.processIdentifier, &status, 0) < 0 && errno == EINTR {}
        return ((status >> 8) & 0xff, (try? String(contentsOf: dir.appendingPathComponent("run.out"), encoding: .utf8)) ?? "")
    }

    @Test(arguments: [["-t", "ed25519"], ["-t", "ecdsa", "-b", "256"]])
    func theAgentSignsWhatSSHKeygenVerifies(type: [String]) throws {
        let dir = try keys.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try keys.sshKeygen(type + ["-N", "", "-q", "-f", "key"], in: dir)
        let socket = dir.appendingPathComponent("agent").path
        let started = try run("ssh-agent -a '\(socket)' > agent.env 2> /dev/null && SSH_AUTH_SOCK='\(socket)' ssh-add -q key", in: dir)
        #expect(started.0 == 0, "\(started.1)")
        defer { _ = try? run(". ./agent.env > /dev/null && ssh-agent -k > /dev/null", in: dir) }
        let publicKey = try AllowedSigners.parse("ana " + String(contentsOf: dir.appendingPathComponent("key.pub"), encoding: .utf8), path: "signers")[0].key
        let message = "assess endorsement v1\nlines: 9\n"
        let signature = try SSHAgent(socketPath: socket).sign(Array(message.utf8), namespace: "assess-endorsement", publicKey: publicKey)
        try signature.verify(Array(message.utf8), namespace: "assess-endorsement", key: publicKey)
        try signature.armored.write(to: dir.appendingPathComponent("message.sig"), atomically: true, encoding: .utf8)
        try message.write(to: dir.appendingPathComponent("message"), atomically: true, encoding: .utf8)
        try ("ana " + String(contentsOf: dir.appendingPathComponent("key.pub"), encoding: .utf8)).write(to: dir.appendingPathComponent("signers"), atomically: true, encoding: .utf8)
        let verified = try run("ssh-keygen -Y verify -f signers -I ana -n assess-endorsement -s message.sig < message", in: dir)
        #expect(verified.0 == 0, "\(verified.1)")
        // A key the agent does not hold: refused.
        _ = try keys.sshKeygen(["-t", "ed25519", "-N", "", "-q", "-f", "other"], in: dir)
        let other = try AllowedSigners.parse("ana " + String(contentsOf: dir.appendingPathComponent("other.pub"), encoding: .utf8), path: "signers")[0].key
        #expect(throws: SSHAgentError.refused) {
            try SSHAgent(socketPath: socket).sign(Array(message.utf8), namespace: "assess-endorsement", publicKey: other)
        }
        #expect(throws: SSHAgentError.cannotConnect(dir.path + "/none", "No such file or directory")) {
            try SSHAgent(socketPath: dir.path + "/none").sign(Array(message.utf8), namespace: "assess-endorsement", publicKey: other)
        }
    }
}
