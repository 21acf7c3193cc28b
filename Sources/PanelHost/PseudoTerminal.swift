import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

@_silgen_name("posix_openpt") private func posix_openpt(_ flags: Int32) -> Int32
@_silgen_name("grantpt") private func grantpt(_ fd: Int32) -> Int32
@_silgen_name("unlockpt") private func unlockpt(_ fd: Int32) -> Int32
@_silgen_name("ptsname_r") private func ptsname_r(_ fd: Int32, _ buffer: UnsafeMutablePointer<CChar>, _ length: Int) -> Int32

/// A server-side pseudo-terminal, as sshd makes for a session: the host keeps the master,
/// the panelist's terminal process gets the slave.
struct PseudoTerminal {
    let master: Int32
    let slave: Int32

    /// Opens one at the client's size; nil if the system has none to give.
    init?(columns: Int, rows: Int) {
        // posix_openpt and friends: openpty lives in libutil, which Glibc's module does not export.
        let master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { return nil }
        var name = [CChar](repeating: 0, count: 128)
        guard grantpt(master) == 0, unlockpt(master) == 0, ptsname_r(master, &name, name.count) == 0 else {
            close(master)
            return nil
        }
        let slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard slave >= 0 else {
            close(master)
            return nil
        }
        (self.master, self.slave) = (master, slave)
        resize(columns: columns, rows: rows)
    }

    /// The largest size passed on: libedit keeps buffers per cell, and a client asking for
    /// 65535 × 65535 made a terminal process grow by gigabytes.
    static let maxColumns = 1000, maxRows = 1000

    /// The client's new size; the kernel tells the terminal's process (SIGWINCH).
    func resize(columns: Int, rows: Int) {
        var size = winsize(ws_row: UInt16(min(max(rows, 0), Self.maxRows)), ws_col: UInt16(min(max(columns, 0), Self.maxColumns)),
                           ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }
}

/// A panelist's terminal process: `program` (its path, then its arguments after argv[0],
/// which is `assess`) in a session of its own, the pseudo-terminal's slave on 0, 1 and 2 and
/// `link` on 3, and an environment of only TERM and a UTF-8 locale (nothing of the host's,
/// and no ~/.editrc of the host's user).
struct TerminalProcess {
    let pid: pid_t

    struct Failure: Error {
        let code: Int32
    }

    init(program: [String], terminal: PseudoTerminal, link: Int32, term: String) throws(Failure) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for target in Int32(0)...2 { posix_spawn_file_actions_adddup2(&actions, terminal.slave, target) }
        posix_spawn_file_actions_adddup2(&actions, link, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A session of its own (POSIX_SPAWN_SETSID), default signal handling.
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(0x80 | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        // The client's TERM names a terminfo entry: a plain name, or a plain default.
        let safeTerm = term.count <= 64 && !term.isEmpty && !term.hasPrefix(".")
            && term.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.+".contains($0)) }) ? term : "vt100"
        let environment: [String] = ["TERM=" + safeTerm, "LANG=C.UTF-8", "LC_ALL=C.UTF-8"]
        let argv: [UnsafeMutablePointer<CChar>?] = (["assess"] + program.dropFirst()).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, program[0], &actions, &attributes, argv, envp)
        guard code == 0 else { throw Failure(code: code) }
        self.pid = pid
    }
}
