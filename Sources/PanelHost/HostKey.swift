import AssessmentKit
import Crypto
import Foundation
import NIOSSH

/// The host's own ed25519 key, kept in a file of our own format (NIOSSH cannot read
/// OpenSSH private-key files): `assess-host-key v1 ed25519 BASE64` of the raw 32-byte key.
/// Created on first use, mode 0600 from the first byte, and reused after, so the panel's
/// `known_hosts` lines stay valid from one run to the next.
public struct HostKey: Sendable {
    let sshKey: NIOSSHPrivateKey

    init(key: Curve25519.Signing.PrivateKey) { sshKey = NIOSSHPrivateKey(ed25519Key: key) }

    static let header = "assess-host-key v1 ed25519 "

    /// The key in the file at `path`, or a new one written there if there is no file.
    /// Refuses a file others may read, a link, or anything but a key of ours.
    public static func loadOrCreate(at path: String) throws(HostKeyError) -> (key: HostKey, created: Bool) {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            let error = SystemError.last
            guard error.code == ENOENT else { throw .cannotRead(path: path, reason: error.description) }
            let key = Curve25519.Signing.PrivateKey()
            do {
                try Platform.writePrivateFile(path, Array((header + key.rawRepresentation.base64EncodedString() + "\n").utf8))
            } catch {
                throw .cannotCreate(path: path, reason: error.description)
            }
            return (HostKey(key: key), true)
        }
        defer { Platform.close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw .cannotRead(path: path, reason: "it is not a regular file")
        }
        let mode = Int(info.st_mode & 0o777)
        guard mode & 0o077 == 0 else { throw .readableByOthers(path: path, mode: mode) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while bytes.count <= 256 {
            let count: Int
            do {
                count = try buffer.withUnsafeMutableBytes { raw in try Platform.read(descriptor, into: raw) }
            } catch {
                throw .cannotRead(path: path, reason: "\(error)")
            }
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.hasPrefix(header),
              let raw = Data(base64Encoded: text.dropFirst(header.count).trimmingCharacters(in: .whitespacesAndNewlines)),
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else { throw .notAHostKey(path: path) }
        return (HostKey(key: key), false)
    }

    /// The public key as a `known_hosts` or `.pub` line has it: `ssh-ed25519 BASE64`.
    public var openSSHPublicKey: String { String(openSSHPublicKey: sshKey.publicKey) }

    /// The line `ssh-keygen -l` prints for the public key with the comment "assess host key":
    /// `256 SHA256:… assess host key (ED25519)`.
    public var fingerprintLine: String { "256 \(SSHKeyType.fingerprint(of: sshKey.publicKey.wireBytes)) assess host key (ED25519)" }
}

extension NIOSSHPublicKey {
    /// The key's SSH wire encoding, as an `allowed_signers` line has it in base64.
    var wireBytes: [UInt8] {
        let text = String(openSSHPublicKey: self)
        let encoded = text.split(separator: " ").dropFirst().first.map(String.init) ?? ""
        return Data(base64Encoded: encoded).map { [UInt8]($0) } ?? []
    }
}

/// Why the host key cannot be used.
public enum HostKeyError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotRead(path: String, reason: String)
    case cannotCreate(path: String, reason: String)
    case readableByOthers(path: String, mode: Int)
    case notAHostKey(path: String)

    public var description: String {
        switch self {
        case .cannotRead(let path, let reason):
            return "cannot read the host key \(path): \(reason)"
        case .cannotCreate(_, let reason):
            return "cannot create the host key: \(reason)"
        case .readableByOthers(let path, let mode):
            return "the host key \(path) can be read by others (mode \(String(mode, radix: 8))), who could then pose as this host; make it yours alone: chmod 600 \(path)"
        case .notAHostKey(let path):
            return "\(path) is not an assess host key; move it away and a new key is made (panelists then accept the new fingerprint)"
        }
    }
}
