import Foundation
import Testing
@testable import AssessmentKit

@Suite struct ShippedDefinitionTests {
    let catalog = AssessmentCatalog(directories: [repositoryRoot.appendingPathComponent("Assessments").path], includesBuiltIn: false)

    @Test func frameworkHasEveryItemOfTheIOMFramework() throws {
        guard case .framework(let framework) = try catalog.validate(file: repositoryRoot.appendingPathComponent("Assessments/framework/iom.yaml").path) else {
            Issue.record("iom.yaml was not read as a framework")
            return
        }
        #expect(framework.items.filter { $0.layer == .value }.map(\.id) == ["inclusion", "integrity", "professionalism", "courage", "empathy"])
        #expect(framework.items.filter { $0.layer == .core }.map(\.id) == ["teamwork", "results", "knowledge", "accountability", "communication"])
        #expect(framework.items.filter { $0.layer == .managerial }.map(\.id) == ["leadership", "empowering", "strategy", "humility"])
        #expect(framework.opening.contains { $0.kind == .motivation })
        for item in framework.items {
            let levels = item.layer.isLevelled ? [1, 2, 3] : [0]
            for level in levels {
                #expect((item.indicators[level]?.count ?? 0) >= 4, "\(item.id) level \(level)")
            }
            #expect(item.counterIndicators.count >= 2, "\(item.id)")
            #expect(item.questions.filter { $0.kind == .behavioural }.count >= 2, "\(item.id)")
            #expect(item.questions.contains { $0.kind == .negative }, "\(item.id)")
        }
    }

    /// The seeds' "Required Competencies", verbatim (seeds/000).
    @Test(arguments: [
        ("inclusion", "Respects and promotes individual and cultural differences. Encourages diversity and inclusion."),
        ("integrity", "Maintains high ethical standards and acts in a manner consistent with organizational principles/rules and standards of conduct."),
        ("professionalism", "Demonstrates ability to work in a composed, competent and committed manner and exercises careful judgment in meeting day-to-day challenges."),
        ("courage", "Demonstrates willingness to take a stand on issues of importance."),
        ("empathy", "Shows compassion for others, makes people feel safe, respected and fairly treated."),
        ("teamwork", "Develops and promotes effective collaboration within and across units to achieve shared goals and optimize results."),
        ("results", "Produces and delivers quality results in a service-oriented and timely manner. Is action oriented and committed to achieving agreed outcomes."),
        ("knowledge", "Continuously seeks to learn, share knowledge and innovate."),
        ("accountability", "Takes ownership for achieving the Organization’s priorities and assumes responsibility for own actions and delegated work."),
        ("communication", "Encourages and contributes to clear and open communication. Explains complex matters in an informative, inspiring and motivational way."),
    ])
    func definitionsAreTheSeedsWords(id: String, definition: String) throws {
        let (assessment, _) = try catalog.assessment("lmi-intern")
        #expect(assessment.items.first { $0.id == id }?.definition == definition)
    }

    @Test func theThreeVacanciesLoad() throws {
        let intern = try catalog.assessment("lmi-intern").0
        #expect(intern.level == 1)
        #expect(intern.method == .scale)
        #expect(intern.scale == .un4)
        #expect(intern.items.count == 10)
        #expect(intern.languages.requirement == "english:fluent and (french:fluent or dutch:fluent)")
        #expect(intern.languages.skills == [.oral, .written])

        let assistant = try catalog.assessment("project-assistant").0
        #expect(assistant.method == .indicators)
        #expect(assistant.scale == nil)
        #expect(assistant.level == 2)
        #expect(assistant.rules.blind)
        #expect(assistant.languages.requirement == "english:fluent and french:fluent and dutch:fluent")

        let consultant = try catalog.assessment("border-consultant").0
        #expect(consultant.scale?.id == "five-point")
        #expect(consultant.scale?.band(of: 4.9) == .satisfactory)
        #expect(consultant.scale?.band(of: 5) == .outstanding)
        #expect(consultant.level == 3)
    }

    @Test(arguments: ["lmi-intern", "project-assistant", "border-consultant"])
    func builtInAssessmentMatchesTheFileInAssessments(id: String) throws {
        let builtIn = try AssessmentCatalog(directories: [], includesBuiltIn: true).assessment(id)
        let fromFile = try catalog.assessment(id).0
        #expect(builtIn.path == "built-in:\(id)")
        #expect(builtIn.0 == fromFile)
    }

    @Test func levelTwoShowsTheLevelBelowFirst() throws {
        let assistant = try catalog.assessment("project-assistant").0
        let teamwork = try #require(assistant.items.first { $0.id == "teamwork" })
        #expect(teamwork.indicators.first?.level == 1)
        #expect(teamwork.indicators.last?.level == 2)
        #expect(teamwork.indicators.map(\.number) == Array(1...teamwork.indicators.count))
    }
}

