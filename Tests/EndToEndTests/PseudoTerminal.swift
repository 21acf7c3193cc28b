#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Testing

/// The built `assess` binary: beside the test runner in the build products folder
/// (e.g. `.build-pty/x86_64-unknown-linux-gnu/debug/`), else `<package>/.build/debug/assess`.
func assessBinary() -> String {
    var candidates: [String] = []
    if let runner = CommandLine.arguments.first, let slash = runner.lastIndex(of: "/") {
        candidates.append(String(runner[..<slash]) + "/assess")
    }
    var root = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    root.removeLast(3)  // Tests/EndToEndTests/PseudoTerminal.swift
    candidates.append(root.joined(separator: "/") + "/.build/debug/assess")
    return candidates.first { access($0, X_OK) == 0 } ?? candidates[candidates.count - 1]
}

/// What can go wrong while setting up a pseudo-terminal session.
/// The text of a NUL-terminated C buffer.
private func string(fromCString buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

enum PseudoTerminalError: Error, CustomStringConvertible {
    case missingBinary(String)
    case system(String, errno: Int32)

    var description: String {
        switch self {
        case .missingBinary(let path):
            return "no executable at \(path); build it first with 'swift build --build-tests'"
        case .system(let call, let code):
            return "\(call) failed: \(String(cString: strerror(code)))"
        }
    }
}

/// Runs a program on the slave side of a fresh pseudo-terminal, as a session leader whose
/// controlling terminal is that slave, so line editing, Tab, Ctrl-C and Ctrl-D behave as
/// they do for a person at a terminal. Everything the program writes is kept, raw
/// (escape codes included), in `bytes`.
///
/// Timeouts are safety nets only: nothing here measures how long anything takes.
final class PseudoTerminal {
    static let defaultTimeout: Duration = .seconds(20)

    let pid: pid_t
    /// The session's `HOME`, kept alive (and on disk) as long as the session.
    let home: TemporaryDirectory
    private let master: Int32
    private(set) var bytes: [UInt8] = []
    /// True once the master reports end of output (EIO or EOF: every slave is closed).
    private(set) var outputEnded = false
    private var exitStatus: Int32?

    /// Starts `executable` with `arguments` in `directory` (default: `home`). The environment
    /// is fixed — `TERM`, `HOME`, `PATH`, `LANG=C.UTF-8`, `ASSESS_TRANSCRIPTS` inside `home`,
    /// no `ASSESS_HISTORY` — plus `environment`, which wins on a clash.
    init(executable: String = assessBinary(), arguments: [String], home: TemporaryDirectory, directory: String? = nil,
         environment: [String: String] = [:], rows: UInt16 = 40, columns: UInt16 = 120) throws {
        guard access(executable, X_OK) == 0 else { throw PseudoTerminalError.missingBinary(executable) }

        var master: Int32 = -1
        var slave: Int32 = -1
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else {
            throw PseudoTerminalError.system("openpty", errno: errno)
        }
        // Processes other tests start at the same time must not inherit either side.
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        _ = fcntl(slave, F_SETFD, FD_CLOEXEC)
        defer { close(slave) }  // the child has its own copies once spawned
        var nameBuffer = [CChar](repeating: 0, count: 256)
        let nameResult = ttyname_r(slave, &nameBuffer, nameBuffer.count)
        guard nameResult == 0 else {
            close(master)
            throw PseudoTerminalError.system("ttyname_r", errno: nameResult)
        }
        let slavePath = string(fromCString: nameBuffer)
        guard let addChdir = Self.addChdir else {
            close(master)
            throw PseudoTerminalError.system("posix_spawn_file_actions_addchdir_np (glibc 2.29+)", errno: ENOSYS)
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addclose(&actions, master)
        posix_spawn_file_actions_addclose(&actions, slave)
        // Opened after setsid() and without O_NOCTTY, so it becomes the controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        _ = addChdir(&actions, directory ?? home.path)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGQUIT, SIGPIPE, SIGHUP, SIGTSTP, SIGTTIN, SIGTTOU, SIGCHLD] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        let setsid: Int32 = 0x80  // POSIX_SPAWN_SETSID (glibc 2.26+), not always imported
        // With setsid(1) available it starts the session itself (it would fork if it already led one).
        let startsSession = access("/usr/bin/setsid", X_OK) != 0
        posix_spawnattr_setflags(&attributes, Int16((startsSession ? setsid : 0) | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var variables = [
            "TERM": "xterm-256color",
            "HOME": home.path,
            "PATH": getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "ASSESS_TRANSCRIPTS": home.path + "/Transcripts",
        ]
        variables.merge(environment) { $1 }
        // setsid(1) -c makes the pseudo-terminal the child's controlling terminal for certain
        // (TIOCSCTTY), so Ctrl-C typed while a command runs arrives as SIGINT, as at a real
        // terminal. It execs in place, so the pid stays the child's.
        let launcher = access("/usr/bin/setsid", X_OK) == 0 ? "/usr/bin/setsid" : executable
        let argv = (launcher == executable ? [executable] + arguments : ["setsid", "-c", executable] + arguments).map { strdup($0) } + [nil]
        let envp = variables.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }

        var child: pid_t = 0
        let result = posix_spawn(&child, launcher, &actions, &attributes, argv, envp)
        guard result == 0 else {
            close(master)
            throw PseudoTerminalError.system("posix_spawn", errno: result)
        }
        let flags = fcntl(master, F_GETFL)
        _ = fcntl(master, F_SETFL, flags | O_NONBLOCK)
        self.master = master
        self.pid = child
        self.home = home
    }

    /// glibc's `posix_spawn_file_actions_addchdir_np`, which Swift doesn't import (it is a GNU
    /// extension), looked up at run time.
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?,
                                                 UnsafePointer<CChar>?) -> Int32
    private static let addChdir: AddChdir? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        }
        close(master)
    }

    /// Everything written so far, decoded as UTF-8 (escape codes and all).
    var output: String { String(decoding: bytes, as: UTF8.self) }

    /// The output so far with control characters made visible, for failure messages.
    var visibleOutput: String {
        var text = ""
        for scalar in output.unicodeScalars {
            switch scalar {
            case "\u{1b}": text += "␛"
            case "\r": text += "\\r"
            case "\n": text += "\\n\n"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f:
                text += "\\u{\(String(scalar.value, radix: 16))}"
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text
    }

    /// Where the output ends now: pass it to `waitFor(_:after:)` to look only at what comes later.
    var mark: Int { bytes.count }

    /// Types `text` at the terminal.
    func send(_ text: String) {
        var pending = Array(text.utf8)[...]
        while !pending.isEmpty {
            let written = pending.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if written > 0 {
                pending = pending.dropFirst(written)
            } else if written < 0 && (errno == EINTR || errno == EAGAIN) {
                pump(milliseconds: 10)  // the child may be blocked writing to us
            } else {
                return  // the child has gone; tests notice through what they wait for
            }
        }
    }

    /// The offset just past the first `needle` after `mark`, if the output holds one yet.
    func offset(of needle: String, after mark: Int = 0) -> Int? {
        let needle = Array(needle.utf8)
        return find(needle, after: mark).map { $0 + needle.count }
    }

    /// Reads until `needle` appears in the output after byte offset `mark`; false if the
    /// output ends or `timeout` passes first.
    func waitFor(_ needle: String, after mark: Int = 0, timeout: Duration = PseudoTerminal.defaultTimeout) -> Bool {
        let needle = Array(needle.utf8)
        let deadline = ContinuousClock.now + timeout
        while true {
            if find(needle, after: mark) != nil { return true }
            if outputEnded || ContinuousClock.now >= deadline { return false }
            pump(milliseconds: 50)
        }
    }

    /// True while the terminal is in raw mode (no canonical line editing, no echo by the
    /// terminal): a line editor is then reading keys one by one. On Linux the master reports
    /// the slave's settings.
    var isRaw: Bool {
        var settings = termios()
        guard tcgetattr(master, &settings) == 0 else { return false }
        return settings.c_lflag & tcflag_t(ICANON | ECHO) == 0
    }

    /// Reads until the terminal is in raw mode; false if the output ends or `timeout` passes.
    ///
    /// libedit prints its prompt while the terminal is still cooked and switches to raw mode
    /// only when it reads the first key, so a key sent as soon as the prompt shows can reach
    /// the cooked terminal: echoed twice, Ctrl-D taken as end of file, Ctrl-C sent as SIGINT.
    /// Wait for the prompt, then for this, before typing.
    func waitForRawMode(timeout: Duration = PseudoTerminal.defaultTimeout) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if isRaw { return true }
            if outputEnded || ContinuousClock.now >= deadline { return false }
            pump(milliseconds: 5)
        }
    }

    /// Reads until libedit has handed the terminal back (cooked, with signals): a command is
    /// running, so Ctrl-C now arrives as SIGINT. False if the output ends or `timeout` passes.
    func waitForCookedMode(timeout: Duration = PseudoTerminal.defaultTimeout) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if !isRaw { return true }
            if outputEnded || ContinuousClock.now >= deadline { return false }
            pump(milliseconds: 5)
        }
    }

    /// Waits for the child to exit, reading its output meanwhile; returns its exit status
    /// (128 + the signal if a signal ended it), or nil if it was still running at `timeout`
    /// — it is then killed.
    func waitForExit(timeout: Duration = PseudoTerminal.defaultTimeout) -> Int32? {
        if let exitStatus { return exitStatus }
        let deadline = ContinuousClock.now + timeout
        while true {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                pump(milliseconds: 0)
                let signal = status & 0x7f
                let decoded = signal == 0 ? (status >> 8) & 0xff : 128 + signal
                exitStatus = decoded
                return decoded
            }
            if result == -1 && errno != EINTR { return nil }
            if ContinuousClock.now >= deadline {
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                exitStatus = 128 + SIGKILL
                return nil
            }
            if outputEnded {
                usleep(10_000)
            } else {
                pump(milliseconds: 10)
            }
        }
    }

    /// Reads whatever the master has, waiting up to `milliseconds` for the first bytes.
    private func pump(milliseconds: Int32) {
        guard !outputEnded else { return }
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, milliseconds)
        guard ready > 0 else { return }  // timeout, or EINTR: the caller loops
        // EAGAIN: all read for now. End of file or EIO: every slave descriptor is closed, the child is gone.
        if Self.drain(master, into: &bytes) != EAGAIN { outputEnded = true }
    }

    private func find(_ needle: [UInt8], after mark: Int) -> Int? {
        var start = max(0, mark)
        guard !needle.isEmpty else { return start }
        while start + needle.count <= bytes.count {
            if bytes[start] == needle[0] && bytes[start..<start + needle.count].elementsEqual(needle) { return start }
            start += 1
        }
        return nil
    }
}

