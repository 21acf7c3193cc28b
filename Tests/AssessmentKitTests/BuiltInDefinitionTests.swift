import Foundation
import Testing
@testable import AssessmentKit

/// Everything in `Assessments/` is built into the binary from the one copy there, and a
/// file in a searched folder still takes precedence over the built-in one.
@Suite struct BuiltInDefinitionTests {
    static let assessments = repositoryRoot.appendingPathComponent("Assessments")

    @Test func theBuiltInFolderIsALinkToAssessments() throws {
        let link = repositoryRoot.appendingPathComponent("Sources/AssessmentKit/BuiltIn").path
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "../../Assessments")
    }

    /// The package embeds the whole folder: anything else there would be compiled in too.
    @Test func assessmentsHoldsOnlyDefinitions() throws {
        let files = try FileManager.default.subpathsOfDirectory(atPath: Self.assessments.path)
        let folders = ["framework", "mock"]
        let unexpected = files.filter { path in
            let parts = path.split(separator: "/").map(String.init)
            switch parts.count {
            case 1: return !(parts[0].hasSuffix(".yaml") || folders.contains(parts[0]))
            case 2: return !(folders.contains(parts[0]) && parts[1].hasSuffix(".yaml"))
            default: return true
            }
        }
        #expect(unexpected == [], "Assessments/ is compiled into the binary: keep only framework/, mock/ and vacancy YAML files there")
    }

    @Test(arguments: ["framework", "", "mock"])
    func everyFileIsBuiltInWithTheSameText(subfolder: String) throws {
        let builtIn = switch subfolder {
        case "framework": BuiltInDefinitions.frameworks
        case "mock": BuiltInDefinitions.scenarios
        default: BuiltInDefinitions.assessments
        }
        let folder = Self.assessments.appendingPathComponent(subfolder)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        let ids = files.map { String($0.dropLast(".yaml".count)) }
        #expect(ids == builtIn.keys.sorted(), "each file of Assessments/\(subfolder) needs its line in BuiltInDefinitions.swift")
        for (id, file) in zip(ids, files) {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            #expect(builtIn[id] == text, "the built-in \(id) differs from Assessments/\(subfolder)/\(file): rebuild")
        }
    }

    @Test(arguments: ScenarioTests.shipped)
    func builtInScenarioMatchesTheFile(id: String) throws {
        let builtIn = try AssessmentCatalog(directories: [], includesBuiltIn: true).scenario(id)
        let fromFile = try AssessmentCatalog(directories: [Self.assessments.path], includesBuiltIn: false).scenario(id)
        #expect(builtIn.path == "built-in:\(id)")
        #expect(builtIn.scenario == fromFile.scenario)
        #expect(builtIn.assessment == fromFile.assessment)
    }

    @Test func aFileInASearchedFolderTakesPrecedence() throws {
        let vacancy = try String(contentsOf: Self.assessments.appendingPathComponent("project-assistant.yaml"), encoding: .utf8)
        let scenario = try String(contentsOf: Self.assessments.appendingPathComponent("mock/pa-solo.yaml"), encoding: .utf8)
        let folder = try temporaryFolder([
            "project-assistant.yaml": vacancy.replacingOccurrences(of: "\ntitle: Project Assistant,", with: "\ntitle: Local Assistant,"),
            "mock/pa-solo.yaml": scenario.replacingOccurrences(of: "\ndescription: Precise", with: "\ndescription: Local copy. Precise"),
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let catalog = AssessmentCatalog(directories: [folder.path])

        #expect(catalog.entries().map { "\($0.id) \($0.isBuiltIn)" } == [
            "project-assistant false", "border-consultant true", "lmi-intern true",
        ])
        let (assistant, path) = try catalog.assessment("project-assistant")
        #expect(path == folder.path + "/project-assistant.yaml")
        #expect(assistant.title.hasPrefix("Local Assistant,"))
        #expect(try catalog.assessment("border-consultant").path == "built-in:border-consultant")

        let entries = catalog.scenarioEntries()
        #expect(entries.map(\.id) == ["pa-solo", "bc-expert", "lmi-mixed", "lmi-strong", "lmi-weak"])
        #expect(entries.map(\.isBuiltIn) == [false, true, true, true, true])
        let loaded = try catalog.scenario("pa-solo")
        #expect(loaded.path == folder.path + "/mock/pa-solo.yaml")
        #expect(loaded.scenario.description.hasPrefix("Local copy."))
        // The local scenario uses the local vacancy beside it.
        #expect(loaded.assessment.title.hasPrefix("Local Assistant,"))
    }
}
