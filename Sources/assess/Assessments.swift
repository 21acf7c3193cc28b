import ArgumentParser
import AssessmentKit

struct Assessments: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assessments",
        abstract: "List, show and validate assessment definitions.",
        subcommands: [List.self, Show.self, Validate.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the assessments found in the search path and built in.")

        @OptionGroup var lookup: AssessmentLookupOptions

        func run() throws {
            let catalog = lookup.catalog
            var rows: [DefinitionReport.CatalogRow] = []
            for entry in catalog.entries() {
                do {
                    rows.append(.init(entry: entry, assessment: try catalog.assessment(entry.path).0, problem: nil))
                } catch {
                    rows.append(.init(entry: entry, assessment: nil, problem: "has errors: run 'assess assessments validate \(entry.path)'"))
                }
            }
            sayLines(DefinitionReport.catalog(rows), terminator: "")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show an assessment: vacancy, items, method, languages, panel and rules.")

        @Argument(help: ArgumentHelp("Assessment name or path.", valueName: "NAME"))
        var name: String

        @OptionGroup var lookup: AssessmentLookupOptions

        func run() throws {
            let (assessment, path) = try orFail { try lookup.catalog.assessment(name) }
            sayLines(DefinitionReport.describe(assessment, path: path), terminator: "")
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check framework and assessment files; report every problem as file:line:column.",
            discussion: "Exits 1 if any file has a problem.")

        @Argument(help: ArgumentHelp("The YAML files to check.", valueName: "FILE"))
        var files: [String]

        @OptionGroup var lookup: AssessmentLookupOptions

        func validate() throws {
            if files.isEmpty { throw ValidationError("give at least one file, e.g. 'assess assessments validate Assessments/*.yaml'") }
        }

        func run() throws {
            var failed = false
            for file in files {
                do {
                    say(DefinitionReport.validated(try lookup.catalog.validate(file: file), path: file))
                } catch {
                    failed = true
                    if case .invalid(let definitionError) = error {
                        writeError(definitionError.description + "\n")
                    } else {
                        complain("\(error)")
                    }
                }
            }
            if failed { throw ExitCode.failure }
        }
    }
}
