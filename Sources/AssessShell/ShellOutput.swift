import AssessmentKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the shell writes: normal output and errors. Tests capture both.
public protocol ShellOutput: AnyObject {
    func write(_ text: String)
    func writeError(_ text: String)
    /// Output that may be longer than the screen (help, status, summary): paged at a terminal.
    func writeLong(_ text: String)
}

extension ShellOutput {
    public func writeLong(_ text: String) { write(text) }
}

/// Standard output and standard error, written straight to the file descriptors so nothing
/// waits in a buffer. The shells print no escape codes of their own, so every control
/// character but the line break is shown visibly (`SafeText`): whatever a transcript holds,
/// a resumed or replayed interview cannot steer the terminal.
public final class StandardOutput: ShellOutput {
    /// Where long output goes at a terminal; nil writes it straight out.
    public var pager: Pager?

    public init(pager: Pager? = nil) { self.pager = pager }

    public func write(_ text: String) { writeAll(text, to: STDOUT_FILENO) }
    public func writeError(_ text: String) { writeAll(text, to: STDERR_FILENO) }

    public func writeLong(_ text: String) {
        guard let pager else { return write(text) }
        pager.show(SafeText.visibleLines(text))
    }
}

/// Writes every byte of `text`, made visible (see `Platform.writeAll`); a closed pipe drops the rest.
func writeAll(_ text: String, to descriptor: Int32) {
    try? Platform.writeAll(descriptor, SafeText.visibleLines(text))
}

/// Collects output in memory (for tests and for building text).
public final class CapturedOutput: ShellOutput {
    public private(set) var output = ""
    public private(set) var errors = ""

    public init() {}

    public func write(_ text: String) { output += text }
    public func writeError(_ text: String) { errors += text }
}
