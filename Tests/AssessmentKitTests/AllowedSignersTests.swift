import Foundation
import Testing
@testable import AssessmentKit

/// `allowed_signers` as OpenSSH writes and reads it; `ssh-keygen` is the oracle for keys and
/// fingerprints (issue 16).
@Suite struct AllowedSignersTests {
    /// Runs ssh-keygen in `folder`; returns its standard output.
    func sshKeygen(_ arguments: [String], in folder: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "ssh-keygen \(arguments)")
        return String(decoding: output, as: UTF8.self)
    }

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("assess-signers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(arguments: [["-t", "ed25519"], ["-t", "ecdsa", "-b", "256"], ["-t", "ecdsa", "-b", "384"], ["-t", "ecdsa", "-b", "521"]])
    func everySupportedKeyParsesWithSSHKeygensFingerprint(type: [String]) throws {
        let dir = try folder()
        _ = try sshKeygen(type + ["-N", "", "-q", "-C", "ana@laptop", "-f", "key"], in: dir)
        let publicKey = try String(contentsOf: dir.appendingPathComponent("key.pub"), encoding: .utf8)
        let signers = try AllowedSigners.parse("ana " + publicKey, path: "signers")
        #expect(signers.count == 1)
        let expected = try sshKeygen(["-l", "-f", "key.pub"], in: dir).split(separator: " ")[1]
        #expect(signers[0].fingerprint == String(expected))
        #expect(signers[0].principals == ["ana"])
        #expect(signers[0].comment == "ana@laptop")
        #expect(signers[0].keyType.rawValue == publicKey.split(separator: " ")[0].description)
    }

    @Test func anRSAKeyIsNamedAsUnsupported() throws {
        let dir = try folder()
        _ = try sshKeygen(["-t", "rsa", "-b", "2048", "-N", "", "-q", "-f", "rsa"], in: dir)
        let publicKey = try String(contentsOf: dir.appendingPathComponent("rsa.pub"), encoding: .utf8)
        #expect(throws: AllowedSignersError.unsupportedKeyType(path: "signers", line: 2, type: "ssh-rsa")) {
            try AllowedSigners.parse("# the panel\nben " + publicKey, path: "signers")
        }
        #expect(AllowedSignersError.unsupportedKeyType(path: "signers", line: 2, type: "ssh-rsa").description
                == "signers:2: ssh-rsa keys are not supported; use an ed25519 or ECDSA key (ssh-keygen -t ed25519)")
    }

    @Test func optionsPrincipalsAndPatterns() throws {
        let dir = try folder()
        _ = try sshKeygen(["-t", "ed25519", "-N", "", "-q", "-f", "key"], in: dir)
        let key = try String(contentsOf: dir.appendingPathComponent("key.pub"), encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        let text = """
            # comments and blank lines are skipped

            ana,ben namespaces="assess-endorsement,git",valid-after="20260101" \(key) panel key
            *@iom.int,!guest@iom.int cert-authority \(key)
            """
        let signers = try AllowedSigners.parse(text, path: "signers")
        #expect(signers.map(\.line) == [3, 4])
        #expect(signers[0].principals == ["ana", "ben"])
        #expect(signers[0].namespaces == ["assess-endorsement", "git"])
        #expect(signers[0].options == ["namespaces=\"assess-endorsement,git\"", "valid-after=\"20260101\""])
        #expect(signers[0].comment == "panel key")
        #expect(signers[0].lists("ben") && !signers[0].lists("bent"))
        #expect(signers[1].isCertificateAuthority)
        #expect(signers[1].lists("ana@iom.int") && !signers[1].lists("guest@iom.int") && !signers[1].lists("ana@un.org"))
        #expect(AllowedSigner.glob("a?a*", matches: "anad") && !AllowedSigner.glob("a?a", matches: "aa"))
    }

    @Test(arguments: [
        ("ana ssh-ed25519", 1, "too few fields"),
        ("ana ssh-ed25519 !!!notbase64", 1, "the key is not valid base64"),
        ("ana frob-key AAAA", 1, "'frob-key' is not a key type"),
        ("ana namespaces=\"x ssh-ed25519 AAAA", 1, "a quote is not closed"),
        // An ECDSA key's data under the ed25519 name.
        ("ana ssh-ed25519 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEf+", 1, "the key's data does not say it is ssh-ed25519"),
    ])
    func badLinesAreNamed(line: String, number: Int, reason: String) {
        #expect(throws: AllowedSignersError.badLine(path: "signers", line: number, reason: reason)) {
            try AllowedSigners.parse(line, path: "signers")
        }
    }

    @Test func aFileOthersMayChangeIsRefused() throws {
        let dir = try folder()
        _ = try sshKeygen(["-t", "ed25519", "-N", "", "-q", "-f", "key"], in: dir)
        let path = dir.appendingPathComponent("allowed_signers").path
        try ("ana " + String(contentsOf: dir.appendingPathComponent("key.pub"), encoding: .utf8)).write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o664)
        #expect(throws: AllowedSignersError.writableByOthers(path: path, mode: 0o664)) { try AllowedSigners.load(path: path) }
        chmod(path, 0o644)
        #expect(try AllowedSigners.load(path: path).count == 1)
        try "# nobody yet\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        #expect(throws: AllowedSignersError.empty(path: path)) { try AllowedSigners.load(path: path) }
    }
}
