import Foundation
import Testing
import LineEditing
@testable import AssessShell
@testable import AssessmentKit

/// A two-item assessment, resolved from inline YAML.
func fixtureAssessment() throws -> Assessment {
    let framework = try FrameworkLoader.load(text: """
        id: tiny
        title: Tiny framework
        opening: [{kind: motivation, text: Why this post?}]
        values:
          - id: integrity
            name: Integrity and transparency
            definition: Maintains high ethical standards.
            indicators: [Declares conflicts of interest., Reports misconduct.]
            counterIndicators: [Hides errors.]
            questions:
              - Tell us about a time you refused to bend a rule.
              - {kind: negative, text: Describe a time you were not transparent.}
        core:
          - id: teamwork
            name: Teamwork
            definition: Works with others.
            indicators: {1: [Shares information.], 2: [Coordinates a team's work.]}
            questions: [Tell us about a team you worked in.]
          - id: communication
            name: Communication
            definition: Explains clearly.
            indicators: {1: [Writes clearly.], 2: [Adapts to the audience.]}
        """, file: "tiny.yaml")
    return try AssessmentLoader.load(text: """
        id: tiny-post
        title: Tiny post
        framework: tiny
        level: 2
        items: [integrity, teamwork, communication]
        languages: {requirement: "english:fluent"}
        panel: {minimum: 3, roles: [chair, member, hr]}
        """, file: "tiny-post.yaml") { _ in .found(framework) }
}

/// Events one second apart, the first at 2026-03-02T09:00:02.000Z.
func testClock() -> EventClock {
    ScriptedClock(start: Timestamp(milliseconds: 1_772_442_001_000), stepMilliseconds: 1000).eventClock
}

/// A new interview of the fixture in a fresh transcript folder.
func fixtureSession(blind: Bool = false, method: Method = .scale, mode: InterviewMode = .interview,
                    panel: [Panelist] = [Panelist(name: "Ana", role: "chair"), Panelist(name: "Ben", role: "member")],
                    hrObserves: Bool = false) throws -> InterviewSession {
    var assessment = try fixtureAssessment()
    // Only a panel the fixture's roles do not cover changes the assessment (and so its bytes).
    if hrObserves || panel.contains(where: { !assessment.panel.roles.contains($0.role) }) {
        assessment.panel = PanelPolicy(minimum: 1, roles: PanelPolicy.defaultRoles, hrObserves: hrObserves)
    }
    if method == .indicators {
        assessment.method = .indicators
        assessment.scale = nil
        assessment.rules.discrepancy = 0.5
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assess-shell-\(UUID().uuidString)").path
    let started = Started(mode: mode, assessment: assessment, candidate: Candidate(name: "A. Candidate", id: "C-1"),
                          panel: panel, blind: blind)
    return try InterviewSession.start(started, folder: folder, clock: testClock())
}

/// What a shell did with a script: its exit status, what it printed, and the shell after it.
struct ScriptRun<Shell> {
    let status: Int32
    let output: String
    let errors: String
    let shell: Shell

    /// Checks that the script's first line was refused with exactly `message`, and the run failed.
    func expectRefused(_ message: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(status == 1, sourceLocation: sourceLocation)
        #expect(errors == "error: line 1: \(message)\n", sourceLocation: sourceLocation)
    }
}

/// Runs `script` through the shell as scripted input.
func runScript(_ script: String, options: ShellOptions = ShellOptions(), session: InterviewSession? = nil)
    throws -> ScriptRun<InterviewShell> {
    let output = CapturedOutput()
    let shell = InterviewShell(session: try session ?? fixtureSession(), output: output, options: options)
    let status = shell.run(reader: PlainReader(text: script))
    return ScriptRun(status: status, output: output.output, errors: output.errors, shell: shell)
}

/// The output without the resume hint printed when input ends.
func withoutResumeHint(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.hasPrefix("The interview is still open; resume it with:") }
        .joined(separator: "\n")
}