@Suite struct DefinitionValidationTests {
    @Test func aGoodAssessmentResolvesAgainstItsFramework() throws {
        let assessment = try loadMini(assessment: miniAssessment())
        #expect(assessment.level == 2)  // from grade G5
        #expect(assessment.opening == [Question(kind: .motivation, text: "Why this post?")])
        let teamwork = assessment.items[1]
        #expect(teamwork.indicators == [
            Indicator(number: 1, level: 1, text: "Shares information."),
            Indicator(number: 2, level: 1, text: "Shares credit."),
            Indicator(number: 3, level: 2, text: "Coordinates a team's work."),
        ])
        #expect(teamwork.questions.map(\.text) == ["Tell us about a team you worked in.", "Tell us about a cross-border team."])
        #expect(assessment.rules == Rules(discrepancy: 2, blind: false, summaryWords: 200))
    }

    @Test func unknownItemIsReportedWithTheClosestValidID() {
        #expect(issues(assessment: miniAssessment(["items: [integrity, teamwork]": "items: [integrity, temwork]"])) == [
            "mini-post.yaml:7:20: unknown item 'temwork' (did you mean 'teamwork'?) (items of mini: integrity, courage, teamwork)",
        ])
    }

    /// Framework problems, read as `mini.yaml`.
    func frameworkIssues(_ text: String) -> [String] {
        do {
            _ = try FrameworkLoader.load(text: text, file: "mini.yaml")
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test func emptyIndicatorListIsReported() {
        let framework = miniFramework.replacingOccurrences(of: "    indicators:\n      - Speaks up.", with: "    indicators: []")
        #expect(frameworkIssues(framework) == [
            "mini.yaml:25:17: error: the indicators of 'courage' is an empty list; give at least one",
        ])
    }

    @Test func emptyLevelOfIndicatorsIsReported() {
        let framework = miniFramework.replacingOccurrences(of: "      2:\n        - Coordinates a team's work.", with: "      2: []")
        #expect(frameworkIssues(framework) == [
            "mini.yaml:35:10: error: the level 2 indicators of 'teamwork' is an empty list; give at least one",
        ])
    }

    @Test func duplicateItemIDIsReportedWithTheFirstOne() {
        let framework = miniFramework.replacingOccurrences(of: "  - id: courage", with: "  - id: integrity")
        #expect(frameworkIssues(framework) == [
            "mini.yaml:22:5: error: duplicate id 'integrity' (first defined at line 10); give each item its own id",
        ])
    }

    @Test func duplicateItemInAnAssessmentIsReported() {
        #expect(issues(assessment: miniAssessment(["items: [integrity, teamwork]": "items: [integrity, integrity]"])) == [
            "mini-post.yaml:7:20: duplicate item 'integrity'; list each item once",
        ])
    }

    @Test func badRequirementExpressionPointsAtTheProblem() {
        let bad = miniAssessment(["english:fluent and (french:fluent or dutch:fluent)": "english:fluent and (french:fluent or dutch:fluent"])
        #expect(issues(assessment: bad) == [
            "mini-post.yaml:14:65: bad language requirement: missing ')' to close the '(' at character 20",
        ])
        let noLevel = miniAssessment(["english:fluent and (french:fluent or dutch:fluent)": "english and french:fluent"])
        #expect(issues(assessment: noLevel) == [
            "mini-post.yaml:14:24: bad language requirement: 'english' needs a level, as in 'english:fluent'",
        ])
        let badLevel = miniAssessment(["english:fluent and (french:fluent or dutch:fluent)": "english:D1"])
        #expect(issues(assessment: badLevel) == [
            "mini-post.yaml:14:24: bad language requirement: unknown level 'D1' for english; use fluent, knowledge, or a CEFR level A1…C2",
        ])
    }

    @Test func unknownLanguageIsReportedWithTheClosest() {
        let bad = miniAssessment(["english:fluent and (french:fluent or dutch:fluent)": "english:fluent and (french:fluent or duch:fluent)"])
        #expect(issues(assessment: bad) == [
            "mini-post.yaml:14:53: bad language requirement: unknown language 'duch' (did you mean 'dutch'?)",
        ])
    }

    @Test func scaleMinimumMustBeBelowMaximum() {
        let bad = miniAssessment(["scale: un-4": """
            scale:
              id: odd
              min: 5
              max: 5
              labels: {5: Only}
              bands: {partially-satisfactory: 2, satisfactory: 3, outstanding: 4}
            """])
        #expect(issues(assessment: bad) == [
            "mini-post.yaml:11:8: the scale's min (5) must be below its max (5); e.g. min: 1, max: 5",
        ])
    }

    @Test func customScaleIsCheckedAndUsed() throws {
        let scale = """
            scale:
              id: five
              min: 1
              max: 5
              labels: {1: Poor, 2: Weak, 3: Adequate, 4: Good, 5: Excellent}
              bands: {partially-satisfactory: 2, satisfactory: 3, outstanding: 4.5}
            """
        let assessment = try loadMini(assessment: miniAssessment(["scale: un-4": scale]))
        #expect(assessment.scale == Scale(id: "five", min: 1, max: 5,
                                          labels: [1: "Poor", 2: "Weak", 3: "Adequate", 4: "Good", 5: "Excellent"],
                                          edges: .init(partiallySatisfactory: 2, satisfactory: 3, outstanding: 4.5)))
        let unlabelled = scale.replacingOccurrences(of: ", 5: Excellent", with: "")
        #expect(issues(assessment: miniAssessment(["scale: un-4": unlabelled])) == [
            "mini-post.yaml:13:11: the scale has no label for 5; label every point from 1 to 5",
        ])
        let falling = scale.replacingOccurrences(of: "satisfactory: 3,", with: "satisfactory: 1.5,")
        #expect(issues(assessment: miniAssessment(["scale: un-4": falling])) == [
            "mini-post.yaml:14:10: band edges must rise: partially-satisfactory < satisfactory < outstanding (got 2, 1.5, 4.5)",
        ])
    }

    @Test func unknownKeysAreErrorsWithASuggestion() {
        #expect(issues(assessment: miniAssessment(["method: scale": "methd: scale"])) == [
            "mini-post.yaml:8:1: unknown key 'methd' in the assessment (did you mean 'method'?) (allowed: id, title, vacancy, framework, level, items, method, scale, opening, questions, languages, panel, rules)",
        ])
    }

    @Test func idMustMatchTheFileName() {
        #expect(issues(assessment: miniAssessment(["id: mini-post": "id: other"])) == [
            "mini-post.yaml:1:5: the id 'other' differs from the file name 'mini-post'; rename the file to other.yaml or set id: mini-post",
        ])
    }

    @Test func missingLevelIsExplained() {
        #expect(issues(assessment: miniAssessment(["grade: G5": "grade: P9"])) == [
            "mini-post.yaml:1:1: no competency level: grade 'P9' is not mapped to a level by the framework; add 'level: 1 or 2'",
        ])
    }

    @Test func severalProblemsAreAllReported() {
        let bad = miniAssessment(["method: scale": "method: stars", "discrepancy: 2": "discrepancy: -1"])
        #expect(issues(assessment: bad) == [
            "mini-post.yaml:8:9: unknown method 'stars' (use scale or indicators)",
            "mini-post.yaml:19:16: the discrepancy must be above 0 (e.g. 2)",
        ])
    }

    @Test func yamlSyntaxErrorsHaveAPosition() {
        #expect(issues(assessment: "id: x\ntitle: [unclosed\n") == [
            "mini-post.yaml:3:1: YAML syntax: did not find expected ',' or ']'; check the indentation and quoting here",
        ])
    }
}

