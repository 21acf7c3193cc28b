import Foundation
import Testing
@testable import AssessmentKit

/// The example C-0101 with its started event changed by `change`, the chain made valid
/// again (the hashes are unkeyed: anyone who can write the file can do this); its path.
func forgedTranscript(_ change: (inout Started) -> Void) throws -> String {
    let example = repositoryRoot.appendingPathComponent("Transcripts/examples/lmi-intern/2026-03-02-C-0101.jsonl")
    var text = ""
    var prev = Event.firstPrev
    for line in try Data(contentsOf: example).split(separator: 0x0A) {
        var event = try EventCoding.event(from: Data(line))
        if case .started(var started) = event.payload {
            change(&started)
            event.payload = .started(started)
        }
        event.prev = prev
        let written = EventCoding.line(for: event)
        prev = HashChain.hash(written)
        text += written + "\n"
    }
    let path = try temporaryFolder([:]).path + "/forged.jsonl"
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// issue 13, finding 5: a forged `started` made readers hang (a scale up to 10⁹), die
/// (min > max, repeated items) or overflow the stack (a requirement 100,000 brackets deep).
@Suite struct ForgedStartedTests {
    static let forgeries: [(name: String, change: @Sendable (inout Started) -> Void, message: String)] = [
        ("scale up to 10⁹", { $0.assessment.scale?.max = 1_000_000_000 },
         "the embedded assessment is invalid: the scale 1–1000000000 goes beyond ±1000"),
        ("min above max", { $0.assessment.scale?.min = 5; $0.assessment.scale?.max = 1 },
         "the embedded assessment is invalid: the scale's min 5 is not below its max 1"),
        ("an item twice", { $0.assessment.items.append($0.assessment.items[0]) },
         "the embedded assessment is invalid: the item 'inclusion' appears twice"),
        ("100,000 brackets", {
            $0.assessment.languages.requirement = String(repeating: "(", count: 100_000) + "english:fluent" + String(repeating: ")", count: 100_000)
        }, "the embedded assessment is invalid: bad language requirement: the requirement is 200014 characters long; write it in at most 1000"),
        ("40 brackets", {
            $0.assessment.languages.requirement = String(repeating: "(", count: 40) + "english:fluent" + String(repeating: ")", count: 40)
        }, "the embedded assessment is invalid: bad language requirement: brackets nest more than 32 deep here; remove the extra ones"),
        ("a panelist twice", { $0.panel.append($0.panel[0]) },
         "the panel is invalid: Ana Lopez is already on the panel; give each panelist once"),
    ]

    @Test(arguments: forgeries.indices)
    func everyReaderCallsItDamageAtLineOne(_ index: Int) throws {
        let forgery = Self.forgeries[index]
        let path = try forgedTranscript(forgery.change)
        // verify, replay, summary and compare all read through the same scan.
        #expect(try TranscriptVerifier.verify(path: path).damage == .notATranscript(detail: forgery.message), "\(forgery.name)")
        #expect(try TranscriptReader.readAll(path: path).scan.damage == .notATranscript(detail: forgery.message))
        #expect(throws: TranscriptError.notATranscript(path: path, reason: forgery.message)) {
            try TranscriptSummary.summary(path: path)
        }
        let summaries = TranscriptSummary.summaries(paths: [path])
        #expect(summaries.count == 1)
        if case .failure(let error) = summaries.first { #expect("\(error)".contains(forgery.message)) } else { Issue.record("compare read it") }
        #expect(TranscriptListing.entry(path: path).status == .damaged)
        #expect(throws: (any Error).self) { try Anonymizer.export(source: Data(contentsOf: URL(fileURLWithPath: path))) }
    }

    @Test(arguments: forgeries.indices)
    func resumeRefusesIt(_ index: Int) throws {
        let forgery = Self.forgeries[index]
        let path = try forgedTranscript { started in
            forgery.change(&started)
        }
        // An open interview: drop the closed event and re-chain (only line 1 matters here).
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        try (lines.prefix(5).joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)  // private, as the writer makes it: resume refuses a file others may read
        #expect(throws: TranscriptError.notATranscript(path: path, reason: forgery.message)) {
            _ = try InterviewSession.resume(path: path)
        }
    }

    @Test func theUnchangedExampleStillReads() throws {
        let path = try forgedTranscript { _ in }
        #expect(try TranscriptVerifier.verify(path: path).damage == nil)
    }

    @Test func bothParsersWordTheProblemAlike() throws {
        let path = try forgedTranscript { $0.assessment.items.append($0.assessment.items[0]) }
        let first = try #require(try Data(contentsOf: URL(fileURLWithPath: path)).split(separator: 0x0A).first)
        EventDecoder.checkParsersAgree(Data(first))
        #expect(throws: EventCoding.LineError.invalidStart("the embedded assessment is invalid: the item 'inclusion' appears twice")) {
            try EventCoding.decodeWithFoundation(Data(first))
        }
    }

    @Test func aScenarioThatDoesNotFitIsRefused() throws {
        let loaded = try AssessmentCatalog(directories: []).scenario("lmi-strong")
        let assessment = loaded.scenario.assessment(from: loaded.assessment)
        #expect(loaded.scenario.problem(for: assessment) == nil)
        var twice = loaded.scenario
        twice.items.append(twice.items[0])
        #expect(twice.problem(for: assessment) == "the scenario's item 'inclusion' appears twice")
    }
}