@Suite struct NavigationTests {
    @Test func showPrintsDefinitionIndicatorsAndQuestions() throws {
        let result = try runScript("show teamwork\n")
        #expect(result.status == 0)
        #expect(result.errors == "")
        #expect(withoutResumeHint(result.output) == """
            Teamwork (teamwork) · core competency, level 2 · 2/3
              Works with others.

            Behavioural indicators:
              Level 1 (the level below):
              1.  Shares information.
              Level 2:
              2.  Coordinates a team's work.

            Suggested questions:
               •  Tell us about a team you worked in.

            """)
    }

    @Test func showWithoutAnItemShowsTheCurrentOneWithCounterIndicators() throws {
        let result = try runScript("show\n")
        #expect(withoutResumeHint(result.output) == """
            Integrity and transparency (integrity) · value · 1/3
              Maintains high ethical standards.

            Behavioural indicators:
              1.  Declares conflicts of interest.
              2.  Reports misconduct.

            Counter-indicators:
               ✗  Hides errors.

            Suggested questions:
               •  Tell us about a time you refused to bend a rule.
               •  (negative example) Describe a time you were not transparent.

            """)
    }

    /// Each move prints a card: the heading, the definition and the first suggested question
    /// (communication has none).
    @Test func nextPrevAndGotoMoveAndSayWhere() throws {
        let result = try runScript("next\nnext\nprev\ngoto 1\ngoto communication\n")
        #expect(result.errors == "")
        #expect(withoutResumeHint(result.output) == """
            Teamwork (teamwork) · core competency, level 2 · 2/3
              Works with others.
              Ask: Tell us about a team you worked in.
            Communication (communication) · core competency, level 2 · 3/3
              Explains clearly.
            Teamwork (teamwork) · core competency, level 2 · 2/3
              Works with others.
              Ask: Tell us about a team you worked in.
            Integrity and transparency (integrity) · value · 1/3
              Maintains high ethical standards.
              Ask: Tell us about a time you refused to bend a rule.
            Communication (communication) · core competency, level 2 · 3/3
              Explains clearly.

            """)
        #expect(result.shell.state.currentItem == 2)
        #expect(result.shell.prompt.hasPrefix("tiny-post · A. Candidate · communication 3/3 · as Ana · 0:0"))
        #expect(result.shell.prompt.hasSuffix(" › "))
    }

    @Test func itemsMarksTheCurrentItem() throws {
        let result = try runScript("next\nitems\n")
        #expect(withoutResumeHint(result.output).hasSuffix("""
            Values:
                1  integrity      Integrity and transparency

            Core competencies (level 2):
             ›  2  teamwork       Teamwork
                3  communication  Communication

            """))
    }

    @Test(arguments: [
        ("shw", "unknown command 'shw' (did you mean 'show'?); 'help' lists the commands"),
        ("goto temwork", "unknown item 'temwork' (did you mean 'teamwork'?); give an item id or a number 1–3 ('items' lists them)"),
        ("goto 4", "unknown item '4'; give an item id or a number 1–3 ('items' lists them)"),
        ("goto", "goto needs an item: an id or a number 1–3, e.g. 'goto teamwork'"),
        ("prev", "this is the first item; use 'next' or 'goto ITEM' to move on"),
        ("items now", "'items' takes no arguments (got 'now'); see 'help items'"),
        ("show a b", "unknown item 'a'; give an item id or a number 1–3 ('items' lists them)"),
        ("show teamwork b", "too many arguments to 'show' ('b'); see 'help show'"),
        ("help nope", "no command 'nope' (did you mean 'note'?); 'help' lists the commands"),
        ("panel add", "panel add needs a name, e.g. 'panel add Chloé hr'"),
        ("panel add ana", "ana is already on the panel; give each panelist once"),
        ("panel add Dan hrr", "unknown role 'hrr' for Dan (did you mean 'hr'?) (roles: chair, member, hr)"),
        ("panel drop Ana", "'panel' lists the panel, 'panel add NAME [ROLE]' adds to it and 'panel remove NAME' removes from it; 'drop' is none of these"),
        ("show \"teamwork", "a quote is not closed; close it or remove it"),
    ])
    func badInputGetsAClearErrorAndStatus1(line: String, message: String) throws {
        let result = try runScript(line + "\n")
        result.expectRefused(message)
        #expect(withoutResumeHint(result.output) == "")
    }

    @Test func errorsNameTheInputLineAndTheShellGoesOn() throws {
        let result = try runScript("# a comment\nnext\nbogus\nnext\n")
        #expect(result.status == 1)
        #expect(result.errors == "error: line 3: unknown command 'bogus'; 'help' lists the commands\n")
        #expect(result.shell.state.currentItem == 2)
    }

    @Test func bailStopsAtTheFirstError() throws {
        let result = try runScript("bogus\nnext\n", options: ShellOptions(bail: true))
        #expect(result.status == 1)
        #expect(result.shell.state.currentItem == 0)
    }

    @Test func echoPrintsEachCommandFirst() throws {
        let result = try runScript("next\n", options: ShellOptions(echo: true))
        #expect(withoutResumeHint(result.output) == "next\nTeamwork (teamwork) · core competency, level 2 · 2/3\n  Works with others.\n  Ask: Tell us about a team you worked in.\n")
    }

    @Test func quitStopsReading() throws {
        let result = try runScript("quit\nbogus\n")
        #expect(result.status == 0)
        #expect(result.errors == "")
    }

    @Test func panelAddTakesQuotedNamesAndATrailingRole() throws {
        let result = try runScript("panel add \"Chloé Martin\" hr\npanel add Dan Ortiz\npanel\n")
        #expect(result.errors == "")
        #expect(withoutResumeHint(result.output) == """
            Added Chloé Martin (hr) to the panel.
            Added Dan Ortiz (member) to the panel.
            Panel (4; this assessment expects at least 3):
              Ana           chair     ← recording
              Ben           member
              Chloé Martin  hr
              Dan Ortiz     member

            """)
    }

    @Test func helpListsEveryCommandAndExplainsOne() throws {
        let result = try runScript("help\nhelp goto\n")
        #expect(result.output.hasPrefix("Commands:\n  help [COMMAND]  "))
        for name in ["items", "show [ITEM]", "next", "prev", "goto ITEM", "panel | panel add NAME [ROLE]", "quit"] {
            #expect(result.output.contains("\n  \(name)"), "\(name)")
        }
        #expect(withoutResumeHint(result.output).hasSuffix("""
            usage: goto ITEM
              Moves to the item with that id (as 'items' lists them) or number, and shows it
              as 'next' does.
            example: goto communication

            """))
    }
}

@Suite struct ShellCompletionTests {
    func complete(_ line: String) throws -> Completion {
        try runScript("").shell.complete(line)
    }

    @Test func completesCommandNames() throws {
        #expect(try complete("hel").insertion == "p ")
        #expect(try complete("").listing.contains("goto"))
    }

    @Test func completesItemsAfterShowAndGoto() throws {
        #expect(try complete("show te").insertion == "amwork ")
        #expect(try complete("goto c").insertion == "ommunication ")
        #expect(try complete("goto ").listing == ["integrity", "teamwork", "communication"])
    }

    @Test func completesPanelSubcommandAndRoles() throws {
        #expect(try complete("panel a").insertion == "dd ")
        #expect(try complete("panel add Dan h").insertion == "r ")
    }

    @Test func completesCommandNamesForHelp() throws {
        #expect(try complete("help go").insertion == "to ")
    }
}