@Suite struct LanguageRequirementTests {
    @Test(arguments: [
        ("english:fluent", "english:fluent"),
        ("English:Fluent and (French:fluent or DUTCH:fluent)", "english:fluent and (french:fluent or dutch:fluent)"),
        ("english:b2 or french:knowledge and dutch:C1", "english:B2 or french:knowledge and dutch:C1"),
        ("((english:fluent))", "english:fluent"),
    ])
    func parsesToCanonicalText(text: String, canonical: String) throws {
        #expect(try LanguageRequirement(parsing: text).description == canonical)
    }

    @Test func andBindsTighterThanOr() throws {
        let requirement = try LanguageRequirement(parsing: "english:fluent or french:fluent and dutch:fluent")
        #expect(requirement == .any([.language("english", .fluent),
                                     .all([.language("french", .fluent), .language("dutch", .fluent)])]))
        #expect(requirement.languages == ["english", "french", "dutch"])
    }

    @Test(arguments: [
        ("", "the language requirement is empty; write e.g. 'english:fluent'", 0),
        ("english:fluent and", "the requirement ends too early; expected a term such as 'french:fluent'", 18),
        ("english:fluent french:fluent", "unexpected 'french'; join terms with 'and' or 'or'", 15),
        ("klingon:fluent", "unknown language 'klingon'", 0),
        ("english:", "'english:' needs a level: fluent, knowledge, or a CEFR level A1…C2", 8),
        ("(english:fluent", "missing ')' to close the '(' at character 1", 15),
        ("english:fluent or or french:fluent", "expected a term such as 'french:fluent' but found 'or'", 18),
    ])
    func rejectsBadExpressions(text: String, message: String, offset: Int) {
        #expect(throws: LanguageRequirement.ParseError(message: message, offset: offset)) {
            try LanguageRequirement(parsing: text)
        }
    }
}
