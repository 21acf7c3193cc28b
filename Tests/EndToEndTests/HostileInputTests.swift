import AssessmentKit
import Foundation
import Testing

/// issue 13, findings 5, 6, 2 (entry) and 11: forged transcripts, hostile assessment
/// files and control characters typed in get `error:` and exit 1, never a crash or a hang.
@Suite struct HostileInputTests {
    /// The example C-0101 with a forged assessment in its started event and a valid chain
    /// (the hashes are unkeyed); `open` drops the closed event, so it can be resumed.
    func forged(_ change: (inout Assessment) -> Void, open: Bool = false) throws -> String {
        let example = packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern/2026-03-02-C-0101.jsonl")
        var text = "", prev = Event.firstPrev
        for line in try Data(contentsOf: example).split(separator: 0x0A) {
            var event = try EventCoding.event(from: Data(line))
            if case .closed = event.payload, open { break }
            if case .started(var started) = event.payload {
                change(&started.assessment)
                event.payload = .started(started)
            }
            event.prev = prev
            let written = EventCoding.line(for: event)
            prev = HashChain.hash(written)
            text += written + "\n"
        }
        let path = try temporaryFolder("hostile").appendingPathComponent("lmi-intern/2026-03-02-C-0101.jsonl").path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try #require(FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]))
        return path
    }

    static let forgeries: [(change: @Sendable (inout Assessment) -> Void, message: String)] = [
        ({ $0.scale?.max = 1_000_000_000 }, "the embedded assessment is invalid: the scale 1–1000000000 goes beyond ±1000"),
        ({ $0.scale?.min = 5; $0.scale?.max = 1 }, "the embedded assessment is invalid: the scale's min 5 is not below its max 1"),
        ({ $0.items.append($0.items[0]) }, "the embedded assessment is invalid: the item 'inclusion' appears twice"),
        ({ $0.languages.requirement = String(repeating: "(", count: 100_000) + "english:fluent" + String(repeating: ")", count: 100_000) },
         "the embedded assessment is invalid: bad language requirement: the requirement is 200014 characters long; write it in at most 1000"),
    ]

    @Test(arguments: forgeries.indices)
    func everyReaderRefusesAForgedStarted(_ index: Int) throws {
        let forgery = Self.forgeries[index]
        let path = try forged(forgery.change)
        let folder = (path as NSString).deletingLastPathComponent
        for arguments in [["verify", path], ["summary", path], ["summary", path, "--format", "html"], ["compare", path],
                          ["compare", folder], ["replay", path, "--to-end"], ["export", path, "--anonymize"]] {
            let result = try runAssess(arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect((result.output + result.errors).contains(forgery.message), "\(arguments): \(result.errors)")
        }
        let listing = try runAssess(["transcripts", folder, "--status", "damaged"])
        #expect(listing.status == 0 && listing.output.contains("2026-03-02-C-0101.jsonl"))
    }

    @Test(arguments: forgeries.indices)
    func resumingAForgedStartedIsRefused(_ index: Int) throws {
        let forgery = Self.forgeries[index]
        let path = try forged(forgery.change, open: true)
        let result = try runAssess(["interview", "--resume", path], input: "as Ana\nscore 3\n")
        #expect(result.status == 1)
        #expect(result.errors == "error: \(path) is not a transcript: \(forgery.message)\n")
    }

    @Test func aDeepRequirementOrAnAliasBombInAFileIsAnError() throws {
        let dir = try temporaryFolder("hostile")
        let seed = try String(contentsOf: packageRoot.appendingPathComponent("Assessments/lmi-intern.yaml"), encoding: .utf8)
        let deep = String(repeating: "(", count: 30_000) + "english:fluent" + String(repeating: ")", count: 30_000)
        try seed.replacingOccurrences(of: "requirement: english:fluent and (french:fluent or dutch:fluent)", with: "requirement: '\(deep)'")
            .write(to: dir.appendingPathComponent("lmi-intern.yaml"), atomically: true, encoding: .utf8)
        var bomb = "a0: &a0 {x: 1, y: 2}\n"
        for level in 1...8 {
            let alias = "*a\(level - 1)"
            bomb += "a\(level): &a\(level) {? \(alias) : 1, ? [\(alias), \(alias)] : 2, ? [\(alias), \(alias), \(alias)] : 3}\n"
        }
        try bomb.write(to: dir.appendingPathComponent("bomb.yaml"), atomically: true, encoding: .utf8)
        let result = try runAssess(["assessments", "validate", "lmi-intern.yaml", "bomb.yaml"], directory: dir)
        #expect(result.status == 1)
        #expect(result.errors == """
            lmi-intern.yaml:40:17: error: bad language requirement: the requirement is 60014 characters long; write it in at most 1000
            bomb.yaml:2:12: error: YAML aliases (*name) are not supported; write the value out in full here

            """)
    }

    @Test func controlCharactersAndLongIdsAreRefusedAtEveryEntry() throws {
        let dir = try temporaryFolder("hostile").path
        func run(_ arguments: [String], _ input: String = "") throws -> (status: Int32, output: String, errors: String) {
            try runAssess(arguments + ["--transcripts", dir], input: input)
        }
        var result = try run(["interview", "--candidate", "Jane\nRecommendation: RECOMMENDED", "--panel", "Ana:chair,Ben"])
        #expect(result.status == 1)
        #expect(result.errors == "error: --candidate: the candidate's name holds a control character (U+000A); type it without\n")
        result = try run(["interview", "--candidate", "Jane", "--candidate-id", String(repeating: "x", count: 101), "--panel", "Ana:chair,Ben"])
        #expect(result.errors == "error: --candidate-id: the candidate's id is 101 characters long; give at most 100\n")
        result = try run(["interview", "--candidate", "Jane", "--candidate-id", "C-\u{202E}1", "--panel", "Ana:chair,Ben"])
        #expect(result.errors == "error: --candidate-id: the candidate's id holds a control character (U+202E); type it without\n")
        result = try run(["interview", "--candidate", "Jane", "--panel", "Ana\u{1B}]0;owned\u{07}:chair,Ben"])
        #expect(result.errors == "error: --panel: a panelist's name holds a control character (U+001B); type it without\n")
        result = try run(["mock", "lmi-strong", "--trainee", "Bob\u{7F}"])
        #expect(result.errors == "error: --trainee: the trainee's name holds a control character (U+007F); type it without\n")
        // The start-up questions, then `panel add`.
        result = try run(["interview"], "Jane\u{9B}2J\n")
        #expect(result.errors == "error: the candidate's name holds a control character (U+009B); type it without\n")
        result = try run(["interview"], "Jane\n\nAna:chair,Ben\npanel add \"Chlo\u{2028}é\" hr\npanel add Chloé hr\n")
        #expect(result.status == 1)
        #expect(result.errors == "error: line 4: a panelist's name holds a control character (U+2028); type it without\n")
        #expect(result.output.contains("Added Chloé (hr) to the panel."))
        // Nothing was created for the refused ones: only Jane's interview.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/lmi-intern") == ["\(Timestamp.now().date)-jane.jsonl"])
    }

    @Test func aSummaryWordIsAtMostSixtyCharacters() throws {
        let result = try runAssess(["interview", "--candidate", "Jane", "--panel", "Ana:chair,Ben", "--transcripts", try temporaryFolder("hostile").path],
                                   input: "summarize Clear " + String(repeating: "x", count: 1 << 20) + "\n")
        #expect(result.status == 1)
        #expect(result.errors == "error: line 1: a word of the summary is 1048576 characters long; words are at most 60 characters, so break it up or leave it out\n")
    }
}
