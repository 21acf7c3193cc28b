import AssessmentKit
import Foundation
import Testing

let examples = packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern").path

@Suite struct CompareCommandTests {
    @Test(arguments: reportFormats)
    func everyFormatMatchesItsGoldenFile(format: String, suffix: String) throws {
        // A relative path, so the golden files hold no machine's folders.
        try expectOutputMatchesSnapshot(of: ["compare", "Transcripts/examples/lmi-intern", "--format", format], named: "compare-examples.\(suffix)",
                                        directory: packageRoot)
    }

    @Test func ranksAndReliabilityMatchAnIndependentComputation() throws {
        let result = try runAssess(["compare", examples, "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let candidates = try #require(json["candidates"] as? [[String: Any]])
        #expect(candidates.map { $0["id"] as? String } == ["C-0101", "C-0102", "C-0103"])
        #expect(candidates.map { $0["rank"] as? Int } == [1, 2, 3])
        #expect(candidates.map { $0["recommendation"] as? String } == ["recommended", "not-recommended", "not-recommended"])
        #expect((candidates[1]["items"] as? [String: Double])?["courage"] == 3)
        let reliability = try #require(json["reliability"] as? [String: Any])
        #expect(reliability["units"] as? Int == 30)
        #expect(reliability["raters"] as? Int == 3)
        // Computed separately with numpy from the same 30 × 3 ratings (two-way ANOVA mean squares).
        let expected: [String: Double] = [
            "icc1": 0.659249, "icc2": 0.658458, "icc3": 0.653907, "icc1k": 0.853029, "icc2k": 0.852588,
            "icc3k": 0.850035, "alphaInterval": 0.654125,
        ]
        for (key, value) in expected {
            let got = try #require(reliability[key] as? Double, "\(key)")
            #expect(abs(got - value) < 5e-7, "\(key): \(got) vs \(value)")
        }
        #expect(reliability["alphaOrdinal"] is Double)
    }

    @Test func mixedAssessmentsAreRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assess-mixed-\(UUID().uuidString)")
        let other = try runAssess(["interview", "project-assistant", "--assessments", packageRoot.appendingPathComponent("Assessments").path,
                                   "--candidate", "X", "--panel", "Ana:chair,Ben:member,Chloé:hr", "--transcripts", folder.path],
                                  input: "quit\n")
        #expect(other.status == 0)
        let file = try #require(transcriptFilesForTest(folder.path).first)
        let result = try runAssess(["compare", example, file])
        #expect(result.status == 1)
        #expect(result.errors == "error: these transcripts are of different assessments: lmi-intern (1), project-assistant (1); compare one assessment at a time\n")
    }

    @Test func aSinglePanelistGivesNullReliability() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assess-solo-\(UUID().uuidString)")
        let run = try runAssess(["--candidate", "X", "--panel", "Ana", "--transcripts", folder.path], input: "score 3\nnext\nscore 2\n")
        #expect(run.status == 0)
        let result = try runAssess(["compare", folder.path, "--format", "json"])
        #expect(result.status == 0)
        #expect(result.output.contains("\"icc1\" : null"))
        #expect(result.output.contains("\"alphaInterval\" : null"))
        let text = try runAssess(["compare", folder.path])
        #expect(text.output.contains("ICC(1,1)                             —  cannot be computed"))
    }

    @Test func nothingToCompareIsAnError() throws {
        let folder = try temporaryFolder("empty")
        let result = try runAssess(["compare", folder.path])
        #expect(result.status == 1)
        #expect(result.errors == "error: no transcripts to compare; give transcript files or a folder that holds them\n")
    }
}

func transcriptFilesForTest(_ folder: String) -> [String] {
    (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? [])
        .filter { $0.hasSuffix(".jsonl") }.sorted().map { folder + "/" + $0 }
}
