import Foundation
import Testing
import LineEditing
@testable import AssessShell
@testable import AssessmentKit

/// The events in the shell's transcript after `started`, as (by, payload).
func recorded(_ shell: InterviewShell) throws -> [(by: String, payload: EventPayload)] {
    try TranscriptReader.readAll(path: shell.session.path).events.dropFirst().map { ($0.by, $0.payload) }
}

func eventCount(_ shell: InterviewShell) throws -> Int {
    try TranscriptReader.scan(path: shell.session.path).eventCount
}

@Suite struct RecordingTests {
    @Test func everyRecordingCommandWritesItsEvent() throws {
        let result = try runScript("""
            score 3 Declared a conflict of interest \\
              before the tender opened
            evidence Wrote to the ethics office the same day
            as ben
            score 1 No example given
            as ana consensus 2 The panel discussed the thin second example
            summarize One clear example of transparency; the second lacked detail.
            note Candidate arrived ten minutes late
            lang French oral C1 Fluent and precise
            lang english written confident
            next
            panel add Chloé hr
            as Chloé note Joined late
            as Ana
            override not-recommended Language results fall short
            undo
            quit
            """)
        #expect(result.errors == "")
        #expect(result.status == 0)
        let events = try recorded(result.shell)
        let expected: [(String, EventPayload)] = [
            ("Ana", .scored(Scored(item: "integrity", value: 3, evidence: "Declared a conflict of interest before the tender opened"))),
            ("Ana", .evidence(EvidenceNote(item: "integrity", text: "Wrote to the ethics office the same day"))),
            ("Ana", .acting(Acting(panelist: "Ben"))),
            ("Ben", .scored(Scored(item: "integrity", value: 1, evidence: "No example given"))),
            ("Ben", .acting(Acting(panelist: "Ana"))),
            ("Ana", .consensus(Consensus(item: "integrity", value: 2, rationale: "The panel discussed the thin second example"))),
            ("Ana", .summarized(Summarized(item: "integrity", text: "One clear example of transparency; the second lacked detail."))),
            ("Ana", .note(Note(item: "integrity", text: "Candidate arrived ten minutes late"))),
            ("Ana", .language(LanguageResult(language: "french", skill: .oral, level: .c1, note: "Fluent and precise"))),
            ("Ana", .language(LanguageResult(language: "english", skill: .written, level: .b2))),
            ("Ana", .moved(Moved(item: "teamwork"))),
            ("Ana", .panelistAdded(PanelistAdded(name: "Chloé", role: "hr"))),
            ("Ana", .acting(Acting(panelist: "Chloé"))),
            ("Chloé", .note(Note(item: "teamwork", text: "Joined late"))),
            ("Chloé", .acting(Acting(panelist: "Ana"))),
            ("Ana", .overridden(Overridden(recommendation: .notRecommended, justification: "Language results fall short"))),
            ("Ana", .retracted(Retracted(target: 17))),
        ]
        #expect(events.count == expected.count)
        for (got, want) in zip(events, expected) {
            #expect(got.by == want.0)
            #expect(got.payload == want.1)
        }
        #expect(result.shell.state.override == nil, "the override was undone")
        #expect(withoutResumeHint(result.output) == """
            Recorded: Ana rates integrity 3 (Satisfactory).
            Evidence noted for integrity (Ana).
            Now recording as Ben.
            Recorded: Ben rates integrity 1 (Unsatisfactory).
            Flagged: integrity: Ana 3, Ben 1 · spread 2 · flagged; agree a consensus ('consensus VALUE RATIONALE').
            Now recording as Ana.
            Consensus on integrity: 2 (Partially Satisfactory).
            Summary of integrity saved (9 words).
            Note saved.
            Recorded: french oral C1.
            Recorded: english written B2.
            Teamwork (teamwork) · core competency, level 2 · 2/3
              Works with others.
              Ask: Tell us about a team you worked in.
            Added Chloé (hr) to the panel.
            Now recording as Chloé.
            Note saved.
            Now recording as Ana.
            Override recorded: not-recommended.
            Retracted: the override.

            """)
        #expect(result.output.hasSuffix("The interview is still open; resume it with: assess interview --resume \(result.shell.session.path)\n"))
    }

    @Test(arguments: [
        ("score 5", "5 is outside the scale; give a whole number from 1 to 4 (1 Unsatisfactory, 2 Partially Satisfactory, 3 Satisfactory, 4 Outstanding)"),
        ("score three", "'three' is not a rating; give a whole number from 1 to 4 (1 Unsatisfactory, 2 Partially Satisfactory, 3 Satisfactory, 4 Outstanding)"),
        ("score", "score needs a value: a whole number from 1 to 4, e.g. 'score 3'"),
        ("rate 1 yes", "this assessment rates on a scale: use 'score N' (1 to 4)"),
        ("rate", "this assessment rates on a scale: use 'score N' (1 to 4)"),
        ("as Bne", "no panelist 'Bne' (did you mean 'Ben'?); the panel is Ana, Ben ('panel add NAME' adds one)"),
        ("as", "as needs a panelist's name; the panel is Ana, Ben"),
        ("goto temwork", "unknown item 'temwork' (did you mean 'teamwork'?); give an item id or a number 1–3 ('items' lists them)"),
        ("lang frnch oral C1", "unknown language 'frnch' (did you mean 'french'?); give a language's name or its ISO 639-1 code ('help lang' lists them)"),
        ("lang xx oral C1", "unknown language 'xx'; give a language's name or its ISO 639-1 code ('help lang' lists them)"),
        ("lang french oral C3", "'C3' is not a level; use a CEFR level A1–C2 or basic, working, confident, fluent"),
        ("lang french spoken C1", "'spoken' is not a skill; use oral or written (lang LANGUAGE oral|written LEVEL, e.g. 'lang french oral B2')"),
        ("lang french", "lang needs a language, a skill and a level: lang LANGUAGE oral|written LEVEL, e.g. 'lang french oral B2'"),
        ("consensus", "consensus needs the agreed value and a rationale, e.g. 'consensus 3 Both examples showed …'"),
        ("consensus 3", "a consensus needs a rationale after the value, e.g. 'consensus 3 Both examples showed …'"),
        ("consensus 7 Because", "'7' is not a value on the scale; the consensus is a whole number from 1 to 4"),
        ("summarize", "summarize needs the panel's summary of integrity, e.g. 'summarize Clear STAR examples of …'"),
        ("summarize " + Array(repeating: "word", count: 201).joined(separator: " "), "the summary has 201 words; the limit is 200, so shorten it by 1"),
        ("evidence", "evidence needs text: what the candidate said or did, e.g. 'evidence Led the weekly partner calls'"),
        ("note", "note needs text, e.g. 'note The candidate asked about start dates'"),
        ("undo", "Ana has nothing left to undo"),
        ("override maybe Because", "override needs recommended or not-recommended, then a justification, e.g. 'override recommended The panel agreed …'"),
        ("override recommended", "an override needs a written justification after 'recommended'"),
        ("reveal", "ratings are not hidden: this interview is not in blind mode; 'show ratings' shows them"),
        ("close --force", "close --force needs a reason, e.g. 'close --force The candidate withdrew'"),
        ("close now", "close takes only '--force REASON'; see 'help close'"),
    ])
    func badInputIsRefusedAndRecordsNothing(line: String, message: String) throws {
        let result = try runScript(line + "\n")
        result.expectRefused(message)
        #expect(try eventCount(result.shell) == 1, "only the started event")
    }

    /// What `score` is told under the indicator method: every form of `rate`.
    static let useRate = "this assessment uses the indicator method: rate the item's indicators in order with 'rate y y p n', a range with 'rate 2-4 partly', or one with 'rate N yes|partly|no' ('show' numbers them)"

    @Test func indicatorMethodRejectsScoreAndUnknownIndicators() throws {
        for (line, message) in [
            ("score 3", Self.useRate),
            ("score", Self.useRate),
            ("consensus", "consensus needs the agreed value and a rationale, e.g. 'consensus 0.75 Both examples showed …'"),
            ("rate 3 yes", "'3' is not an indicator of integrity; give its number 1–2 ('show' lists them)"),
            ("rate 1", "rate needs a rating after the indicator: yes, partly or no (e.g. 'rate 1 yes')"),
            ("rate 1 yess", "'yess' is not a rating (did you mean 'yes'?); use yes, partly or no"),
            ("consensus 2 Too high", "'2' is not an item value; with indicators the consensus is from 0 to 1 (e.g. 0.75)"),
        ] {
            let result = try runScript(line + "\n", session: try fixtureSession(method: .indicators))
            #expect(result.errors == "error: line 1: \(message)\n")
            #expect(try eventCount(result.shell) == 1)
        }
    }

    @Test func indicatorRatingsAverageAndFlagAtHalfAPoint() throws {
        let result = try runScript("""
            rate 1 yes Declared it
            rate 2 partly Reported late
            as Ben
            rate 1 no
            rate 2 no
            status
            """, session: try fixtureSession(method: .indicators))
        #expect(result.errors == "")
        let state = result.shell.state
        #expect(state.value(item: 0, by: "Ana") == 0.75)
        #expect(state.value(item: 0, by: "Ben") == 0)
        #expect(state.isFlagged(item: 0))
        #expect(result.output.contains("Recorded: Ana rates integrity indicator 2 partly (2 of 2 rated).\n"))
        #expect(result.output.contains("Flagged: integrity: Ana 0.75, Ben 0 · spread 0.75 · flagged;"))
        #expect(result.output.contains(" ›  1  integrity      0.75  0     ⚑     needed     ·        "))
    }

    @Test func blindModeHidesRatingsUntilRevealAndThenNeedsReasons() throws {
        let result = try runScript("""
            score 2 Thin example
            status
            reveal
            as Ben
            score 4 Strong example
            as Ana reveal
            score 3
            score 3 On reflection the second example counts
            consensus 3 Agreed after discussion
            """, session: try fixtureSession(blind: true))
        #expect(result.errors == """
            error: line 3: Ben has not finished rating integrity; reveal comes once every panelist has rated
            error: line 7: the ratings of integrity are revealed; changing one needs a reason, e.g. 'score 3 on reflection the example showed …'

            """)
        #expect(result.output.contains("Recorded Ana's rating of integrity (hidden until 'reveal').\n"))
        #expect(!result.output.contains("Ana rates integrity 2"))
        #expect(result.output.contains(" ›  1  integrity      ✓     ·           ·          ·        "))
        #expect(result.output.contains("""
            Ratings of Integrity and transparency (integrity):
              Ana  2  Partially Satisfactory
                • Thin example
              Ben  4  Outstanding
                • Strong example
              Mean 3 · spread 2 · flagged

            """))
        let events = try recorded(result.shell).map(\.payload)
        #expect(events.contains(.scored(Scored(item: "integrity", value: 3, evidence: nil, reason: "On reflection the second example counts"))))
        #expect(result.shell.state.consensus(item: 0)?.value.value == 3)
        #expect(result.shell.state.missingForClose.contains("a consensus is needed (blind mode): teamwork, communication") == false)
    }

    @Test func theLiveSummaryKeepsBlindRatingsHidden() throws {
        let result = try runScript("score 2 Thin example of a conflict declared late\nsummary\n", session: try fixtureSession(blind: true))
        #expect(result.errors == "")
        #expect(result.output.contains("  - integrity: ratings hidden until 'reveal'\n"))
        #expect(result.output.contains("Ratings: hidden until 'reveal'"))
        #expect(!result.output.contains("Thin example"), "evidence stays hidden too")
        #expect(!result.output.contains("Ana 2"))
        // An item nobody has rated has nothing to hide: the table and the reasons agree.
        #expect(result.output.contains("  - teamwork has no rating\n"))
        #expect(!result.output.contains("teamwork: ratings hidden"))
    }

    @Test func consensusInBlindModeWaitsForReveal() throws {
        let result = try runScript("score 2\nconsensus 3 Agreed\n", session: try fixtureSession(blind: true))
        #expect(result.errors == "error: line 2: reveal the ratings of integrity before agreeing a consensus ('reveal')\n")
    }

    @Test func closeRefusesWhileWorkIsMissingAndForceRecordsWhy() throws {
        let result = try runScript("score 3\nclose\nclose --force The candidate withdrew\nnext\n")
        #expect(result.errors.hasPrefix("""
            error: line 2: the interview is not complete:
              - not rated by Ben: integrity
              - not rated by Ana and Ben: teamwork, communication
              - no written summary: integrity, teamwork, communication
              - languages: english oral and written not assessed yet
            finish these, or end it anyway with 'close --force REASON'

            """))
        #expect(result.shell.state.closed?.value == Closed(forced: true, reason: "The candidate withdrew", recommendation: .notRecommended))
        #expect(result.output.contains("Candidate: A. Candidate (C-1) · 2026-03-02 · closed early: The candidate withdrew\n"))
        #expect(result.output.hasSuffix("Integrity: verified\nInterview closed. Transcript: \(result.shell.session.path)\n"
            + "Each panelist can sign off the transcript with their SSH key: assess endorse \(shellQuoted(result.shell.session.path)) --login LOGIN --as NAME (see 'assess endorse --help').\n"))
        #expect(!result.output.contains("Teamwork (teamwork) · core competency"), "nothing runs after close")
        #expect(!result.output.contains("still open"))
    }

    @Test func aCompleteInterviewCloses() throws {
        var script = ""
        for item in ["integrity", "teamwork", "communication"] {
            script += "goto \(item)\nas Ana\nscore 3 Good example\nas Ben\nscore 4 Very good example\nsummarize Solid evidence on \(item).\n"
        }
        script += "lang english oral C1\nlang english written C2\nas Ana close\n"
        let result = try runScript(script)
        #expect(result.errors == "")
        #expect(result.status == 0)
        #expect(result.shell.state.isClosed)
        #expect(result.output.contains("Recommendation: RECOMMENDED\n  - every item is Satisfactory or Outstanding and the language requirement is\n    met\n"))
        #expect(result.output.contains("Interview closed. Transcript: "))
    }

    @Test func languageRequirementIsDecidedByTheRules() {
        let requirement = try! LanguageRequirement(parsing: "english:fluent and (french:fluent or dutch:fluent)")
        let skills: [LanguageSkill] = [.oral, .written]
        var results: LanguageResults = ["english": [.oral: .c1, .written: .c2], "french": [.oral: .c1]]
        #expect(evaluate(requirement, results: results, skills: skills).decision == .undecided)
        results["french"]?[.written] = .b2
        // French is decided (below C1) and Dutch was not assessed: results for one alternative suffice.
        #expect(evaluate(requirement, results: results, skills: skills)
                == (.notMet, ["french written B2 is below C1", "dutch oral and written not assessed yet"]))
        results["dutch"] = [.oral: .c2, .written: .c1]
        #expect(evaluate(requirement, results: results, skills: skills).decision == .met)
        results["dutch"]?[.written] = .b1
        #expect(evaluate(requirement, results: results, skills: skills)
                == (.notMet, ["french written B2 is below C1", "dutch written B1 is below C1"]))
        let knowledge = try! LanguageRequirement(parsing: "spanish:knowledge")
        #expect(evaluate(knowledge, results: ["spanish": [.oral: .b1]], skills: skills).decision == .met)
        #expect(evaluate(knowledge, results: ["spanish": [.oral: .a2]], skills: skills).decision == .undecided)
        #expect(evaluate(knowledge, results: ["spanish": [.oral: .a2, .written: .a1]], skills: skills).decision == .notMet)
    }
}

@Suite struct FoldTests {
    /// Commands a random interview draws from, good and bad alike.
    static let commands = [
        "score 1 a", "score 2 b", "score 3", "score 4 d", "score 9", "as Ana", "as Ben", "as Nobody", "next", "prev",
        "goto teamwork", "goto 3", "evidence saw it", "consensus 3 agreed", "consensus 2", "summarize fine",
        "note n", "undo", "undo", "lang french oral B2", "lang english written C1", "override recommended ok",
        "panel add Dan", "reveal", "status", "items", "show",
    ]

    @Test(arguments: 0..<40)
    func stateFoldedFromTheTranscriptEqualsTheLiveState(seed: Int) throws {
        var generator = SeededGenerator(seed: UInt64(seed))
        let script = (0..<60).map { _ in Self.commands.randomElement(using: &generator)! }.joined(separator: "\n")
        let result = try runScript(script + "\n", session: try fixtureSession(blind: seed % 2 == 0))
        let events = try TranscriptReader.readAll(path: result.shell.session.path).events
        let folded = try #require(InterviewState(events: events))
        #expect(folded == result.shell.state)
        // And at every step: a prefix of the events folds to a state with that many events.
        for count in stride(from: 1, through: events.count, by: 7) {
            #expect(InterviewState(events: Array(events.prefix(count)))?.lastSeq == count)
        }
    }
}

/// A small deterministic random number generator (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
