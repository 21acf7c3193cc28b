import AssessmentKit
import Foundation
import Testing

/// A trainee's scripted mock session: one score per item, then close.
func mockScript(_ scores: [Int]) -> String {
    mockScript(commands: scores.map { "score \($0)" })
}

/// A trainee's scripted mock session: one rating command per item, then close.
func mockScript(commands: [String]) -> String {
    commands.enumerated().map { ($0.offset > 0 ? "next\n" : "") + $0.element + "\n" }.joined() + "close\n"
}

@Suite struct MockTests {
    static let scenarios = packageRoot.appendingPathComponent("Assessments").path
    // lmi-strong's reference: 4 3 3 2 3 4 3 4 3 3.
    static let trainees: [(String, [Int])] = [
        ("Maria", [3, 4, 3, 2, 3, 4, 3, 4, 3, 3]),
        ("Tom", [2, 3, 3, 3, 3, 2, 3, 3, 2, 3]),
        ("Lea", [4, 4, 4, 3, 4, 4, 4, 4, 4, 4]),
    ]

    func run(_ trainee: String, _ scores: [Int], folder: URL) throws -> (status: Int32, output: String, errors: String) {
        try runAssess(["mock", "lmi-strong", "--trainee", trainee, "--transcripts", folder.path, "--assessments", Self.scenarios],
                      input: mockScript(scores), environment: ["ASSESS_CLOCK": "2026-04-01T10:00:00.000Z,30"])
    }

