import AssessmentKit
import Foundation
import Testing

/// A trainee's scripted mock session: one score per item, then close.
func mockScript(_ scores: [Int]) -> String {
    scores.enumerated().map { ($0.offset > 0 ? "next\n" : "") + "score \($0.element)\n" }.joined() + "close\n"
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

    @Test func listsTheScenarios() throws {
        let result = try runAssess(["mock", "--list"])
        #expect(result.status == 0)
        let ids = result.output.split(separator: "\n").map { $0.split(separator: " ")[0] }
        #expect(ids == ["lmi-mixed", "lmi-strong", "lmi-weak"])
        #expect(result.output.contains("lmi-intern · indicators"))
    }

    @Test func aScriptedSessionEndsWithTheCalibrationReport() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assess-mock-\(UUID().uuidString)")
        let result = try run("Maria", Self.trainees[0].1, folder: folder)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("Calibration against the reference panel (scenario lmi-strong, trainee Maria):\n"))
        #expect(result.output.contains("    1  inclusion            3          4          -1\n"))
        #expect(result.output.contains("    2  integrity            4          3          +1\n"))
        #expect(result.output.contains("    3  professionalism      3          3           0\n"))
        #expect(result.output.contains("Mean absolute difference 0.2 · exact agreement 80% · adjacent agreement 100%\n"))
        #expect(result.output.contains("Furthest from the reference: inclusion (-1), integrity (+1)\n"))
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
        let text = try runAssess(["compare", folder.path])
        #expect(text.output.contains("Group calibration (scenario lmi-strong)"))
        #expect(text.output.contains("  Tom        -2     0     0    +1     0    -2     0    -1    -1     0    0.7    50%       80%\n"))
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
        #expect(result.output.contains("Mean absolute difference 0.39 · exact agreement 10% · adjacent agreement 30%\n"))
        #expect(result.output.contains("Furthest from the reference: professionalism (+0.8), accountability (+0.7), results (+0.6)\n"))
    }

    @Test func scoreIsRefusedInTheIndicatorScenarioAndAnswerInARealInterview() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assess-mock-wrong-\(UUID().uuidString)")
        let mock = try runAssess(["mock", "lmi-mixed", "--trainee", "Ira", "--transcripts", folder.path, "--assessments", Self.scenarios],
                                 input: "score 3\n")
        #expect(mock.errors.hasPrefix("error: line 1: this assessment uses the indicator method"))
        let real = try runAssess(["--candidate", "X", "--panel", "Ana", "--transcripts", folder.path], input: "answer\n")
        #expect(real.errors == "error: line 1: this is a real interview: 'answer' and 'hint' are for mock assessments ('assess mock SCENARIO')\n")
    }
}
