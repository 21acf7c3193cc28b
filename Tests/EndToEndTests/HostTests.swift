import Foundation
import Testing

/// `assess host` on 127.0.0.1, with OpenSSH's own `ssh`, `ssh-keyscan` and `ssh-keygen`
/// as the oracle. Every wait has a deadline.
@Suite(.serialized) struct HostTests {
    /// Runs a tool to its end, killed after `timeout` seconds; stdin is /dev/null.
    static func run(_ tool: String, _ arguments: [String], timeout: Double = 20) throws -> (status: Int32, output: String, errors: String) {
        let folder = try temporaryFolder("tool")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("out"), errURL = folder.appendingPathComponent("err")
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        var status = waitForExit(process, timeout: timeout)
        if status == nil {
            kill(process.processIdentifier, SIGKILL)
            status = waitForExit(process)
        }
        return (status ?? -1, try String(contentsOf: outURL, encoding: .utf8), try String(contentsOf: errURL, encoding: .utf8))
    }

    /// A running `assess host`, its log going to a file.
    final class RunningHost {
        let process = Process()
        let log: URL
        private var stopped = false

        init(_ arguments: [String], folder: URL) throws {
            log = folder.appendingPathComponent("host-\(UUID().uuidString).log")
            try Data().write(to: log)
            process.executableURL = URL(fileURLWithPath: assessBinary())
            process.arguments = ["host"] + arguments
            process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
            process.standardOutput = try FileHandle(forWritingTo: log)
            process.standardError = try FileHandle(forWritingTo: log)
            try process.run()
        }

        var text: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

        /// Waits until the log has `lines` lines, for at most 10 seconds; returns them.
        func lines(_ count: Int) throws -> [String] {
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                let lines = text.split(separator: "\n").map(String.init)
                if lines.count >= count { return lines }
                if !process.isRunning { break }
                usleep(20_000)
            }
            Issue.record("the host's log has not \(count) lines: \(text)")
            throw CancellationError()
        }

        /// The port from `listening on 127.0.0.1:PORT`.
        func port() throws -> String {
            let first = try lines(1)[0]
            #expect(first.hasPrefix("listening on 127.0.0.1:"), "\(first)")
            return String(first.dropFirst("listening on 127.0.0.1:".count))
        }

        /// The transcript, from the log's third line (`serving … · transcript PATH`).
        func transcriptPath() throws -> String {
            let line = try lines(3)[2]
            guard let range = line.range(of: " · transcript ") else {
                Issue.record("no transcript in \(line)")
                throw CancellationError()
            }
            return String(line[range.upperBound...])
        }

        func stop() {
            guard !stopped else { return }
            stopped = true
            kill(process.processIdentifier, SIGTERM)  // not terminate(): it was seen to send nothing once Foundation lost track
            if waitForExit(process, timeout: 10) == nil {
                kill(process.processIdentifier, SIGKILL)
                waitForExit(process)
            }
        }

