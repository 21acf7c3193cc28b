import AssessmentKit
import Foundation
import Testing

let example = packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern/2026-03-03-C-0102.jsonl").path

/// The example C-0101 copied into `folder` with Ben's signature in Chloé's endorsement (the
/// last line), the chain made valid again: her endorsement is INVALID, made with a key other
/// than the one it names.
func invalidlyEndorsedCopy(in folder: URL) throws -> String {
    let source = packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern/2026-03-02-C-0101.jsonl").path
    let lines = try String(contentsOfFile: source, encoding: .utf8).split(separator: "\n").map(String.init)
    func signature(_ line: String) throws -> String {
        String(line[try #require(line.range(of: #""signature":"[^"]*""#, options: .regularExpression))])
    }
    let (ben, chloe) = (try signature(lines[lines.count - 2]), try signature(lines[lines.count - 1]))
    let path = folder.appendingPathComponent("2026-03-02-C-0101.jsonl").path
    try forge(source, to: path) { number, line in number == lines.count ? line.replacingOccurrences(of: chloe, with: ben) : line }
    return path
}

@Suite struct SummaryCommandTests {
    @Test(arguments: reportFormats)
    func everyFormatMatchesItsGoldenFile(format: String, suffix: String) throws {
        try expectOutputMatchesSnapshot(of: ["summary", example, "--format", format], named: "summary-C-0102.\(suffix)",
                                        environment: ["NO_COLOR": ""])
    }

    @Test func jsonCarriesTheContractKeysAndValues() throws {
        let result = try runAssess(["summary", example, "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(json["assessment"] as? String == "lmi-intern")
        #expect((json["candidate"] as? [String: Any])?["name"] as? String == "Pieter Wouters-Amani")
        #expect((json["candidate"] as? [String: Any])?["id"] as? String == "C-0102")
        #expect(json["method"] as? String == "scale")
        #expect(json["languageRequirementMet"] as? Bool == false)
        #expect(json["recommendation"] as? String == "not-recommended")
        #expect(json["override"] is NSNull)
        #expect(json["integrity"] as? String == "verified")
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.count == 10)
        // courage: Ana 2, Ben 4, Chloé 3 → mean 3, spread 2, flagged, consensus 3 → final 3, satisfactory.
        let courage = try #require(items.first { $0["id"] as? String == "courage" })
        #expect(courage["ratings"] as? [String: Double] == ["Ana Lopez": 2, "Ben Okafor": 4, "Chloé Martin": 3])
        #expect(courage["mean"] as? Double == 3)
        #expect(courage["spread"] as? Double == 2)
        #expect(courage["flagged"] as? Bool == true)
        #expect(courage["consensus"] as? Double == 3)
        #expect(courage["final"] as? Double == 3)
        #expect(courage["band"] as? String == "satisfactory")
        // results: 2, 2, 2 → mean 2, no consensus → final 2, partially satisfactory.
        let results = try #require(items.first { $0["id"] as? String == "results" })
        #expect(results["consensus"] is NSNull)
        #expect(results["final"] as? Double == 2)
        #expect(results["band"] as? String == "partially-satisfactory")
        let languages = try #require(json["languages"] as? [[String: Any]])
        #expect(languages.first { $0["language"] as? String == "dutch" }?["written"] as? String == "B2")
    }

    @Test func csvHasOneRowPerItemAndPanelistAndParsesBack() throws {
        let result = try runAssess(["summary", example, "--format", "csv"])
        let rows = parseCSV(result.output)
        #expect(rows.count == 1 + 10 * 3)
        #expect(rows[0].prefix(4) == ["assessment", "candidate", "candidate_id", "date"])
        #expect(rows.allSatisfy { $0.count == rows[0].count })
        let evidenceColumn = try #require(rows[0].firstIndex(of: "evidence"))
        // Evidence holds commas and quotes; it must come back unchanged.
        let summary = try TranscriptSummary.summary(path: example)
        let expected = summary.items[0].evidence.filter { $0.panelist == "Ana Lopez" }.map(\.text).joined(separator: " | ")
        #expect(rows[1][evidenceColumn] == expected)
    }

    @Test func outputGoesToAFileWhenAsked() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("assess-summary-\(UUID().uuidString).html")
        let result = try runAssess(["summary", example, "--format", "html", "--output", file.path])
        #expect(result.status == 0)
        #expect(result.output == "")
        let html = try String(contentsOf: file, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg"))
        #expect(!html.contains("<script"), "self-contained and static")
        #expect(!html.contains("http://") || html.contains("http://www.w3.org/2000/svg"), "no external resources")
    }

    /// Issue 13 changed this: without --accept-damaged the summary is only a notice and exits 1
    /// (see TrustTests); with it, the events before the damage are summarised and say so.
    @Test func aDamagedTranscriptIsSummarisedUpToTheDamageAndSaysSo() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("assess-damaged-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: copy) }
        var lines = try String(contentsOfFile: example, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[4] = lines[4].replacingOccurrences(of: "\"value\":3", with: "\"value\":4")
        try (lines.joined(separator: "\n") + "\n").write(to: copy, atomically: true, encoding: .utf8)
        #expect(try runAssess(["summary", copy.path, "--format", "json"]).status == 1)
        let result = try runAssess(["summary", copy.path, "--format", "json", "--accept-damaged"])
        #expect(result.status == 0)
        #expect(result.output.contains("\"integrity\" : \"damaged: line 5: edited line (its check hash does not match its content) — the summary covers the events before it\""))
    }

    @Test func aMissingTranscriptIsAnError() throws {
        let result = try runAssess(["summary", "nope.jsonl"])
        #expect(result.status == 1)
        #expect(result.errors == "error: cannot open nope.jsonl: no such file\n")
    }
}

/// A voided interview has no recommendation, and an open blind one shows no rating before its
/// reveal (review of issue 15).
@Suite struct SummaryOfVoidAndBlindTests {
    static let clock = VoidTests.clock

    @Test func aVoidedInterviewHasNoRecommendationInAnyFormat() throws {
        let folder = try temporaryFolder("void-summary").path
        let run = try runAssess(["interview", "lmi-intern", "--candidate", "X", "--candidate-id", "V-1",
                                 "--panel", "Ana:chair,Ben:member", "--transcripts", folder],
                                input: "score 2\noverride recommended The panel knows her work\nvoid The candidate did not attend\n",
                                environment: Self.clock)
        try #require(run.status == 0, "\(run.errors)")
        let path = folder + "/lmi-intern/2026-03-05-V-1.jsonl"

        let json = try runAssess(["summary", path, "--format", "json"])
        #expect(json.output.contains("\n  \"computedRecommendation\" : null,\n"))
        #expect(json.output.contains("\n  \"recommendation\" : null,\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(object["recommendation"] is NSNull && object["computedRecommendation"] is NSNull)
        // What the panel recorded stays.
        #expect(object["override"] as? [String: String] == ["recommendation": "recommended", "justification": "The panel knows her work"])

        let rows = parseCSV(try runAssess(["summary", path, "--format", "csv"]).output)
        let column = try #require(rows.first?.firstIndex(of: "recommendation"))
        #expect(rows.count == 21)
        #expect(rows.dropFirst().allSatisfy { $0[column] == "void" })

        let verdict = "NONE (the interview was voided after the panel's override to recommended)"
        let html = try runAssess(["summary", path, "--format", "html"]).output
        #expect(html.contains("<p><span class=\"verdict void\">\(verdict)</span></p>\n"))
        #expect(html.contains("\n.void { background: #eef1f4; color: #4a5868; }\n"))
        // Only the style sheet names the other verdicts.
        #expect(html.components(separatedBy: "not-recommended").count == 2 && !html.contains("computed:"))
        let text = try runAssess(["summary", path]).output
        #expect(text.contains("\nRecommendation: \(verdict)\n  - inclusion is Partially Satisfactory (2)\n"))
        #expect(text.contains("\n  Override justification: The panel knows her work\n"))
        let markdown = try runAssess(["summary", path, "--format", "markdown"]).output
        #expect(markdown.contains("\n## Recommendation: \(verdict)\n\n- inclusion is Partially Satisfactory (2)\n"))
    }

    /// Ana and Ben rate inclusion and reveal it; Ana rates integrity, not revealed yet.
    @Test func anOpenBlindInterviewHidesWhatIsNotRevealedUntilTheRevealOrTheClose() throws {
        let folder = try temporaryFolder("blind-summary").path
        let run = try runAssess(["interview", "lmi-intern", "--blind", "--candidate", "Bo", "--candidate-id", "B-1",
                                 "--panel", "Ana:chair,Ben:member", "--transcripts", folder],
                                input: "score 3 Named three partners\nas Ben\nscore 2 Vague on the details\nas Ana\nreveal\n"
                                    + "next\nscore 4 Told of a refused gift\n", environment: Self.clock)
        try #require(run.status == 0, "\(run.errors)")
        let path = folder + "/lmi-intern/2026-03-05-B-1.jsonl"

        let text = try runAssess(["summary", path]).output
        #expect(text.contains("""
               1 inclusion         ██████████         2.5  Partially Satisfactory Ana 3, Ben 2
               2 integrity                              —  not rated              hidden until 'reveal'

            """))
        #expect(text.contains("  - integrity: ratings hidden until 'reveal'\n"))
        #expect(text.contains("""
            Integrity and transparency (integrity) · final — · 0:01
              Ratings: hidden until 'reveal' · mean — · spread —
              Summary: none

            Professionalism
            """))
        let json = try runAssess(["summary", path, "--format", "json"]).output
        let items = try #require((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["items"] as? [[String: Any]])
        #expect(items[0]["ratings"] as? [String: Double] == ["Ana": 3, "Ben": 2])
        #expect(items[0]["ratingsHidden"] == nil)
        #expect(items[1]["ratings"] as? [String: Double] == [:])
        #expect(items[1]["ratingsHidden"] as? Bool == true)
        #expect(items[1]["mean"] is NSNull && items[1]["final"] is NSNull && items[1]["band"] is NSNull)
        #expect((items[1]["evidence"] as? [Any])?.isEmpty == true)
        let rows = parseCSV(try runAssess(["summary", path, "--format", "csv"]).output)
        let rating = try #require(rows.first?.firstIndex(of: "rating"))
        #expect(rows[1...4].map { [$0[4], $0[6], $0[rating], $0[rating + 1]] }
                == [["inclusion", "Ana", "3", "2.5"], ["inclusion", "Ben", "2", "2.5"], ["integrity", "Ana", "hidden", ""], ["integrity", "Ben", "hidden", ""]])
        for format in ["text", "markdown", "csv", "json", "html"] {
            let output = try runAssess(["summary", path, "--format", format]).output
            #expect(output.contains("Named three partners") && !output.contains("Told of a refused gift"), "\(format)")
            #expect(!output.contains("Ana 4") && !output.contains("\"Ana\" : 4"), "\(format)")
        }
        // compare: the hidden rating is neither in the row nor in the statistics.
        let compare = try runAssess(["compare", path, "--format", "json"]).output
        let comparison = try #require(try JSONSerialization.jsonObject(with: Data(compare.utf8)) as? [String: Any])
        let finals = try #require((comparison["candidates"] as? [[String: Any]])?.first?["items"] as? [String: Any])
        #expect(finals["inclusion"] as? Double == 2.5)
        #expect(finals["integrity"] is NSNull)
        #expect((comparison["reliability"] as? [String: Any])?["units"] as? Int == 1)
        #expect((comparison["calibration"] as? [[String: Any]])?.map { $0["ratings"] as? Int } == [1, 1])

        // Ben rates integrity and the chair reveals it; Ana rates professionalism.
        let resumed = try runAssess(["interview", "--resume", path],
                                    input: "as Ben\nscore 3 Clear on conflicts of interest\nas Ana\nreveal\nnext\nscore 1 Late with the report\n",
                                    environment: Self.clock)
        try #require(resumed.status == 0, "\(resumed.errors)")
        let revealed = try runAssess(["summary", path]).output
        #expect(revealed.contains("""
               2 integrity         ██████████████     3.5  Satisfactory           Ana 4, Ben 3
               3 professionalism                        —  not rated              hidden until 'reveal'

            """))
        #expect(revealed.contains("    • Ana (score): Told of a refused gift\n    • Ben (score): Clear on conflicts of interest\n"))
        #expect(!revealed.contains("Late with the report"))
        let revealedCompare = try runAssess(["compare", path, "--format", "json"]).output
        #expect((try JSONSerialization.jsonObject(with: Data(revealedCompare.utf8)) as? [String: Any]).flatMap { $0["reliability"] as? [String: Any] }?["units"] as? Int == 2)

        // Closed: everything shows, professionalism unrevealed included.
        let closed = try runAssess(["interview", "--resume", path], input: "close --force The candidate had to leave\n", environment: Self.clock)
        try #require(closed.status == 0, "\(closed.errors)")
        let after = try runAssess(["summary", path]).output
        #expect(after.contains("   3 professionalism   ████                 1  Unsatisfactory         Ana 1\n"))
        #expect(after.contains("  Ratings: Ana 1 · mean 1 · spread 0\n"))
        #expect(after.contains("    • Ana (score): Late with the report\n"))
        #expect(!after.contains("hidden until"))
        let closedCompare = try runAssess(["compare", path, "--format", "json"]).output
        #expect((try JSONSerialization.jsonObject(with: Data(closedCompare.utf8)) as? [String: Any]).flatMap { $0["reliability"] as? [String: Any] }?["units"] as? Int == 3)
    }
}

/// A small RFC 4180 parser, independent of the writer: quoted fields, doubled quotes, CRLF.
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var characters = Array(text.unicodeScalars)[...]
    while let c = characters.popFirst() {
        if quoted {
            if c == "\"" {
                if characters.first == "\"" { field.unicodeScalars.append("\""); characters = characters.dropFirst() } else { quoted = false }
            } else {
                field.unicodeScalars.append(c)
            }
        } else if c == "\"" {
            quoted = true
        } else if c == "," {
            row.append(field); field = ""
        } else if c == "\r" {
            continue
        } else if c == "\n" {
            row.append(field); rows.append(row); row = []; field = ""
        } else {
            field.unicodeScalars.append(c)
        }
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}

/// Issue 17: the summary's sign-off block, in every format, for a closed interview only.
@Suite struct SummarySignOffTests {
    static let c0103 = packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern/2026-03-04-C-0103.jsonl").path
    static let keysNote = "The keys are those the transcript names; HR checks them with 'assess verify --signers FILE'."
    static let (ana, ben, chloe) = ("SHA256:kHFRJVHSpwA2VDJufgeS4gI5lTi5dEYM93VSoEVqfXw", "SHA256:0ZAQ0CRKbej59bYLSLVcib7DmHAEPwwNycURoyZ1VVk",
                                    "SHA256:oUxggRgslqggW2dYa9NdZYXy4gblxX0c/F2nkDZj2vw")

    /// The rows of `assess summary PATH --format csv` for `panelist`, as column → value.
    func csvRows(_ path: String, panelist: String) throws -> [[String: String]] {
        let rows = parseCSV(try runAssess(["summary", path, "--format", "csv"]).output)
        let header = try #require(rows.first)
        let column = try #require(header.firstIndex(of: "panelist"))
        return rows.dropFirst().filter { $0[column] == panelist }.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    func json(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(try runAssess(["summary", path, "--format", "json"]).output.utf8)) as? [String: Any])
    }

    @Test func twoOfThreeInEveryFormat() throws {
        let text = try runAssess(["summary", Self.c0103], environment: ["NO_COLOR": ""]).output
        #expect(text.hasSuffix("""

            Sign-off: endorsed by 2 of 3 panelists
              Ana Lopez     ana  endorsed      \(Self.ana)  2026-03-04 11:00 UTC
              Ben Okafor    ben  endorsed      \(Self.ben)  2026-03-04 11:00 UTC
              Chloé Martin  —    not endorsed
              \(Self.keysNote)

            Integrity: verified

            """))
        let markdown = try runAssess(["summary", Self.c0103, "--format", "markdown"]).output
        #expect(markdown.hasSuffix("""
            ## Sign-off: endorsed by 2 of 3 panelists

            \(Self.keysNote)

            | Panelist | Login | Sign-off | Key | Time |
            |---|---|---|---|---|
            | Ana Lopez | ana | endorsed | `\(Self.ana)` | 2026-03-04 11:00 UTC |
            | Ben Okafor | ben | endorsed | `\(Self.ben)` | 2026-03-04 11:00 UTC |
            | Chloé Martin | — | **not endorsed** | — | — |

            ---
            Integrity: verified

            """))
        let html = try runAssess(["summary", Self.c0103, "--format", "html"]).output
        #expect(html.contains("<h2>Sign-off: endorsed by 2 of 3 panelists</h2>\n"))
        #expect(html.contains("<tr><td>Chloé Martin</td><td>—</td><td class=\"sign-off-missing\">not endorsed</td><td>—</td><td>—</td></tr></table>\n"))

        let chloe = try csvRows(Self.c0103, panelist: "Chloé Martin")
        #expect(chloe.count == 10)
        #expect(chloe.allSatisfy { [$0["login"], $0["sign_off"], $0["key"], $0["key_checked"], $0["signed_at"]] == ["", "missing", "", "", ""] })
        let ana = try #require(try csvRows(Self.c0103, panelist: "Ana Lopez").first)
        #expect([ana["login"], ana["sign_off"], ana["key"], ana["key_checked"], ana["signed_at"]] == ["ana", "endorsed", Self.ana, "no", "2026-03-04T11:00:20.000Z"])

        let object = try json(Self.c0103)
        #expect(object["endorsements"] as? [String: Int] == ["endorsed": 2, "invalid": 0, "panelists": 3])
        let signOff = try #require(object["signOff"] as? [[String: Any]])
        #expect(signOff.map { $0["status"] as? String } == ["endorsed", "endorsed", "missing"])
        #expect(signOff.map { $0["keyChecked"] as? Bool } == [false, false, false])
        #expect(signOff[2]["login"] is NSNull && signOff[2]["fingerprint"] is NSNull && signOff[2]["at"] is NSNull)
    }

    @Test func anInvalidEndorsementIsShownWithItsReasonAndDoesNotCount() throws {
        let folder = try temporaryFolder("invalid-endorsement")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try invalidlyEndorsedCopy(in: folder)
        let reason = "the signature was made with key \(Self.ben), not the key the endorsement names"
        // At 100 columns the reason wraps.
        let wrapped = "the signature was made with key \(Self.ben), not the key\n    the endorsement names"
        let text = try runAssess(["summary", path], environment: ["NO_COLOR": ""])
        #expect(text.status == 0)
        #expect(text.output.hasSuffix("""

            Sign-off: endorsed by 2 of 3 panelists (1 INVALID endorsement not counted)
              Ana Lopez     ana    endorsed      \(Self.ana)  2026-03-02 11:00 UTC
              Ben Okafor    ben    endorsed      \(Self.ben)  2026-03-02 11:00 UTC
              Chloé Martin  chloe  INVALID       \(Self.chloe)  2026-03-02 11:00 UTC
                \(wrapped)
              \(Self.keysNote)

            Integrity: verified

            """))
        let markdown = try runAssess(["summary", path, "--format", "markdown"]).output
        #expect(markdown.contains("\n| Chloé Martin | chloe | **INVALID**: \(reason) | `\(Self.chloe)` | 2026-03-02 11:00 UTC |\n"))
        let html = try runAssess(["summary", path, "--format", "html"]).output
        #expect(html.contains("<td class=\"sign-off-invalid\">INVALID: \(reason)</td>"))
        let chloe = try #require(try csvRows(path, panelist: "Chloé Martin").first)
        #expect(chloe["sign_off"] == "invalid: " + reason)
        let object = try json(path)
        #expect(object["endorsements"] as? [String: Int] == ["endorsed": 2, "invalid": 1, "panelists": 3])
        let last = try #require((object["signOff"] as? [[String: Any]])?.last)
        #expect(last["status"] as? String == "invalid" && last["problem"] as? String == reason)
    }

    @Test func anOpenInterviewHasNoSignOff() throws {
        let folder = try temporaryFolder("open-sign-off")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try runAssess(["--candidate", "Open Person", "--candidate-id", "C-0200", "--panel", "Ana", "--transcripts", folder.path],
                                input: "score 3\n", environment: ["ASSESS_CLOCK": "2026-03-05T09:00:00.000Z,20"])
        try #require(run.status == 0, "\(run.errors)")
        let path = try #require(transcriptFilesForTest(folder.path).first)
        for format in ["text", "markdown", "html", "csv"] {
            #expect(!(try runAssess(["summary", path, "--format", format]).output.contains("Sign-off")), "\(format)")
        }
        let ana = try #require(try csvRows(path, panelist: "Ana").first)
        #expect([ana["login"], ana["sign_off"], ana["key"]] == ["", "", ""])
        let object = try json(path)
        #expect(object["signOff"] is NSNull && object["endorsements"] is NSNull)
    }

    /// A panelist's name with controls, endorsed with a signature that is not one: the sign-off
    /// block shows the name, and the reason the endorsement is INVALID, inert.
    @Test(arguments: reportFormats.map(\.0))
    func namesInTheSignOffAreShownInert(format: String) throws {
        let folder = try temporaryFolder("hostile-sign-off")
        defer { try? FileManager.default.removeItem(at: folder) }
        let ana = "Ana" + TrustTests.hostile
        let path = try TrustTests.forged(in: folder, candidate: Candidate(name: "Jo", id: "C-6"),
                                         panel: [Panelist(name: ana, role: "chair"), Panelist(name: "Ben", role: "member")], events: [
                                             (ana, .closed(Closed(forced: true, reason: "test"))),
                                             (ana, .endorsed(Endorsed(panelist: ana, login: "ana", publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILkVmGlD+d1NHGzow9kuQS7dxUgg1KGD6+/ciDG5PdHq",
                                                                      signature: "not a signature " + TrustTests.hostile))),
                                         ])
        let result = try runAssess(["summary", path, "--format", format])
        #expect(result.status == 0, "\(result.errors)")
        TrustTests.expectInert(result.output, "summary --format \(format)")
        #expect(result.output.lowercased().contains("invalid"))
        if format == "text" { #expect(result.output.contains("\n  Ana" + TrustTests.shownWord)) }
    }
}
