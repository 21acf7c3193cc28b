import AssessmentKit
import Foundation
import NIOCore
import NIOPosix
import NIOSSH
import Synchronization

/// The SSH listener of `assess host`. It knows keys, connections, channels and terminals;
/// who may join and what they see are the caller's (`admit` and `serve`).
public final class PanelServer: Sendable {
    /// What the caller says to a sign-in whose key signature checked out.
    public enum Admission: Sendable {
        case admitted
        case refused(String)
    }

    /// A signed-in panelist's connection.
    public struct Visitor: Sendable {
        public var login: String
        /// The key's `SHA256:…` fingerprint.
        public var fingerprint: String
        /// Where from, `ADDR:PORT`.
        public var address: String
    }

    public struct Configuration: Sendable {
        public var hostKey: HostKey
        public var listen: ListenAddress
        /// Decides a sign-in: the login and the key's SSH wire encoding, signature checked.
        public var admit: @Sendable (_ login: String, _ key: [UInt8]) -> Admission
        /// Serves a signed-in panelist whose terminal process is at the other end of `link`
        /// (a socket, `TerminalLink`'s), on a thread of its own, until they leave; it owns `link`.
        public var serve: @Sendable (_ visitor: Visitor, _ link: Int32) -> Void
        /// The terminal process's program and arguments (it finds the pseudo-terminal on 0-2
        /// and `link` on 3).
        public var terminalProgram: [String]
        /// A connection with nothing from the client for this long is closed.
        public var idleTimeout: TimeAmount
        /// Receives the log, one line at a time (refusals, errors), from any thread.
        public var log: @Sendable (String) -> Void

        public init(hostKey: HostKey, listen: ListenAddress, admit: @escaping @Sendable (String, [UInt8]) -> Admission,
                    serve: @escaping @Sendable (Visitor, Int32) -> Void, terminalProgram: [String],
                    idleTimeout: TimeAmount = .minutes(30), log: @escaping @Sendable (String) -> Void) {
            (self.hostKey, self.listen, self.admit, self.serve, self.terminalProgram, self.idleTimeout, self.log)
                = (hostKey, listen, admit, serve, terminalProgram, idleTimeout, log)
        }
    }

    /// A client's first request is `none` (to learn the methods), then two per key it
    /// offers (the query, then the signed request): this lets a client try three keys.
    static let maxAuthenticationRequests = 1 + 2 * 3
    /// Connections open at once, signed in or not.
    static let maxConnections = 64

    let group: MultiThreadedEventLoopGroup
    let listener: Channel
    /// The port bound: the one asked for, or the one picked for port 0.
    public let port: Int

