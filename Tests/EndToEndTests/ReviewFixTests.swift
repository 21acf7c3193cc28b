import AssessmentKit
import Foundation
import Testing

/// Defects found in review, kept fixed.
@Suite struct ReviewFixTests {
    /// Runs an interview of candidate X by `panel` (transcripts in a new folder), fed `input`.
    func interview(panel: String, input: String) throws -> (status: Int32, output: String, errors: String) {
        let dir = try temporaryFolder("interview")
        return try runAssess(["--candidate", "X", "--panel", panel, "--transcripts", dir.path], input: input)
    }

    @Test func reportsNeverOverwriteAFile() throws {
        let dir = try temporaryFolder("overwrite")
        let copy = dir.appendingPathComponent("t.jsonl").path
        try FileManager.default.copyItem(atPath: example, toPath: copy)
        let result = try runAssess(["summary", copy, "--output", copy])
        #expect(result.status == 1)
        #expect(result.errors == "error: \(copy) already exists; give a new file name, or remove the old file first\n")
        #expect(try TranscriptVerifier.verify(path: copy).damage == nil)
        let fresh = dir.appendingPathComponent("report.html").path
        #expect(try runAssess(["summary", copy, "--format", "html", "--output", fresh]).status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: fresh)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func undoIsNoWayAroundAReasonInBlindMode() throws {
        let dir = try temporaryFolder("blind")
        let result = try runAssess(["interview", "lmi-intern", "--blind", "--candidate", "X", "--panel", "Ana,Ben", "--transcripts", dir.path],
                                   input: "score 4\nas Ben\nscore 1\nas Ana reveal\nas Ben undo\nscore 3\nas Ana panel add Dee member\nas Dee\nstatus\n")
        #expect(result.errors.contains("error: line 6: the ratings of inclusion are revealed; changing one needs a reason"))
        // Revealed stays revealed: Dee, added after the reveal, sees Ana's rating (issue 15).
        #expect(result.output.contains(" ›  1  inclusion        4     ·     ·  "))
    }

    @Test func aHalfOnTheIndicatorMethodIsPartiallySatisfactory() {
        // 0.4, 0.8 and 0.3 average to 0.5000000000000001 in floating point.
        let mean = (0.4 + 0.8 + 0.3) / 3
        #expect(mean > 0.5)
        #expect(Scoring.indicatorBand(mean) == .partiallySatisfactory)
        #expect(Scale.un4.band(of: (3 + 3 + 3) / 3 - 1e-12) == .satisfactory)
    }

    @Test func aFolderIsNotATranscript() throws {
        let dir = try temporaryFolder("dir")
        let fake = dir.appendingPathComponent("x.jsonl")
        try FileManager.default.createDirectory(at: fake, withIntermediateDirectories: true)
        for command in [["summary", fake.path], ["replay", fake.path], ["interview", "--resume", fake.path], ["verify", fake.path]] {
            let result = try runAssess(command)
            #expect(result.status == 1, "\(command)")
            #expect(result.errors.hasPrefix("error: ") || result.output.contains("DAMAGED"), "\(command): \(result.errors)")
        }
        let listing = try runAssess(["transcripts", dir.path])
        #expect(listing.output == "No transcripts.\n")
    }

    @Test func aScaleWithTooManyPointsIsRefused() throws {
        let dir = try temporaryFolder("scale")
        let original = try String(contentsOf: packageRoot.appendingPathComponent("Assessments/lmi-intern.yaml"), encoding: .utf8)
        let big = original.replacingOccurrences(of: "scale: un-4", with: """
            scale:
              id: huge
              min: 1
              max: 2000000000
              labels: {1: One}
              bands: {partially-satisfactory: 2, satisfactory: 3, outstanding: 4}
            """)
        try big.write(to: dir.appendingPathComponent("lmi-intern.yaml"), atomically: true, encoding: .utf8)
        let result = try runAssess(["assessments", "validate", dir.appendingPathComponent("lmi-intern.yaml").path])
        #expect(result.status == 1)
        #expect(result.errors.contains("a scale of 1–2000000000 has too many points to label; use at most 21"))
    }

    @Test func panelNamesCannotBeEmptyAndAcceptNameColonRole() throws {
        let result = try interview(panel: "Ana", input: "panel add \"\"\npanel add Ben:hr\nas \"Ben\"\npanel\n")
        #expect(result.errors == "error: line 1: panel entry '' has no name; write Name:role, e.g. Ana:chair\n")
        #expect(result.output.contains("Added Ben (hr) to the panel.\n"))
        #expect(result.output.contains("Now recording as Ben.\n"))
    }

    @Test func freeTextMayHoldAnUnmatchedQuote() throws {
        let result = try interview(panel: "Ana", input: "evidence She said \"we will manage and left it there\nnote 's avonds only\n")
        #expect(result.errors == "")
        #expect(result.status == 0)
    }

    @Test func compareRefusesMockAndRealTogether() throws {
        let dir = try temporaryFolder("mixed-modes")
        _ = try runAssess(["mock", "lmi-strong", "--trainee", "Sam", "--transcripts", dir.path], input: "score 3\nclose --force done\n")
        let mock = try #require(transcriptFilesForTest(dir.path).first)
        let result = try runAssess(["compare", example, mock])
        #expect(result.status == 1)
        #expect(result.errors == "error: these transcripts mix 1 mock assessment and 1 interview; compare trainees and candidates separately (give the files of each)\n")
    }

    @Test func itemsShowProgress() throws {
        let result = try interview(panel: "Ana,Ben", input: "score 3\nas Ben\nscore 3\nsummarize Fine.\nnext\nscore 2\nitems\n")
        #expect(result.output.contains("    1  inclusion        Inclusion and respect for diversity  ✓ done\n"))
        #expect(result.output.contains(" ›  2  integrity        Integrity and transparency           rated 1/2 · no summary\n"))
        #expect(result.output.contains("    3  professionalism  Professionalism\n"))
    }
}