/// issue 13, finding 6: assessment files that crashed (`assessments validate` on a
/// requirement 30,000 brackets deep) or took seconds per level (nested YAML aliases).
@Suite struct HostileDefinitionTests {
    @Test func aDeepRequirementIsAnError() {
        let deep = String(repeating: "(", count: 30_000) + "english:fluent" + String(repeating: ")", count: 30_000)
        let file = miniAssessment(["english:fluent and (french:fluent or dutch:fluent)": "'\(deep)'"])
        #expect(issues(assessment: file) == [
            "mini-post.yaml:14:17: bad language requirement: the requirement is 60014 characters long; write it in at most 1000",
        ])
        let nested = String(repeating: "(", count: 33) + "english:fluent" + String(repeating: ")", count: 33)
        #expect(issues(assessment: miniAssessment(["english:fluent and (french:fluent or dutch:fluent)": nested])) == [
            "mini-post.yaml:14:48: bad language requirement: brackets nest more than 32 deep here; remove the extra ones",
        ])
        let fine = String(repeating: "(", count: 32) + "english:fluent" + String(repeating: ")", count: 32)
        #expect(issues(assessment: miniAssessment(["english:fluent and (french:fluent or dutch:fluent)": fine])) == [])
    }

    @Test func aliasesAreRefusedBeforeTheyAreExpanded() {
        var bomb = "a0: &a0 {x: 1, y: 2}\n"
        for level in 1...12 {
            let a = "*a\(level - 1)"
            bomb += "a\(level): &a\(level) {? \(a) : 1, ? [\(a), \(a)] : 2, ? [\(a), \(a), \(a)] : 3}\n"
        }
        #expect(issues(assessment: bomb) == [
            "mini-post.yaml:2:12: YAML aliases (*name) are not supported; write the value out in full here",
        ])
        let plain = miniAssessment(["items: [integrity, teamwork]": "items: &list [integrity, teamwork]\nopening: *list"])
        #expect(issues(assessment: plain) == [
            "mini-post.yaml:8:10: YAML aliases (*name) are not supported; write the value out in full here",
        ])
    }

    @Test func aFileOverOneMegabyteIsRefused() {
        let big = miniAssessment() + "# " + String(repeating: "x", count: 1 << 20) + "\n"
        #expect(issues(assessment: big) == [
            "mini-post.yaml:1:1: the file is 1024 KB; a definition file is at most 1024 KB, so split or shorten it",
        ])
    }

    @Test func scalePointsStayWithinAThousand() {
        let scale = "scale: {id: far, min: 5000, max: 5004, labels: {5000: a, 5001: b, 5002: c, 5003: d, 5004: e}, "
            + "bands: {partially-satisfactory: 5001, satisfactory: 5002, outstanding: 5004}}"
        #expect(issues(assessment: miniAssessment(["scale: un-4": scale])) == [
            "mini-post.yaml:9:34: scale points lie within ±1000; e.g. min: 1, max: 5",
        ])
    }
}

