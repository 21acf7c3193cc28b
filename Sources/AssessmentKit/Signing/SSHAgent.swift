import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Signing through `ssh-agent` (the agent protocol's sign request), so a passphrase-protected
/// key never leaves the agent: `assess endorse` without `--key`.
public struct SSHAgent {
    public let socketPath: String

    public init(socketPath: String) { self.socketPath = socketPath }

    /// The agent of `SSH_AUTH_SOCK`, if there is one.
    public init?(environment: [String: String]) {
        guard let path = environment["SSH_AUTH_SOCK"], !path.isEmpty else { return nil }
        self.init(socketPath: path)
    }

    static let signRequest: UInt8 = 13, signResponse: UInt8 = 14, failure: UInt8 = 5
    static let identitiesRequest: UInt8 = 11, identitiesAnswer: UInt8 = 12
    /// How long the agent may take to answer.
    static let answerSeconds = 60

    /// The keys the agent holds (SSH wire form) with their comments, in the agent's order.
    public func identities() throws(SSHAgentError) -> [(key: [UInt8], comment: String)] {
        let reply = try exchange([Self.identitiesRequest])
        guard reply.first == Self.identitiesAnswer else { throw .unexpected("reply type \(reply.first.map(String.init) ?? "none")") }
        var reader = SSHWireReader(Array(reply.dropFirst()))
        guard let count = reader.uint32(), count <= 1024 else { throw .unexpected("a malformed list of keys") }
        var keys: [(key: [UInt8], comment: String)] = []
        for _ in 0..<count {
            guard let key = reader.string(), let comment = reader.string() else { throw .unexpected("a malformed list of keys") }
            keys.append((Array(key), String(decoding: comment, as: UTF8.self)))
        }
        return keys
    }

    /// Signs `message` in `namespace` with the agent's key `publicKey` (SSH wire form), as
    /// `ssh-keygen -Y sign` does.
    public func sign(_ message: [UInt8], namespace: String, publicKey: [UInt8]) throws(SSHAgentError) -> SSHSignature {
        let signed = SSHSignature.signedData(message, namespace: namespace)
        let request = [Self.signRequest] + SSHWire.string(publicKey) + SSHWire.string(signed) + SSHWire.uint32(0)
        let reply = try exchange(request)
        guard reply.first == Self.signResponse else {
            throw reply.first == Self.failure ? .refused : .unexpected("reply type \(reply.first.map(String.init) ?? "none")")
        }
        var reader = SSHWireReader(Array(reply.dropFirst()))
        guard let signature = reader.string(), reader.atEnd else { throw .unexpected("a malformed sign response") }
        return SSHSignature(publicKey: publicKey, namespace: namespace, hashAlgorithm: "sha512", signature: Array(signature))
    }

    /// Sends one message (uint32 length, then the bytes) and reads the one reply.
    private func exchange(_ message: [UInt8]) throws(SSHAgentError) -> [UInt8] {
        let socket = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { throw .cannotConnect(socketPath, String(cString: strerror(errno))) }
        defer { close(socket) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(socketPath.utf8)
        guard path.count < MemoryLayout.size(ofValue: address.sun_path) else { throw .cannotConnect(socketPath, "the path is too long") }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.enumerated() { buffer[index] = byte }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { throw .cannotConnect(socketPath, String(cString: strerror(errno))) }
        // Something that is not an agent, or one that never answers, must not hang us for
        // good; a minute leaves time to confirm a key added with `ssh-add -c`.
        var limit = timeval(tv_sec: Self.answerSeconds, tv_usec: 0)
        for option in [SO_RCVTIMEO, SO_SNDTIMEO] {
            setsockopt(socket, SOL_SOCKET, option, &limit, socklen_t(MemoryLayout<timeval>.size))
        }
        guard (try? Platform.writeAll(socket, SSHWire.string(message))) != nil else { throw .unexpected("the agent closed the connection") }
        func read(_ count: Int) throws(SSHAgentError) -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: count), got = 0
            while got < count {
                let n = bytes.withUnsafeMutableBytes { Glibc.read(socket, $0.baseAddress! + got, count - got) }
                if n < 0 && errno == EINTR { continue }
                if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { throw .unexpected("no answer in \(Self.answerSeconds) seconds") }
                guard n > 0 else { throw .unexpected("the agent closed the connection") }
                got += n
            }
            return bytes
        }
        let length = SSHWire.uint32(try read(4))
        guard length > 0, length <= 256 * 1024 else { throw .unexpected("a reply of \(length) bytes") }
        return try read(length)
    }
}

public enum SSHAgentError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotConnect(String, String)
    /// The agent does not hold the key, or declined.
    case refused
    case unexpected(String)

    public var description: String {
        switch self {
        case .cannotConnect(let path, let reason): return "cannot reach ssh-agent at \(path): \(reason)"
        case .refused: return "ssh-agent would not sign: it does not hold that key (ssh-add it), or it declined"
        case .unexpected(let what): return "ssh-agent answered unexpectedly: \(what)"
        }
    }
}
