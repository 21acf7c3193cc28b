import AssessmentKit
import Foundation
import NIOCore
import NIOPosix
import NIOSSH
import Synchronization

/// The SSH listener of `assess host`. It knows keys, connections and channels; who may join
/// and what they see are the caller's (`admit`, and the greeting it returns).
public final class PanelServer: Sendable {
    /// What the caller says to a sign-in whose key signature checked out.
    public enum Admission: Sendable {
        /// In, with the line the session shows.
        case admitted(greeting: String)
        case refused(String)
    }

    public struct Configuration: Sendable {
        public var hostKey: HostKey
        public var listen: ListenAddress
        /// Decides a sign-in: the login and the key's SSH wire encoding, signature checked.
        public var admit: @Sendable (_ login: String, _ key: [UInt8]) -> Admission
        /// Receives the log, one line at a time (joins, leaves, refusals), from any thread.
        public var log: @Sendable (String) -> Void

        public init(hostKey: HostKey, listen: ListenAddress, admit: @escaping @Sendable (String, [UInt8]) -> Admission,
                    log: @escaping @Sendable (String) -> Void) {
            (self.hostKey, self.listen, self.admit, self.log) = (hostKey, listen, admit, log)
        }
    }

    /// A client's first request is `none` (to learn the methods), then two per key it
    /// offers (the query, then the signed request): this lets a client try three keys.
    static let maxAuthenticationRequests = 1 + 2 * 3

    let group: MultiThreadedEventLoopGroup
    let listener: Channel
    /// The port bound: the one asked for, or the one picked for port 0.
    public let port: Int

    /// Binds the listener; connections are served from then on.
    public init(_ configuration: Configuration) throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let hostKey = configuration.hostKey.sshKey
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socket(SocketOptionLevel(SOL_SOCKET), SO_REUSEADDR), value: 1)
            .childChannelOption(ChannelOptions.socket(SocketOptionLevel(IPPROTO_TCP), TCP_NODELAY), value: 1)
            .childChannelInitializer { channel in
                let connection = Connection(address: channel.remoteAddress.map(Connection.describe) ?? "?", configuration: configuration)
                var server = SSHServerConfiguration(hostKeys: [hostKey], userAuthDelegate: PublicKeyDoor(connection: connection))
                server.maxAuthAttempts = Self.maxAuthenticationRequests
                // NIOSSHHandler passes no channelInactive on: the close future sees the end.
                channel.closeFuture.whenComplete { _ in connection.ended() }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        NIOSSHHandler(role: .server(server), allocator: channel.allocator, inboundChildChannelInitializer: { child, type in
                            guard case .session = type else {
                                connection.log("refused a \(type) channel from \(connection.login ?? "?") at \(connection.address)")
                                return child.eventLoop.makeFailedFuture(ChannelError.operationUnsupported)
                            }
                            return child.eventLoop.makeCompletedFuture {
                                try child.pipeline.syncOperations.addHandler(GreetingSession(connection: connection))
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

    /// Blocks until the listener closes.
    public func wait() throws {
        try listener.closeFuture.wait()
        try group.syncShutdownGracefully()
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
        var admittedGreeting: String?
        var fingerprint: String?
        var refusalLogged = false
    }

    let address: String
    let configuration: PanelServer.Configuration
    let state = Mutex(State())

    init(address: String, configuration: PanelServer.Configuration) { (self.address, self.configuration) = (address, configuration) }

    static func describe(_ address: SocketAddress) -> String {
        let host = address.ipAddress ?? "?"
        return (host.contains(":") ? "[\(host)]" : host) + ":\(address.port ?? 0)"
    }

    var login: String? { state.withLock { $0.login } }

    func log(_ line: String) { configuration.log(line) }

    /// A client that leaves without getting in and without a refusal logged (it offered no
    /// key the host takes, or none at all) is logged as refused too.
    func ended() {
        let state = state.withLock { $0 }
        if state.admittedGreeting == nil, !state.refusalLogged, let login = state.login {
            refuse(login, "no key the host takes was offered")
        }
    }

    func refuse(_ login: String, _ reason: String) {
        state.withLock { $0.login = login; $0.refusalLogged = true }
        log("refused \(login) from \(address): \(reason)")
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
            case .admitted(let greeting):
                connection.state.withLock {
                    $0.login = request.username
                    $0.admittedGreeting = greeting
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

/// This slice's session: the greeting line, then the channel closes with exit status 0.
/// Exec, subsystem and environment requests are refused; a pty request is accepted.
final class GreetingSession: ChannelInboundHandler {
    typealias InboundIn = SSHChannelData
    typealias OutboundOut = SSHChannelData

    let connection: Connection
    var hasTerminal = false
    var started = false

    init(connection: Connection) { self.connection = connection }

    func handlerAdded(context: ChannelHandlerContext) {
        _ = context.channel.setOption(ChannelOptions.allowRemoteHalfClosure, value: true)
    }

    func reply(_ ok: Bool, wantReply: Bool, context: ChannelHandlerContext) {
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
            hasTerminal = true
            reply(true, wantReply: request.wantReply, context: context)
        case let request as SSHChannelRequestEvent.ShellRequest:
            guard !started, let (greeting, fingerprint) = connection.state.withLock({ state in
                state.admittedGreeting.map { ($0, state.fingerprint ?? "?") }
            }) else { return reply(false, wantReply: request.wantReply, context: context) }
            started = true
            reply(true, wantReply: request.wantReply, context: context)
            connection.log("joined \(who) from \(connection.address) key \(fingerprint)")
            var bytes = context.channel.allocator.buffer(capacity: greeting.utf8.count + 2)
            bytes.writeString(greeting + (hasTerminal ? "\r\n" : "\n"))
            let channel = context.channel
            let connection = self.connection
            context.writeAndFlush(wrapOutboundOut(SSHChannelData(type: .channel, data: .byteBuffer(bytes)))).whenComplete { _ in
                channel.triggerUserOutboundEvent(SSHChannelRequestEvent.ExitStatus(exitStatus: 0), promise: nil)
                channel.close(promise: nil)
                connection.log("left \(who)")
            }
        case let request as SSHChannelRequestEvent.ExecRequest:
            connection.log("refused exec from \(who) at \(connection.address)")
            reply(false, wantReply: request.wantReply, context: context)
        case let request as SSHChannelRequestEvent.SubsystemRequest:
            connection.log("refused subsystem \(request.subsystem) from \(who) at \(connection.address)")
            reply(false, wantReply: request.wantReply, context: context)
        case let request as SSHChannelRequestEvent.EnvironmentRequest:
            reply(false, wantReply: request.wantReply, context: context)
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    /// What the panelist types is not read in this slice.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}
