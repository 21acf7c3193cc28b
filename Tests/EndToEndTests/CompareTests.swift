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

    /// Issue 17: a candidate whose transcript not every panelist has validly endorsed is marked
    /// in every format; the ranking does not change.
    @Test func candidatesNotFullyEndorsedAreMarkedAndStillRanked() throws {
        let folder = try TrustTests.examplesCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try invalidlyEndorsedCopy(in: folder)  // in place of the copy of C-0101
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try runAssess(["compare", folder.path, "--format", "json"]).output.utf8)) as? [String: Any])
        let candidates = try #require(json["candidates"] as? [[String: Any]])
        #expect(candidates.map { $0["id"] as? String } == ["C-0101", "C-0102", "C-0103"])
        #expect(candidates.map { $0["endorsements"] as? [String: Int] } == [
            ["endorsed": 2, "invalid": 1, "panelists": 3], ["endorsed": 3, "invalid": 0, "panelists": 3], ["endorsed": 2, "invalid": 0, "panelists": 3],
        ])
        let rows = parseCSV(try runAssess(["compare", folder.path, "--format", "csv"]).output)
        let column = try #require(rows.first?.firstIndex(of: "endorsed"))
        #expect(rows[1...3].map { $0[column] } == ["2/3, 1 INVALID", "3/3", "2/3"])

        let note = "Sign-off: 'not fully endorsed: N/M' means only N of the M panelists endorsed the interview (an INVALID endorsement "
            + "does not count). The keys are those the transcript names; HR checks them with 'assess verify --signers FILE'."
        let text = try runAssess(["compare", folder.path]).output
        #expect(text.contains("    3.4  recommended (not fully endorsed: 2/3, 1 INVALID)\n"))
        #expect(text.contains("    2.7  not-recommended\n"))
        #expect(text.contains("    1.8  not-recommended (not fully endorsed: 2/3)\n"))
        #expect(text.contains("\n  1. Inès Barrow-Kaldi (C-0101) · recommended (not fully endorsed: 2/3, 1 INVALID)\n"))
        #expect(text.contains("\n" + wrap(note, width: 100) + "\n"))
        let markdown = try runAssess(["compare", folder.path, "--format", "markdown"]).output
        #expect(markdown.contains(" | 3.4 | recommended (not fully endorsed: 2/3, 1 INVALID) |\n"))
        #expect(markdown.contains("\n\(note)\n"))
        let html = try runAssess(["compare", folder.path, "--format", "html"]).output
        #expect(html.contains("<td class=\"recommended\">recommended (not fully endorsed: 2/3, 1 INVALID)</td>"))
        #expect(html.contains("<br>" + note.replacingOccurrences(of: "'", with: "&#39;") + "</p>\n"))
    }

    @Test func aSetEveryPanelistEndorsedSaysSo() throws {
        let result = try runAssess(["compare", examples + "/2026-03-02-C-0101.jsonl", examples + "/2026-03-03-C-0102.jsonl"])
        #expect(!result.output.contains("not fully endorsed"))
        #expect(result.output.contains("""
            Sign-off: every closed interview here is endorsed by its whole panel. The keys are those the
            transcript names; HR checks them with 'assess verify --signers FILE'.

            """))
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

/// An examiner rates no competency, so is no rater: not counted in `raters`, no calibration row.
@Suite struct CompareRatersTests {
    @Test func anExaminerIsNoRater() throws {
        let folder = try temporaryFolder("examiner")
        defer { try? FileManager.default.removeItem(at: folder) }
        let example = packageRoot.appendingPathComponent("Transcripts/examples/project-assistant/2026-03-10-C-0201.jsonl")
        try FileManager.default.copyItem(at: example, to: folder.appendingPathComponent("2026-03-10-C-0201.jsonl"))
        // A second candidate: the example's script with three rating lines changed.
        var script = try String(contentsOf: packageRoot.appendingPathComponent("scripts/examples/c-0201.txt"), encoding: .utf8)
        for (old, new) in [("as Bram rate y y p y n", "as Bram rate n p p y n"), ("as Claire rate y y y y y", "as Claire rate p y n y p"),
                           ("as Amira rate y p y y y", "as Amira rate n n p y y")] {
            try #require(script.contains(old))
            script = script.replacingOccurrences(of: old, with: new)
        }
        let run = try runAssess(["interview", "project-assistant", "--assessments", packageRoot.appendingPathComponent("Assessments").path,
                                 "--candidate", "Tom Second", "--candidate-id", "C-0202", "--transcripts", folder.path, "--bail",
                                 "--panel", "Amira Haddad:chair,Bram Peeters:member,Claire Dubois:hr,Eva Janssens:examiner"],
                                input: script, environment: ["ASSESS_CLOCK": "2026-03-11T09:00:00.000Z,20"])
        try #require(run.status == 0, "\(run.errors)")

        let text = try runAssess(["compare", folder.path]).output
        #expect(text.contains("\nPanel reliability (20 units (candidate × item), 3 raters; ICC over the 20 units every rater rated, alpha over all pairable ratings):\n"))
        #expect(text.hasSuffix("""
            Calibration per panelist:
              Amira Haddad    20 ratings  mean 0.83  distance from finals 0.08  given: 0.5:1 0.61:1 0.7:2 0.8:2 0.83:1 0.89:6 0.9:5 0.94:2
              Bram Peeters    20 ratings  mean 0.79  distance from finals 0.04  given: 0.4:1 0.6:2 0.7:1 0.72:2 0.78:2 0.8:2 0.89:6 0.9:4
              Claire Dubois   20 ratings  mean 0.8  distance from finals 0.04  given: 0.6:3 0.7:2 0.78:4 0.8:2 0.83:2 0.89:4 0.9:2 1:1

            """))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try runAssess(["compare", folder.path, "--format", "json"]).output.utf8)) as? [String: Any])
        let reliability = try #require(json["reliability"] as? [String: Any])
        #expect(reliability["units"] as? Int == 20)
        #expect(reliability["raters"] as? Int == 3)
        #expect(reliability["iccUnits"] as? Int == 20)
        // Computed separately with numpy from the 20 × 3 ratings of the two summaries.
        let expected: [String: Double] = ["icc1": 0.510503, "icc2": 0.512224, "icc3": 0.517684, "icc1k": 0.757796, "icc2k": 0.759057, "icc3k": 0.763033]
        for (key, value) in expected {
            let got = try #require(reliability[key] as? Double, "\(key)")
            #expect(abs(got - value) < 5e-7, "\(key): \(got) vs \(value)")
        }
        #expect((json["calibration"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Amira Haddad", "Bram Peeters", "Claire Dubois"])
    }
}
