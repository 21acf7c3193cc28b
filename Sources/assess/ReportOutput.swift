import ArgumentParser
import AssessShell
import AssessmentKit
import Foundation

/// Writes `text` whole to standard output. A closed pipe (`| head`) is not worth an error;
/// anything else (a full disk) fails the command with a message naming `what` was written.
func writeStandardOutput(_ text: String, what: String) throws {
    do throws(SystemError) { try Platform.writeAll(STDOUT_FILENO, text) } catch {
        if error.code != EPIPE { throw fail("cannot write the \(what): \(error)") }
    }
}

/// `--format text|markdown|csv|json|html`, by the raw values.
extension ReportFormat: ExpressibleByArgument {}

/// `--format` and `--output`, shared by the report commands.
struct ReportOutputOptions: ParsableArguments {
    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @Option(help: ArgumentHelp("Write to this new file (mode 0600) instead of standard output.", valueName: "FILE"))
    var output: String?

    @OptionGroup var paging: PagerOption

    /// Writes the report to the file or standard output as `render` hands it over in pieces
    /// (see `SummaryReport.render(_:as:…:to:)`); colour only for text at a terminal without NO_COLOR,
    /// and text at a terminal through the pager.
    func write(_ render: (_ color: Bool, _ out: (String) -> Void) -> Void) throws {
        var failure: SystemError?
        func piecewise(_ descriptor: Int32) -> (String) -> Void {
            { piece in
                guard failure == nil else { return }
                do throws(SystemError) { try Platform.writeAll(descriptor, piece) } catch { failure = error }
            }
        }
        if let output {
            // Reports hold personal data: created new and private, never replacing a file (a
            // transcript, say) or following a link; of two writers to one path, one fails.
            do {
                try Platform.writePrivateFile(output) { descriptor throws(SystemError) in
                    render(false, piecewise(descriptor))
                    if let failure { throw failure }
                }
            } catch .exists {
                throw fail("\(output) already exists; give a new file name, or remove the old file first")
            } catch {
                throw fail("\(error)")
            }
            return
        }
        let color = format == .text && isatty(STDOUT_FILENO) == 1 && (environment["NO_COLOR"] ?? "").isEmpty
        if format == .text, let pager = Pager(environment: environment, enabled: !paging.noPager) {
            let paged = pager.open()
            render(color, paged.write)
            failure = paged.finish()
        } else {
            render(color, piecewise(STDOUT_FILENO))
        }
        // A closed pipe (`| head`) is not worth an error; anything else is.
        if let failure, failure.code != EPIPE { throw fail("cannot write the report: \(failure)") }
    }
}
