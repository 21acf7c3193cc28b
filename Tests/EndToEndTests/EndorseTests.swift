import AssessmentKit
import Foundation
import Testing

/// Issue 17: each panelist endorses the closed transcript with their SSH key, and HR checks
/// the endorsements with `assess verify --signers` or with `ssh-keygen -Y verify` alone.
/// OpenSSH is the oracle throughout.
@Suite struct EndorseTests {
    static let testKeys = packageRoot.appendingPathComponent("Transcripts/examples/test-keys")
    static let signers = testKeys.appendingPathComponent("allowed_signers").path
    static func example(_ name: String) -> String {
        packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern/\(name).jsonl").path
    }

    /// A new folder with a copy of the example `name` as `t.jsonl` (0600) and the test keys,
    /// private as ssh wants them.
    func workspace(_ name: String = "2026-03-04-C-0103") throws -> URL {
        let folder = try temporaryFolder("endorse")
        try FileManager.default.copyItem(atPath: Self.example(name), toPath: folder.appendingPathComponent("t.jsonl").path)
        chmod(folder.appendingPathComponent("t.jsonl").path, 0o600)
        for login in ["ana", "ben", "chloe"] {
            let key = folder.appendingPathComponent(login).path
            try FileManager.default.copyItem(atPath: Self.testKeys.appendingPathComponent(login).path, toPath: key)
            try FileManager.default.copyItem(atPath: Self.testKeys.appendingPathComponent(login + ".pub").path, toPath: key + ".pub")
            chmod(key, 0o600)
        }
        try FileManager.default.copyItem(atPath: Self.signers, toPath: folder.appendingPathComponent("signers").path)
        return folder
    }

