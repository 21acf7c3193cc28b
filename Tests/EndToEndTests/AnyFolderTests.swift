import AssessmentKit
import Foundation
import Testing

/// Everything shipped works from a folder without `Assessments/` (issue 18): the three
/// vacancies and every scenario are built into the binary, and a file in `./Assessments`
/// or `--assessments` still takes precedence. `runAssess` runs in a fresh empty folder.
@Suite struct AnyFolderTests {
    static let clock = ["ASSESS_CLOCK": "2026-04-01T10:00:00.000Z,30"]
    static let scenarios = ["lmi-strong", "lmi-mixed", "lmi-weak", "pa-solo", "bc-expert"]

    /// The scenario as shipped in `Assessments/mock/`.
    static func shipped(_ id: String) throws -> Scenario {
        try AssessmentCatalog(directories: [packageRoot.appendingPathComponent("Assessments").path], includesBuiltIn: false)
            .scenario(id).scenario
    }

    @Test(arguments: [
        ("lmi-intern", "Ana:chair,Ben:member", "Teamwork (teamwork) · core competency, level 1 · 6/10\n"),
        ("project-assistant", "Ana:chair,Ben:member,Chloé:hr", "Teamwork (teamwork) · core competency, level 2 · 6/10\n"),
        ("border-consultant", "Ana:chair,Ben:member", "Teamwork (teamwork) · core competency, level 3 · 6/10\n"),
    ])
    func everyVacancyStarts(id: String, panel: String, card: String) throws {
        let transcripts = try temporaryFolder("any-\(id)")
        defer { try? FileManager.default.removeItem(at: transcripts) }
        let result = try runAssess(["interview", id, "--candidate", "X", "--candidate-id", "C-1", "--panel", panel,
                                    "--transcripts", transcripts.path], input: "goto 6\nquit\n", environment: Self.clock)
        #expect(result.status == 0)
        #expect(result.errors == "")
        #expect(result.output.hasPrefix(card))
        #expect(result.output.hasSuffix(
            "The interview is still open; resume it with: assess interview --resume \(transcripts.path)/\(id)/2026-04-01-C-1.jsonl\n"))
    }

    @Test(arguments: scenarios)
    func everyScenarioStarts(id: String) throws {
        let scenario = try Self.shipped(id)
        let transcripts = try temporaryFolder("any-\(id)")
        defer { try? FileManager.default.removeItem(at: transcripts) }
        let result = try runAssess(["mock", id, "--trainee", "Tess", "--transcripts", transcripts.path],
                                   input: "answer\nquit\n", environment: Self.clock)
        #expect(result.status == 0)
        #expect(result.errors == "")
        #expect(result.output.hasPrefix("Question: "))
        #expect(result.output.contains(String(scenario.items[0].answer.prefix(30))), "answer plays the built-in scenario's answer")
        #expect(result.output.hasSuffix("The interview is still open; resume it with: assess interview --resume "
            + "\(transcripts.path)/\(scenario.assessmentID)/2026-04-01-mock-\(id)-tess.jsonl\n"))
    }

    /// A new folder whose `Assessments/` holds a copy of the shipped `file` with `text` replaced.
    func folder(copying file: String, replacing text: String, with replacement: String) throws -> URL {
        let folder = try temporaryFolder("precedence")
        let original = try String(contentsOf: packageRoot.appendingPathComponent("Assessments/" + file), encoding: .utf8)
        #expect(original.contains(text))
        let copy = folder.appendingPathComponent("Assessments/" + file)
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try original.replacingOccurrences(of: text, with: replacement).write(to: copy, atomically: true, encoding: .utf8)
        return folder
    }

    @Test func aVacancyInAssessmentsOrTheOptionTakesPrecedence() throws {
        let folder = try folder(copying: "project-assistant.yaml", replacing: "\ntitle: Project Assistant,", with: "\ntitle: Local Assistant,")
        defer { try? FileManager.default.removeItem(at: folder) }

        let here = try runAssess(["assessments", "show", "project-assistant"], directory: folder)
        #expect(here.output.hasPrefix("""
            project-assistant: Local Assistant, Labour Mobility and Social Inclusion (LMI), IOM Belgium and Luxembourg
              File:      Assessments/project-assistant.yaml

            """))
        let option = try runAssess(["assessments", "show", "project-assistant", "--assessments", folder.path + "/Assessments"])
        #expect(option.output.hasPrefix("project-assistant: Local Assistant, "))
        #expect(option.output.contains("\n  File:      \(folder.path)/Assessments/project-assistant.yaml\n"))
        let other = try runAssess(["assessments", "show", "border-consultant"], directory: folder)
        #expect(other.output.contains("\n  File:      built in\n"))
    }

    @Test func aScenarioInAssessmentsTakesPrecedence() throws {
        let folder = try folder(copying: "mock/pa-solo.yaml", replacing: "\ndescription: Precise", with: "\ndescription: Local copy. Precise")
        defer { try? FileManager.default.removeItem(at: folder) }

        let result = try runAssess(["mock", "--list"], directory: folder)
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n")
        #expect(lines.map { $0.split(separator: " ")[0] } == ["pa-solo", "bc-expert", "lmi-mixed", "lmi-strong", "lmi-weak"])
        #expect(lines.first?.hasSuffix("  Local copy. Precise and tireless; sound values, little level-2 coordination; a job fair easy to over-rate.") == true)
    }
}

/// The mock banner of every scenario at a terminal, started from an empty folder.
@Suite(.serialized) struct AnyFolderTerminalTests {
    @Test(arguments: AnyFolderTests.scenarios)
    func mockBannerShowsAtATerminal(id: String) throws {
        let scenario = try AnyFolderTests.shipped(id)
        let terminal = try PseudoTerminal(arguments: ["mock", id, "--trainee", "Tess"], home: PseudoTerminal.TemporaryDirectory())
        try #require(terminal.waitFor(" · as Tess · "), "\(terminal.visibleOutput)")
        let banner = try #require(terminal.offset(of: "Mock assessment: \(scenario.title)\r\n"), "\(terminal.visibleOutput)")
        #expect(terminal.offset(of: "The candidate: \(scenario.candidate.name), ", after: banner) != nil, "\(terminal.visibleOutput)")
        try #require(terminal.waitForRawMode(), "never in raw mode: \(terminal.visibleOutput)")
        terminal.send("\u{04}")
        #expect(terminal.waitForExit() == 0, "\(terminal.visibleOutput)")
    }
}
