import AssessmentKit
import Foundation
import Testing

/// The lines of `path` with `edit` applied to the text of each (numbered from 1), the chain
/// made valid again (`prev` and `check` recomputed, as anyone who can write the file can),
/// written to `output`.
func forge(_ path: String, to output: String, _ edit: (Int, String) -> String) throws {
    var prev = String(repeating: "0", count: 64)
    var text = ""
    for (index, line) in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").enumerated() {
        var body = edit(index + 1, String(line))
        let check = try #require(body.range(of: ",\"check\":\""))
        body = String(body[..<check.lowerBound])
        let prevRange = try #require(body.range(of: "\"prev\":\"", options: .backwards))
        body.replaceSubrange(prevRange.upperBound..<body.index(prevRange.upperBound, offsetBy: 64), with: prev)
        let sealed = body + ",\"check\":\"\(HashChain.hash(body + "}"))\"}"
        prev = HashChain.hash(sealed)
        text += sealed + "\n"
    }
    try text.write(toFile: output, atomically: false, encoding: .utf8)
}

/// The hostile review of issue 13's fixes: names that are not UTF-8, a listing that trusted
/// two lines, definition files read whole, resuming a file others may write, unchecked
/// `started` fields and their wording, and the sticky bit.
@Suite struct HostileReviewTests {
    static let c0101 = packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern/2026-03-02-C-0101.jsonl").path
    static let c0102 = packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern/2026-03-03-C-0102.jsonl").path

    /// `assess` run by the shell, so that arguments and names can hold bytes no Swift String can.
    func shell(_ script: String, in directory: String) throws -> (status: Int32, output: String, errors: String) {
        try runAssess(["-c", script], environment: ["A": assessBinary()], directory: URL(fileURLWithPath: directory), executable: "/bin/sh")
    }

    // MARK: A. names that are not UTF-8

