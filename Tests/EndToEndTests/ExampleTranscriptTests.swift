import AssessmentKit
import Foundation
import Testing

/// The synthetic examples in Transcripts/examples are made by driving the shell with the
/// scripts in scripts/examples (see scripts/make-examples.sh); the clock is scripted, so
/// the same script must give the same bytes.
@Suite struct ExampleTranscriptTests {
    struct Example: Sendable, CustomTestStringConvertible {
        var assessment: String, id: String, date: String, name: String, panel: [String]
        /// Who endorses it with the published test keys, as `login:name` (scripts/make-examples.sh).
        var endorsers: [String] = []
        var testDescription: String { id }
        var path: String { packageRoot.appendingPathComponent("Transcripts/examples/\(assessment)/\(date)-\(id).jsonl").path }
        var script: URL { packageRoot.appendingPathComponent("scripts/examples/\(id.lowercased()).txt") }
    }

    static let lmiPanel = ["Ana Lopez:chair", "Ben Okafor:member", "Chloé Martin:hr"]
    static let lmiEndorsers = ["ana:Ana Lopez", "ben:Ben Okafor", "chloe:Chloé Martin"]
    static let examples = [
        Example(assessment: "lmi-intern", id: "C-0101", date: "2026-03-02", name: "Inès Barrow-Kaldi", panel: lmiPanel, endorsers: lmiEndorsers),
        Example(assessment: "lmi-intern", id: "C-0102", date: "2026-03-03", name: "Pieter Wouters-Amani", panel: lmiPanel, endorsers: lmiEndorsers),
        Example(assessment: "lmi-intern", id: "C-0103", date: "2026-03-04", name: "Lucas Ferrand-Nyberg", panel: lmiPanel,
                endorsers: Array(lmiEndorsers.prefix(2))),
        Example(assessment: "project-assistant", id: "C-0201", date: "2026-03-10", name: "Sofie Verhaegen-Mbala",
                panel: ["Amira Haddad:chair", "Bram Peeters:member", "Claire Dubois:hr", "Eva Janssens:examiner"]),
    ]

    @Test(arguments: examples)
    func scriptedInterviewReproducesTheExampleByteForByte(_ example: Example) throws {
        let script = try String(contentsOf: example.script, encoding: .utf8)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assess-examples-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try runAssess(["interview", example.assessment, "--assessments", packageRoot.appendingPathComponent("Assessments").path,
                                    "--candidate", example.name, "--candidate-id", example.id,
                                    "--panel", example.panel.joined(separator: ","), "--transcripts", folder.path, "--bail"],
                                   input: script, environment: ["ASSESS_CLOCK": "\(example.date)T09:00:00.000Z,20"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.errors == "")
        let transcript = folder.appendingPathComponent("\(example.assessment)/\(example.date)-\(example.id).jsonl").path
        // The endorsements, with the test keys copied private (a clone has them 0644).
        for endorser in example.endorsers {
            let login = String(endorser.prefix { $0 != ":" }), name = String(endorser.drop { $0 != ":" }.dropFirst())
            let key = folder.appendingPathComponent("\(login).key").path
            try FileManager.default.copyItem(atPath: packageRoot.appendingPathComponent("Transcripts/examples/test-keys/\(login)").path, toPath: key)
            chmod(key, 0o600)
            let endorsed = try runAssess(["endorse", transcript, "--login", login, "--as", name, "--key", key],
                                         environment: ["ASSESS_CLOCK": "\(example.date)T11:00:00.000Z,20"])
            #expect(endorsed.status == 0, "\(endorsed.errors)")
        }
        let made = try Data(contentsOf: URL(fileURLWithPath: transcript))
        let shipped = try Data(contentsOf: URL(fileURLWithPath: example.path))
        #expect(made == shipped, """
            regenerate with: bash scripts/make-examples.sh (- shipped, + made)
            \(lineDiff(expected: String(decoding: shipped, as: UTF8.self), actual: String(decoding: made, as: UTF8.self)))
            """)
    }

    @Test(arguments: examples)
    func examplesAreWholeClosedInterviews(_ example: Example) throws {
        let (events, scan) = try TranscriptReader.readAll(path: example.path)
        #expect(scan.damage == nil)
        let state = try #require(InterviewState(events: events))
        #expect(state.isClosed)
        #expect(state.closed?.value.forced == false)
        #expect(state.candidate == Candidate(name: example.name, id: example.id))
        #expect(state.panel.count == example.panel.count)
        #expect(CommandService(state).closeGaps.isEmpty)
    }

    /// Issue 15's measured target: a whole blind indicator-method interview at one keyboard
    /// (4 panelists, one an examiner; 10 items; English, French and Dutch; a consensus and a
    /// summary on every item; close) in at most 110 commands, one line per panelist per item.
    @Test func theBlindIndicatorInterviewFitsIn110Commands() throws {
        let example = try #require(Self.examples.last)
        let lines = try String(contentsOf: example.script, encoding: .utf8).split(separator: "\n")
        let commands = lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        #expect(commands.count == 76)
        #expect(commands.filter { $0.contains(" rate ") }.count == 30, "one line per rating panelist per item")
        let state = try #require(InterviewState(events: try TranscriptReader.readAll(path: example.path).events))
        #expect(state.blind && state.assessment.method == .indicators)
        #expect(state.panel.map(\.role) == ["chair", "member", "hr", "examiner"])
        #expect(state.assessment.items.indices.allSatisfy { state.consensus(item: $0) != nil && state.summary(item: $0) != nil })
        #expect(state.languageResults.keys.sorted() == ["dutch", "english", "french"])
    }
}
