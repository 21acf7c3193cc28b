import Foundation
import Testing

/// The rows of `assess transcripts FOLDER --format csv`, the header first; the listing must succeed.
func listingRows(_ folder: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [[String]] {
    let result = try runAssess(["transcripts", folder, "--format", "csv"])
    #expect(result.status == 0, sourceLocation: sourceLocation)
    return parseCSV(result.output)
}

@Suite struct TranscriptListTests {
    /// The examples plus an open interview, a torn file and a mock-free damaged one, in a temporary folder.
    func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assess-list-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("lmi-intern"), withIntermediateDirectories: true)
        for file in transcriptFilesForTest(packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern").path) {
            try FileManager.default.copyItem(atPath: file, toPath: folder.appendingPathComponent("lmi-intern/" + URL(fileURLWithPath: file).lastPathComponent).path)
        }
        _ = try runAssess(["--candidate", "Open Person", "--candidate-id", "C-0200", "--panel", "Ana", "--transcripts", folder.path],
                          input: "score 3\n", environment: ["ASSESS_CLOCK": "2026-03-05T09:00:00.000Z,20"])
        let source = try Data(contentsOf: URL(fileURLWithPath: transcriptFilesForTest(folder.path)[0]))
        try source.prefix(300).write(to: folder.appendingPathComponent("lmi-intern/zz-torn.jsonl"))
        return folder
    }

    @Test func listsEveryTranscriptWithItsStatus() throws {
        let folder = try folder()
        let rows = try listingRows(folder.path)
        #expect(rows.map { [$0[1], $0[4], $0[5], $0[10]] } == [
            ["id", "status", "recommendation", "endorsed"],
            ["C-0101", "closed", "recommended", "3/3"],
            ["C-0102", "closed", "not-recommended", "3/3"],
            ["C-0103", "closed", "not-recommended", "2/3"],
            ["C-0200", "open", "", ""],
            ["", "damaged", "", ""],
        ])
        #expect(rows[1][2] == "Inès Barrow-Kaldi")
        #expect(rows[1][6] == "Ana Lopez; Ben Okafor; Chloé Martin")
        #expect(rows[5][9] == "no complete first line")
    }

    @Test func filtersCombine() throws {
        let folder = try folder()
        func ids(_ arguments: [String]) throws -> [String] {
            let result = try runAssess(["transcripts", folder.path, "--format", "json"] + arguments)
            let list = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
            return list.map { $0["id"] as? String ?? "-" }
        }
        #expect(try ids(["--status", "open"]) == ["C-0200"])
        #expect(try ids(["--status", "damaged"]) == ["-"])
        #expect(try ids(["--candidate", "PIETER"]) == ["C-0102"])
        #expect(try ids(["--candidate", "c-010", "--status", "closed"]) == ["C-0101", "C-0102", "C-0103"])
        #expect(try ids(["--assessment", "project-assistant"]) == [])
    }

    @Test func textListingHasAHeaderAndACount() throws {
        let result = try runAssess(["transcripts", packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern").path])
        #expect(result.output.hasPrefix("DATE        ID      CANDIDATE             ASSESSMENT  STATUS  RECOMMENDATION   ENDORSED  PANEL"))
        #expect(result.output.hasSuffix("3 transcripts\n"))
    }

    /// Issue 17: endorsed of panelists for a closed interview, an invalid endorsement not
    /// counted and named; `—` (null in JSON) for one not closed.
    @Test func theEndorsementsColumnCountsValidEndorsementsOnly() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("lmi-intern/zz-torn.jsonl"))
        _ = try invalidlyEndorsedCopy(in: folder.appendingPathComponent("lmi-intern"))  // in place of the copy of C-0101
        let text = try runAssess(["transcripts", folder.path]).output
        #expect(text.replacingOccurrences(of: folder.path, with: "DIR") == """
            DATE        ID      CANDIDATE             ASSESSMENT  STATUS  RECOMMENDATION   ENDORSED        PANEL                                FILE
            2026-03-02  C-0101  Inès Barrow-Kaldi     lmi-intern  closed  recommended      2/3, 1 INVALID  Ana Lopez, Ben Okafor, Chloé Martin  DIR/lmi-intern/2026-03-02-C-0101.jsonl
            2026-03-03  C-0102  Pieter Wouters-Amani  lmi-intern  closed  not-recommended  3/3             Ana Lopez, Ben Okafor, Chloé Martin  DIR/lmi-intern/2026-03-03-C-0102.jsonl
            2026-03-04  C-0103  Lucas Ferrand-Nyberg  lmi-intern  closed  not-recommended  2/3             Ana Lopez, Ben Okafor, Chloé Martin  DIR/lmi-intern/2026-03-04-C-0103.jsonl
            2026-03-05  C-0200  Open Person           lmi-intern  open    —                —               Ana                                  DIR/lmi-intern/2026-03-05-C-0200.jsonl
            4 transcripts

            """)
        let json = try runAssess(["transcripts", folder.path, "--format", "json"]).output
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(list.map { $0["endorsements"] as? [String: Int] } == [
            ["endorsed": 2, "invalid": 1, "panelists": 3], ["endorsed": 3, "invalid": 0, "panelists": 3],
            ["endorsed": 2, "invalid": 0, "panelists": 3], nil,
        ])
        #expect(list[3]["endorsements"] is NSNull)
    }

    @Test func aMissingFolderIsAnError() throws {
        let result = try runAssess(["transcripts", "/nonexistent/folder"])
        #expect(result.status == 1)
        #expect(result.errors == "error: no folder /nonexistent/folder; give the folder that holds the transcripts\n")
    }
}