    @Test func aTranscriptWhoseNameIsNotUTF8IsReportedNotSkipped() throws {
        let directory = try temporaryFolder("names").path
        try FileManager.default.createDirectory(atPath: directory + "/hid", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.c0102, toPath: directory + "/hid/ok.jsonl")
        #expect(try shell("cp '\(Self.c0101)' \"hid/$(printf 'C-0104-\\233.jsonl')\"", in: directory).status == 0)

        let verify = try runAssess(["verify", "hid"], directory: URL(fileURLWithPath: directory))
        #expect(verify.status == 1)
        #expect(verify.errors == "error: cannot open hid/C-0104-\\x9B.jsonl: its name is not valid UTF-8; rename it; its transcripts were not checked\n")
        #expect(verify.output.hasPrefix("hid/ok.jsonl: verified, 105 events, closed"))

        let listing = try runAssess(["transcripts", "hid", "--format", "csv"], directory: URL(fileURLWithPath: directory))
        #expect(listing.status == 1)
        #expect(parseCSV(listing.output).map { [$0[1], $0[4], $0[8], $0[9]] } == [
            ["id", "status", "file", "problem"],
            ["", "unreadable", "hid/C-0104-\\x9B.jsonl", "its name is not valid UTF-8; rename it"],
            ["C-0102", "closed", "hid/ok.jsonl", ""],
        ])
        #expect(listing.errors == "error: cannot read hid/C-0104-\\x9B.jsonl: its name is not valid UTF-8; rename it\n")

        // compare lists it as left out, and still compares the rest (the second hostile pass).
        let compare = try runAssess(["compare", "hid"], directory: URL(fileURLWithPath: directory))
        #expect(compare.status == 1)
        #expect(compare.errors == "error: hid/C-0104-\\x9B.jsonl: unreadable (its name is not valid UTF-8; rename it)\n")
        #expect(compare.output.hasPrefix("LEFT OUT: 1 unreadable file left out of the ranking and the statistics (listed below)\n"))
        #expect(compare.output.contains("1 candidates"))
    }

    @Test func aNameNotUTF8WithANewlineStaysOnOneLine() throws {
        let directory = try temporaryFolder("newline").path
        #expect(try shell("mkdir hid && cp '\(Self.c0101)' \"hid/$(printf 'a\\nFORGED: x\\233.jsonl')\"", in: directory).status == 0)
        let listing = try runAssess(["transcripts", "hid"], directory: URL(fileURLWithPath: directory))
        #expect(listing.errors == "error: cannot read hid/a^JFORGED: x\\x9B.jsonl: its name is not valid UTF-8; rename it\n")
        let verify = try runAssess(["verify", "hid"], directory: URL(fileURLWithPath: directory))
        #expect(verify.errors == "error: cannot open hid/a^JFORGED: x\\x9B.jsonl: its name is not valid UTF-8; rename it; its transcripts were not checked\n")
    }

    @Test(arguments: ["verify", "summary", "replay --to-end", "export --anonymize", "interview --resume"])
    func anArgumentWhoseNameIsNotUTF8IsNamedSo(_ command: String) throws {
        let directory = try temporaryFolder("argument").path
        #expect(try shell("cp '\(Self.c0101)' \"$(printf 'C-0104-\\233.jsonl')\"", in: directory).status == 0)
        let result = try shell("\"$A\" \(command) \"$(printf 'C-0104-\\233.jsonl')\" </dev/null", in: directory)
        #expect(result.status == 1)
        #expect(result.errors.contains("C-0104-\u{FFFD}.jsonl: its name is not valid UTF-8; rename it"), "\(result.errors)")
        #expect(!result.errors.contains("no such file"))
    }

    // MARK: B. the listing reads what summary reads

    @Test func theListingShowsDamageAnywhereAndTheRecommendationSummaryShows() throws {
        let directory = try temporaryFolder("listing").path
        // A byte changed on line 14: the first and last lines are still sound.
        var lines = try String(contentsOfFile: Self.c0101, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        lines[13] = Substring(lines[13].replacingOccurrences(of: "carefully", with: "carelessly"))
        try lines.joined(separator: "\n").write(toFile: directory + "/a-damaged.jsonl", atomically: false, encoding: .utf8)
        // C-0102 is not recommended; its closed event is forged to say otherwise.
        try forge(Self.c0102, to: directory + "/b-forged.jsonl") { _, line in
            line.replacingOccurrences(of: "\"recommendation\":\"not-recommended\"", with: "\"recommendation\":\"recommended\"")
        }
        let rows = try listingRows(directory)
        #expect(rows.map { [$0[1], $0[4], $0[5]] } == [
            ["id", "status", "recommendation"],
            ["C-0101", "damaged", ""],
            ["C-0102", "closed", "not-recommended"],
        ])
        #expect(rows[1][9].hasPrefix("line 14: edited line"))
        let summary = try runAssess(["summary", directory + "/b-forged.jsonl"])
        #expect(summary.output.contains("NOT RECOMMENDED"))
        #expect(try runAssess(["transcripts", directory, "--status", "damaged", "--format", "json"]).output.contains("\"id\" : \"C-0101\""))
    }

    // MARK: C. definition files are measured before they are read

    /// Runs `script` with at most 1 GB of address space: reading a 3 GB file would fail.
    func bounded(_ script: String, in directory: String) throws -> (status: Int32, output: String, errors: String) {
        try shell("ulimit -v 1000000; \(script)", in: directory)
    }

    @Test func aHugeDefinitionFileIsRefusedWithoutReadingIt() throws {
        let directory = try temporaryFolder("sparse").path
        try FileManager.default.createDirectory(atPath: directory + "/sp/mock", withIntermediateDirectories: true)
        for file in ["sp/zz.yaml", "sp/mock/zz.yaml"] {
            #expect(FileManager.default.createFile(atPath: directory + "/" + file, contents: nil))
            #expect(truncate(directory + "/" + file, 3 << 30) == 0)
        }
        let message = "sp/zz.yaml:1:1: error: the file is 3145728 KB; a definition file is at most 1024 KB, so split or shorten it\n"

        let validate = try bounded("\"$A\" assessments validate sp/zz.yaml", in: directory)
        #expect(validate.status == 1)
        #expect(validate.errors == message)

        let list = try bounded("\"$A\" assessments list --assessments sp", in: directory)
        #expect(list.status == 0)
        // The id column is as wide as the longest id listed: the built-in project-assistant.
        #expect(list.output.hasPrefix("zz" + String(repeating: " ", count: 17) + "has errors: run 'assess assessments validate sp/zz.yaml'  sp/zz.yaml\n"))

        let show = try bounded("\"$A\" assessments show zz --assessments sp", in: directory)
        #expect(show.status == 1)
        #expect(show.errors == "error: the assessment has errors:\n" + message)

        let mock = try bounded("\"$A\" mock --list --assessments sp", in: directory)
        #expect(mock.status == 0, "\(mock.errors)")
        #expect(mock.output.contains("lmi-strong"))
        #expect(mock.output.contains("zz"))
    }

    @Test func aDefinitionFIFOIsRefusedWithoutWaitingForAWriter() throws {
        let directory = try temporaryFolder("fifo").path
        #expect(mkfifo(directory + "/pipe.yaml", 0o600) == 0)
        let result = try shell("timeout 20 \"$A\" assessments validate pipe.yaml", in: directory)
        #expect(result.status == 1)
        #expect(result.errors == "error: cannot read pipe.yaml: it is not a regular file\n")
    }

    // MARK: D. resume only a private file of one's own

    @Test func aTranscriptOthersMayReadOrWriteIsNotResumed() throws {
        let directory = try temporaryFolder("resume").path
        chmod(directory, 0o700)
        let interview = ["interview", "lmi-intern", "--candidate", "X", "--candidate-id", "C-7", "--panel", "Ana", "--transcripts", "T"]
        #expect(try runAssess(interview, input: "score 3\n", directory: URL(fileURLWithPath: directory)).status == 0)
        let path = directory + "/T/lmi-intern/" + (try FileManager.default.contentsOfDirectory(atPath: directory + "/T/lmi-intern")[0])
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for (mode, verb) in [(0o666 as mode_t, "change"), (0o640, "read")] {
            chmod(path, mode)
            let resumed = try runAssess(["interview", "--resume", path], input: "score 2\n")
            #expect(resumed.status == 1)
            #expect(resumed.errors == "error: \(path) cannot be resumed: others may \(verb) it (mode 0\(String(mode, radix: 8))); run 'chmod 600 \(path)' first, once you are sure it is the panel's record\n")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
            #expect(!FileManager.default.fileExists(atPath: path + ".lock"))
        }
        chmod(path, 0o600)
        if geteuid() == 0 {
            chown(path, 65534, 0)
            let resumed = try runAssess(["interview", "--resume", path], input: "score 2\n")
            #expect(resumed.status == 1)
            #expect(resumed.errors == "error: \(path) cannot be resumed: it belongs to another user (uid 65534); resume it as its owner\n")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
            chown(path, 0, 0)
        }
        #expect(try runAssess(["interview", "--resume", path], input: "score 2\n").status == 0)
    }

    // MARK: E and F. started fields checked, and decoding errors worded

    @Test(arguments: [
        ("\"level\":1,\"method\"", "\"level\":99,\"method\"", "the embedded assessment is invalid: its level 99 is not 1, 2 or 3"),
        ("\"version\":2", "\"version\":99",
         "it is in transcript format 99, written by a newer assess (this one reads up to format 2); upgrade assess to read it"),
        ("\"version\":2", "\"version\":0", "its transcript format 0 is not one assess has written"),
        ("\"mode\":\"interview\"", "\"mode\":\"mock\"", "a mock interview without its training scenario"),
        ("\"max\":4,", "\"max\":4.5,", "bad 'started' event: the value at assessment.scale.max is not a whole number"),
        ("\"max\":4,\"min\":1}", "\"max\":4.5,\"min\":1.5}", "bad 'started' event: the value at assessment.scale.max is not a whole number"),
        ("\"max\":4,", "\"max\":1e30,", "bad 'started' event: the value at assessment.scale.max is too large a number"),
        ("\"rules\":{\"blind\":false", "\"rules\":{\"blind\":3", "bad 'started' event: the value at assessment.rules.blind is not true or false"),
        ("\"name\":\"Inclusion and respect for diversity\"", "\"name\":7", "bad 'started' event: the value at assessment.items[0].name is not text"),
    ])
    func aForgedStartedFieldIsNamed(_ forgery: (from: String, to: String, message: String)) throws {
        let directory = try temporaryFolder("started").path
        let path = directory + "/forged.jsonl"
        try forge(Self.c0101, to: path) { number, line in
            number == 1 ? line.replacingOccurrences(of: forgery.from, with: forgery.to) : line
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains(forgery.to))
        let result = try runAssess(["verify", path])
        #expect(result.status == 1)
        #expect(result.output == "\(path): DAMAGED at line 1: not a transcript (\(forgery.message))\n")
    }

    // MARK: G. the sticky bit is shown

    @Test func aStickyWorldWritableFolderShowsItsMode() throws {
        let directory = try temporaryFolder("sticky").path
        try FileManager.default.createDirectory(atPath: directory + "/T", withIntermediateDirectories: true)
        chmod(directory + "/T", 0o1777)
        let result = try runAssess(["interview", "lmi-intern", "--candidate", "X", "--panel", "Ana", "--transcripts", "T"],
                                   input: "quit\n", directory: URL(fileURLWithPath: directory))
        #expect(result.status == 1)
        #expect(result.errors == "error: the folder T can be written by anyone (mode 01777), so others could plant files in it; run 'chmod go-w T', or use a folder only you can write to\n")
    }
}
