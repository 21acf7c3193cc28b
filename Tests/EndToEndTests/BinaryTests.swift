import Foundation
import Testing

/// Runs the built `assess` with `arguments`, feeding `input` on standard input.
func runAssess(_ arguments: [String], input: String = "", environment extra: [String: String] = [:],
               directory: URL? = nil, executable: String? = nil) throws -> (status: Int32, output: String, errors: String) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assess-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let inputURL = folder.appendingPathComponent("in"), outURL = folder.appendingPathComponent("out"),
        errURL = folder.appendingPathComponent("err")
    try input.write(to: inputURL, atomically: true, encoding: .utf8)
    try Data().write(to: outURL)
    try Data().write(to: errURL)

    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable ?? assessBinary())
    process.arguments = arguments
    process.currentDirectoryURL = directory ?? folder
    var environment = ProcessInfo.processInfo.environment
    environment["HOME"] = folder.path
    environment.removeValue(forKey: "ASSESS_ASSESSMENTS")
    environment.removeValue(forKey: "ASSESS_TRANSCRIPTS")
    environment.merge(extra) { $1 }
    process.environment = environment
    process.standardInput = try FileHandle(forReadingFrom: inputURL)
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    try process.run()
    let status = waitForExit(process) ?? -1
    return (status,
            try String(contentsOf: outURL, encoding: .utf8),
            try String(contentsOf: errURL, encoding: .utf8))
}

