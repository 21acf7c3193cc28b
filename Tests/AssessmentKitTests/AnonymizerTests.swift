import Foundation
import Testing
@testable import AssessmentKit

@Suite struct AnonymizerTests {
    let hash = "3fa2b1" + String(repeating: "0", count: 58)

    func started(candidate: Candidate = Candidate(name: "Inès Barrow-Kaldi", id: "C-0101"),
                 panel: [Panelist]) throws -> Started {
        Started(mode: .interview, assessment: try loadMini(assessment: miniAssessment()),
                candidate: candidate, panel: panel, blind: false)
    }

    let panel = [Panelist(name: "Ana Lopez", role: "chair"), Panelist(name: "Ben Okafor", role: "member"),
                 Panelist(name: "Chloé Martin", role: "hr"), Panelist(name: "Dmitri Ivanov", role: "member")]

    @Test func pseudonymComesFromTheSourceHash() throws {
        let anonymizer = Anonymizer(started: try started(panel: panel), sourceHash: hash)
        #expect(anonymizer.candidate == Candidate(name: "Candidate 3fa2b1", id: "ANON-3fa2b1"))
    }

    @Test func repeatedRolesAreNumberedAndSingleRolesStayPlain() throws {
        #expect(Anonymizer.labels(for: panel) == ["chair", "member 1", "hr", "member 2"])
        let added = [Panelist(name: "Eve Stone", role: "member"), Panelist(name: "Femi Ade", role: "examiner")]
        let anonymizer = Anonymizer(started: try started(panel: panel), added: added, sourceHash: hash)
        #expect(anonymizer.panelLabels == ["Ana Lopez": "chair", "Ben Okafor": "member 1", "Chloé Martin": "hr",
                                           "Dmitri Ivanov": "member 2", "Eve Stone": "member 3", "Femi Ade": "examiner"])
    }

    @Test func labelsNeverCollide() {
        let labels = Anonymizer.labels(for: [Panelist(name: "A", role: "member 1"), Panelist(name: "B", role: "member"),
                                             Panelist(name: "C", role: "member")])
        #expect(Set(labels).count == 3)
        #expect(labels == ["member 1", "member 1 (2)", "member 2"])
    }

    @Test func namePartsOfThreeLettersOrMore() {
        #expect(Anonymizer.parts(of: "Inès Barrow-Kaldi") == ["Inès", "Barrow-Kaldi", "Barrow", "Kaldi"])
        #expect(Anonymizer.parts(of: "Jo van Dyk") == ["van", "Dyk"])
        #expect(Anonymizer.parts(of: "J. R. Tolkien") == ["Tolkien"])
        #expect(Anonymizer.parts(of: "Seán O'Brien") == ["Seán", "O'Brien", "Brien"])
    }

    @Test func wholeWordsOnly() throws {
        let anonymizer = Anonymizer(started: try started(panel: panel), sourceHash: hash)
        #expect(anonymizer.scrub("Banana bread") == "Banana bread")
        #expect(anonymizer.scrub("Ana's question") == "chair's question")
        #expect(anonymizer.scrub("asked by Ana.") == "asked by chair.")
        #expect(anonymizer.scrub("Benefits, Bench, Martinez") == "Benefits, Bench, Martinez")
        #expect(anonymizer.scrub("(Ben)") == "(member 1)")
    }

    @Test func caseSensitive() throws {
        let anonymizer = Anonymizer(started: try started(panel: panel), sourceHash: hash)
        #expect(anonymizer.scrub("ana and ANA") == "ana and ANA")
    }

    @Test func longerNamesFirst() throws {
        let anonymizer = Anonymizer(started: try started(panel: panel), sourceHash: hash)
        #expect(anonymizer.scrub("Ana Lopez asked Inès Barrow-Kaldi (C-0101); Barrow said Kaldi was her mother's name")
                == "chair asked Candidate 3fa2b1 (ANON-3fa2b1); Candidate 3fa2b1 said Candidate 3fa2b1 was her mother's name")
        #expect(anonymizer.scrub("Lopez and Chloé agreed with Okafor") == "chair and hr agreed with member 1")
    }

    @Test func replacementsAreNotReplacedAgain() throws {
        // A panelist whose name is a role word must not turn another label into something else.
        let odd = [Panelist(name: "Chair Person", role: "member"), Panelist(name: "Ana Lopez", role: "chair")]
        let anonymizer = Anonymizer(started: try started(panel: odd), sourceHash: hash)
        #expect(anonymizer.scrub("Ana Lopez thanked Chair Person") == "chair thanked member")
    }

    @Test func aSharedPartNamesNoOne() throws {
        let shared = [Panelist(name: "Ana Martin", role: "chair"), Panelist(name: "Luc Martin", role: "member")]
        let anonymizer = Anonymizer(started: try started(panel: shared), sourceHash: hash)
        #expect(anonymizer.scrub("Martin said") == "[name] said")
        #expect(anonymizer.scrub("Luc Martin said") == "member said")
    }

    @Test func everyFreeTextFieldAndEveryNameFieldIsMapped() throws {
        let anonymizer = Anonymizer(started: try started(panel: panel), sourceHash: hash)
        let payloads: [EventPayload] = [
            .acting(Acting(panelist: "Ben Okafor")),
            .panelistAdded(PanelistAdded(name: "Ana Lopez", role: "chair")),
            .scored(Scored(item: "x", value: 3, evidence: "Inès led", reason: "Ben changed")),
            .rated(Rated(item: "x", indicator: 1, rating: .yes, evidence: "Inès led", reason: "Ben changed")),
            .evidence(EvidenceNote(item: "x", text: "Inès led")),
            .consensus(Consensus(item: "x", value: 3, rationale: "Ben agreed")),
            .summarized(Summarized(item: "x", text: "Inès led")),
            .language(LanguageResult(language: "french", skill: .oral, level: CEFRLevel(parsing: "C1")!, note: "Chloé tested")),
            .note(Note(item: nil, text: "Inès late")),
            .overridden(Overridden(recommendation: .recommended, justification: "Ana insisted")),
            .closed(Closed(forced: true, reason: "Ana left")),
        ]
        for payload in payloads {
            let event = Event(seq: 2, at: Timestamp(parsing: "2026-03-02T09:00:00.000Z")!, by: "Chloé Martin",
                              payload: payload, prev: Event.firstPrev)
            let line = EventCoding.line(for: anonymizer.anonymize(event))
            for name in ["Inès", "Ben", "Ana", "Chloé", "Okafor", "Lopez", "Martin"] {
                #expect(!line.contains(name), "\(name) in \(line)")
            }
        }
        let event = anonymizer.anonymize(Event(seq: 5, at: Timestamp(parsing: "2026-03-02T09:00:00.000Z")!, by: "Chloé Martin",
                                               payload: .resumed, prev: Event.firstPrev))
        #expect(event.by == "hr")
        #expect(anonymizer.anonymize(Event(seq: 5, at: event.at, by: Event.system, payload: .resumed, prev: "")).by == Event.system)
    }

    /// A small transcript written by the real writer: started, acting, score, undo, note, close.
    func sourceTranscript() throws -> (path: String, data: Data) {
        let (writer, _) = try TranscriptWriter.create(folder: freshFolder(), assessment: "mini", date: "2026-03-02", name: "C-0101",
                                                      first: .started(try started(panel: Array(panel.prefix(2)))), clock: ScriptedClock(start: Timestamp(parsing: "2026-03-02T08:59:58.500Z")!, stepMilliseconds: 1500).stamp)
        try writer.append(by: Event.system, .acting(Acting(panelist: "Ben Okafor")))
        try writer.append(by: "Ben Okafor", .scored(Scored(item: "integrity", value: 3, evidence: "Inès refused; Ana Lopez agreed")))
        try writer.append(by: "Ben Okafor", .retracted(Retracted(target: 3)))
        try writer.append(by: "Ana Lopez", .note(Note(item: nil, text: "Barrow-Kaldi was on time")))
        try writer.append(by: "Ana Lopez", .closed(Closed(forced: true, reason: "training copy")))
        writer.close()
        return (writer.path, try Data(contentsOf: URL(fileURLWithPath: writer.path)))
    }

    @Test func exportIsANewVerifiedChainWithProvenance() throws {
        let source = try sourceTranscript()
        let export = try Anonymizer.export(source: source.data)
        let file = freshFolder() + "-export.jsonl"
        try export.data.write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }

        let verification = try TranscriptVerifier.verify(path: file)
        #expect(verification.damage == nil)
        #expect(verification.events == 6)
        #expect(verification.closed)
        #expect(export.events == 6)
        #expect(export.sourceHash == HashChain.hash(source.data))

        let (events, _) = try TranscriptReader.readAll(path: file)
        let original = try TranscriptReader.readAll(path: source.path).events
        #expect(events.map(\.seq) == Array(1...6))
        #expect(events.map(\.type) == ["started", "acting", "scored", "retracted", "note", "closed"])
        #expect(events.map(\.at) == original.map(\.at))
        #expect(events[3].payload == .retracted(Retracted(target: 3)), "the undo still points at the score")
        guard case .started(let started) = events[0].payload else { Issue.record("no started"); return }
        #expect(started.candidate == Candidate(name: "Candidate \(export.sourceHash.prefix(6))", id: "ANON-\(export.sourceHash.prefix(6))"))
        #expect(started.panel == [Panelist(name: "chair", role: "chair"), Panelist(name: "member", role: "member")])
        #expect(started.sourceSHA256 == export.sourceHash, "provenance")
        #expect(events[2].by == "member")
        #expect(events[2].payload == .scored(Scored(item: "integrity", value: 3, evidence: "Candidate \(export.sourceHash.prefix(6)) refused; chair agreed")))

        let text = String(decoding: export.data, as: UTF8.self)
        for name in ["Inès", "Barrow", "Kaldi", "C-0101", "Ana", "Lopez", "Ben", "Okafor"] {
            #expect(!text.contains(name), "\(name) is still in the export")
        }
        let state = try #require(InterviewState(events: events))
        #expect(state.retracted == [3])
    }

    @Test func sameSourceSameExport() throws {
        let source = try sourceTranscript()
        #expect(try Anonymizer.export(source: source.data) == Anonymizer.export(source: source.data))
    }

    @Test func damagedBytesAreRefused() throws {
        let source = try sourceTranscript()
        var lines = source.data.split(separator: 0x0A).map { Data($0) }
        lines.remove(at: 2)
        let damaged = Data(lines.joined(separator: [0x0A])) + Data([0x0A])
        #expect(throws: ExportError.self) { try Anonymizer.export(source: damaged) }
        #expect(throws: ExportError.self) { try Anonymizer.export(source: source.data.dropLast()) }
        #expect(throws: ExportError.self) { try Anonymizer.export(source: Data()) }
    }
}