    /// Runs `script` with /bin/sh in `folder`, `$A` being assess, its output in a file (an
    /// ssh-agent daemon would hold a pipe open) and reaped with waitpid (Foundation waits for
    /// the daemon too).
    @discardableResult
    func sh(_ script: String, in folder: URL, environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "(" + script + ") > sh.out 2>&1"]
        process.currentDirectoryURL = folder
        var base = ProcessInfo.processInfo.environment
        base["SSH_AUTH_SOCK"] = nil
        process.environment = base.merging(["A": assessBinary()].merging(environment) { $1 }) { $1 }
        try process.run()
        let status = waitForExit(process) ?? -1
        return (status, (try? String(contentsOf: folder.appendingPathComponent("sh.out"), encoding: .utf8)) ?? "")
    }

    /// `assess verify t.jsonl --signers signers` in `folder`.
    func verify(_ folder: URL) throws -> (status: Int32, output: String, errors: String) {
        try runAssess(["verify", "t.jsonl", "--signers", "signers"], directory: folder)
    }

    // MARK: signing, and the oracle

    @Test func theExampleIsEndorsedAndHRChecksItWithSSHKeygenAlone() throws {
        let folder = try workspace("2026-03-02-C-0101")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try runAssess(["verify", "t.jsonl", "--signers", "signers", "--write-signatures", "sigs"], directory: folder)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output == """
            t.jsonl: verified, 101 events, closed, sha256 \(try systemSHA256(ofFile: folder.appendingPathComponent("t.jsonl").path))
              Ana Lopez (login ana): endorsed, key SHA256:kHFRJVHSpwA2VDJufgeS4gI5lTi5dEYM93VSoEVqfXw
              Ben Okafor (login ben): endorsed, key SHA256:0ZAQ0CRKbej59bYLSLVcib7DmHAEPwwNycURoyZ1VVk
              Chloé Martin (login chloe): endorsed, key SHA256:oUxggRgslqggW2dYa9NdZYXy4gblxX0c/F2nkDZj2vw
              the panel was recorded without logins: check that each login above is that panelist's
              wrote sigs/ana.msg and .sig
              wrote sigs/ben.msg and .sig
              wrote sigs/chloe.msg and .sig

            """)
        for login in ["ana", "ben", "chloe"] {
            let checked = try sh("ssh-keygen -Y verify -f signers -I \(login) -n assess-endorsement -s sigs/\(login).sig < sigs/\(login).msg", in: folder)
            #expect(checked.status == 0, "\(checked.output)")
            #expect(checked.output.hasPrefix("Good \"assess-endorsement\" signature for \(login) with ED25519 key"))
        }
        // The message names the transcript through its closed line: HR's own check.
        let message = try String(contentsOf: folder.appendingPathComponent("sigs/ana.msg"), encoding: .utf8)
        #expect(message.hasPrefix("assess endorsement v1\nassessment: lmi-intern\ncandidate-id: C-0101\npanelist: Ana Lopez\nlogin: ana\nlines: 98\nsha256: "))
        let hash = try sh("head -n 98 t.jsonl | sha256sum", in: folder).output.prefix(64)
        #expect(message.hasSuffix("sha256: \(hash)\n"))
        // The files are new and private; a second run does not replace them.
        #expect(try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("sigs/ana.sig").path)[.posixPermissions] as? Int == 0o600)
        let again = try runAssess(["verify", "t.jsonl", "--write-signatures", "sigs"], directory: folder)
        #expect(again.status == 1)
        #expect(again.errors == "error: sigs/ana.msg already exists; give a new folder, or remove the old files first\n")
    }

    @Test(arguments: [["-t", "ed25519"], ["-t", "ecdsa", "-b", "256"]])
    func ourSignaturesAndSSHKeygensPassEachOther(type: [String]) throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let keygen = "ssh-keygen -q -N '' -C chloe " + type.joined(separator: " ")
        try sh("\(keygen) -f mine && \(keygen) -f theirs && rm signers && echo \"chloe $(cat mine.pub)\" > signers", in: folder)
        // Signed by us with a key file ssh-keygen made: ssh-keygen verifies it.
        let copy = folder.appendingPathComponent("copy.jsonl").path
        try FileManager.default.copyItem(atPath: folder.appendingPathComponent("t.jsonl").path, toPath: copy)
        let ours = try runAssess(["endorse", "t.jsonl", "--login", "chloe", "--as", "Chloé Martin", "--key", "mine"], directory: folder)
        #expect(ours.status == 0, "\(ours.errors)")
        #expect(ours.output.hasPrefix("Endorsed: Chloé Martin (login chloe) with key SHA256:"))
        let written = try runAssess(["verify", "t.jsonl", "--write-signatures", "sigs"], directory: folder)
        #expect(written.status == 0, "\(written.errors)")
        let checked = try sh("ssh-keygen -Y verify -f signers -I chloe -n assess-endorsement -s sigs/chloe.sig < sigs/chloe.msg", in: folder)
        #expect(checked.status == 0, "\(checked.output)")
        // Signed by ssh-keygen with --print-message's text: assess takes it.
        let printed = try sh("cp copy.jsonl t2.jsonl && $A endorse t2.jsonl --login chloe --as 'Chloé Martin' --print-message > m 2> hint"
            + " && ssh-keygen -q -Y sign -f mine -n assess-endorsement m && $A endorse t2.jsonl --login chloe --as 'Chloé Martin' --signature m.sig"
            + " && $A verify t2.jsonl --signers signers", in: folder)
        #expect(printed.status == 1, "Ana and Ben are not in this signers file")
        #expect(printed.output.hasPrefix("Endorsed: Chloé Martin (login chloe) with key SHA256:"))
        #expect(printed.output.hasSuffix("  Chloé Martin (login chloe): endorsed, key \(try fingerprint(folder, "mine.pub"))\n\(note)  sign-off incomplete: 1 of 3 panelists endorsed\n"))
        // A signature of the right text by another key, or of other text, is refused, and nothing is written.
        let size = try FileManager.default.attributesOfItem(atPath: copy)[.size] as? Int
        let refused = try sh("$A endorse copy.jsonl --login chloe --as 'Chloé Martin' --print-message > m2 2> /dev/null"
            + " && ssh-keygen -q -Y sign -f mine -n other-namespace m2 && $A endorse copy.jsonl --login chloe --as 'Chloé Martin' --signature m2.sig;"
            + " echo x >> m2 && rm m2.sig && ssh-keygen -q -Y sign -f mine -n assess-endorsement m2 && $A endorse copy.jsonl --login chloe --as 'Chloé Martin' --signature m2.sig",
                             in: folder)
        #expect(refused.status == 1)
        #expect(refused.output == """
            error: the signature does not endorse this transcript: made for namespace 'other-namespace', not 'assess-endorsement'
            error: the signature does not endorse this transcript: the signature does not match the message (it was changed, or signed something else)

            """)
        #expect(try FileManager.default.attributesOfItem(atPath: copy)[.size] as? Int == size)
    }

    /// What `verify --signers` adds where the panel was recorded at one keyboard.
    let note = "  the panel was recorded without logins: check that each login above is that panelist's\n"

    func fingerprint(_ folder: URL, _ file: String) throws -> String {
        let line = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        return SSHKeyType.fingerprint(text: line)
    }

    @Test func theAgentSignsByDefaultAndNamesItsKeysWhenItHoldsSeveral() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let socket = folder.appendingPathComponent("agent").path
        let started = try sh("ssh-agent -a '\(socket)' > agent.env 2> /dev/null && SSH_AUTH_SOCK='\(socket)' ssh-add -q chloe", in: folder)
        #expect(started.status == 0, "\(started.output)")
        defer { _ = try? sh(". ./agent.env > /dev/null && ssh-agent -k > /dev/null", in: folder) }
        let agent = ["SSH_AUTH_SOCK": socket]
        try sh("cp t.jsonl two.jsonl && cp t.jsonl three.jsonl && ssh-keygen -q -t ed25519 -N secret -f locked", in: folder)
        // One key in the agent: it signs.
        let signed = try sh("$A endorse t.jsonl --login chloe --as 'Chloé Martin'", in: folder, environment: agent)
        #expect(signed.status == 0, "\(signed.output)")
        #expect(signed.output == "Endorsed: Chloé Martin (login chloe) with key SHA256:oUxggRgslqggW2dYa9NdZYXy4gblxX0c/F2nkDZj2vw; event 103 of t.jsonl\n")
        #expect(try verify(folder).status == 0)
        // Two keys: named, and --key FILE.pub picks one.
        try sh("SSH_AUTH_SOCK='\(socket)' ssh-add -q ben", in: folder)
        let several = try sh("$A endorse two.jsonl --login chloe --as 'Chloé Martin'", in: folder, environment: agent)
        #expect(several.status == 1)
        #expect(several.output.hasPrefix("error: ssh-agent holds 2 keys (SHA256:"))
        #expect(several.output.hasSuffix("): name yours with --key FILE.pub\n"))
        let picked = try sh("$A endorse two.jsonl --login chloe --as 'Chloé Martin' --key chloe.pub", in: folder, environment: agent)
        #expect(picked.status == 0, "\(picked.output)")
        // A passphrase-protected key: through the agent if it holds it, else refused with the hint.
        let locked = try sh("$A endorse three.jsonl --login chloe --as 'Chloé Martin' --key locked", in: folder)
        #expect(locked.status == 1)
        #expect(locked.output == "error: locked: the key is protected by a passphrase; load it into ssh-agent (ssh-add) and sign through the agent instead of --key\n")
        let notHeld = try sh("$A endorse three.jsonl --login chloe --as 'Chloé Martin' --key locked", in: folder, environment: agent)
        #expect(notHeld.output == "error: ssh-agent does not hold the key of locked: add it with 'ssh-add locked'\n")
        let noAgent = try sh("$A endorse three.jsonl --login chloe --as 'Chloé Martin'", in: folder)
        #expect(noAgent.output == "error: no ssh-agent (SSH_AUTH_SOCK is not set): sign with --key FILE, or with --print-message and --signature FILE\n")
    }

    // MARK: refusals

    @Test func anOpenTranscriptALoginOffThePanelAndASecondEndorsementAreRefused() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        try sh("head -n 50 t.jsonl > open.jsonl && chmod 600 open.jsonl && cp ana other-perms && chmod 644 other-perms", in: folder)
        let before = try Data(contentsOf: folder.appendingPathComponent("t.jsonl"))
        let cases: [([String], String)] = [
            (["open.jsonl", "--login", "ana", "--as", "Ana Lopez", "--key", "ana"],
             "error: open.jsonl cannot be endorsed: the interview is not closed yet: a panelist endorses the transcript after 'close'\n"),
            (["t.jsonl", "--login", "dan", "--as", "Dan", "--key", "ana"], "error: 'Dan' is not on the panel (Ana Lopez, Ben Okafor, Chloé Martin)\n"),
            (["t.jsonl", "--login", "ana", "--key", "ana"],
             "error: the panel was recorded without logins (at one keyboard): name the panelist with --as NAME (Ana Lopez, Ben Okafor, Chloé Martin)\n"),
            (["t.jsonl", "--login", "ana", "--as", "Ana Lopez", "--key", "ana"], "error: Ana Lopez has already endorsed this transcript (login ana)\n"),
            (["t.jsonl", "--login", "ana", "--as", "Chloé Martin", "--key", "ana"], "error: login 'ana' has already endorsed this transcript, as Ana Lopez\n"),
            (["t.jsonl", "--login", "chloe", "--as", "Chloé Martin", "--key", "ana"],
             "error: key SHA256:kHFRJVHSpwA2VDJufgeS4gI5lTi5dEYM93VSoEVqfXw has already endorsed this transcript, as Ana Lopez\n"),
            (["t.jsonl", "--login=-x", "--as", "Chloé Martin", "--key", "chloe"],
             "error: '-x' is not a login: use letters, digits, '.', '_', '-' and '@', at most 64, as in the allowed_signers file\n"),
            (["t.jsonl", "--login", "chloe", "--as", "Chloé Martin", "--key", "other-perms"],
             "error: the permissions 644 of other-perms let others read your private key: 'chmod 600 other-perms' first\n"),
            (["t.jsonl", "--login", "chloe", "--as", "Chloé Martin", "--key", "t.jsonl"],
             "error: t.jsonl is neither an OpenSSH private key nor an ed25519 or ECDSA public key\n"),
            (["t.jsonl", "--login", "chloe", "--key", "chloe", "--print-message"], "error: give one of --key, --signature and --print-message\n"),
        ]
        for (arguments, message) in cases {
            let result = try runAssess(["endorse"] + arguments, directory: folder)
            #expect(result.status == (message.contains("give one of") ? 2 : 1), "\(arguments)")
            #expect(result.errors.hasPrefix(message))
            #expect(result.output == "")
        }
        #expect(try Data(contentsOf: folder.appendingPathComponent("t.jsonl")) == before)
    }

    // MARK: tampering with an endorsed transcript

    /// The lines of `t.jsonl` in `folder`, edited, with every hash recomputed, as anyone who
    /// can write the file can.
    func forge(_ folder: URL, _ edit: ([String]) -> [String]) throws {
        let path = folder.appendingPathComponent("t.jsonl").path
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        try edit(lines).joined(separator: "\n").appending("\n").write(toFile: path + ".edited", atomically: false, encoding: .utf8)
        try EndToEndTests.forge(path + ".edited", to: path) { _, line in line }
    }

    /// The JSON string member `key` of `line`, raw as written.
    func member(_ key: String, of line: String) -> String {
        let start = line.range(of: "\"\(key)\":\"")!.upperBound
        var end = start
        while line[end] != "\"" { end = line.index(end, offsetBy: line[end] == "\\" ? 2 : 1) }
        return String(line[start..<end])
    }

    @Test func everyTamperingOfAnEndorsedTranscriptFailsVerifyAndIsNamed() throws {
        let rewrites: [(String, ([String]) -> [String], String)] = [
            ("cut before closed", { Array($0.prefix(97)) }, """
              Ana Lopez: missing
              Ben Okafor: missing
              Chloé Martin: missing
              sign-off incomplete: 0 of 3 panelists endorsed (the interview is not closed)
            """),
            ("endorsements cut off", { Array($0.prefix(98)) }, """
              Ana Lopez: missing
              Ben Okafor: missing
              Chloé Martin: missing
              sign-off incomplete: 0 of 3 panelists endorsed
            """),
            ("a score rewritten", { lines in
                var lines = lines
                let index = lines.firstIndex { $0.contains("\"type\":\"scored\"") && $0.contains("\"value\":3") }!
                lines[index] = lines[index].replacingOccurrences(of: "\"value\":3", with: "\"value\":1")
                return lines
            }, """
              Ana Lopez (login ana): INVALID: the signature does not match the message (it was changed, or signed something else)
              Ben Okafor (login ben): INVALID: the signature does not match the message (it was changed, or signed something else)
              Chloé Martin (login chloe): INVALID: the signature does not match the message (it was changed, or signed something else)
              sign-off incomplete: 0 of 3 panelists endorsed
            """),
            ("signatures swapped", { lines in
                var lines = lines
                let (ana, ben) = (self.member("signature", of: lines[98]), self.member("signature", of: lines[99]))
                lines[98] = lines[98].replacingOccurrences(of: ana, with: ben)
                lines[99] = lines[99].replacingOccurrences(of: ben, with: ana)
                return lines
            }, """
              Ana Lopez (login ana): INVALID: the signature was made with key SHA256:0ZAQ0CRKbej59bYLSLVcib7DmHAEPwwNycURoyZ1VVk, not the key the endorsement names
              Ben Okafor (login ben): INVALID: the signature was made with key SHA256:kHFRJVHSpwA2VDJufgeS4gI5lTi5dEYM93VSoEVqfXw, not the key the endorsement names
              Chloé Martin (login chloe): endorsed, key SHA256:oUxggRgslqggW2dYa9NdZYXy4gblxX0c/F2nkDZj2vw
              the panel was recorded without logins: check that each login above is that panelist's
              sign-off incomplete: 1 of 3 panelists endorsed
            """),
            ("keys and signatures swapped", { lines in
                var lines = lines
                for key in ["signature", "publicKey"] {
                    let (ana, ben) = (self.member(key, of: lines[98]), self.member(key, of: lines[99]))
                    lines[98] = lines[98].replacingOccurrences(of: ana, with: ben)
                    lines[99] = lines[99].replacingOccurrences(of: ben, with: ana)
                }
                return lines
            }, """
              Ana Lopez (login ana): INVALID: made with key SHA256:0ZAQ0CRKbej59bYLSLVcib7DmHAEPwwNycURoyZ1VVk, which the signers file does not list for login 'ana'
              Ben Okafor (login ben): INVALID: made with key SHA256:kHFRJVHSpwA2VDJufgeS4gI5lTi5dEYM93VSoEVqfXw, which the signers file does not list for login 'ben'
              Chloé Martin (login chloe): endorsed, key SHA256:oUxggRgslqggW2dYa9NdZYXy4gblxX0c/F2nkDZj2vw
              the panel was recorded without logins: check that each login above is that panelist's
              sign-off incomplete: 1 of 3 panelists endorsed
            """),
        ]
        for (what, edit, expected) in rewrites {
            let folder = try workspace("2026-03-02-C-0101")
            defer { try? FileManager.default.removeItem(at: folder) }
            try forge(folder, edit)
            let result = try verify(folder)
            #expect(result.status == 1, "\(what)")
            #expect(result.output.split(separator: "\n").dropFirst().joined(separator: "\n") == expected, "\(what)")
        }
    }

    @Test func aRatingAfterCloseAKeyNotInTheFileAndAnotherNamespaceFailVerify() throws {
        // A rating appended after the endorsements, the chain made whole.
        let folder = try workspace("2026-03-02-C-0101")
        defer { try? FileManager.default.removeItem(at: folder) }
        try forge(folder) { lines in
            let rating = lines.first { $0.contains("\"type\":\"scored\"") }!
            let seq = rating.range(of: #""seq":[0-9]+"#, options: .regularExpression)!
            return lines + [rating.replacingCharacters(in: seq, with: "\"seq\":102").replacingOccurrences(of: "2026-03-02T09:0", with: "2026-03-02T12:0")]
        }
        var result = try verify(folder)
        #expect(result.status == 1)
        #expect(result.output.hasPrefix("t.jsonl: DAMAGED at line 102: "))
        #expect(result.output.contains("an event after the interview was closed"))

        // Chloé's endorsement of C-0103 by a key the signers file does not list for her.
        let other = try workspace()
        defer { try? FileManager.default.removeItem(at: other) }
        try sh("ssh-keygen -q -t ed25519 -N '' -f stranger && $A endorse t.jsonl --login chloe --as 'Chloé Martin' --key stranger > /dev/null", in: other)
        result = try verify(other)
        #expect(result.status == 1)
        #expect(result.output.hasSuffix("""
              Chloé Martin (login chloe): INVALID: made with key \(try fingerprint(other, "stranger.pub")), which the signers file does not list for login 'chloe'
              the panel was recorded without logins: check that each login above is that panelist's
              sign-off incomplete: 2 of 3 panelists endorsed

            """))

        // The right key, in another namespace: endorse refuses it, so it is forged in.
        let namespace = try workspace()
        defer { try? FileManager.default.removeItem(at: namespace) }
        try sh("$A endorse t.jsonl --login chloe --as 'Chloé Martin' --print-message > m 2> /dev/null && ssh-keygen -q -Y sign -f chloe -n git m", in: namespace)
        let armored = try String(contentsOf: namespace.appendingPathComponent("m.sig"), encoding: .utf8)
        try forge(namespace) { lines in
            let json = String(decoding: try! JSONEncoder().encode(armored), as: UTF8.self)
            let key = try! String(contentsOf: namespace.appendingPathComponent("chloe.pub"), encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
            let ben = lines[lines.count - 1]
            let forged = ben.replacingOccurrences(of: "Ben Okafor", with: "Chloé Martin").replacingOccurrences(of: "\"login\":\"ben\"", with: "\"login\":\"chloe\"")
                .replacingOccurrences(of: self.member("publicKey", of: ben), with: key)
                .replacingOccurrences(of: "\"" + self.member("signature", of: ben) + "\"", with: json.replacingOccurrences(of: "\\/", with: "/"))
                .replacingOccurrences(of: "\"seq\":102", with: "\"seq\":103")
            return lines + [forged]
        }
        result = try verify(namespace)
        #expect(result.status == 1)
        #expect(result.output.hasSuffix("""
              Chloé Martin (login chloe): INVALID: made for namespace 'git', not 'assess-endorsement'
              the panel was recorded without logins: check that each login above is that panelist's
              sign-off incomplete: 2 of 3 panelists endorsed

            """))
    }

    // MARK: HR's signers file, read as ssh-keygen reads it

    /// For each signers file, `verify --signers` calls Ana's endorsement of C-0101 what
    /// `ssh-keygen -Y verify` calls it (the hostile review of issue 17).
    @Test func theSignersFileIsReadAsSSHKeygenReadsIt() throws {
        let folder = try workspace("2026-03-02-C-0101")
        defer { try? FileManager.default.removeItem(at: folder) }
        try sh("$A verify t.jsonl --write-signatures sigs > /dev/null && ssh-keygen -q -t ed25519 -N '' -f other", in: folder)
        let ana = try String(contentsOf: folder.appendingPathComponent("ana.pub"), encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        let other = try String(contentsOf: folder.appendingPathComponent("other.pub"), encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        let cases: [(String, String?)] = [
            ("ana \(ana)\n", nil),
            ("ana \(ana)\r\n", nil),
            ("\"ana\" \(ana)\n", nil),
            ("ana namespaces=\"assess-*\" \(ana)\n", nil),
            ("ana namespaces=\"git\" \(ana)\nana \(ana)\n", nil),
            ("bob ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ\nana \(ana)\n", nil),
            ("ana cert-authority \(ana)\n", "the signers file lists no key for login 'ana'"),
            ("ana valid-before=\"20260401\" \(ana)\n", "the signers file (line 1) does not hold this key valid now (valid-after/valid-before)"),
            ("ana namespaces=\"git\" \(ana)\n", "the signers file (line 1) does not allow this key the namespace assess-endorsement"),
            ("ana namespaces=\"*,!assess-endorsement\" \(ana)\n", "the signers file (line 1) does not allow this key the namespace assess-endorsement"),
            ("ana verify-required \(ana)\nben \(other)\n", "the signers file lists no key for login 'ana'"),
            ("ana \(ana) a comment with \"a quote\n", nil),
            ("ana \(other)\n", "made with key SHA256:kHFRJVHSpwA2VDJufgeS4gI5lTi5dEYM93VSoEVqfXw, which the signers file does not list for login 'ana'"),
        ]
        for (text, problem) in cases {
            try text.write(to: folder.appendingPathComponent("signers"), atomically: false, encoding: .utf8)
            chmod(folder.appendingPathComponent("signers").path, 0o600)
            let ours = try verify(folder)
            let line = ours.output.split(separator: "\n").first { $0.hasPrefix("  Ana Lopez") }.map(String.init) ?? ours.errors
            #expect(line == "  Ana Lopez (login ana): " + (problem.map { "INVALID: " + $0 } ?? "endorsed, key SHA256:kHFRJVHSpwA2VDJufgeS4gI5lTi5dEYM93VSoEVqfXw"), "\(text)")
            let oracle = try sh("ssh-keygen -Y verify -f signers -I ana -n assess-endorsement -s sigs/ana.sig < sigs/ana.msg", in: folder)
            #expect((oracle.status == 0) == (problem == nil), "ssh-keygen disagrees on \(text): \(oracle.output)")
        }
        // The RSA line is skipped, and said so.
        try "bob ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ\nana \(ana)\n".write(to: folder.appendingPathComponent("signers"), atomically: false, encoding: .utf8)
        #expect(try verify(folder).errors == "note: signers:1: ssh-rsa keys are not supported; use an ed25519 or ECDSA key (ssh-keygen -t ed25519); that line is skipped\n")
    }

    @Test func anEndorsementTornByACrashIsCutOffByTheNextAndSHA256SignaturesAreRefused() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A whole endorsement without its newline, or text someone added: damage to show, not to cut.
        for tail in ["$(tail -n 1 t.jsonl | head -c -1)", "hello"] {
            try sh("cp t.jsonl t2.jsonl && printf '%s' \"\(tail)\" >> t2.jsonl", in: folder)
            let refused = try runAssess(["endorse", "t2.jsonl", "--login", "chloe", "--as", "Chloé Martin", "--key", "chloe"], directory: folder)
            #expect(refused.status == 1)
            #expect(refused.errors == "error: t2.jsonl is damaged: line 103: torn last line (cut off while being written); 'assess verify t2.jsonl' tells more\n")
        }
        // Chloé's endorsement written halfway when the machine stopped.
        try sh("tail -n 1 t.jsonl | sed 's/\"seq\":102/\"seq\":103/' | head -c 300 >> t.jsonl", in: folder)
        #expect(try runAssess(["verify", "t.jsonl"], directory: folder).output.contains("DAMAGED at line 103: torn last line"))
        // ssh-keygen can sign with sha256; the product signs with sha512.
        let sha256 = try sh("$A endorse t.jsonl --login chloe --as 'Chloé Martin' --print-message > m 2> /dev/null"
            + " && ssh-keygen -q -Y sign -O hashalg=sha256 -f chloe -n assess-endorsement m && $A endorse t.jsonl --login chloe --as 'Chloé Martin' --signature m.sig", in: folder)
        #expect(sha256.status == 1)
        #expect(sha256.output == "note: line 103 of t.jsonl was torn (an endorsement interrupted as it was written) and is cut off\n"
            + "error: the signature uses sha256; sign with sha512, ssh-keygen's default\n")
        let endorsed = try runAssess(["endorse", "t.jsonl", "--login", "chloe", "--as", "Chloé Martin", "--key", "chloe"], directory: folder)
        #expect(endorsed.status == 0, "\(endorsed.errors)")
        #expect(endorsed.output == "Endorsed: Chloé Martin (login chloe) with key SHA256:oUxggRgslqggW2dYa9NdZYXy4gblxX0c/F2nkDZj2vw; event 103 of t.jsonl\n")
        #expect(try verify(folder).status == 0)
    }
}