/// issue 13, finding 11: a key given twice was read first-wins, where jq and Python read
/// last-wins; now the line is invalid on both parsers.
@Suite struct RepeatedKeyTests {
    @Test(arguments: [
        (#"{"seq":2,"at":"2026-03-02T09:00:01.000Z","type":"acting","by":"Ana","panelist":"Ben","panelist":"Ana","prev":"x"}"#, "panelist"),
        (#"{"seq":2,"at":"2026-03-02T09:00:01.000Z","type":"acting","by":"Ana","panelist":"Ben","prev":"x","\u0070anelist":"Ana"}"#, "panelist"),
        (#"{"seq":2,"at":"2026-03-02T09:00:01.000Z","type":"resumed","by":"Ana","prev":"x","extra":{"a":1,"a":2}}"#, "a"),
        (#"{"seq":2,"at":"2026-03-02T09:00:01.000Z","type":"resumed","by":"Ana","prev":"x","extra":[{"b":1},{"a":1,"b":2,"a":3}]}"#, "a"),
    ])
    func aRepeatedKeyMakesTheLineInvalid(_ text: String, _ key: String) {
        let line = Data(text.utf8)
        EventDecoder.checkParsersAgree(line)
        #expect(throws: EventCoding.LineError.repeatedKey(key)) { try EventCoding.event(from: line) }
    }

    @Test func keysMayRepeatAcrossObjects() throws {
        let line = Data(#"{"seq":2,"at":"2026-03-02T09:00:01.000Z","type":"resumed","by":"Ana","prev":"x","extra":[{"a":1},{"a":2}]}"#.utf8)
        #expect(try EventCoding.event(from: line).payload == .resumed)
    }

    @Test func aRepeatedKeyInTheStartedEventIsDamage() throws {
        let path = try forgedTranscript { _ in }
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        // The candidate's name given twice, the chain made valid again.
        lines[0] = lines[0].replacingOccurrences(of: #""candidate":{"#, with: #""candidate":{"name":"Someone Else","#)
        var prev = Event.firstPrev
        var text = ""
        for line in lines {
            let unsealed = String(line[..<line.range(of: #","prev":""#)!.lowerBound]) + #","prev":"\#(prev)""#
            let sealed = unsealed + #","check":"\#(HashChain.hash(unsealed + "}"))"}"#
            prev = HashChain.hash(sealed)
            text += sealed + "\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try TranscriptVerifier.verify(path: path).damage
                == .notATranscript(detail: "the key 'name' appears twice in one object"))
    }
}

/// issue 13, finding 2 (entry) and 11 (long ids): what is typed in.
@Suite struct EnteredNameTests {
    @Test(arguments: [0x00, 0x09, 0x0A, 0x1B, 0x7F, 0x85, 0x9B, 0x061C, 0x200E, 0x202A, 0x202E, 0x2066, 0x2069, 0x2028, 0x2029] as [UInt32])
    func controlCharactersAreRefusedAtEveryEntry(_ value: UInt32) throws {
        let scalar = try #require(Unicode.Scalar(value))
        let name = "Ana" + String(Character(scalar)) + "Lopez"
        let code = "U+" + String(repeating: "0", count: 4 - String(value, radix: 16).count) + String(value, radix: 16, uppercase: true)
        #expect(throws: EnteredName.Problem.controlCharacter(what: "the candidate's name", scalar: value)) {
            try Candidate.entered(name: name, id: nil)
        }
        #expect(throws: EnteredName.Problem.controlCharacter(what: "the candidate's id", scalar: value)) {
            try Candidate.entered(name: "Ana", id: "C-" + String(Character(scalar)) + "1")
        }
        #expect(throws: PanelError.badName(.controlCharacter(what: "a panelist's name", scalar: value))) {
            try PanelParser.parse("Ben:chair," + name + ":member", roles: PanelPolicy.defaultRoles)
        }
        #expect("\(PanelError.badName(.controlCharacter(what: "a panelist's name", scalar: value)))"
                == "a panelist's name holds a control character (\(code)); type it without")
        // `panel add`.
        let state = InterviewState(started: try sampleStarted(), at: Timestamp(milliseconds: 0), seq: 1)
        #expect(throws: CommandRefusal.badPanelist(.badName(.controlCharacter(what: "a panelist's name", scalar: value)))) {
            try CommandService(state).add(Panelist(name: name, role: "member"))
        }
        // Any other caller of the library.
        var started = try sampleStarted()
        started.candidate.name = name
        let folder = freshFolder()
        #expect(throws: TranscriptError.cannotCreate(
            path: folder, reason: "the candidate's name holds a control character (\(code)); type it without")) {
            try InterviewSession.start(started, folder: folder)
        }
    }

    @Test func printableNamesAreKept() throws {
        #expect(try Candidate.entered(name: " Chloé Martin-Ødegård ", id: " C-0042 ") == Candidate(name: "Chloé Martin-Ødegård", id: "C-0042"))
        #expect(try Candidate.entered(name: "李小龍", id: "") == Candidate(name: "李小龍", id: nil))
    }

    @Test func longIdsAndNamesAreRefusedAndTheLongestFitAFileName() throws {
        #expect(throws: EnteredName.Problem.tooLong(what: "the candidate's id", length: 101, limit: 100)) {
            try Candidate.entered(name: "Ana", id: String(repeating: "x", count: 101))
        }
        #expect(throws: EnteredName.Problem.tooLong(what: "the candidate's name", length: 201, limit: 200)) {
            try Candidate.entered(name: String(repeating: "é", count: 201), id: nil)
        }
        #expect("\(EnteredName.Problem.tooLong(what: "the candidate's id", length: 101, limit: 100))"
                == "the candidate's id is 101 characters long; give at most 100")
        // The longest id and name, with the worst file-name expansion, still make a transcript.
        var started = try sampleStarted()
        started.candidate = Candidate(name: String(repeating: "a-", count: 100), id: nil)
        let session = try InterviewSession.start(started, folder: freshFolder())
        session.close()
        started.candidate = Candidate(name: "Ana", id: String(repeating: "x", count: 100))
        try InterviewSession.start(started, folder: freshFolder()).close()
    }
}

/// issue 13, finding 11: one 1 MB "word" passed the 200-word limit of `summarize`.
@Suite struct SummaryWordTests {
    @Test func aWordIsAtMostSixtyCharacters() throws {
        var state = InterviewState(started: try sampleStarted(), at: Timestamp(milliseconds: 0), seq: 1)
        state.apply(Event(seq: 2, at: Timestamp(milliseconds: 1), by: "Ana", payload: .acting(Acting(panelist: "Ana")), prev: ""))
        #expect(throws: CommandRefusal.summaryWordTooLong(length: 1 << 20, limit: 60)) {
            try CommandService(state).summarize("Clear " + String(repeating: "x", count: 1 << 20))
        }
        let longest = String(repeating: "é", count: 60)
        #expect(try CommandService(state).summarize("Clear " + longest) == Summarized(item: state.item.id, text: "Clear " + longest))
    }
}
