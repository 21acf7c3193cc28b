import AssessmentKit
import Foundation
import Testing

/// kill -9 at random moments of a scripted interview, 50 times: after each kill `--resume`
/// succeeds, every acknowledged event is in the transcript, and the chain verifies.
@Suite struct CrashLoopTests {
    static let commands = ["score 3 First example", "as Ben", "score 2 Second example", "evidence More detail here",
                           "next", "as Ana", "score 4 Strong", "note a note", "lang french oral C1", "undo"]

    @Test func fiftyRandomKillsLoseNothingAcknowledged() throws {
        var generator = SystemRandomNumberGenerator()
        // `make bench` runs 1,000 rounds.
        let rounds = Int(ProcessInfo.processInfo.environment["ASSESS_CRASH_ROUNDS"] ?? "") ?? 50
        for round in 0..<rounds {
            let folder = try temporaryFolder("crashloop").path
            let shell = try RunningShell(["interview", "lmi-intern", "--candidate", "K", "--candidate-id", "K-\(round)",
                                          "--panel", "Ana:chair,Ben:member", "--transcripts", "T"], directory: folder)
            // Feed commands without waiting, then kill at a random moment.
            for _ in 0..<3 { for command in Self.commands { shell.send(command) } }
            usleep(UInt32.random(in: 0...60_000, using: &generator))
            shell.kill()
            // Each acknowledgement is one line; a "Flagged:" line only comments on the one before
            // it, and the indented lines of the card 'next' prints go on its heading.
            let acknowledged = shell.output.split(separator: "\n").filter { !$0.hasPrefix("Flagged:") && !$0.hasPrefix(" ") }.count
            let directory = folder + "/T/lmi-intern"
            guard let name = (try? FileManager.default.contentsOfDirectory(atPath: directory))?.first(where: { $0.hasSuffix(".jsonl") }) else {
                #expect(acknowledged == 0, "round \(round): output without a transcript")
                continue
            }
            let path = directory + "/" + name
            let before = try TranscriptVerifier.verify(path: path)
            if let damage = before.damage {
                guard case .tornLastLine = damage else {
                    Issue.record("round \(round): \(damage)")
                    continue
                }
            }
            // Every acknowledgement line stands for one event after `started`.
            #expect(before.events >= acknowledged + 1 || before.events == 0, "round \(round): \(acknowledged) acknowledged, \(before.events) events")
            guard before.events > 0 else { continue }
            let resumed = try runAssess(["interview", "--resume", path], input: "quit\n")
            #expect(resumed.status == 0, "round \(round): \(resumed.errors)")
            let after = try TranscriptVerifier.verify(path: path)
            #expect(after.damage == nil, "round \(round): \(String(describing: after.damage))")
            #expect(after.events == before.events + 1, "round \(round): the resumed event follows the kept ones")
        }
    }
}
