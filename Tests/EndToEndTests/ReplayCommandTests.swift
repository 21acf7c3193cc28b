import Foundation
import Testing

@Suite struct ReplayCommandTests {
    @Test func toEndPrintsTheWholeLogAndMatchesItsGoldenFile() throws {
        try expectOutputMatchesSnapshot(of: ["replay", example, "--to-end"], named: "replay-C-0102.txt")
    }

    @Test func scriptedReplayRunsCommandsFromStandardInput() throws {
        let result = try runAssess(["replay", example, "--echo"], input: "goto courage\nstep\nverify\n")
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("goto courage\n09:09:20  Chloé Martin    → courage (4/10)\nstep\n"))
        #expect(result.output.hasSuffix(": verified, 105 events, closed\n"))
    }

    @Test func aDamagedTranscriptReplaysUpToTheDamage() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("assess-replay-damaged-\(UUID().uuidString).jsonl")
        var lines = try String(contentsOfFile: example, encoding: .utf8).split(separator: "\n").map(String.init)
        lines.remove(at: 10)
        try (lines.joined(separator: "\n") + "\n").write(to: copy, atomically: true, encoding: .utf8)
        let log = try runAssess(["replay", copy.path, "--to-end"])
        #expect(log.status == 1)
        #expect(log.errors == "error: the transcript is damaged at line 11: deleted line (seq 11 is missing); the log stops before it\n")
        let shell = try runAssess(["replay", copy.path], input: "goto 10\nstep\n")
        #expect(shell.errors == "error: line 2: this is the last event (10/10); 'back' or 'goto' moves back\n")
    }

    @Test func aMissingFileIsAnError() throws {
        let result = try runAssess(["replay", "nope.jsonl"])
        #expect(result.status == 1)
        #expect(result.errors == "error: cannot open nope.jsonl: no such file\n")
    }
}
