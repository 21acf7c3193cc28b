import Foundation
import Testing

/// The reveal grid (issue 15, item 2) of both methods, as the shell prints it and as the
/// Markdown and HTML summaries carry it, against golden files. The evidence holds an escape
/// sequence and Markdown and HTML syntax, which every form must show inert.
@Suite struct RevealGridTests {
    static let panel = "Ana Lopez:chair,Ben Okafor:member,Chloé Martin:hr"

    /// A blind scale interview of lmi-intern: ratings, a look before the reveal, a change after it.
    static let scaleScript = """
        goto teamwork
        score 3 Coordinated a 4-country student project; shared credit with the team
        show ratings
        as Ben
        score 4 Two STAR examples: led a <b>*budget*</b> | review \u{1b}]0;pwned\u{7}
        evidence Mediated a conflict between two partner universities
        as Chloé
        score 2 Example was about own work only
        as Ana
        reveal
        as Chloé
        score 3 On reflection the second example counts
        as Ana
        reveal
        consensus 3 Agreed after discussion

        """

    /// A blind indicator interview of project-assistant (teamwork has 9 indicators at level 2).
    static let indicatorScript = """
        goto teamwork
        rate y y p n y y p y n -- Shared credit, but only when asked
        show ratings
        as Ben
        rate y p p n y y y p p
        rate 3 yes Worked with the <finance> unit | *budget* \u{1b}[31m
        as Chloé
        rate 1-5 partly
        show ratings
        rate 6-9 n
        as Ana
        reveal
        as Ben
        rate 4 yes On reflection the steering committee counts
        as Chloé
        rate y y y n n y y y y -- Second example convinced me
        as Ana
        reveal
        consensus 0.75 Agreed after discussing indicators 4 and 5

        """

    /// Runs `script` as a blind interview of `assessment` in a new folder (so the resume hint
    /// names the same relative path every time); gives the shell's output and the transcript.
    func interview(_ assessment: String, script: String) throws -> (output: String, transcript: String) {
        let folder = try temporaryFolder("grid")
        let result = try runAssess(["interview", assessment, "--blind", "--candidate", "A. Candidate", "--candidate-id", "C-1",
                                    "--panel", Self.panel, "--transcripts", "transcripts", "--bail",
                                    "--assessments", packageRoot.appendingPathComponent("Assessments").path],
                                   input: script, environment: ["ASSESS_CLOCK": "2026-03-05T09:00:00.000Z,20"], directory: folder)
        #expect(result.errors == "")
        #expect(result.status == 0)
        return (result.output, folder.appendingPathComponent("transcripts/\(assessment)/2026-03-05-C-1.jsonl").path)
    }

    /// The part of `text` from the line starting `start` up to (not including) the next `end`.
    func section(_ text: String, from start: String, to end: String) throws -> String {
        let from = try #require(text.range(of: start))
        let to = text.range(of: end, range: from.upperBound..<text.endIndex)?.lowerBound ?? text.endIndex
        return String(text[from.lowerBound..<to])
    }

    @Test(arguments: [("scale", "lmi-intern", scaleScript), ("indicators", "project-assistant", indicatorScript)])
    func theGridInTheShellAndTheSummaries(method: String, assessment: String, script: String) throws {
        let (output, transcript) = try interview(assessment, script: script)
        try expectSnapshot(output, named: "grid-\(method).txt")
        let markdown = try runAssess(["summary", transcript, "--format", "markdown"])
        try expectSnapshot(try section(markdown.output, from: "### Teamwork", to: "\n### "), named: "grid-\(method).md")
        let html = try runAssess(["summary", transcript, "--format", "html"])
        try expectSnapshot(try section(html.output, from: "<div class=\"item\"><h3>Teamwork", to: "<div class=\"item\">"),
                           named: "grid-\(method).html")
    }
}
