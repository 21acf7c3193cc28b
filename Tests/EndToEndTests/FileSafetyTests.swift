import AssessmentKit
import Foundation
import Testing

/// SHA-256 of a file by the system's sha256sum, independent of the code under test.
func systemSHA256(ofFile path: String) throws -> String {
    String(try runAssess([path], executable: "/usr/bin/sha256sum").output.prefix(64))
}

/// Files the program creates: lock notes, reports, transcript folders; errors named for what
/// they are; `verify` of folders; the scripted clock; a stop by signal (issue 13, findings 3,
/// 4, 8 and 11).
@Suite struct FileSafetyTests {
    let example = packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern/2026-03-02-C-0101.jsonl").path

    func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    static let interview = ["interview", "lmi-intern", "--candidate", "X", "--candidate-id", "C-7", "--panel", "Ana", "--transcripts", "T"]
    static let clock = ["ASSESS_CLOCK": "2026-03-05T09:00:00.000Z,20"]

    /// A victim file and a lock-note symbolic link to it, where the next interview's note goes.
    func plantLockLink(in directory: String) throws -> (victim: String, link: String) {
        let victim = try temporaryFolder("victim").path + "/precious.txt"
        try "keep me\n".write(toFile: victim, atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: directory + "/T/lmi-intern", withIntermediateDirectories: true)
        let link = directory + "/T/lmi-intern/2026-03-05-C-7.jsonl.lock"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: victim)
        return (victim, link)
    }

    // MARK: finding 3: the lock note follows no link; unsafe folders are refused

    @Test func aLockLinkInAWorldWritableFolderIsNotFollowedAndTheFolderIsRefused() throws {
        let directory = try temporaryFolder("planted").path
        let (victim, _) = try plantLockLink(in: directory)
        chmod(directory + "/T/lmi-intern", 0o777)
        let result = try runAssess(Self.interview, input: "score 3\n", environment: Self.clock, directory: URL(fileURLWithPath: directory))
        #expect(result.status == 1)
        #expect(result.errors == "error: the folder T/lmi-intern can be written by anyone (mode 0777), so others could plant files in it; run 'chmod go-w T/lmi-intern', or use a folder only you can write to\n")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me\n")
        #expect(!FileManager.default.fileExists(atPath: directory + "/T/lmi-intern/2026-03-05-C-7.jsonl"))
    }

    @Test func aStaleLockLinkInASafeFolderIsReplacedNotFollowed() throws {
        let directory = try temporaryFolder("stale").path
        let (victim, link) = try plantLockLink(in: directory)
        chmod(directory + "/T/lmi-intern", 0o700)
        let shell = try RunningShell(Self.interview, directory: directory, environment: Self.clock)
        shell.send("score 3")
        try #require(shell.waitFor("Recorded: Ana rates inclusion 3"), "\(shell.errors)")
        // While the shell runs, its note is a private file of its own, not the link.
        let attributes = try FileManager.default.attributesOfItem(atPath: link)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect(try mode(link) == 0o600)
        #expect(try String(contentsOfFile: link, encoding: .utf8).hasPrefix("pid \(shell.process.processIdentifier), "))
        shell.send("quit")
        #expect(shell.finish() == 0)
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/T/lmi-intern") == ["2026-03-05-C-7.jsonl"])

        // The same on resume, which locks an existing transcript.
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: victim)
        let resumed = try runAssess(["interview", "--resume", directory + "/T/lmi-intern/2026-03-05-C-7.jsonl"], input: "score 2\n")
        #expect(resumed.status == 0, "\(resumed.errors)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me\n")
        #expect(!FileManager.default.fileExists(atPath: link))
    }

    @Test func unsafeTranscriptFoldersAreRefusedWithTheFix() throws {
        let directory = try temporaryFolder("unsafe").path
        try FileManager.default.createDirectory(atPath: directory + "/T", withIntermediateDirectories: true)
        chmod(directory + "/T", 0o777)
        let world = try runAssess(Self.interview, input: "score 3\n", directory: URL(fileURLWithPath: directory))
        #expect(world.status == 1)
        #expect(world.errors == "error: the folder T can be written by anyone (mode 0777), so others could plant files in it; run 'chmod go-w T', or use a folder only you can write to\n")

        chmod(directory + "/T", 0o755)
        try FileManager.default.createDirectory(atPath: directory + "/T/lmi-intern", withIntermediateDirectories: true)
        chmod(directory + "/T/lmi-intern", 0o770)
        if getuid() == 0 {
            // Root's group is its private group, which may write (as under Debian's umask 002)...
            #expect(try runAssess(Self.interview, input: "quit\n", directory: URL(fileURLWithPath: directory)).status == 0)
            try FileManager.default.removeItem(atPath: directory + "/T/lmi-intern")
            try FileManager.default.createDirectory(atPath: directory + "/T/lmi-intern", withIntermediateDirectories: true)
            chmod(directory + "/T/lmi-intern", 0o770)
            // ...but a shared group may not.
            chown(directory + "/T/lmi-intern", 0, 65534)
            let group = try runAssess(Self.interview, input: "score 3\n", directory: URL(fileURLWithPath: directory))
            #expect(group.status == 1)
            #expect(group.errors == "error: the folder T/lmi-intern can be written by its group (mode 0770), so others could plant files in it; run 'chmod go-w T/lmi-intern', or use a folder only you can write to\n")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/T/lmi-intern") == [])
        }

        // Resuming in a folder that became unsafe is refused too, before anything is written.
        chmod(directory + "/T/lmi-intern", 0o700)
        #expect(try runAssess(Self.interview, input: "score 3\n", directory: URL(fileURLWithPath: directory)).status == 0)
        let transcript = try #require(transcriptFilesForTest(directory + "/T").first)
        let before = try Data(contentsOf: URL(fileURLWithPath: transcript))
        chmod(directory + "/T/lmi-intern", 0o777)
        let resumed = try runAssess(["interview", "--resume", transcript], input: "score 2\n")
        #expect(resumed.status == 1)
        #expect(resumed.errors.hasPrefix("error: the folder \(directory)/T/lmi-intern can be written by anyone (mode 0777)"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: transcript)) == before)
    }

    @Test(.enabled(if: getuid() == 0, "only root can give a folder to another user"))
    func aTranscriptFolderOwnedBySomeoneElseIsRefused() throws {
        let directory = try temporaryFolder("owner").path
        try FileManager.default.createDirectory(atPath: directory + "/T", withIntermediateDirectories: true)
        chown(directory + "/T", 65534, 65534)
        let result = try runAssess(Self.interview, input: "score 3\n", directory: URL(fileURLWithPath: directory))
        #expect(result.status == 1)
        #expect(result.errors == "error: the folder T belongs to another user (uid 65534), who could change or replace transcripts in it; use a folder of your own (--transcripts DIR)\n")
    }

    // MARK: finding 4: --output is private and exclusive

    @Test func ofEightConcurrentOutputWritersExactlyOneWins() throws {
        let expected = try runAssess(["summary", example, "--format", "html"]).output
        // Three races, each of eight writers started together by one shell; each writer's exit
        // status and errors go to files named by its number.
        for _ in 0..<3 {
            let directory = try temporaryFolder("eight").path
            let output = directory + "/report.html"
            let script = """
                for i in 1 2 3 4 5 6 7 8; do
                  ( "$0" summary "$1" --format html --output "$2/report.html" 2>"$2/.err$i"; echo $? >"$2/.status$i" ) &
                done
                wait
                """
            _ = try runAssess(["-c", script, assessBinary(), example, directory], executable: "/bin/bash")
            var winners = 0
            for index in 1...8 {
                let status = try String(contentsOfFile: directory + "/.status\(index)", encoding: .utf8)
                let errors = try String(contentsOfFile: directory + "/.err\(index)", encoding: .utf8)
                if status == "0\n" { winners += 1; continue }
                #expect(status == "1\n")
                #expect(errors == "error: \(output) already exists; give a new file name, or remove the old file first\n")
            }
            #expect(winners == 1)
            #expect(try mode(output) == 0o600)
            let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { !$0.hasPrefix(".err") && !$0.hasPrefix(".status") }
            #expect(files == ["report.html"], "no temporary file left")
            #expect(try String(contentsOfFile: output, encoding: .utf8) == expected)
        }
    }

    @Test func anOutputLinkIsNotFollowed() throws {
        let directory = try temporaryFolder("outlink").path
        let victim = directory + "/victim.txt"
        try "keep me\n".write(toFile: victim, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: directory + "/dangling.md", withDestinationPath: directory + "/new.md")
        let result = try runAssess(["compare", packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern").path,
                                    "--output", directory + "/dangling.md"])
        #expect(result.status == 1)
        #expect(result.errors == "error: \(directory)/dangling.md already exists; give a new file name, or remove the old file first\n")
        #expect(!FileManager.default.fileExists(atPath: directory + "/new.md"))
    }

    @Test func aFullDiskDuringOutputIsNamedAndLeavesNoFile() throws {
        let directory = try temporaryFolder("outfull").path
        // 1 KiB (bash counts 1024-byte blocks): the HTML summary is larger.
        let command = "trap '' XFSZ; ulimit -f 1; exec \"$0\" summary \"$1\" --format html --output out.html"
        let result = try runAssess(["-c", command, assessBinary(), example], directory: URL(fileURLWithPath: directory), executable: "/bin/bash")
        #expect(result.status == 1)
        #expect(result.errors == "error: cannot write out.html: File too large\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == [])
    }

    @Test func aSaveCutBackOnANewTranscriptLeavesNoHoleForTheNext() throws {
        let directory = try temporaryFolder("cutback").path
        // 30 KiB: the started event fits, the long rating does not, the short one does.
        let command = "trap '' XFSZ; ulimit -f 30; exec \"$0\" interview lmi-intern --candidate X --candidate-id CUT --panel Ana --transcripts T"
        let long = String(repeating: "evidence ", count: 2000)
        let result = try runAssess(["-c", command, assessBinary()], input: "score 3 \(long)\nscore 2 short\n",
                                   directory: URL(fileURLWithPath: directory), executable: "/bin/bash")
        #expect(result.errors.hasPrefix("error: line 1: could not save to T/lmi-intern/"))
        #expect(result.output.contains("Recorded: Ana rates inclusion 2"))
        let path = try #require(transcriptFilesForTest(directory + "/T").first)
        let (events, scan) = try TranscriptReader.readAll(path: path)
        #expect(scan.damage == nil)
        #expect(events.map(\.type) == ["started", "scored"])
    }

    @Test func aMissingOutputFolderIsNamed() throws {
        let result = try runAssess(["summary", example, "--output", "no-such-folder/out.txt"])
        #expect(result.status == 1)
        #expect(result.errors == "error: cannot create no-such-folder/out.txt: its folder does not exist; create the folder first, or choose another file\n")
    }

    // MARK: finding 8: errors named for what they are

    /// Runs `assess` as a user the files are closed to: `nobody` when the tests run as root
    /// (root reads any file), else the current user.
    func runUnprivileged(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        guard getuid() == 0 else { return try runAssess(arguments) }
        return try runAssess(["--reuid=65534", "--regid=65534", "--clear-groups", assessBinary()] + arguments,
                             executable: "/usr/bin/setpriv")
    }

    /// A folder (open to all) with a readable transcript, a closed file and a closed subfolder.
    func closedFiles() throws -> String {
        let directory = try temporaryFolder("closed").path
        chmod(directory, 0o755)
        try FileManager.default.createDirectory(atPath: directory + "/shut", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: example, toPath: directory + "/open.jsonl")
        try FileManager.default.copyItem(atPath: example, toPath: directory + "/secret.jsonl")
        try FileManager.default.copyItem(atPath: example, toPath: directory + "/shut/inside.jsonl")
        chmod(directory + "/open.jsonl", 0o644)
        chmod(directory + "/shut/inside.jsonl", 0o644)
        chmod(directory + "/secret.jsonl", 0o000)
        chmod(directory + "/shut", 0o000)
        return directory
    }

    @Test func anUnreadableFolderIsAnErrorNotAnEmptyList() throws {
        let directory = try closedFiles()
        for command in [["transcripts", directory + "/shut"], ["verify", directory + "/shut"], ["compare", directory + "/shut"]] {
            let result = try runUnprivileged(command)
            #expect(result.status == 1, "\(command)")
            #expect(result.output == "", "\(command)")
            #expect(result.errors == "error: cannot open \(directory)/shut: permission denied\n", "\(command)")
        }
    }

    /// A folder that cannot even be looked at is not "no folder".
    @Test func aFolderBehindAClosedOneIsPermissionDenied() throws {
        let directory = try closedFiles()
        let result = try runUnprivileged(["transcripts", directory + "/shut/deeper"])
        #expect(result.status == 1)
        #expect(result.errors == "error: cannot open \(directory)/shut/deeper: permission denied\n")
        #expect(try runAssess(["transcripts", directory + "/open.jsonl"]).errors
                == "error: \(directory)/open.jsonl is a file, not a folder; give the folder that holds the transcripts\n")
    }

    @Test func anUnreadableFileIsListedAsUnreadableAndTheListingFails() throws {
        let directory = try closedFiles()
        chmod(directory + "/shut", 0o755)
        let result = try runUnprivileged(["transcripts", directory, "--format", "csv"])
        #expect(result.status == 1)
        let rows = parseCSV(result.output)
        #expect(rows.map { [$0[1], $0[4], $0[8], $0[9]] } == [
            ["id", "status", "file", "problem"],
            ["C-0101", "closed", directory + "/open.jsonl", ""],
            ["", "unreadable", directory + "/secret.jsonl", "permission denied"],
            ["C-0101", "closed", directory + "/shut/inside.jsonl", ""],
        ])
        #expect(result.errors == "error: cannot read \(directory)/secret.jsonl: permission denied; ask its owner for access\n")

        // A filter the file cannot be known to match leaves it out of the list, not out of the errors.
        let closed = try runUnprivileged(["transcripts", directory, "--status", "closed"])
        #expect(closed.status == 1)
        #expect(!closed.output.contains("secret"))
        #expect(closed.errors == result.errors)
        let unreadable = try runUnprivileged(["transcripts", directory, "--status", "unreadable"])
        #expect(unreadable.output.contains("unreadable  permission denied"))
    }

    @Test func anUnreadableSubfolderIsNamedAndTheRestIsStillRead() throws {
        let directory = try closedFiles()
        let listing = try runUnprivileged(["transcripts", directory, "--format", "csv"])
        #expect(listing.status == 1)
        #expect(parseCSV(listing.output).map { [$0[4], $0[8], $0[9]] } == [
            ["status", "file", "problem"],
            ["closed", directory + "/open.jsonl", ""],
            ["unreadable", directory + "/secret.jsonl", "permission denied"],
            ["unreadable", directory + "/shut", "permission denied"],
        ])
        #expect(listing.errors == """
            error: cannot read \(directory)/secret.jsonl: permission denied; ask its owner for access
            error: cannot read \(directory)/shut: permission denied; ask its owner for access

            """)

        let verify = try runUnprivileged(["verify", directory])
        #expect(verify.status == 1)
        #expect(verify.output.hasPrefix("\(directory)/open.jsonl: verified, 101 events, closed, sha256 "))
        #expect(verify.errors == """
            error: cannot open \(directory)/shut: permission denied; its transcripts were not checked
            error: cannot open \(directory)/secret.jsonl: permission denied

            """)

        // A comparison with candidates left out says so first and fails, but still compares the rest.
        let compare = try runUnprivileged(["compare", directory])
        #expect(compare.status == 1)
        #expect(compare.errors == """
            error: \(directory)/shut: unreadable (permission denied)
            error: \(directory)/secret.jsonl: unreadable (permission denied)

            """)
        #expect(compare.output.hasPrefix("LEFT OUT: 2 unreadable files left out of the ranking and the statistics (listed below)\n"))
    }

    @Test func aFileInAnUnreadableFolderIsNotCalledMissing() throws {
        let directory = try closedFiles()
        let result = try runUnprivileged(["summary", directory + "/shut/inside.jsonl"])
        #expect(result.status == 1)
        #expect(result.errors == "error: cannot open \(directory)/shut/inside.jsonl: permission denied\n")
    }

    // MARK: finding 11: verify of folders, with SHA-256s

    @Test func verifyOfAFolderChecksEveryTranscriptAndPrintsItsSHA256() throws {
        let examples = packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern").path
        let files = transcriptFilesForTest(examples)
        let result = try runAssess(["verify", examples])
        #expect(result.status == 0)
        #expect(result.errors == "")
        #expect(result.output == (try verifiedExamples(files)))

        let empty = try temporaryFolder("empty").path
        let none = try runAssess(["verify", empty])
        #expect(none.status == 1)
        #expect(none.errors == "error: no transcripts (.jsonl files) in the folder \(empty)\n")
    }

    // MARK: finding 11: the scripted clock

    @Test(arguments: ["inf", "nan", "-1", "1e300", "86401"])
    func aClockStepOutOfRangeIsAnErrorNotACrash(step: String) throws {
        let directory = try temporaryFolder("clock").path
        let result = try runAssess(Self.interview, input: "score 3\n", environment: ["ASSESS_CLOCK": "2026-03-05T09:00:00.000Z,\(step)"],
                                   directory: URL(fileURLWithPath: directory))
        #expect(result.status == 1)
        #expect(result.errors == "error: ASSESS_CLOCK must be START,STEP_SECONDS with a step from 0 to 86400 seconds, e.g. 2026-03-02T09:00:00.000Z,40\n")
    }

    // MARK: finding 11: a stop by signal leaves no lock note or temporary file

    @Test(arguments: [SIGTERM, SIGHUP])
    func aStopBySignalLeavesNoLockNoteAndTheInterviewResumes(signal: Int32) throws {
        let directory = try temporaryFolder("signal").path
        let shell = try RunningShell(CrashTests.start, directory: directory)
        for step in CrashTests.steps.prefix(3) {
            shell.send(step.command)
            try #require(shell.waitFor(step.acknowledgement), "\(shell.errors)")
        }
        let lmi = directory + "/T/lmi-intern"
        #expect(try FileManager.default.contentsOfDirectory(atPath: lmi).contains { $0.hasSuffix(".lock") })
        kill(shell.process.processIdentifier, signal)
        // A safety net only: a shell that ignores the signal fails here rather than hang the suite.
        for _ in 0..<1000 where shell.process.isRunning { usleep(10_000) }
        if shell.process.isRunning {
            Issue.record("the shell did not stop on signal \(signal)")
            shell.kill()
        }
        shell.process.waitUntilExit()
        #expect(shell.process.terminationReason == .uncaughtSignal)
        #expect(shell.process.terminationStatus == signal)

        let left = try FileManager.default.contentsOfDirectory(atPath: lmi)
        #expect(left.count == 1 && left[0].hasSuffix("-C-9.jsonl"), "left behind: \(left)")
        let path = lmi + "/" + left[0]
        let resumed = try runAssess(["interview", "--resume", path], input: "status\n")
        #expect(resumed.status == 0, "\(resumed.errors)")
        let (events, scan) = try TranscriptReader.readAll(path: path)
        #expect(scan.damage == nil)
        #expect(events.map(\.type) == ["started", "scored", "acting", "scored", "resumed"])
    }
}
