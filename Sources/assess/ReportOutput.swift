import ArgumentParser
import AssessmentKit
import Foundation

/// The report formats of `summary` and `compare`.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, csv, json, html

    var kit: AssessmentKit.ReportFormat { AssessmentKit.ReportFormat(rawValue: rawValue) ?? .text }
}

/// `--format` and `--output`, shared by the report commands.
struct ReportOutputOptions: ParsableArguments {
    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @Option(help: ArgumentHelp("Write to this new file (mode 0600) instead of standard output.", valueName: "FILE"))
    var output: String?

    /// Writes the report to the file or standard output; colour only for text at a terminal without NO_COLOR.
    func write(_ render: (_ color: Bool) -> String) throws {
        if let output {
            // Reports hold personal data: created new and private, never replacing a file (a
            // transcript, say) or following a link; of two writers to one path, one fails.
            do {
                try Platform.writePrivateFile(output, render(false).utf8)
            } catch .exists {
                throw fail("\(output) already exists; give a new file name, or remove the old file first")
            } catch {
                throw fail("\(error)")
            }
            return
        }
        let color = format == .text && isatty(STDOUT_FILENO) == 1 && (environment["NO_COLOR"] ?? "").isEmpty
        FileHandle.standardOutput.write(Data(render(color).utf8))
    }
}
