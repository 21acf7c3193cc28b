import Foundation
import NIOCore
import NIOSSH
import Synchronization
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// One SSH session channel of a signed-in panelist: a pseudo-terminal, the panelist's
/// terminal process on it, and the bytes relayed both ways. Exec, subsystem, environment
/// and any other requests are refused; a session without a terminal is told to use `ssh -t`.
final class TerminalChannel: ChannelInboundHandler {
    typealias InboundIn = SSHChannelData
    typealias OutboundOut = SSHChannelData

    let connection: Connection
    private var terminal: PseudoTerminal?
    private var term = "vt100"
    private var started = false
    private var process: TerminalProcess?
    /// Keystrokes on their way to the terminal, written off the event loop in order.
    private let keystrokes = DispatchQueue(label: "assess.keystrokes")
    private let backlog = Backlog()
    /// Keystrokes not yet taken by the terminal beyond which more are dropped.
    static let maxBacklog = 64 * 1024

    init(connection: Connection) { self.connection = connection }

    func handlerAdded(context: ChannelHandlerContext) {
        _ = context.channel.setOption(ChannelOptions.allowRemoteHalfClosure, value: true)
    }

    private func reply(_ ok: Bool, wantReply: Bool, context: ChannelHandlerContext) {
        guard wantReply else { return }
        if ok {
            context.channel.triggerUserOutboundEvent(ChannelSuccessEvent(), promise: nil)
        } else {
            context.channel.triggerUserOutboundEvent(ChannelFailureEvent(), promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        let who = connection.login ?? "?"
        switch event {
        case let request as SSHChannelRequestEvent.PseudoTerminalRequest:
            // One terminal per connection: a second session channel gets none.
            guard terminal == nil, !started, connection.claimTerminal() else { return reply(false, wantReply: request.wantReply, context: context) }
            terminal = PseudoTerminal(columns: request.terminalCharacterWidth, rows: request.terminalRowHeight)
            term = request.term
            reply(terminal != nil, wantReply: request.wantReply, context: context)
        case let request as SSHChannelRequestEvent.ShellRequest:
            guard !started, let visitor = connection.visitor else { return reply(false, wantReply: request.wantReply, context: context) }
            started = true
            reply(true, wantReply: request.wantReply, context: context)
            guard let terminal else {
                connection.log("refused \(who) from \(connection.address): no terminal asked for")
                return finish(context.channel, message: "assess host serves an interactive terminal: connect with 'ssh -t'.\r\n", status: 1)
            }
            start(visitor: visitor, terminal: terminal, channel: context.channel)
        case let request as SSHChannelRequestEvent.WindowChangeRequest:
            // Never on a master already closed (its number may be another session's by now).
            guard let terminal else { return }
            backlog.withLock { state in
                if !state.masterClosed { terminal.resize(columns: request.terminalCharacterWidth, rows: request.terminalRowHeight) }
            }
        case let request as SSHChannelRequestEvent.ExecRequest:
            connection.log("refused exec from \(who) at \(connection.address)")
            reply(false, wantReply: request.wantReply, context: context)
        case let request as SSHChannelRequestEvent.SubsystemRequest:
            connection.log("refused subsystem \(request.subsystem) from \(who) at \(connection.address)")
            reply(false, wantReply: request.wantReply, context: context)
        case let request as SSHChannelRequestEvent.EnvironmentRequest:
            reply(false, wantReply: request.wantReply, context: context)
        case ChannelEvent.inputClosed:
            hangUp()
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        guard message.type == .channel, case .byteBuffer(let bytes) = message.data, let terminal, process != nil else { return }
        connection.touch()
        let size = bytes.readableBytes
        let accepted = backlog.withLock { state -> Bool in
            guard !state.closed, state.bytes + size <= Self.maxBacklog else { return false }
            state.bytes += size
            return true
        }
        guard accepted else {
            if backlog.withLock({ state in defer { state.warned = true }; return !state.warned && !state.closed }) {
                connection.log("dropped keystrokes from \(connection.login ?? "?"): more than \(Self.maxBacklog) bytes waiting")
            }
            return
        }
        keystrokes.async { [backlog] in
            defer { backlog.withLock { $0.bytes -= size } }
            guard !backlog.withLock({ $0.closed }) else { return }
            var remaining = Array(bytes.readableBytesView)[...]
            while !remaining.isEmpty {
                let written = remaining.withUnsafeBytes { Glibc.write(terminal.master, $0.baseAddress!, $0.count) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                remaining = remaining.dropFirst(written)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        hangUp()
        if !started, let terminal {
            close(terminal.master)
            close(terminal.slave)
        }
        context.fireChannelInactive()
    }

    /// The client went away: the terminal process is hung up on, as a terminal's would be,
    /// and killed if it has not gone in two seconds. The relay then closes the rest.
    private func hangUp() {
        guard let pid = process?.pid else { return }
        // Signals only while the process is known not to be reaped (its pid not reused).
        backlog.withLock { if !$0.closed { kill(pid, SIGHUP) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 2) { [backlog] in
            backlog.withLock { if !$0.closed { kill(pid, SIGKILL) } }
        }
    }

    private func start(visitor: PanelServer.Visitor, terminal: PseudoTerminal, channel: Channel) {
        var pair: [Int32] = [-1, -1]
        let process: TerminalProcess
        do throws(TerminalProcess.Failure) {
            guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
                throw TerminalProcess.Failure(code: errno)
            }
            process = try TerminalProcess(program: connection.configuration.terminalProgram, terminal: terminal, link: pair[1], term: term)
        } catch {
            for descriptor in pair + [terminal.master, terminal.slave] where descriptor >= 0 { close(descriptor) }
            self.terminal = nil
            connection.log("could not start a terminal for \(visitor.login): \(String(cString: strerror(error.code)))")
            return finish(channel, message: "The host could not start your terminal; tell the chair.\r\n", status: 1)
        }
        self.process = process
        close(pair[1])
        close(terminal.slave)
        let serve = connection.configuration.serve
        let link = pair[0]
        Thread.detachNewThread { serve(visitor, link) }
        // The relay: terminal to client, with blocking reads off the event loop. It ends when
        // the terminal process has gone (the master then reads EIO).
        let master = terminal.master
        TerminalProcesses.shared.add(process.pid)
        Thread.detachNewThread { [backlog, keystrokes] in
            var buffer = [UInt8](repeating: 0, count: 16384)
            while true {
                let count = read(master, &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                var bytes = channel.allocator.buffer(capacity: count)
                bytes.writeBytes(buffer[0..<count])
                // Waits until the bytes are on their way: a client that reads nothing holds up
                // its own terminal (and then its own outbox), not the host's memory.
                _ = try? channel.writeAndFlush(SSHChannelData(type: .channel, data: .byteBuffer(bytes))).wait()
            }
            // Gone, but not reaped yet: no signal is sent from here on, then it is reaped.
            var info = siginfo_t()
            while waitid(P_PID, id_t(process.pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
            backlog.withLock { $0.closed = true }
            var status: Int32 = 0
            while waitpid(process.pid, &status, 0) < 0 && errno == EINTR {}
            keystrokes.async { backlog.withLock { state in
                state.masterClosed = true
                close(master)
            } }
            channel.eventLoop.execute {
                channel.triggerUserOutboundEvent(SSHChannelRequestEvent.ExitStatus(exitStatus: 0), promise: nil)
                channel.close(promise: nil)
            }
            TerminalProcesses.shared.remove(process.pid)
        }
    }

    /// Says `message` and ends the session with `status`.
    private func finish(_ channel: Channel, message: String, status: Int) {
        var bytes = channel.allocator.buffer(capacity: message.utf8.count)
        bytes.writeString(message)
        channel.writeAndFlush(SSHChannelData(type: .channel, data: .byteBuffer(bytes))).whenComplete { _ in
            channel.triggerUserOutboundEvent(SSHChannelRequestEvent.ExitStatus(exitStatus: status), promise: nil)
            channel.close(promise: nil)
        }
    }
}

/// What waits to be written to a terminal, shared by the event loop, the writer and the relay.
final class Backlog: Sendable {
    struct State {
        var bytes = 0
        /// The terminal has gone: nothing more is written.
        var closed = false
        /// The drop of keystrokes was logged.
        var warned = false
        /// The pseudo-terminal's master is closed: no more resizes.
        var masterClosed = false
    }

    private let state = Mutex(State())

    func withLock<Result>(_ body: (inout State) -> Result) -> Result { state.withLock { body(&$0) } }
}

/// The terminal processes running, so that stopping the host ends them before the event
/// loop their relays report to is gone.
final class TerminalProcesses: Sendable {
    static let shared = TerminalProcesses()
    private let running = Mutex(Set<pid_t>())

    func add(_ pid: pid_t) { running.withLock { _ = $0.insert(pid) } }
    func remove(_ pid: pid_t) { running.withLock { _ = $0.remove(pid) } }
    var count: Int { running.withLock { $0.count } }

    /// Hangs up on every one still running (their relays then end).
    func hangUpAll() {
        running.withLock { for pid in $0 { kill(pid, SIGHUP) } }
    }
}
