import AssessmentKit
import Foundation
import Testing

/// The synthetic examples in Transcripts/examples are made by driving the shell with the
/// scripts in scripts/examples (see scripts/make-examples.sh); the clock is scripted, so
/// the same script must give the same bytes.
@Suite struct ExampleTranscriptTests {
    static let examples = [
        ("C-0101", "2026-03-02", "Inès Barrow-Kaldi"),
        ("C-0102", "2026-03-03", "Pieter Wouters-Amani"),
        ("C-0103", "2026-03-04", "Lucas Ferrand-Nyberg"),
    ]

    @Test(arguments: examples)
    func scriptedInterviewReproducesTheExampleByteForByte(id: String, date: String, name: String) throws {
        let script = try String(contentsOf: packageRoot.appendingPathComponent("scripts/examples/\(id.lowercased()).txt"), encoding: .utf8)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assess-examples-\(UUID().uuidString)")
        let result = try runAssess(["interview", "lmi-intern", "--candidate", name, "--candidate-id", id,
                                    "--panel", "Ana Lopez:chair,Ben Okafor:member,Chloé Martin:hr",
                                    "--transcripts", folder.path, "--bail"],
                                   input: script, environment: ["ASSESS_CLOCK": "\(date)T09:00:00.000Z,20"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.errors == "")
        let made = try Data(contentsOf: folder.appendingPathComponent("lmi-intern/\(date)-\(id).jsonl"))
        let shipped = try Data(contentsOf: packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern/\(date)-\(id).jsonl"))
        #expect(made == shipped, """
            regenerate with: bash scripts/make-examples.sh (- shipped, + made)
            \(lineDiff(expected: String(decoding: shipped, as: UTF8.self), actual: String(decoding: made, as: UTF8.self)))
            """)
    }

    @Test(arguments: examples)
    func examplesAreWholeClosedInterviews(id: String, date: String, name: String) throws {
        let path = packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern/\(date)-\(id).jsonl").path
        let (events, scan) = try TranscriptReader.readAll(path: path)
        #expect(scan.damage == nil)
        let state = try #require(InterviewState(events: events))
        #expect(state.isClosed)
        #expect(state.closed?.value.forced == false)
        #expect(state.candidate == Candidate(name: name, id: id))
        #expect(state.panel.count == 3)
        #expect(CommandService(state).closeGaps.isEmpty)
    }
}