/// A new empty folder `assess-LABEL-UUID` in the temporary directory.
func temporaryFolder(_ label: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assess-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite struct BinaryTests {
    /// A `\\` at the end of a help line printed a backslash in `mock --help` and `replay --help`.
    @Test(arguments: ["interview", "replay", "summary", "compare", "verify", "transcripts", "export", "mock", "assessments", "host"])
    func helpTextHasNoStrayBackslash(command: String) throws {
        let result = try runAssess([command, "--help"])
        #expect(result.status == 0)
        #expect(!result.output.contains("\\"), "\(result.output)")
    }

    @Test func everyShippedFileValidates() throws {
        let files = ["framework/iom.yaml", "lmi-intern.yaml", "project-assistant.yaml", "border-consultant.yaml",
                     "mock/lmi-strong.yaml", "mock/lmi-mixed.yaml", "mock/lmi-weak.yaml", "mock/pa-solo.yaml", "mock/bc-expert.yaml"]
        let result = try runAssess(["assessments", "validate"] + files, directory: packageRoot.appendingPathComponent("Assessments"))
        #expect(result.status == 0)
        #expect(result.errors == "")
        #expect(result.output == """
            framework/iom.yaml: ok (framework iom: 5 values, 5 core, 4 managerial; levels 1, 2, 3)
            lmi-intern.yaml: ok (assessment lmi-intern: 10 items, level 1, scale un-4)
            project-assistant.yaml: ok (assessment project-assistant: 10 items, level 2, indicators)
            border-consultant.yaml: ok (assessment border-consultant: 10 items, level 3, scale five-point)
            mock/lmi-strong.yaml: ok (scenario lmi-strong for lmi-intern: 10 items, scale method)
            mock/lmi-mixed.yaml: ok (scenario lmi-mixed for lmi-intern: 10 items, indicators method)
            mock/lmi-weak.yaml: ok (scenario lmi-weak for lmi-intern: 10 items, scale method)
            mock/pa-solo.yaml: ok (scenario pa-solo for project-assistant: 10 items, indicators method)
            mock/bc-expert.yaml: ok (scenario bc-expert for border-consultant: 10 items, scale method)

            """)
    }

    @Test func misspeltItemInACopyIsReportedWithItsLine() throws {
        let original = try String(contentsOf: packageRoot.appendingPathComponent("Assessments/lmi-intern.yaml"), encoding: .utf8)
        let lines = original.components(separatedBy: "\n")
        let itemLine = try #require(lines.firstIndex { $0.contains("teamwork, results") })
        let column = try #require(lines[itemLine].range(of: "teamwork")).lowerBound.utf16Offset(in: lines[itemLine]) + 1
        let folder = try temporaryFolder("copy")
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("lmi-intern.yaml")
        try original.replacingOccurrences(of: "teamwork, results", with: "temwork, results").write(to: copy, atomically: true, encoding: .utf8)

        let result = try runAssess(["assessments", "validate", copy.path])
        #expect(result.status == 1)
        #expect(result.output == "")
        #expect(result.errors.hasPrefix("\(copy.path):\(itemLine + 1):\(column): error: unknown item 'temwork' (did you mean 'teamwork'?)"))
    }

    @Test func pipedInterviewShowsTheSeedDefinitionIndicatorsAndQuestions() throws {
        let transcripts = FileManager.default.temporaryDirectory.appendingPathComponent("assess-tr-\(UUID().uuidString)")
        let result = try runAssess(["interview", "lmi-intern", "--candidate", "X", "--candidate-id", "Y",
                                    "--panel", "Ana:chair,Ben:member", "--transcripts", transcripts.path],
                                   input: "show teamwork\n")
        #expect(result.status == 0)
        #expect(result.errors == "")
        #expect(result.output.hasPrefix("Teamwork (teamwork) · core competency, level 1 · 6/10\n"))
        #expect(result.output.contains("Develops and promotes effective collaboration within and across units to\n  achieve shared goals and optimize results."))
        #expect(result.output.contains("Behavioural indicators:\n  1.  "))
        #expect(result.output.contains("Suggested questions:\n   •  "))
        #expect(!result.output.contains("\u{1b}"), "no escape codes when piped")
    }

    @Test func defaultAssessmentIsBuiltInAndWorksFromAnyFolder() throws {
        let result = try runAssess(["--candidate", "X", "--panel", "Ana,Ben"], input: "goto 10\n")
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("Communication (communication) · core competency, level 1 · 10/10\n"))
    }

    @Test func missingCandidateAndPanelAreReadFromTheFirstLines() throws {
        let result = try runAssess(["interview"], input: "Zoë Example\n\nAna:chair,Ben:member\npanel\n")
        #expect(result.status == 0)
        #expect(result.errors == "")
        #expect(result.output.hasPrefix("Panel (2; this assessment expects at least 2):\n  Ana  chair     ← recording\n  Ben  member\n"))
    }

    @Test func inputEndingBeforeThePanelIsAnError() throws {
        let result = try runAssess(["interview"], input: "Zoë Example\n")
        #expect(result.status == 1)
        #expect(result.errors == "error: the input ended before the candidate's id was given; pass --candidate-id ID\n")
    }

    @Test func badPanelOptionIsAnError() throws {
        let result = try runAssess(["--candidate", "X", "--panel", "Ana:chiar"])
        #expect(result.status == 1)
        #expect(result.errors == "error: --panel: unknown role 'chiar' for Ana (did you mean 'chair'?) (roles: chair, member, hr, examiner)\n")
    }

    @Test func unknownAssessmentSuggestsTheClosest() throws {
        let result = try runAssess(["interview", "lmi-intrn", "--candidate", "X", "--panel", "Ana"])
        #expect(result.status == 1)
        #expect(result.errors == "error: no assessment 'lmi-intrn' (did you mean 'lmi-intern'?); looked in the built-in assessments; 'assess assessments list' shows what there is\n")
    }

    @Test func failedCommandsInAScriptExit1() throws {
        let result = try runAssess(["--candidate", "X", "--panel", "Ana"], input: "next\nshw\n")
        #expect(result.status == 1)
        #expect(result.errors == "error: line 2: unknown command 'shw' (did you mean 'show'?); 'help' lists the commands\n")
    }

    @Test func usageErrorsExit2() throws {
        let result = try runAssess(["replay"])
        #expect(result.status == 2)
        #expect(result.errors.hasPrefix("error: Missing expected argument '<TRANSCRIPT>'"))
        let unknown = try runAssess(["interview", "--candidat", "X"])
        #expect(unknown.status == 2)
        #expect(unknown.errors.hasPrefix("error: Unknown option '--candidat'"))
    }

    @Test func everyCommandHasHelp() throws {
        for command in ["interview", "replay", "summary", "compare", "verify", "transcripts", "export", "mock",
                        "assessments", "assessments list", "assessments show", "assessments validate"] {
            let result = try runAssess(command.split(separator: " ").map(String.init) + ["--help"])
            #expect(result.status == 0, "\(command)")
            #expect(result.output.contains("USAGE: assess \(command)"), "\(command)")
        }
    }

    @Test func assessmentsListShowsFilesAndBuiltIns() throws {
        let result = try runAssess(["assessments", "list", "--assessments", packageRoot.appendingPathComponent("Assessments").path])
        #expect(result.status == 0)
        let ids = result.output.split(separator: "\n").filter { !$0.hasPrefix(" ") }.map { $0.split(separator: " ")[0] }
        #expect(ids == ["border-consultant", "lmi-intern", "project-assistant"])
        // From an empty folder: the three vacancies are built in.
        let builtIn = try runAssess(["assessments", "list"])
        #expect(builtIn.output.split(separator: "\n").filter { !$0.hasPrefix(" ") } == [
            "border-consultant  scale five-point   level 3  10 items  built in",
            "lmi-intern         scale un-4         level 1  10 items  built in",
            "project-assistant  indicators         level 2  10 items  built in",
        ])
    }

    @Test func assessmentsShowDescribesTheVacancy() throws {
        let result = try runAssess(["assessments", "show", "lmi-intern"])
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("lmi-intern: Intern, Labour Mobility and Social Inclusion (LMI), IOM Belgium\n  File:      built in\n"))
        #expect(result.output.contains("  Languages: english:fluent and (french:fluent or dutch:fluent) (oral and written)\n"))
        #expect(result.output.contains("   6  teamwork "))
    }
}

/// Waits for `process` to end; its exit status (128 + the signal if one ended it). Polls and
/// reaps it itself where Foundation does not: after a test had killed a process with SIGKILL,
/// Foundation was seen to leave later children unreaped and `waitUntilExit` to hang.
/// Nil if it has not ended within `timeout` seconds.
@discardableResult
func waitForExit(_ process: Process, timeout: Double = .infinity) -> Int32? {
    let pid = process.processIdentifier
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning {
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid {
            let signal = status & 0x7f
            return signal == 0 ? (status >> 8) & 0xff : 128 + signal
        }
        if Date() > deadline { return nil }
        usleep(2_000)
    }
    return process.terminationStatus
}
