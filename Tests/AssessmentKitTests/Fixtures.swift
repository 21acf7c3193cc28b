import Foundation
@testable import AssessmentKit

/// The repository's root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A fresh temporary folder with `files` (relative path → text) written into it.
func temporaryFolder(_ files: [String: String]) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assess-tests-\(UUID().uuidString)")
    for (path, text) in files {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
    return folder
}

/// A small framework: two values, one levelled competency.
let miniFramework = """
    id: mini
    title: Mini framework
    levels:
      1: [UG, G1]
      2: [G5]
    opening:
      - kind: motivation
        text: Why this post?
    values:
      - id: integrity
        name: Integrity
        definition: Acts ethically.
        indicators:
          - Declares conflicts of interest.
          - Reports misconduct.
        counterIndicators:
          - Hides errors.
        questions:
          - Tell us about a time you refused to bend a rule.
          - kind: negative
            text: Describe a time you were not transparent.
      - id: courage
        name: Courage
        definition: Takes a stand.
        indicators:
          - Speaks up.
    core:
      - id: teamwork
        name: Teamwork
        definition: Works with others.
        indicators:
          1:
            - Shares information.
            - Shares credit.
          2:
            - Coordinates a team's work.
        questions:
          - Tell us about a team you worked in.

    """

/// An assessment of the mini framework; `replacing` swaps a line's text to make it bad.
func miniAssessment(_ replacements: [String: String] = [:], id: String = "mini-post") -> String {
    var text = """
        id: \(id)
        title: Mini post
        vacancy:
          grade: G5
          dutyStation: Brussels, Belgium
        framework: mini
        items: [integrity, teamwork]
        method: scale
        scale: un-4
        questions:
          teamwork:
            - Tell us about a cross-border team.
        languages:
          requirement: english:fluent and (french:fluent or dutch:fluent)
        panel:
          minimum: 2
          roles: [chair, member]
        rules:
          discrepancy: 2

        """
    for (old, new) in replacements {
        text = text.replacingOccurrences(of: old, with: new)
    }
    return text
}

/// Loads `assessment` (as `mini-post.yaml`) beside `framework/mini.yaml`.
func loadMini(assessment: String, framework: String = miniFramework, id: String = "mini-post") throws -> Assessment {
    let folder = try temporaryFolder(["framework/mini.yaml": framework, "\(id).yaml": assessment])
    let catalog = AssessmentCatalog(directories: [folder.path], includesBuiltIn: false)
    return try catalog.assessment(folder.path + "/\(id).yaml").0
}

/// The messages (without the folder) of the issues that loading reports.
func issues(assessment: String, framework: String = miniFramework) -> [String] {
    do {
        _ = try loadMini(assessment: assessment, framework: framework)
        return []
    } catch let error as AssessmentCatalog.LookupError {
        guard case .invalid(let definitionError) = error else { return ["\(error)"] }
        return definitionError.issues.map { issue in
            "\(URL(fileURLWithPath: issue.location.file).lastPathComponent):\(issue.location.line):\(issue.location.column): \(issue.message)"
        }
    } catch {
        return ["\(error)"]
    }
}