    /// Binds the listener; connections are served from then on.
    public init(_ configuration: Configuration) throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let open = openConnections
        let hostKey = configuration.hostKey.sshKey
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socket(SocketOptionLevel(SOL_SOCKET), SO_REUSEADDR), value: 1)
            .childChannelOption(ChannelOptions.socket(SocketOptionLevel(IPPROTO_TCP), TCP_NODELAY), value: 1)
            .childChannelInitializer { channel in
                let connection = Connection(address: channel.remoteAddress.map(Connection.describe) ?? "?", configuration: configuration)
                var server = SSHServerConfiguration(hostKeys: [hostKey], userAuthDelegate: PublicKeyDoor(connection: connection))
                server.maxAuthAttempts = Self.maxAuthenticationRequests
                // Beyond a panel's worth of connections (signed in or not), more are turned away.
                guard open.count < Self.maxConnections else {
                    connection.log("refused a connection from \(connection.address): \(Self.maxConnections) are open already")
                    return channel.close()
                }
                // NIOSSHHandler passes no channelInactive on: the close future sees the end.
                open.change(by: 1)
                channel.closeFuture.whenComplete { _ in
                    connection.ended()
                    open.change(by: -1)
                }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        IdleConnections(connection: connection, timeout: configuration.idleTimeout),
                        NIOSSHHandler(role: .server(server), allocator: channel.allocator, inboundChildChannelInitializer: { child, type in
                            guard case .session = type else {
                                connection.log("refused a \(Self.describe(type)) channel from \(connection.login ?? "?") at \(connection.address)")
                                return child.eventLoop.makeFailedFuture(ChannelError.operationUnsupported)
                            }
                            return child.eventLoop.makeCompletedFuture {
                                try child.pipeline.syncOperations.addHandler(TerminalChannel(connection: connection))
                            }
                        }),
                        ConnectionErrors(connection: connection),
                    ])
                }
            }
        do {
            listener = try bootstrap.bind(host: configuration.listen.host, port: configuration.listen.port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw PanelServerError.cannotListen(address: configuration.listen, reason: "\(error)")
        }
        port = listener.localAddress?.port ?? configuration.listen.port
    }

    /// Connections open now, signed in or not.
    let openConnections = OpenConnections()

    /// Blocks until the listener closes (`stop`).
    public func wait() throws {
        try listener.closeFuture.wait()
    }

    /// After `wait`: lets the connections still open finish (their exit status sent) for up
    /// to `grace` seconds, then closes what is left.
    public func shutDown(grace: Double = 3) {
        var deadline = Date().addingTimeInterval(grace)
        while openConnections.count > 0 && Date() < deadline { usleep(20_000) }
        // Terminals still running are hung up on, and their relays let finish, before the
        // event loop they report to goes.
        TerminalProcesses.shared.hangUpAll()
        deadline = Date().addingTimeInterval(grace)
        while TerminalProcesses.shared.count > 0 && Date() < deadline { usleep(20_000) }
        try? group.syncShutdownGracefully()
    }

    /// A channel type as the log names it (port forwarding is what gets refused).
    static func describe(_ type: SSHChannelType) -> String {
        switch type {
        case .session: return "session"
        case .directTCPIP: return "port forwarding (direct-tcpip)"
        case .forwardedTCPIP: return "port forwarding (forwarded-tcpip)"
        }
    }

    /// Stops taking connections; `wait` then returns.
    public func stop() {
        listener.close(promise: nil)
    }
}

public enum PanelServerError: Error, CustomStringConvertible {
    case cannotListen(address: ListenAddress, reason: String)

    public var description: String {
        switch self {
        case .cannotListen(let address, let reason): return "cannot listen on \(address.host):\(address.port): \(reason)"
        }
    }
}

/// One TCP connection: where from, who signed in, and whether a refusal was logged.
final class Connection: Sendable {
    struct State {
        var login: String?
        var admitted = false
        var fingerprint: String?
        var refusalLogged = false
        /// One terminal session per connection.
        var hasTerminal = false
        /// When the panelist last typed (or signed in).
        var lastKeystroke = NIODeadline.now()
    }

    let address: String
    let configuration: PanelServer.Configuration
    let state = Mutex(State())

    init(address: String, configuration: PanelServer.Configuration) { (self.address, self.configuration) = (address, configuration) }

    static func describe(_ address: SocketAddress) -> String {
        let host = address.ipAddress ?? "?"
        return (host.contains(":") ? "[\(host)]" : host) + ":\(address.port ?? 0)"
    }

    var login: String? { state.withLock { $0.login.map(Connection.shortened) } }

    /// The signed-in panelist, once in.
    var visitor: PanelServer.Visitor? {
        state.withLock { state in
            guard state.admitted, let login = state.login else { return nil }
            return PanelServer.Visitor(login: login, fingerprint: state.fingerprint ?? "?", address: address)
        }
    }

    func log(_ line: String) { configuration.log(line) }

    /// A client that leaves without getting in and without a refusal logged (it offered no
    /// key the host takes, or none at all) is logged as refused too.
    func ended() {
        let state = state.withLock { $0 }
        if !state.admitted, !state.refusalLogged, let login = state.login {
            refuse(login, "no key the host takes was offered")
        }
    }

    func refuse(_ login: String, _ reason: String) {
        state.withLock { $0.login = login; $0.refusalLogged = true }
        log("refused \(Self.shortened(login)) from \(address): \(reason)")
    }