        deinit { stop() }
    }

    /// A folder with ed25519 keys for ana, ben and a stranger, and `signers` listing ana's and ben's.
    struct Panel {
        let folder: URL
        var signers: String { folder.appendingPathComponent("signers").path }
        var knownHosts: String { folder.appendingPathComponent("known_hosts").path }
        var transcripts: String { folder.appendingPathComponent("Transcripts").path }
        func key(_ name: String) -> String { folder.appendingPathComponent(name).path }

        init(logins: [String] = ["ana", "ben"]) throws {
            folder = try temporaryFolder("host")
            var lines = ""
            for name in logins + ["stranger"] {
                let made = try HostTests.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", folder.appendingPathComponent(name).path])
                try #require(made.status == 0, "\(made.errors)")
                if name != "stranger" {
                    lines += name + " " + (try String(contentsOfFile: folder.appendingPathComponent(name + ".pub").path, encoding: .utf8))
                }
            }
            try writeSigners(lines)
        }

        func writeSigners(_ text: String, mode: Int = 0o600) throws {
            try text.write(toFile: signers, atomically: false, encoding: .utf8)
            chmod(signers, mode_t(mode))
        }

        var hostArguments: [String] {
            ["lmi-intern", "--candidate", "A. Candidate", "--candidate-id", "C-7", "--panel", "Ana:chair:ana,Ben:member:ben",
             "--keys", signers, "--listen", "127.0.0.1:0", "--transcripts", transcripts]
        }

        /// The host's key, as ssh-keyscan gets it, into known_hosts.
        func trustHost(port: String) throws {
            let scanned = try HostTests.run("/usr/bin/ssh-keyscan", ["-p", port, "-t", "ed25519", "127.0.0.1"])
            try #require(scanned.status == 0, "\(scanned.errors)")
            try scanned.output.write(toFile: knownHosts, atomically: false, encoding: .utf8)
        }

        /// `ssh` as a panelist would run it, with no config, agent or other key.
        func ssh(_ login: String, key: String, port: String, _ extra: [String] = [], command: [String] = []) throws -> (status: Int32, output: String, errors: String) {
            try HostTests.run("/usr/bin/ssh", ["-F", "/dev/null", "-T", "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
                                               "-o", "UserKnownHostsFile=\(knownHosts)", "-o", "GlobalKnownHostsFile=/dev/null",
                                               "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR",
                                               "-i", self.key(key), "-p", port] + extra + ["\(login)@127.0.0.1"] + command)
        }
    }

    /// The log with each client's port replaced by PORT.
    static func portless(_ log: String) -> String {
        log.replacingOccurrences(of: #"127\.0\.0\.1:[0-9]+"#, with: "127.0.0.1:PORT", options: .regularExpression)
    }

    static func fingerprint(_ path: String) throws -> String {
        let result = try run("/usr/bin/ssh-keygen", ["-l", "-f", path])
        return String(result.output.split(separator: " ")[1])
    }

    @Test func onlyAListedKeyForItsLoginGetsIn() throws {
        let panel = try Panel()
        defer { try? FileManager.default.removeItem(at: panel.folder) }
        let host = try RunningHost(panel.hostArguments, folder: panel.folder)
        let port = try host.port()
        let fingerprintLine = try host.lines(2)[1]

        // The host key as ssh sees it, into known_hosts: its fingerprint is the logged one.
        try panel.trustHost(port: port)
        #expect(fingerprintLine == "256 \(try Self.fingerprint(panel.knownHosts)) assess host key (ED25519)")

        // Without a terminal (-T) there is no shell to serve.
        let ana = try panel.ssh("ana", key: "ana", port: port)
        #expect(ana.status == 1, "\(ana.errors)")
        #expect(ana.output == "assess host serves an interactive terminal: connect with 'ssh -t'.\r\n")
        #expect(ana.errors == "")

        let denied = "ana@127.0.0.1: Permission denied (publickey).\r\n"
        let stranger = try panel.ssh("ana", key: "stranger", port: port)
        #expect(stranger.status == 255)
        #expect(stranger.errors == denied)
        let bensKey = try panel.ssh("ana", key: "ben", port: port)
        #expect(bensKey.status == 255)
        #expect(bensKey.errors == denied)
        // Password sign-in is not offered: ssh has no method left to try.
        let password = try panel.ssh("ana", key: "ana", port: port, ["-o", "PreferredAuthentications=password,keyboard-interactive"])
        #expect(password.status == 255)
        #expect(password.errors == denied)
        let notAPanelist = try panel.ssh("carl", key: "ana", port: port)
        #expect(notAPanelist.errors == "carl@127.0.0.1: Permission denied (publickey).\r\n")
        // An RSA key, which the host does not take, is refused at the door too.
        let made = try Self.run("/usr/bin/ssh-keygen", ["-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", panel.key("rsa")])
        try #require(made.status == 0)
        let rsa = try panel.ssh("ana", key: "rsa", port: port)
        #expect(rsa.status == 255)
        #expect(rsa.errors == denied)
        // Nothing of the interview reached any of them.
        for refused in [stranger, bensKey, password, notAPanelist, rsa] { #expect(refused.output == "") }

        _ = try host.lines(9)  // every refusal logged (the last, the RSA key's, as its connection ends)
        host.stop()
        let strangerKey = try Self.fingerprint(panel.key("stranger.pub")), bensFingerprint = try Self.fingerprint(panel.key("ben.pub"))
        let log = Self.portless(host.text)
        #expect(log == """
            listening on 127.0.0.1:PORT
            \(fingerprintLine)
            serving lmi-intern · A. Candidate · transcript \(try host.transcriptPath())
            refused ana from 127.0.0.1:PORT: no terminal asked for
            refused ana from 127.0.0.1:PORT: key \(strangerKey) is not listed for that login
            refused ana from 127.0.0.1:PORT: key \(bensFingerprint) is not listed for that login
            refused ana from 127.0.0.1:PORT: no key the host takes was offered
            refused carl from 127.0.0.1:PORT: not a panelist's login
            refused ana from 127.0.0.1:PORT: no key the host takes was offered
            host stopping: stopped by a signal
            the interview stays open; serve it again with: assess host --resume \(try host.transcriptPath()) --keys \(panel.signers) --listen 127.0.0.1:PORT

            """, "the log was:\n\(log)")
    }

    /// ssh's `none`, then two requests per key: after three unlisted keys the host hangs up,
    /// and ana's own key, offered fourth, is never tried.
    @Test func aConnectionMayTryThreeKeys() throws {
        let panel = try Panel()
        defer { try? FileManager.default.removeItem(at: panel.folder) }
        for name in ["k1", "k2"] {
            let made = try Self.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", panel.key(name)])
            try #require(made.status == 0)
        }
        let host = try RunningHost(panel.hostArguments, folder: panel.folder)
        let port = try host.port()
        try panel.trustHost(port: port)
        let denied = try panel.ssh("ana", key: "stranger", port: port, ["-i", panel.key("k1"), "-i", panel.key("k2"), "-i", panel.key("ana")])
        #expect(denied.status == 255)
        #expect(denied.errors == "Received disconnect from 127.0.0.1 port \(port):11: Too many authentication failures\r\n")
        let logged = try host.lines(6).dropFirst(3)
        #expect(logged.count == 3)
        #expect(logged.allSatisfy { $0.hasPrefix("refused ana from 127.0.0.1:") && $0.hasSuffix(" is not listed for that login") })
        host.stop()
        #expect(!host.text.contains("joined"))
    }

    @Test func theHostKeyIsPrivateAndKeptForTheNextRun() throws {
        let panel = try Panel()
        defer { try? FileManager.default.removeItem(at: panel.folder) }
        let first = try RunningHost(panel.hostArguments, folder: panel.folder)
        let firstLine = try first.lines(2)[1]
        let resuming = ["--resume", try first.transcriptPath(), "--keys", panel.signers, "--listen", "127.0.0.1:0"]
        first.stop()
        let keyPath = panel.transcripts + "/lmi-intern/.host-key"
        var info = stat()
        try #require(lstat(keyPath, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)

        let second = try RunningHost(resuming, folder: panel.folder)
        #expect(try second.lines(2)[1] == firstLine)
        second.stop()

        chmod(keyPath, 0o640)
        let refused = try runAssess(["host"] + resuming)
        #expect(refused.status == 1)
        #expect(refused.errors == "error: the host key \(keyPath) can be read by others (mode 640), who could then pose as this host; make it yours alone: chmod 600 \(keyPath)\n")
    }

    @Test func aLinkIsNeverFollowedToMakeTheHostKey() throws {
        let panel = try Panel()
        defer { try? FileManager.default.removeItem(at: panel.folder) }
        let link = panel.folder.appendingPathComponent("key-link").path, target = panel.folder.appendingPathComponent("elsewhere").path
        symlink(target, link)
        let result = try runAssess(["host"] + panel.hostArguments + ["--host-key", link])
        #expect(result.status == 1)
        #expect(result.errors == "error: cannot read the host key \(link): it is a symbolic link\n")
        #expect(access(target, F_OK) != 0)
        // Refused before the transcript is made: no open interview is left behind.
        let made = (try? FileManager.default.contentsOfDirectory(atPath: panel.transcripts + "/lmi-intern")) ?? []
        #expect(!made.contains { $0.hasSuffix(".jsonl") })
    }

    @Test func startUpChecksStopTheHostWithTheReason() throws {
        let panel = try Panel()
        defer { try? FileManager.default.removeItem(at: panel.folder) }
        let signers = panel.signers, arguments = panel.hostArguments
        func start(_ arguments: [String]) throws -> String {
            let result = try runAssess(["host"] + arguments)
            #expect(result.status != 0)
            #expect(result.output == "")
            return result.errors
        }
        func replacing(_ option: String, with value: String) -> [String] {
            var copy = arguments
            if let index = copy.firstIndex(of: option) { copy[index + 1] = value }
            return copy
        }

        #expect(try start(replacing("--panel", with: "Ana:chair:ana,Ben:member")) ==
                "error: Ben has no login; a hosted panel gives each panelist one: --panel \"Ben:ROLE:LOGIN,…\"\n")
        #expect(try start(replacing("--panel", with: "Ana:chair:ana,Cleo:member:cleo")) ==
                "error: \(signers) lists no key for Cleo's login 'cleo'; add a line: cleo ssh-ed25519 AAAA…\n")
        #expect(try start(replacing("--listen", with: ":0")) ==
                "error: --listen ':0': give the address to listen on, e.g. 127.0.0.1:0; to serve every interface say so: 0.0.0.0:0\n")
        #expect(try start(replacing("--listen", with: "localhost:0")) ==
                "error: --listen 'localhost:0': the address must be an IP address (IPv6 in brackets: [::1]:2222), not a host name\n")

        let listed = try String(contentsOfFile: signers, encoding: .utf8)
        try panel.writeSigners(listed, mode: 0o622)
        #expect(try start(arguments) ==
                "error: \(signers) can be changed by others (mode 622), and with it whose keys are trusted; make it yours alone: chmod go-w \(signers)\n")

        let made = try Self.run("/usr/bin/ssh-keygen", ["-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", panel.key("rsa")])
        try #require(made.status == 0)
        try panel.writeSigners(listed + "ben " + (try String(contentsOfFile: panel.key("rsa.pub"), encoding: .utf8)))
        #expect(try start(arguments) ==
                "error: \(signers):3: ssh-rsa keys are not supported; use an ed25519 or ECDSA key (ssh-keygen -t ed25519)\n")
    }
}
