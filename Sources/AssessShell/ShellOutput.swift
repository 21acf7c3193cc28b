#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the shell writes: normal output and errors. Tests capture both.
public protocol ShellOutput: AnyObject {
    func write(_ text: String)
    func writeError(_ text: String)
}

/// Standard output and standard error, written straight to the file descriptors so nothing
/// waits in a buffer.
public final class StandardOutput: ShellOutput {
    public init() {}

    public func write(_ text: String) { writeAll(text, to: STDOUT_FILENO) }
    public func writeError(_ text: String) { writeAll(text, to: STDERR_FILENO) }
}

/// Writes every byte of `text`, retrying after interruptions and short writes.
func writeAll(_ text: String, to descriptor: Int32) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let written = bytes.withUnsafeBytes { writeBytes(descriptor, $0.baseAddress, $0.count) }
        if written < 0 {
            if errno == EINTR { continue }
            return
        }
        bytes = bytes.dropFirst(written)
    }
}

/// Collects output in memory (for tests and for building text).
public final class CapturedOutput: ShellOutput {
    public private(set) var output = ""
    public private(set) var errors = ""

    public init() {}

    public func write(_ text: String) { output += text }
    public func writeError(_ text: String) { errors += text }
}

private func writeBytes(_ descriptor: Int32, _ pointer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(descriptor, pointer, count)
    #else
    return Darwin.write(descriptor, pointer, count)
    #endif
}
