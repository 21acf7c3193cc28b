#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// True when standard input is a terminal: the shell is then interactive.
public func standardInputIsTerminal() -> Bool { isatty(STDIN_FILENO) == 1 }

/// True when standard output is a terminal (colour and widths may be used).
public func standardOutputIsTerminal() -> Bool { isatty(STDOUT_FILENO) == 1 }

/// The terminal's width in columns, or 80 when it can't be told.
public func terminalWidth() -> Int {
    terminalSize()?.columns ?? 80
}

/// The size of the terminal on standard output (rows 0 where only the width is known), or
/// nil when it can't be told.
public func terminalSize() -> (rows: Int, columns: Int)? {
    var size = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
    return (Int(size.ws_row), Int(size.ws_col))
}

/// Ctrl-C outside line editing (while a command runs) sets a flag instead of killing the
/// shell; long-running commands poll it to stop early.
public enum Interrupts {
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0

    /// Installs the SIGINT handler. Call once, for interactive sessions.
    public static func install() {
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = { _ in Interrupts.flag = 1 }
        #else
        action.__sigaction_u.__sa_handler = { _ in Interrupts.flag = 1 }
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }

    /// Returns whether Ctrl-C was pressed since the last call, and clears it.
    public static func take() -> Bool {
        defer { flag = 0 }
        return flag != 0
    }
}