    /// From an empty folder: the five scenarios built into the binary.
    @Test func listsTheScenarios() throws {
        let result = try runAssess(["mock", "--list"])
        #expect(result.status == 0)
        #expect(result.errors == "")
        #expect(result.output == """
            bc-expert   border-consultant · scale       Senior legal expert; outstanding on courage; a candid failure easy to under-rate.
            lmi-mixed   lmi-intern · indicators         Warm, candid graduate; strong on empathy and courage, weak on organization.
            lmi-strong  lmi-intern · scale              Clear STAR answers; outstanding on inclusion, teamwork and knowledge; weak on courage.
            lmi-weak    lmi-intern · scale              Confident but vague; hypothetical answers, several counter-indicators, one solid item.
            pa-solo     project-assistant · indicators  Precise and tireless; sound values, little level-2 coordination; a job fair easy to over-rate.

            """)
    }

    @Test func aScriptedSessionEndsWithTheCalibrationReport() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assess-mock-\(UUID().uuidString)")
        let result = try run("Maria", Self.trainees[0].1, folder: folder)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("Calibration against the reference panel (scenario lmi-strong, trainee Maria):\n"))
        #expect(result.output.contains("    1  inclusion            3          4          -1\n"))
        #expect(result.output.contains("    2  integrity            4          3          +1\n"))
        #expect(result.output.contains("    3  professionalism      3          3           0\n"))
        #expect(result.output.contains("""
            Leniency 0 (+ lenient, − severe) · mean absolute difference 0.2 · exact
              agreement 80% · adjacent agreement 100%
            Furthest from the reference: inclusion (-1), integrity (+1)
            Decision from your ratings: not-recommended · the reference panel's:
              not-recommended · the same decision (languages are not assessed in a mock)

            """))
        // The rationale is shown where the trainee is a point or more off, and only there.
        #expect(result.output.contains("       Reference: "))
        #expect(result.output.components(separatedBy: "       Reference: ").count - 1 == 2)

        let file = try #require(transcriptFilesForTest(folder.path).first)
        #expect(file.hasSuffix("/lmi-intern/2026-04-01-mock-lmi-strong-maria.jsonl"))
        let summary = try runAssess(["summary", file, "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(summary.output.utf8)) as? [String: Any])
        #expect(json["mode"] as? String == "mock")
        let calibration = try #require(json["calibration"] as? [String: Any])
        #expect(calibration["meanAbsoluteDifference"] as? Double == 0.2)
        #expect(calibration["exactAgreement"] as? Double == 0.8)
        #expect(calibration["adjacentAgreement"] as? Double == 1)
        #expect(calibration["meanSignedDifference"] as? Double == 0)
        #expect(calibration["referenceDecision"] as? String == "not-recommended")  // courage 2
        #expect(calibration["traineeDecision"] as? String == "not-recommended")
        #expect(calibration["decisionAgrees"] as? Bool == true)
        #expect(calibration["indicatorAgreement"] is NSNull)
        // Mock interviews do not assess languages: the requirement is not applied, and said so.
        #expect(json["languageDecision"] as? String == "not-assessed")
        let text = try runAssess(["summary", file]).output
        #expect(text.contains("\nLanguages: not assessed in a mock interview: the recommendation rests on the ratings alone\n\n"))
        #expect(!text.contains("requirement english"))
        let items = try #require(calibration["items"] as? [[String: Any]])
        #expect(items.count == 10)
        #expect(items[0]["id"] as? String == "inclusion")
        #expect(items[0]["trainee"] as? Double == 3)
        #expect(items[0]["reference"] as? Double == 4)
        #expect(items[0]["difference"] as? Double == -1)
        for format in ["text", "markdown", "csv", "html"] {
            let rendered = try runAssess(["summary", file, "--format", format])
            #expect(rendered.output.lowercased().contains("reference"), "\(format) shows the calibration")
        }
    }

    @Test func referenceRatingsNeverShowBeforeClose() throws {
        let scenario = try AssessmentCatalog(directories: [Self.scenarios]).scenario("lmi-strong").scenario
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assess-mock-hidden-\(UUID().uuidString)")
        var script = ""
        for index in 0..<10 {
            if index > 0 { script += "next\n" }
            script += "answer\nhint\nshow\nitems\nscore 3\nstatus\nsummary\nhelp\nhelp answer\npanel\nnote thinking\nundo\nscore 2\n"
        }
        let result = try runAssess(["mock", "lmi-strong", "--trainee", "Kim", "--transcripts", folder.path, "--assessments", Self.scenarios],
                                   input: script)
        #expect(result.status == 0, "\(result.errors)")
        for item in scenario.items {
            #expect(!result.output.contains(String(item.reference.rationale.prefix(40))), "\(item.id)'s rationale showed before close")
        }
        #expect(!result.output.contains("Calibration against"), "the calibration showed before close")
        #expect(!result.output.contains("Reference:"), "a reference rationale showed before close")
        #expect(result.output.contains(String(scenario.items[0].answer.prefix(30))), "answer shows the scripted answer")
    }

    @Test func groupCalibrationComparesTheTrainees() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assess-mock-group-\(UUID().uuidString)")
        for (name, scores) in Self.trainees {
            #expect(try run(name, scores, folder: folder).status == 0)
        }
        let result = try runAssess(["compare", folder.path, "--format", "json"])
        #expect(result.status == 0, "\(result.errors)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let group = try #require(json["groupCalibration"] as? [String: Any])
        #expect(group["scenario"] as? String == "lmi-strong")
        #expect(group["meanAbsoluteDifference"] as? Double == 0.53)  // (2 + 7 + 7) / 30
        let trainees = try #require(group["trainees"] as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: trainees.map { ($0["name"] as? String ?? "", $0) })
        #expect(byName["Maria"]?["meanAbsoluteDifference"] as? Double == 0.2)
        #expect(byName["Tom"]?["meanAbsoluteDifference"] as? Double == 0.7)
        #expect(byName["Tom"]?["exactAgreement"] as? Double == 0.5)
        #expect(byName["Tom"]?["adjacentAgreement"] as? Double == 0.8)
        #expect(byName["Lea"]?["exactAgreement"] as? Double == 0.3)
        #expect((byName["Tom"]?["differences"] as? [String: Double])?["teamwork"] == -2)
        let reliability = try #require(group["reliability"] as? [String: Any])
        #expect(reliability["raters"] as? Int == 3)
        #expect(reliability["units"] as? Int == 10)
        #expect(reliability["icc2"] is Double)
        // Leniency: Lea +7/10, Tom −5/10, Maria 0. Decisions: the reference's courage 2
        // means not recommended; Lea, with no item below 3, would have recommended.
        #expect(byName["Lea"]?["meanSignedDifference"] as? Double == 0.7)
        #expect(byName["Tom"]?["meanSignedDifference"] as? Double == -0.5)
        #expect(group["meanSignedDifference"] as? Double == 0.07)  // (0 + 7 − 5) / 30
        #expect(group["referenceDecision"] as? String == "not-recommended")
        #expect(byName["Lea"]?["decision"] as? String == "recommended")
        #expect(byName["Lea"]?["decisionAgrees"] as? Bool == false)
        #expect(byName["Maria"]?["decisionAgrees"] as? Bool == true)
        // Teamwork and accountability tie with courage at 0.67: a tie is not cut by item order.
        #expect(group["mostMissed"] as? [String] == ["inclusion", "integrity", "courage", "teamwork", "accountability"])
        #expect((json["candidates"] as? [Any])?.isEmpty == true, "trainees are not ranked as candidates")
        let text = try runAssess(["compare", folder.path])
        #expect(text.output.hasPrefix("Group calibration · scenario lmi-strong · Intern, Labour Mobility and Social Inclusion (LMI), IOM Belgium (lmi-intern)\n"))
        #expect(text.output.contains("""
                             1      2      3      4      5      6      7      8      9     10  Leniency   MAD  Exact  Adjacent  Decision
              Reference      4      3      3      2      3      4      3      4      3      3                                      not-recommended
              Lea            0     +1     +1     +1     +1      0     +1      0     +1     +1      +0.7   0.7    30%      100%  recommended DIFFERS
              Maria         -1     +1      0      0      0      0      0      0      0      0         0   0.2    80%      100%  not-recommended agrees
              Tom           -2      0      0     +1      0     -2      0     -1     -1      0      -0.5   0.7    50%       80%  not-recommended agrees
              Group         -1  +0.67  +0.33  +0.67  +0.33  -0.67  +0.33  -0.33      0  +0.33     +0.07  0.53

            """))
        #expect(text.output.contains("\nReference decision: not-recommended. 2 of 3 trainees decided the same; Lea would have recommended the candidate.\n"))
        #expect(!text.output.contains("Rank"), "no ranking of trainees")
        // Over time, in steps: a week later Lea takes lmi-mixed, all 'yes': 0.39 of an item value,
        // 1.95 indicators (0.2 each) on average, against 0.7 points on lmi-strong: further, not closer.
        var script = ""
        for index in 0..<10 { script += (index > 0 ? "next\n" : "") + (1...5).map { "rate \($0) yes\n" }.joined() }
        let later = try runAssess(["mock", "lmi-mixed", "--trainee", "Lea", "--transcripts", folder.path, "--assessments", Self.scenarios],
                                  input: script + "close\n", environment: ["ASSESS_CLOCK": "2026-04-08T09:00:00.000Z,20"])
        #expect(later.status == 0, "\(later.errors)")
        let lea = transcriptFilesForTest(folder.path).filter { $0.contains("-lea") }
        let progress = try runAssess(["compare"] + lea)
        #expect(progress.status == 0, "\(progress.errors)")
        #expect(progress.output.hasPrefix("""
            Calibration over time: each trainee's mock interviews against their scenarios' reference panels, oldest first

            Lea: leniency further by 1.25, distance further by 1.25 (in steps)
              date        scenario    assessment  method      leniency  distance  exact  decision
              2026-04-01  lmi-strong  lmi-intern  scale       +0.7      0.7       30%    DIFFERS
              2026-04-08  lmi-mixed   lmi-intern  indicators  +1.95     1.95      10%    DIFFERS

            """))
        let progressJSON = try #require(try JSONSerialization.jsonObject(with: Data(try runAssess(["compare", "--format", "json"] + lea).output.utf8)) as? [String: Any])
        let rows = try #require(progressJSON["progress"] as? [[String: Any]])
        #expect(rows.first?["distanceChange"] as? Double == 1.25)
        #expect((rows.first?["sessions"] as? [[String: Any]])?.map { $0["scenario"] as? String } == ["lmi-strong", "lmi-mixed"])
    }

    /// The group report of the three scripted trainees, in every format, against golden files
    /// (relative paths, a scripted clock: the same bytes on every run).
    @Test(arguments: reportFormats)
    func theGroupReportMatchesItsGoldenFiles(format: String, suffix: String) throws {
        let folder = try temporaryFolder("mock-group-snapshot")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, scores) in Self.trainees {
            #expect(try run(name, scores, folder: folder.appendingPathComponent("T")).status == 0)
        }
        try expectOutputMatchesSnapshot(of: ["compare", "T", "--format", format], named: "group-calibration.\(suffix)", directory: folder)
    }

    /// The trainers' review of issue 18: what a group report must not hide.
    @Test func aGroupReportSaysWhatItLeavesOutAndCountsTwice() throws {
        let folder = try temporaryFolder("mock-group-review")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, scores) in Self.trainees { #expect(try run(name, scores, folder: folder).status == 0) }
        // An unfinished mock is left out, and said so; the group report stays a group report.
        _ = try runAssess(["mock", "lmi-strong", "--trainee", "Zed", "--transcripts", folder.path, "--assessments", Self.scenarios],
                          input: "score 3\nquit\n", environment: ["ASSESS_CLOCK": "2026-04-01T11:00:00.000Z,30"])
        // Nobody rated nothing before a forced close; Maria took the scenario a second time.
        _ = try runAssess(["mock", "lmi-strong", "--trainee", "Nobody", "--transcripts", folder.path, "--assessments", Self.scenarios],
                          input: "close --force left early\n", environment: ["ASSESS_CLOCK": "2026-04-01T12:00:00.000Z,30"])
        _ = try runAssess(["mock", "lmi-strong", "--trainee", "Maria", "--transcripts", folder.path, "--assessments", Self.scenarios],
                          input: mockScript(Self.trainees[0].1), environment: ["ASSESS_CLOCK": "2026-04-02T10:00:00.000Z,30"])
        let result = try runAssess(["compare", folder.path])
        #expect(result.output.hasPrefix("Group calibration · scenario lmi-strong"))
        #expect(result.output.contains("5 trainees against the reference panel, in alphabetical order"))
        #expect(result.output.contains("  Left out: Zed: not closed: no calibration yet"))
        #expect(result.output.contains("  Warning: Maria has 2 transcripts here, each counted as a trainee:\n"))
        #expect(result.output.contains("; Nobody left items unrated, so no decision."))
        #expect(result.output.contains("  Nobody: rated no item · "))
        #expect(result.errors.contains("warning: Maria has 2 transcripts here"))
        let nobody = try #require(transcriptFilesForTest(folder.path).first { $0.contains("-nobody") })
        #expect(try runAssess(["summary", nobody]).output.contains("Furthest from the reference: no item rated\n"))
        // Two scenarios, nobody in both: not a progress report, and not a silent one.
        let other = try temporaryFolder("mock-two-groups")
        defer { try? FileManager.default.removeItem(at: other) }
        #expect(try run("Ann", Self.trainees[0].1, folder: other).status == 0)
        var script = ""
        for index in 0..<10 { script += (index > 0 ? "next\n" : "") + (1...5).map { "rate \($0) yes\n" }.joined() }
        _ = try runAssess(["mock", "lmi-mixed", "--trainee", "Bo", "--transcripts", other.path, "--assessments", Self.scenarios], input: script + "close\n")
        let groups = try runAssess(["compare", other.path])
        #expect(groups.status == 1)
        #expect(groups.errors == "error: these are mock assessments of 2 scenarios (lmi-mixed, lmi-strong) and no trainee took more than one; compare each scenario's transcripts on their own for the group's calibration\n")
        // Piped input is never taken as the trainee's name.
        let unnamed = try runAssess(["mock", "lmi-strong", "--transcripts", other.path, "--assessments", Self.scenarios], input: "score 3\n")
        #expect(unnamed.status == 2)
        #expect(unnamed.errors.hasPrefix("error: give the trainee's name with --trainee NAME (the name is asked for only at a terminal)\n"))
    }

    @Test func theIndicatorScenarioCalibratesItemValues() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assess-mock-indicators-\(UUID().uuidString)")
        // Rate every indicator of every item 'yes': each item value is 1.
        var script = ""
        for index in 0..<10 {
            if index > 0 { script += "next\n" }
            script += (1...5).map { "rate \($0) yes\n" }.joined()
        }
        script += "close\n"
        let result = try runAssess(["mock", "lmi-mixed", "--trainee", "Ira", "--transcripts", folder.path, "--assessments", Self.scenarios],
                                   input: script)
        #expect(result.status == 0, "\(result.errors)")
        // Reference values: 0.7 0.6 0.2 0.9 1 0.7 0.4 0.5 0.3 0.8 → differences 0.3 0.4 0.8 0.1 0 0.3 0.6 0.5 0.7 0.2.
        // Every 'yes' matches the 23 of the reference's 50 indicators that are 'yes': 46%. Every item
        // is Outstanding, so the trainee recommends where the reference (professionalism 0.2) does not.
        #expect(result.output.contains("""
            Leniency +0.39 (+ lenient, − severe) · mean absolute difference 0.39 · exact
              agreement 10% · adjacent agreement 30% · indicators rated as the reference 46%
            Furthest from the reference: professionalism (+0.8), accountability (+0.7), results (+0.6)
            Decision from your ratings: recommended · the reference panel's: not-recommended
              · a DIFFERENT decision (languages are not assessed in a mock)

            """))
    }

    @Test func scoreIsRefusedInTheIndicatorScenarioAndAnswerInARealInterview() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assess-mock-wrong-\(UUID().uuidString)")
        let mock = try runAssess(["mock", "lmi-mixed", "--trainee", "Ira", "--transcripts", folder.path, "--assessments", Self.scenarios],
                                 input: "score 3\n")
        #expect(mock.errors.hasPrefix("error: line 1: this assessment uses the indicator method"))
        let real = try runAssess(["--candidate", "X", "--panel", "Ana", "--transcripts", folder.path], input: "answer\n")
        #expect(real.errors == "error: line 1: this is a real interview: 'answer' and 'hint' are for mock assessments ('assess mock SCENARIO')\n")
    }

    /// Runs `scenario` to close from an empty folder (the built-in copy), one command per item;
    /// the output, the calibration table's item rows and the transcript's summary as JSON.
    func runToClose(_ scenario: String, trainee: String, commands: [String]) throws
        -> (output: String, rows: [String], calibration: [String: Any]) {
        let folder = try temporaryFolder("mock-\(scenario)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try runAssess(["mock", scenario, "--trainee", trainee, "--transcripts", folder.path],
                                   input: mockScript(commands: commands), environment: ["ASSESS_CLOCK": "2026-04-01T10:00:00.000Z,30"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.errors == "")
        let transcript = try #require(transcriptFilesForTest(folder.path).first)
        #expect(result.output.hasSuffix("Interview closed. Transcript: \(transcript)\n"))
        let table = result.output.components(separatedBy: "    #  item ").last ?? ""
        // An item's row starts with its number; the rationale under it is indented further.
        let rows = table.split(separator: "\n").dropFirst().prefix { !$0.hasPrefix("Mean absolute") }.filter { line in
            let indent = line.prefix { $0 == " " }.count
            return indent <= 4 && line.dropFirst(indent).first?.isNumber == true
        }.map(String.init)
        let summary = try runAssess(["summary", transcript, "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(summary.output.utf8)) as? [String: Any])
        return (result.output, rows, try #require(json["calibration"] as? [String: Any]))
    }

    /// pa-solo (indicator method, level 2): Noor rates the values much as the reference does
    /// but credits Hanne's job fair and partner work with level-2 behaviour she did not show.
    @Test func theProjectAssistantScenarioRunsToCloseWithItsCalibration() throws {
        let ratings = ["y y y n y", "y n y y y", "y y y y y", "y y p n p", "y y y p y",
                       "y y y p n p p n n", "y y y p y p p n y", "y y y y y y y n y", "y y y y y p n p p", "y y y y y y p p y"]
        let (output, rows, calibration) = try runToClose("pa-solo", trainee: "Noor", commands: ratings.map { "rate " + $0 })
        #expect(output.contains("Calibration against the reference panel (scenario pa-solo, trainee Noor):\n"))
        // Reference: 0.7 0.8 0.9 0.6 0.9, then teamwork 3.5/9, results 4/9, knowledge 7.5/9,
        // accountability 6.5/9, communication 6.5/9.
        #expect(rows == [
            "    1  inclusion          0.8        0.7        +0.1",
            "    2  integrity          0.8        0.8           0",
            "    3  professionalism      1        0.9        +0.1",
            "    4  courage            0.6        0.6           0",
            "    5  empathy            0.9        0.9           0",
            "    6  teamwork           0.5       0.39       +0.11",
            "    7  results           0.72       0.44       +0.28",
            "    8  knowledge         0.89       0.83       +0.06",
            "    9  accountability    0.72       0.72           0",
            "   10  communication     0.89       0.72       +0.17",
        ])
        // A step is one indicator's full difference: 0.2 of the values' five, 0.11 of the nine of
        // teamwork, results and communication, each a step or more off, so their rationales show;
        // results (+0.28) and communication (+0.17) are beyond one step: adjacent 8 of 10.
        #expect(output.components(separatedBy: "       Reference: ").count - 1 == 3)
        #expect(output.contains("       Reference: The item most often over-rated. Level 1 — shows 1"))
        // Leniency: every difference is 0 or above, so it is the MAD; 57 of the 70 indicators as the reference.
        #expect(output.contains("""
            Leniency +0.08 (+ lenient, − severe) · mean absolute difference 0.08 · exact
              agreement 40% · adjacent agreement 80% · indicators rated as the reference 81%
            Furthest from the reference: results (+0.28), communication (+0.17), teamwork (+0.11)
            Decision from your ratings: not-recommended · the reference panel's:
              not-recommended · the same decision (languages are not assessed in a mock)

            """))
        #expect(calibration["indicatorAgreement"] as? Double == 57.0 / 70.0)
        #expect(calibration["meanAbsoluteDifference"] as? Double == 0.08)
        #expect(calibration["exactAgreement"] as? Double == 0.4)
        #expect(calibration["adjacentAgreement"] as? Double == 0.8)
        let steps = (calibration["items"] as? [[String: Any]])?.compactMap { $0["step"] as? Double } ?? []
        #expect(zip(steps, [0.2, 0.2, 0.2, 0.2, 0.2] + Array(repeating: 1.0 / 9.0, count: 5)).allSatisfy { abs($0 - $1) < 1e-9 } && steps.count == 10)
        let items = try #require(calibration["items"] as? [[String: Any]])
        #expect(items.compactMap { $0["difference"] as? Double } == [0.1, 0, 0.1, 0, 0, 0.11, 0.28, 0.06, 0, 0.17])
    }

    /// bc-expert (border-consultant's five-point scale): Piotr over-rates knowledge and
    /// communication, and under-rates the candid accountability answer to 2.
    @Test func theBorderConsultantScenarioRunsToCloseWithItsCalibration() throws {
        let (output, rows, calibration) = try runToClose("bc-expert", trainee: "Piotr",
                                                         commands: [4, 4, 4, 5, 4, 3, 4, 5, 4, 2].map { "score \($0)" })
        #expect(output.contains("Calibration against the reference panel (scenario bc-expert, trainee Piotr):\n"))
        #expect(rows == [
            "    1  inclusion            4          4           0",
            "    2  integrity            4          4           0",
            "    3  professionalism      4          4           0",
            "    4  courage              5          5           0",
            "    5  empathy              4          4           0",
            "    6  teamwork             3          3           0",
            "    7  results              4          4           0",
            "    8  knowledge            5          4          +1",
            "    9  communication        4          3          +1",
            "   10  accountability       2          3          -1",
        ])
        #expect(output.components(separatedBy: "       Reference: ").count - 1 == 3)
        #expect(output.contains("       Reference: Adequate — the item most often under-rated."))
        // Leniency (0+0+0+0+0+0+0+1+1−1)/10 = +0.1; the 2 on accountability, a band below
        // Adequate, turns a candidate the reference recommends into one Piotr would not.
        #expect(output.contains("""
            Leniency +0.1 (+ lenient, − severe) · mean absolute difference 0.3 · exact
              agreement 70% · adjacent agreement 100%
            Furthest from the reference: knowledge (+1), communication (+1), accountability (-1)
            Decision from your ratings: not-recommended · the reference panel's: recommended
              · a DIFFERENT decision (languages are not assessed in a mock)

            """))
        #expect(calibration["referenceDecision"] as? String == "recommended")
        #expect(calibration["decisionAgrees"] as? Bool == false)
        #expect(calibration["meanAbsoluteDifference"] as? Double == 0.3)
        #expect(calibration["exactAgreement"] as? Double == 0.7)
        #expect(calibration["adjacentAgreement"] as? Double == 1)
        let items = try #require(calibration["items"] as? [[String: Any]])
        #expect(items.compactMap { $0["reference"] as? Double } == [4, 4, 4, 5, 4, 3, 4, 4, 3, 3])
    }
}