    /// A login as the log shows it: at most 64 characters (a client may send thousands).
    static func shortened(_ login: String) -> String {
        login.count <= 64 ? login : String(login.prefix(64)) + "…"
    }

    /// When the panelist last typed, or signed in.
    var lastKeystroke: NIODeadline { state.withLock { $0.lastKeystroke } }

    /// The panelist typed something.
    func touch() { state.withLock { $0.lastKeystroke = .now() } }

    /// Claims the connection's one terminal session; false if it has one already.
    func claimTerminal() -> Bool {
        state.withLock { state in
            defer { state.hasTerminal = true }
            return !state.hasTerminal
        }
    }
}

/// Public keys only: NIOSSH checks the signature, the caller's `admit` the rest.
/// `none` is the client's opening question, answered with the one method there is.
final class PublicKeyDoor: NIOSSHServerUserAuthenticationDelegate {
    let connection: Connection

    init(connection: Connection) { self.connection = connection }

    var supportedAuthenticationMethods: NIOSSHAvailableUserAuthenticationMethods { .publicKey }

    func requestReceived(request: NIOSSHUserAuthenticationRequest, responsePromise: EventLoopPromise<NIOSSHUserAuthenticationOutcome>) {
        switch request.request {
        case .none:
            connection.state.withLock { $0.login = request.username }
            responsePromise.succeed(.failure)
        case .password:
            connection.refuse(request.username, "password authentication is not offered")
            responsePromise.succeed(.failure)
        case .hostBased:
            connection.refuse(request.username, "host-based authentication is not offered")
            responsePromise.succeed(.failure)
        case .publicKey(let offer):
            let key = offer.publicKey.wireBytes
            switch connection.configuration.admit(request.username, key) {
            case .admitted:
                connection.state.withLock {
                    $0.login = request.username
                    $0.admitted = true
                    $0.lastKeystroke = .now()
                    $0.fingerprint = SSHKeyType.fingerprint(of: key)
                }
                responsePromise.succeed(.success)
            case .refused(let reason):
                connection.refuse(request.username, reason)
                responsePromise.succeed(.failure)
            }
        }
    }
}

/// Closes a connection that has not signed in within 30 seconds, and one whose panelist has
/// typed nothing for the idle timeout. Keystrokes count, not SSH traffic: a client answers the
/// news others cause with window adjustments, which kept every idle panelist in while anyone
/// was busy.
final class IdleConnections: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    let connection: Connection
    let timeout: TimeAmount

    init(connection: Connection, timeout: TimeAmount) { (self.connection, self.timeout) = (connection, timeout) }

    /// Time to sign in: a connection still not in after it is closed.
    static let signInTime = TimeAmount.seconds(30)

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel, connection = self.connection
        channel.eventLoop.scheduleTask(in: Self.signInTime) {
            guard connection.visitor == nil, channel.isActive else { return }
            connection.log("closed the connection from \(connection.address) (\(connection.login ?? "not signed in")): not signed in within 30 seconds")
            channel.close(promise: nil)
        }
        let timeout = self.timeout
        let check = TimeAmount.nanoseconds(max(timeout.nanoseconds / 10, 100_000_000))
        channel.eventLoop.scheduleRepeatedTask(initialDelay: check, delay: check) { task in
            guard channel.isActive else { return task.cancel() }
            guard connection.visitor != nil, NIODeadline.now() - connection.lastKeystroke > timeout else { return }
            connection.log("closed the connection from \(connection.address) (\(connection.login ?? "?")): idle too long")
            channel.close(promise: nil)
            task.cancel()
        }
    }
}

/// Logs what ends a connection with an error, and closes it.
final class ConnectionErrors: ChannelInboundHandler {
    typealias InboundIn = Any
    let connection: Connection

    init(connection: Connection) { self.connection = connection }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        connection.log("connection from \(connection.address) (\(connection.login ?? "not signed in")) ended: \(error)")
        context.close(promise: nil)
    }
}

/// How many connections are open.
final class OpenConnections: Sendable {
    private let value = Mutex(0)
    var count: Int { value.withLock { $0 } }
    func change(by delta: Int) { value.withLock { $0 += delta } }
}