extension PseudoTerminal {
    /// A fresh folder under `$TMPDIR` (or /tmp), removed with everything in it when released.
    final class TemporaryDirectory {
        let path: String

        init() throws {
            let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
            var template = Array((base + "/assess-pty-XXXXXX").utf8CString)
            guard mkdtemp(&template) != nil else { throw PseudoTerminalError.system("mkdtemp", errno: errno) }
            path = string(fromCString: template)
        }

        deinit { Self.remove(path) }

        private static func remove(_ path: String) {
            var info = stat()
            guard lstat(path, &info) == 0 else { return }
            if info.st_mode & S_IFMT == S_IFDIR, let directory = opendir(path) {
                while let entry = readdir(directory) {
                    var entryName = entry.pointee.d_name
                    let capacity = MemoryLayout.size(ofValue: entryName)
                    let name = withUnsafePointer(to: &entryName) { tuple in
                        tuple.withMemoryRebound(to: CChar.self, capacity: capacity) { String(cString: $0) }
                    }
                    if name != "." && name != ".." { remove(path + "/" + name) }
                }
                closedir(directory)
                rmdir(path)
            } else {
                unlink(path)
            }
        }
    }

    /// A file's bytes, or nil if it can't be read.
    static func contents(of path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var result: [UInt8] = []
        return drain(descriptor, into: &result) == 0 ? result : nil
    }

    /// Reads `descriptor` into `bytes` until end of file (returns 0) or an error other than
    /// EINTR (returns its errno; EAGAIN when a non-blocking descriptor has nothing more yet).
    static func drain(_ descriptor: Int32, into bytes: inout [UInt8]) -> Int32 {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes += buffer[..<count]
            } else if count == 0 {
                return 0
            } else if errno != EINTR {
                return errno
            }
        }
    }

    /// A file's permission bits (e.g. 0o600), or nil if it doesn't exist.
    static func permissions(of path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o7777
    }
}
