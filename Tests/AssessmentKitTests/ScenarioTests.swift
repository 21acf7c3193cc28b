import Foundation
import Testing
@testable import AssessmentKit

@Suite struct ScenarioTests {
    let folder = repositoryRoot.appendingPathComponent("Assessments")

    @Test func theShippedScenariosLoadAndDifferAcrossItems() throws {
        let catalog = AssessmentCatalog(directories: [folder.path], includesBuiltIn: false)
        for id in Self.shipped {
            let (scenario, assessment, _) = try catalog.scenario(id)
            #expect(scenario.items.map(\.id) == assessment.itemIDs)
            #expect(Set(scenario.items.map(\.reference.value)).count > 2, "\(id): reference ratings differ across items")
        }
        #expect(try catalog.scenario("lmi-mixed").assessment.method == .indicators)
        #expect(try catalog.scenario("lmi-strong").assessment.method == .scale)
        #expect(try catalog.scenario("pa-solo").assessment.method == .indicators)
        #expect(try catalog.scenario("bc-expert").assessment.scale?.id == "five-point")
    }

    /// Every scenario in `Assessments/mock/`.
    static let shipped = ["lmi-strong", "lmi-mixed", "lmi-weak", "pa-solo", "bc-expert"]

    /// The reference values of the two newer scenarios, and the reference panel's decision by
    /// the recommendation rule (every item Satisfactory or Outstanding): pa-solo is not
    /// recommended, on two level-2 core competencies; bc-expert is, with courage Outstanding.
    @Test(arguments: [
        ("pa-solo", [0.7, 0.8, 0.9, 0.6, 0.9, 0.39, 0.44, 0.83, 0.72, 0.72], ["teamwork", "results"], [String]()),
        ("bc-expert", [4, 4, 4, 5, 4, 3, 4, 4, 3, 3], [], ["courage"]),
    ])
    func referenceValuesAndDecision(id: String, values: [Double], belowSatisfactory: [String], outstanding: [String]) throws {
        let (scenario, assessment, _) = try AssessmentCatalog(directories: [folder.path], includesBuiltIn: false).scenario(id)
        #expect(scenario.items.map { Scoring.rounded($0.reference.value) } == values)
        let bands = scenario.items.map { ($0.id, Scoring.band($0.reference.value, in: assessment)) }
        #expect(bands.filter { $0.1 < .satisfactory }.map(\.0) == belowSatisfactory)
        #expect(bands.filter { $0.1 == .outstanding }.map(\.0) == outstanding)
        #expect(scenario.trainerNotes?.isEmpty == false)
    }

    /// The issues of a scenario text, as `file:line:column: message` lines.
    func issues(_ edit: (String) -> String) throws -> [String] {
        let original = try String(contentsOf: folder.appendingPathComponent("mock/lmi-strong.yaml"), encoding: .utf8)
        let copy = try temporaryFolder(["mock/lmi-strong.yaml": edit(original)])
        let catalog = AssessmentCatalog(directories: [folder.path], includesBuiltIn: false)
        do {
            _ = try catalog.validate(file: copy.appendingPathComponent("mock/lmi-strong.yaml").path)
            return []
        } catch {
            guard case .invalid(let definitionError) = error else { return ["\(error)"] }
            return definitionError.issues.map { "\($0.location.line):\($0.location.column): \($0.message)" }
        }
    }

    /// The 1-based line where `text` first occurs (a leading newline anchors it to a line start).
    func line(of text: String, in original: String) -> Int {
        guard let range = original.range(of: text) else { return 0 }
        let start = text.hasPrefix("\n") ? original.index(after: range.lowerBound) : range.lowerBound
        return original[..<start].filter { $0 == "\n" }.count + 1
    }

    @Test func badScenariosAreReportedWithTheirPlace() throws {
        let original = try String(contentsOf: folder.appendingPathComponent("mock/lmi-strong.yaml"), encoding: .utf8)
        let teamworkLine = line(of: "  teamwork:", in: original)
        let unknown = try issues { $0.replacingOccurrences(of: "  teamwork:", with: "  temwork:") }
        #expect(unknown == [
            "\(teamworkLine):3: unknown item 'temwork' (did you mean 'teamwork'?) (items of lmi-intern: inclusion, integrity, professionalism, courage, empathy, teamwork, results, knowledge, accountability, communication)",
            // Reported at the first entry under 'items:'.
            "\(line(of: "\nitems:", in: original) + 1):3: no scripted answer for teamwork; a scenario covers every item of lmi-intern",
        ])
        let ratingLine = line(of: "rating: 2", in: original)
        #expect(try issues { $0.replacingOccurrences(of: "rating: 2", with: "rating: 7") } == [
            "\(ratingLine):15: the reference rating 7 of 'courage' is outside the scale 1–4",
        ])
        #expect(try issues { $0.replacingOccurrences(of: "assessment: lmi-intern", with: "assessment: lmi-intrn") }.first?
            .contains("no assessment 'lmi-intrn' (did you mean 'lmi-intern'?)") == true)
    }
}
