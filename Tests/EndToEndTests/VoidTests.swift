import Foundation
import Testing

/// `void REASON` and the check for an open interview of the same candidate (issue 15, item 4).
@Suite struct VoidTests {
    static let clock = ["ASSESS_CLOCK": "2026-03-05T09:00:00.000Z,1"]

    @Test func aVoidedInterviewEndsIsListedAsVoidAndCannotBeResumed() throws {
        let folder = try temporaryFolder("void").path
        let run = try runAssess(["interview", "lmi-intern", "--candidate", "Dana Absent", "--candidate-id", "C-0104",
                                 "--panel", "Ana:chair,Ben:member", "--transcripts", folder],
                                input: "score 2\nvoid\nvoid The candidate did not attend\nscore 3\n", environment: Self.clock)
        let path = folder + "/lmi-intern/2026-03-05-C-0104.jsonl"
        #expect(run.errors == """
            error: line 2: void needs a reason, e.g. 'void The candidate did not attend'
            error: line 4: the interview had ended before this line ('score' and what follows were not run)

            """)
        #expect(run.status == 1)
        #expect(run.output.hasSuffix("Recorded: Ana rates inclusion 2 (Partially Satisfactory).\nInterview void. Transcript: \(path)\n"),
                "nothing runs after void, and there is nothing to resume")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[2].hasPrefix(#"{"seq":3,"at":"2026-03-05T09:00:03.000Z","type":"voided","by":"Ana","reason":"The candidate did not attend","prev":""#))

        let listing = try runAssess(["transcripts", folder, "--status", "void", "--format", "csv"])
        #expect(parseCSV(listing.output).map { [$0[1], $0[4]] } == [["id", "status"], ["C-0104", "void"]])
        let resume = try runAssess(["interview", "--resume", path])
        #expect(resume.status == 1)
        #expect(resume.errors == "error: \(path) was voided and cannot be resumed; use 'assess replay \(path)' to look through it\n")
        let verify = try runAssess(["verify", path])
        #expect(verify.output.hasPrefix("\(path): verified, 3 events, void, sha256 "))

        let summary = try runAssess(["summary", path])
        #expect(summary.output.contains("Candidate: Dana Absent (C-0104) · 2026-03-05 · VOID (by Ana, 2026-03-05 09:00 UTC): The candidate did not attend\n"))
        #expect(summary.output.contains("Recommendation: NONE (the interview was voided)\n"))
        let json = try runAssess(["summary", path, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(object["voided"] as? [String: String] == ["at": "2026-03-05T09:00:03.000Z", "by": "Ana", "reason": "The candidate did not attend"])
        let replay = try runAssess(["replay", path, "--to-end"])
        #expect(replay.output.contains("voids the interview: The candidate did not attend"))
    }

    @Test func compareLeavesAVoidedInterviewOutAndSaysSo() throws {
        let folder = try temporaryFolder("void").path
        for file in transcriptFilesForTest(packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern").path) {
            try FileManager.default.copyItem(atPath: file, toPath: folder + "/" + URL(fileURLWithPath: file).lastPathComponent)
        }
        let examplesOnly = try runAssess(["compare", folder, "--format", "json"])
        let run = try runAssess(["interview", "lmi-intern", "--candidate", "Dana Absent", "--candidate-id", "C-0104",
                                 "--panel", "Ana Lopez:chair,Ben Okafor:member", "--transcripts", folder],
                                input: "score 1\nas Ben score 4\nas Ana void Wrong candidate called in\n", environment: Self.clock)
        #expect(run.status == 0)
        let text = try runAssess(["compare", folder])
        #expect(text.output.hasPrefix("LEFT OUT: 1 voided interview left out of the ranking and the statistics (listed below)\n"))
        #expect(text.output.contains("  Dana Absent (C-0104): voided by Ana Lopez: Wrong candidate called in · \(folder)/lmi-intern/2026-03-05-C-0104.jsonl\n"))
        // The ranking and the reliability are those of the three examples alone.
        let json = try runAssess(["compare", folder, "--format", "json"])
        let with = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let without = try #require(try JSONSerialization.jsonObject(with: Data(examplesOnly.output.utf8)) as? [String: Any])
        #expect(NSDictionary(dictionary: with["reliability"] as? [String: Any] ?? [:]) == NSDictionary(dictionary: without["reliability"] as? [String: Any] ?? [:]))
        #expect((with["candidates"] as? [Any])?.count == 3)
        let leftOut = try #require(with["leftOut"] as? [[String: String]])
        #expect(leftOut.map { $0["why"] } == ["void"])

        let alone = try runAssess(["compare", folder + "/lmi-intern/2026-03-05-C-0104.jsonl"])
        #expect(alone.status == 1)
        #expect(alone.errors == "error: the only transcript was voided, so there is nothing to compare\n")
    }

    @Test func aScriptForACandidateWithAnOpenInterviewStopsUnlessNew() throws {
        let folder = try temporaryFolder("open").path
        let arguments = ["interview", "lmi-intern", "--candidate", "Dana", "--candidate-id", "C-0104",
                         "--panel", "Ana:chair,Ben:member", "--transcripts", folder]
        let first = try runAssess(arguments, input: "score 2\n", environment: Self.clock)
        #expect(first.status == 0)
        let open = folder + "/lmi-intern/2026-03-05-C-0104.jsonl"
        let second = try runAssess(arguments, input: "score 3\n", environment: Self.clock)
        #expect(second.status == 1)
        #expect(second.errors == "error: Dana (C-0104) already has an open lmi-intern interview: \(open); resume it with 'assess interview --resume \(open)', or give --new to start another\n")
        #expect(transcriptFilesForTest(folder).count == 1)
        let third = try runAssess(arguments + ["--new"], input: "score 3\n", environment: Self.clock)
        #expect(third.status == 0)
        #expect(Set(transcriptFilesForTest(folder)) == [open, folder + "/lmi-intern/2026-03-05-C-0104-2.jsonl"])
        // Both are open now: the newest is the one offered.
        let fourth = try runAssess(arguments, input: "", environment: Self.clock)
        #expect(fourth.errors.hasPrefix("error: Dana (C-0104) already has an open lmi-intern interview: \(folder)/lmi-intern/2026-03-05-C-0104-2.jsonl;"))
        // A transcript torn by a crash is still open (resuming repairs it); a closed one is not.
        let newest = folder + "/lmi-intern/2026-03-05-C-0104-2.jsonl"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: newest))
        try bytes.dropLast(20).write(to: URL(fileURLWithPath: newest))
        let torn = try runAssess(arguments, input: "", environment: Self.clock)
        #expect(torn.errors.hasPrefix("error: Dana (C-0104) already has an open lmi-intern interview: \(newest);"))
        for path in [open, newest] {
            let close = try runAssess(["interview", "--resume", path], input: "close --force Test\n", environment: Self.clock)
            #expect(close.status == 0, "\(close.errors)")
        }
        let closed = try runAssess(arguments, input: "", environment: Self.clock)
        #expect(closed.status == 0 && closed.errors == "")
        // Another candidate, or the same one for another assessment, is not asked about.
        let other = try runAssess(["interview", "lmi-intern", "--candidate", "Eli", "--candidate-id", "C-0105",
                                   "--panel", "Ana:chair,Ben:member", "--transcripts", folder], input: "", environment: Self.clock)
        #expect(other.status == 0)
    }
}

/// `hr: observes` in an assessment's `panel:` (issue 15, item 3).
@Suite struct HRObservesTests {
    @Test func anAssessmentSaysWhetherHRObservesAndABadValueIsNamed() throws {
        let folder = try temporaryFolder("hr")
        let base = try String(contentsOf: packageRoot.appendingPathComponent("Assessments/lmi-intern.yaml"), encoding: .utf8)
        let observing = base.replacingOccurrences(of: "  roles: [chair, member, hr, examiner]\n",
                                                  with: "  roles: [chair, member, hr, examiner]\n  hr: observes\n")
        #expect(observing != base)
        try observing.write(to: folder.appendingPathComponent("lmi-intern.yaml"), atomically: true, encoding: .utf8)
        let show = try runAssess(["assessments", "show", "lmi-intern.yaml"], directory: folder)
        #expect(show.output.contains("  Panel:     at least 2; roles chair, member, hr, examiner; hr observes (notes only)\n"))
        let run = try runAssess(["interview", "lmi-intern.yaml", "--candidate", "X", "--panel", "Ana:chair,Chloé:hr",
                                 "--transcripts", "T"], input: "as Chloé score 3\nnote On time\n", directory: folder)
        #expect(run.errors == "error: line 1: Chloé is HR: HR observes in this assessment (notes only); ratings, evidence and summaries are recorded by Ana ('as Ana' first)\n")

        try base.replacingOccurrences(of: "  roles: [chair, member, hr, examiner]\n", with: "  roles: [chair, member, hr, examiner]\n  hr: watches\n")
            .write(to: folder.appendingPathComponent("lmi-intern.yaml"), atomically: true, encoding: .utf8)
        let validate = try runAssess(["assessments", "validate", "lmi-intern.yaml"], directory: folder)
        #expect(validate.status == 1)
        #expect(validate.errors.contains("error: hr: 'watches' is not known; write 'hr: rates' (the default) or 'hr: observes' (notes only)\n"))
    }
}
