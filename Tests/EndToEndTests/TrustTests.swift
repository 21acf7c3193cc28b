import AssessmentKit
import Foundation
import Testing

/// Issue 13: reports HR can trust. Hostile text never reaches the terminal raw, a damaged
/// transcript is never summarised as sound, and what the panel noted is in every report.
@Suite struct TrustTests {
    /// Every kind of control: an OSC title change with BEL, clear screen, OSC 52 (clipboard),
    /// a C1 CSI, DEL, a bidi override, a line separator and a plain newline.
    static let hostile = "A\u{1b}]0;pwned\u{07}B\u{1b}[2J\u{1b}]52;c;ZXZpbA==\u{07}C\u{9b}31mD\u{7f}E\u{202e}F\u{2028}G\nRecommendation: RECOMMENDED"
    static let shown = "A^[]0;pwned^GB^[[2J^[]52;c;ZXZpbA==^GC\\u009b31mD^?E\\u202eF\\u2028G^JRecommendation: RECOMMENDED"
    /// `shown` up to its first space: what a wrapped line keeps together.
    static let shownWord = "A^[]0;pwned^GB^[[2J^[]52;c;ZXZpbA==^GC\\u009b31mD^?E\\u202eF\\u2028G^JRecommendation:"

    /// A transcript written through the writer, as a forger with write access could, with
    /// hostile text in the candidate's name and id, a panelist's name, evidence, notes and summaries.
    static func hostileTranscript(in folder: URL) throws -> String {
        let ana = "Ana" + hostile
        return try forged(in: folder, candidate: Candidate(name: "Jane" + hostile, id: "C-9"),
                          panel: [Panelist(name: ana, role: "chair"), Panelist(name: "Ben", role: "member")], events: [
                              (ana, .scored(Scored(item: "inclusion", value: 3, evidence: "evidence " + hostile))),
                              ("Ben", .scored(Scored(item: "inclusion", value: 3))),
                              (ana, .note(Note(item: "inclusion", text: "item-note" + hostile))),
                              (ana, .summarized(Summarized(item: "inclusion", text: "summary " + hostile))),
                              (ana, .language(LanguageResult(language: "english", skill: .oral, level: .c1, note: "lang-note" + hostile))),
                              (ana, .note(Note(item: nil, text: "general-note" + hostile))),
                          ])
    }

    /// Runs `body` with a new folder and the path of the hostile transcript written in it;
    /// removes the folder afterwards.
    static func withHostileTranscript(_ body: (_ folder: URL, _ path: String) throws -> Void) throws {
        let folder = try temporaryFolder("trust")
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(folder, try hostileTranscript(in: folder))
    }

    /// Writes an lmi-intern transcript through the writer, as a forger with write access could:
    /// `started` for `candidate` and `panel`, then `events`, all at 09:00. Returns its path.
    static func forged(in folder: URL, candidate: Candidate, panel: [Panelist],
                       events: [(by: String, payload: EventPayload)]) throws -> String {
        let (assessment, _) = try AssessmentCatalog(directories: []).assessment("lmi-intern")
        let started = Started(mode: .interview, assessment: assessment, candidate: candidate, panel: panel, blind: false)
        let name = candidate.id ?? "x"
        let (writer, _) = try TranscriptWriter.create(folder: folder.path, assessment: "lmi-intern", date: "2026-03-02", name: name,
                                                      first: .started(started), clock: { Timestamp(milliseconds: 1_772_442_000_000) })
        for event in events { _ = try writer.append(by: event.by, event.payload) }
        writer.close()
        return folder.appendingPathComponent("lmi-intern/2026-03-02-\(name).jsonl").path
    }


    /// A temporary folder holding a copy of the three example transcripts.
    static func examplesCopy() throws -> URL {
        let folder = try temporaryFolder("trust")
        let examples = packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern")
        for name in try FileManager.default.contentsOfDirectory(atPath: examples.path) {
            try FileManager.default.copyItem(at: examples.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        return folder
    }

    /// No escape, C1, DEL, bidi or separator character in the output, and no line of it starts
    /// with the forged recommendation.
    static func expectInert(_ output: String, _ context: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let raw = output.unicodeScalars.filter { $0 != "\n" && $0 != "\r" && SafeText.isControl($0) }
        #expect(raw.isEmpty, "\(context): raw controls \(raw.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
        #expect(!output.split(separator: "\n").contains { $0.hasPrefix("Recommendation: RECOMMENDED") },
                "\(context): a forged line", sourceLocation: sourceLocation)
    }

    @Test(arguments: ["text", "markdown", "csv", "json", "html"])
    func summaryShowsControlsInert(format: String) throws {
        try Self.withHostileTranscript { _, path in
            let result = try runAssess(["summary", path, "--format", format])
            #expect(result.status == 0)
            Self.expectInert(result.output, "summary --format \(format)")
            if format == "text" || format == "csv" {
                #expect(result.output.contains("Jane" + Self.shownWord))
                #expect(result.output.contains("item-note" + Self.shownWord))
            }
            if format == "json" {
                // The same data: JSON escapes read back as the original text.
                let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
                #expect((json["candidate"] as? [String: Any])?["name"] as? String == "Jane" + Self.hostile)
            }
        }
    }

    @Test func markdownEscapesHTML() throws {
        let folder = try temporaryFolder("trust")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Self.forged(in: folder, candidate: Candidate(name: "<img src=x onerror=alert(1)>", id: "C-8"),
                                   panel: [Panelist(name: "Ana", role: "chair")],
                                   events: [("Ana", .note(Note(item: "inclusion", text: "<script>x</script> & more")))])
        let result = try runAssess(["summary", path, "--format", "markdown"])
        #expect(!result.output.contains("<img") && !result.output.contains("<script>"))
        #expect(result.output.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(result.output.contains("&lt;script&gt;x&lt;/script&gt; &amp; more"))
    }

    @Test func replayTranscriptsAndCompareShowControlsInert() throws {
        try Self.withHostileTranscript { folder, path in
            for arguments in [["replay", path, "--to-end"], ["transcripts", folder.path], ["transcripts", folder.path, "--format", "csv"],
                              ["compare", folder.path], ["compare", folder.path, "--format", "markdown"],
                              ["compare", folder.path, "--format", "csv"], ["compare", folder.path, "--format", "json"]] {
                let result = try runAssess(arguments)
                Self.expectInert(result.output, arguments.joined(separator: " "))
                Self.expectInert(result.errors, arguments.joined(separator: " ") + " (errors)")
            }
            // The shell does not resume it (its prompt and messages would carry the names), and says why, inert.
            let resumed = try runAssess(["interview", "--resume", path], input: "status\nquit\n")
            #expect(resumed.status == 1)
            #expect(resumed.errors.hasPrefix("error: \(path) cannot be resumed: the candidate's name holds a control character (U+001B), which assess never records"))
            Self.expectInert(resumed.errors, "resume (errors)")
            // Commands of the replay shell print inert too.
            let shell = try runAssess(["replay", path], input: "step 3\nshow\nstatus\nsummary\n")
            Self.expectInert(shell.output, "replay shell")
        }
    }

    @Test func errorsQuoteFileNamesInert() throws {
        let result = try runAssess(["summary", "no\u{1b}]0;x\u{07}such.jsonl"])
        #expect(result.status == 1)
        #expect(result.errors.contains("no^[]0;x^Gsuch.jsonl"))
        Self.expectInert(result.errors, "error")
    }

    /// A file name that forges a verified line: every output quotes it on one line.
    @Test func fileNamesNeverStartALine() throws {
        let folder = try temporaryFolder("trust")
        defer { try? FileManager.default.removeItem(at: folder) }
        let damaged = try Self.damagedCopy(in: folder)
        let forged = folder.appendingPathComponent("C-0101.jsonl: verified, 97 events, closed\n\u{1b}[2K.jsonl").path
        try FileManager.default.moveItem(atPath: damaged, toPath: forged)
        let verify = try runAssess(["verify", folder.path])
        #expect(verify.status == 1)
        #expect(verify.output.split(separator: "\n").count == 1)
        #expect(verify.output.hasSuffix("closed^J^[[2K.jsonl: DAMAGED at line 5: edited line (its check hash does not match its content)\n"))
        for arguments in [["summary", forged], ["compare", folder.path, "--accept-damaged"], ["replay", forged, "--to-end"],
                          ["export", forged, "--anonymize"], ["interview", "--resume", forged]] {
            let result = try runAssess(arguments, input: "quit\n")
            Self.expectInert(result.errors, arguments[0])
            #expect(!result.errors.split(separator: "\n").contains { $0.hasPrefix(".jsonl") }, "\(arguments[0]): \(result.errors)")
        }
    }

    @Test func aPipeIsRefusedNotWaitedOn() throws {
        let folder = try temporaryFolder("trust")
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("fifo.jsonl").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for arguments in [["summary", fifo], ["verify", fifo], ["replay", fifo, "--to-end"]] {
            let result = try runAssess(arguments)
            #expect(result.status == 1)
            #expect(result.errors.contains("\(fifo): it is not a regular file (a pipe or a device, say)"), "\(arguments[0]): \(result.errors)")
        }
    }

    /// An export is transcript bytes (C1 and bidi controls stay raw in JSON): never to a terminal.
    @Test func exportRefusesATerminal() throws {
        let source = packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern/2026-03-02-C-0101.jsonl").path
        let terminal = try PseudoTerminal(arguments: ["export", source, "--anonymize"], home: PseudoTerminal.TemporaryDirectory())
        #expect(terminal.waitForExit() == 1)
        let shown = String(decoding: terminal.bytes, as: UTF8.self)
        #expect(shown.contains("error: an export is a transcript file, not text to read: give --output FILE"))
        #expect(!shown.contains("\"seq\""))
        #expect(try runAssess(["export", source, "--anonymize"]).status == 0, "a pipe still gets it")
    }

    /// The path of an open lmi-intern interview of Jo, made in `folder` by the binary.
    func openInterview(in folder: URL, candidateID: String) throws -> String {
        let made = try runAssess(["interview", "--candidate", "Jo", "--candidate-id", candidateID, "--panel", "Ana:chair,Bo:member",
                                  "--transcripts", folder.path], input: "score 3\nquit\n")
        #expect(made.status == 0)
        let assessment = folder.appendingPathComponent("lmi-intern").path
        return assessment + "/" + (try #require(try FileManager.default.contentsOfDirectory(atPath: assessment).first { $0.hasSuffix(".jsonl") }))
    }

    /// Findings of the second hostile pass.
    @Test func secondPassFindings() throws {
        let folder = try temporaryFolder("trust")
        defer { try? FileManager.default.removeItem(at: folder) }
        // A transcript with a second name (a hard link) is not resumed.
        let path = try openInterview(in: folder, candidateID: "C-3")
        #expect(link(path, folder.appendingPathComponent("other-name.jsonl").path) == 0)
        let resumed = try runAssess(["interview", "--resume", path], input: "quit\n")
        #expect(resumed.status == 1)
        #expect(resumed.errors.contains("cannot be resumed: it has 2 names (hard links)"))
        // An open interview's recommendation is provisional (a transcript cut short reads as one).
        #expect(try runAssess(["summary", path]).output.contains("Recommendation: NOT RECOMMENDED (provisional: the interview is not closed)\n"))
        // Invisible or letterless names are refused at entry.
        for name in ["Jane\u{200B}X", "Jane\u{FEFF}X", "\u{00A0}", ".,;"] {
            let result = try runAssess(["interview", "--candidate", name, "--candidate-id", "C-4", "--panel", "Ana:chair,Bo:member",
                                        "--transcripts", folder.path])
            #expect(result.status == 1, "\(name.unicodeScalars.map(\.value))")
        }
    }

    /// kill -9 between `create`'s link into place and its unlink of the temporary name left
    /// the transcript with two names, and resume refused it (1 round in 1,000 of the crash
    /// loop). The temporary name, and only it, is removed on resume.
    @Test func aTemporaryNameLeftByACrashDoesNotBlockResume() throws {
        let folder = try temporaryFolder("trust")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try openInterview(in: folder, candidateID: "C-5")
        let slash = try #require(path.lastIndex(of: "/"))
        let leftover = String(path[..<slash]) + "/." + String(path[path.index(after: slash)...]) + ".4242.tmp"
        #expect(link(path, leftover) == 0)
        let resumed = try runAssess(["interview", "--resume", path], input: "quit\n")
        #expect(resumed.status == 0, "\(resumed.errors)")
        #expect(!FileManager.default.fileExists(atPath: leftover))
    }

    @Test func aLanguageNameCannotAddCellsOrBeUnknown() throws {
        let folder = try temporaryFolder("trust")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Self.forged(in: folder, candidate: Candidate(name: "Jo", id: "C-5"), panel: [Panelist(name: "Ana", role: "chair")],
                                   events: [("Ana", .language(LanguageResult(language: "klingon | C2 | C2 |", skill: .oral, level: .c1)))])
        #expect(try runAssess(["verify", path]).output.contains("DAMAGED at line 2: invalid event (a result for 'klingon | C2 | C2 |', which is no language assess knows)"))
        #expect(try runAssess(["summary", path]).status == 1)
        let markdown = try runAssess(["summary", path, "--format", "markdown", "--accept-damaged"]).output
        #expect(!markdown.contains("| klingon"), "the event at the damage is not in the table")
    }

    // MARK: Damage

    /// C-0101 with one score changed from 3 to 4 on line 5, as the adversarial run did.
    static func damagedCopy(in folder: URL) throws -> String {
        let source = packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern/2026-03-02-C-0101.jsonl")
        var lines = try String(contentsOf: source, encoding: .utf8).components(separatedBy: "\n")
        lines[4] = lines[4].replacingOccurrences(of: "\"value\":3,", with: "\"value\":4,")
        let path = folder.appendingPathComponent("2026-03-02-C-0101.jsonl").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(arguments: ["text", "markdown", "csv", "json", "html"])
    func damagedSummaryExitsOneAndGivesNoRecommendation(format: String) throws {
        let folder = try temporaryFolder("trust")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Self.damagedCopy(in: folder)
        let result = try runAssess(["summary", path, "--format", format])
        #expect(result.status == 1)
        #expect(result.errors == "error: \(path): line 5: edited line (its check hash does not match its content); no recommendation can be given from it (see 'assess verify')\n")
        #expect(result.output.contains("cannot be determined: transcript damaged at line 5"))
        #expect(!result.output.contains("RECOMMENDED") && !result.output.contains("not-recommended"))
        switch format {
        case "text":
            #expect(result.output == """
                DAMAGED: line 5: edited line (its check hash does not match its content)
                Intern, Labour Mobility and Social Inclusion (LMI), IOM Belgium (lmi-intern) · Inès Barrow-Kaldi (C-0101) · 2026-03-02
                Recommendation: cannot be determined: transcript damaged at line 5
                'assess verify' names the damage; --accept-damaged shows what the events before line 5 say.

                """)
        case "markdown": #expect(result.output.hasPrefix("# DAMAGED: line 5: edited line"))
        case "csv": #expect(result.output.hasPrefix("status,line,kind,detail,assessment,candidate,candidate_id,date,recommendation\r\nDAMAGED,5,edited line,"))
        case "json":
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
            #expect(json["recommendation"] as? String == "undetermined")
            #expect((json["damage"] as? [String: Any])?["line"] as? Int == 5)
            #expect((json["damage"] as? [String: Any])?["kind"] as? String == "edited line")
        default: #expect(result.output.contains("<h1>DAMAGED: line 5: edited line"))
        }
    }

    @Test func acceptedDamageIsMarkedTopAndBottom() throws {
        let folder = try temporaryFolder("trust")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Self.damagedCopy(in: folder)
        let result = try runAssess(["summary", path, "--accept-damaged"])
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n")
        #expect(lines.first == "DAMAGED: line 5: edited line (its check hash does not match its content)")
        #expect(lines.last == "DAMAGED: line 5: edited line (its check hash does not match its content)")
        #expect(result.output.contains("Recommendation: NOT RECOMMENDED (from the events before line 5 only)"))
        #expect(result.errors.hasPrefix("warning: \(path): line 5"))
        let json = try runAssess(["summary", path, "--accept-damaged", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect((object["damage"] as? [String: Any])?["line"] as? Int == 5)
        let html = try runAssess(["summary", path, "--accept-damaged", "--format", "html"])
        #expect(html.output.contains("<p class=\"damaged damaged-footer\">DAMAGED: line 5"))
    }

    @Test func compareLeavesDamagedOutAndExitsOne() throws {
        let folder = try temporaryFolder("trust")
        defer { try? FileManager.default.removeItem(at: folder) }
        let damaged = try Self.damagedCopy(in: folder)
        for name in ["2026-03-03-C-0102.jsonl", "2026-03-04-C-0103.jsonl"] {
            try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern/\(name)"),
                                             to: folder.appendingPathComponent(name))
        }
        let result = try runAssess(["compare", folder.path, "--format", "json"])
        #expect(result.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let candidates = try #require(json["candidates"] as? [[String: Any]])
        #expect(candidates.map { $0["id"] as? String } == ["C-0102", "C-0103"])
        let leftOut = try #require(json["leftOut"] as? [[String: Any]])
        #expect(leftOut.count == 1)
        #expect(leftOut.first?["transcript"] as? String == damaged)
        #expect(leftOut.first?["reason"] as? String == "damaged at line 5 (edited line)")
        #expect((json["reliability"] as? [String: Any])?["units"] as? Int == 20)
        let text = try runAssess(["compare", folder.path])
        #expect(text.output.hasPrefix("DAMAGED: 1 transcript left out of the ranking and the statistics (listed below)\n"))
        #expect(text.output.hasSuffix("DAMAGED: 1 transcript left out of the ranking and the statistics (listed below)\n"))
        for format in ["markdown", "html"] {
            #expect(try runAssess(["compare", folder.path, "--format", format]).output.contains("DAMAGED: 1 transcript left out"))
        }
        let accepted = try runAssess(["compare", folder.path, "--accept-damaged"])
        #expect(accepted.status == 0)
        #expect(accepted.output.hasPrefix("DAMAGED transcripts are included (--accept-damaged)"))
        #expect(accepted.output.contains("[damaged: events before the damage only]"))
    }

    /// Events the shell could never have recorded, written with a valid chain: each is damage
    /// for every reader, as it is for `verify`.
    static let impossible: [(name: String, by: String, payload: EventPayload, detail: String)] = [
        ("a score outside the scale", "Ana", .scored(Scored(item: "inclusion", value: 99)), "a score of 99 outside the scale"),
        ("a stranger's rating", "Mallory", .scored(Scored(item: "inclusion", value: 4, evidence: "x")),
         "recorded by 'Mallory', who is not on the panel"),
        ("an endless consensus", "Ana", .consensus(Consensus(item: "inclusion", value: 1e308, rationale: "x")),
         "a consensus of 1e+308, which is not a value on the scale"),
        ("an unknown item", "Ana", .note(Note(item: "astrology", text: "x")), "about item 'astrology', which the assessment does not have"),
    ]

    @Test(arguments: impossible.indices)
    func impossibleEventsAreDamageForEveryReader(_ index: Int) throws {
        let forged = Self.impossible[index]
        let folder = try temporaryFolder("trust")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Self.forged(in: folder, candidate: Candidate(name: "Jo", id: "C-7"),
                                   panel: [Panelist(name: "Ana", role: "chair"), Panelist(name: "Ben", role: "member")],
                                   events: [("Ben", .scored(Scored(item: "inclusion", value: 3))), (forged.by, forged.payload)])
        let headline = "DAMAGED: line 3: invalid event (\(forged.detail))"
        #expect(try runAssess(["verify", path]).output == "\(path): DAMAGED at line 3: invalid event (\(forged.detail))\n")
        let summary = try runAssess(["summary", path])
        #expect(summary.status == 1, "\(forged.name)")
        #expect(summary.output.hasPrefix(headline + "\n"), "\(forged.name)")
        let compare = try runAssess(["compare", folder.path, "--accept-damaged"])
        #expect(compare.output.contains("[damaged: events before the damage only]"), "\(forged.name)")
        let log = try runAssess(["replay", path, "--to-end"])
        #expect(log.status == 1 && log.errors.contains("damaged at line 3: invalid event"), "\(forged.name)")
        let resume = try runAssess(["interview", "--resume", path], input: "quit\n")
        #expect(resume.status == 1 && resume.errors.contains("is damaged: line 3: invalid event"), "\(forged.name): \(resume.errors)")
    }

    /// A forged `started` in one file no longer costs the whole folder's comparison.
    @Test func compareLeavesOutAFileThatIsNoTranscript() throws {
        let folder = try Self.examplesCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("zz-bad.jsonl").path
        try "not a transcript\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let result = try runAssess(["compare", folder.path, "--format", "json"])
        #expect(result.status == 1)
        #expect(result.errors.hasPrefix("error: \(bad): damaged at line 1 (not a transcript"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect((json["candidates"] as? [Any])?.count == 3)
        #expect((json["leftOut"] as? [[String: Any]])?.first?["transcript"] as? String == bad)
    }

    @Test func compareCountsACopiedInterviewOnce() throws {
        let folder = try Self.examplesCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = folder.appendingPathComponent("2026-03-02-C-0101.jsonl").path
        let copy = folder.appendingPathComponent("zz-copy.jsonl").path
        try FileManager.default.copyItem(atPath: original, toPath: copy)
        let result = try runAssess(["compare", folder.path, "--format", "json"])
        #expect(result.status == 1)
        #expect(result.errors == "error: \(copy) is the same interview as \(original); it is counted once\n")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect((json["candidates"] as? [Any])?.count == 3)
        #expect((json["reliability"] as? [String: Any])?["units"] as? Int == 30)
        #expect((json["leftOut"] as? [[String: Any]])?.first?["why"] as? String == "copy")

        // A copy changed by a millisecond is no longer the same interview (only a signature could
        // tell), but two interviews of one candidate are pointed out.
        let second = try runAssess(["interview", "--candidate", "Inès Barrow-Kaldi", "--candidate-id", "C-0101",
                                    "--panel", "Ana Lopez:chair,Ben Okafor:member,Chloé Martin:hr", "--transcripts", folder.path], input: "quit\n")
        #expect(second.status == 0)
        try FileManager.default.removeItem(atPath: copy)
        let warned = try runAssess(["compare", folder.path])
        #expect(warned.errors.contains("warning: candidate C-0101 has 2 interviews here, each ranked:"))
        #expect(warned.output.contains("Warning: candidate C-0101 has 2 interviews here, each ranked:"))
    }

    // MARK: Reports complete

    @Test func itemAndLanguageNotesAreInEveryFormat() throws {
        try Self.withHostileTranscript { _, path in
            for format in ["text", "markdown", "csv", "json", "html"] {
                let output = try runAssess(["summary", path, "--format", format]).output
                #expect(output.contains("item-noteA"), "item note in \(format)")
                #expect(output.contains("lang-noteA"), "language note in \(format)")
                #expect(output.contains("general-noteA"), "general note in \(format)")
            }
            let text = try runAssess(["summary", path]).output
            // Author and time, then the text (wrapped: the long hostile word may go to the next line).
            #expect(text.contains("RECOMMENDED, 09:00:") && text.contains("item-note\(Self.shownWord)"))
            #expect(text.contains("RECOMMENDED (oral C1), 09:00:") && text.contains("lang-note\(Self.shownWord)"))
        }
    }

    @Test func compareCSVNamesItsColumnsAndHasALegend() throws {
        let folder = packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern").path
        let csv = try runAssess(["compare", folder, "--format", "csv"]).output
        let header = try #require(csv.components(separatedBy: "\r\n").first)
        let columns = header.split(separator: ",").map(String.init)
        #expect(columns.filter { $0 == "integrity" }.count == 1)
        #expect(columns.contains("final_integrity") && columns.contains("band_integrity"))
        #expect(csv.contains("\r\n\r\n# column,meaning\r\n"))
        #expect(csv.contains("# final_integrity,\"Integrity and transparency: the final value"))
        let json = try runAssess(["compare", folder, "--format", "json"]).output
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((object["legend"] as? [String: String])?["items.integrity"] == "Integrity and transparency")
        #expect((object["itemNames"] as? [String])?.first == "Inclusion and respect for diversity")
    }
}

/// Found by the issue-14 review: started with standard output closed, the shell's transcript
/// took descriptor 1 and the acknowledgements were written into it.
@Suite struct ClosedStandardOutputTests {
    @Test func aClosedStandardOutputDoesNotBecomeTheTranscript() throws {
        let folder = try temporaryFolder("closed-stdout")
        defer { try? FileManager.default.removeItem(at: folder) }
        let command = "printf 'as Ana\\nscore 3\\nquit\\n' | '\(assessBinary())' interview --candidate Jo --candidate-id C-8 "
            + "--panel Ana:chair,Bo:member --transcripts '\(folder.path)' >&-"
        let result = try runAssess(["-c", command], executable: "/bin/sh")
        #expect(result.status == 0, "\(result.errors)")
        let path = folder.path + "/lmi-intern/" + (try #require(try FileManager.default.contentsOfDirectory(
            atPath: folder.path + "/lmi-intern").first { $0.hasSuffix(".jsonl") }))
        let verification = try TranscriptVerifier.verify(path: path)
        #expect(verification.damage == nil)
        #expect(verification.events == 3)
    }
}
