import Crypto
import Foundation

/// An unencrypted OpenSSH private key (`openssh-key-v1`, as `ssh-keygen` writes it), for
/// `assess endorse --key`: ed25519 or ECDSA. An encrypted one is refused: the agent signs
/// with those.
public struct SSHPrivateKey {
    enum Secret {
        case ed25519(Curve25519.Signing.PrivateKey)
        case p256(P256.Signing.PrivateKey)
        case p384(P384.Signing.PrivateKey)
        case p521(P521.Signing.PrivateKey)
    }

    /// The public key in SSH wire form.
    public let publicKey: [UInt8]
    let secret: Secret

    public static let begin = "-----BEGIN OPENSSH PRIVATE KEY-----"
    static let end = "-----END OPENSSH PRIVATE KEY-----"
    static let magic = Array("openssh-key-v1\0".utf8)

    /// The public key of an OpenSSH private key file, which is not encrypted even when the
    /// private part is: to ask the agent for that key.
    public static func publicKey(openSSH text: String) -> [UInt8]? {
        guard let bytes = SSHWire.dearmor(text, begin: begin, end: end), bytes.starts(with: magic) else { return nil }
        var reader = SSHWireReader(Array(bytes[magic.count...]))
        guard reader.string() != nil, reader.string() != nil, reader.string() != nil, reader.uint32() == 1,
              let key = reader.string() else { return nil }
        return Array(key)
    }

    public init(openSSH text: String) throws(SSHKeyFileError) {
        guard let bytes = SSHWire.dearmor(text, begin: Self.begin, end: Self.end), bytes.starts(with: Self.magic) else { throw .notAKey }
        var reader = SSHWireReader(Array(bytes[Self.magic.count...]))
        guard let cipher = reader.string(), reader.string() != nil, reader.string() != nil, let count = reader.uint32() else { throw .notAKey }
        guard String(decoding: cipher, as: UTF8.self) == "none" else { throw .encrypted }
        guard count == 1, let publicKey = reader.string(), let section = reader.string() else { throw .notAKey }
        var secretReader = SSHWireReader(Array(section))
        guard let check1 = secretReader.uint32(), let check2 = secretReader.uint32(), check1 == check2,
              let type = secretReader.string().map({ String(decoding: $0, as: UTF8.self) })
        else { throw .notAKey }
        switch type {
        case SSHKeyType.ed25519.rawValue:
            guard secretReader.string() != nil, let pair = secretReader.string(), pair.count == 64,
                  let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: pair.prefix(32))
            else { throw .notAKey }
            secret = .ed25519(key)
        case SSHKeyType.ecdsaP256.rawValue, SSHKeyType.ecdsaP384.rawValue, SSHKeyType.ecdsaP521.rawValue:
            guard secretReader.string() != nil, secretReader.string() != nil, let scalar = secretReader.string() else { throw .notAKey }
            let raw = Array(scalar.drop { $0 == 0 })
            func padded(_ length: Int) -> [UInt8] { [UInt8](repeating: 0, count: max(0, length - raw.count)) + raw }
            do {
                switch type {
                case SSHKeyType.ecdsaP256.rawValue: secret = .p256(try P256.Signing.PrivateKey(rawRepresentation: padded(32)))
                case SSHKeyType.ecdsaP384.rawValue: secret = .p384(try P384.Signing.PrivateKey(rawRepresentation: padded(48)))
                default: secret = .p521(try P521.Signing.PrivateKey(rawRepresentation: padded(66)))
                }
            } catch {
                throw .notAKey
            }
        default:
            throw .unsupported(type)
        }
        self.publicKey = Array(publicKey)
        // The header's public key is what signatures name: it must be the secret's own.
        guard derivedPublicKey == self.publicKey else { throw .mismatched }
    }

    /// The SSH wire form of the public key the secret makes.
    var derivedPublicKey: [UInt8] {
        func wire(_ type: SSHKeyType, _ point: Data) -> [UInt8] {
            let curve = type == .ed25519 ? [] : SSHWire.string(Array(type.rawValue.dropFirst("ecdsa-sha2-".count).utf8))
            return SSHWire.string(Array(type.rawValue.utf8)) + curve + SSHWire.string(Array(point))
        }
        switch secret {
        case .ed25519(let key): return wire(.ed25519, key.publicKey.rawRepresentation)
        case .p256(let key): return wire(.ecdsaP256, key.publicKey.x963Representation)
        case .p384(let key): return wire(.ecdsaP384, key.publicKey.x963Representation)
        case .p521(let key): return wire(.ecdsaP521, key.publicKey.x963Representation)
        }
    }

    /// The SSH wire form of a signature of `data`: `string type, string blob`.
    func sign(_ data: [UInt8]) throws(SSHKeyFileError) -> [UInt8] {
        func mpint(_ bytes: some Collection<UInt8>) -> [UInt8] {
            var trimmed = Array(bytes.drop { $0 == 0 })
            if let first = trimmed.first, first & 0x80 != 0 { trimmed.insert(0, at: 0) }
            return SSHWire.string(trimmed)
        }
        func ecdsa(_ type: SSHKeyType, _ raw: Data) -> [UInt8] {
            let half = raw.count / 2
            return SSHWire.string(Array(type.rawValue.utf8)) + SSHWire.string(mpint(raw.prefix(half)) + mpint(raw.suffix(half)))
        }
        do {
            switch secret {
            case .ed25519(let key):
                return SSHWire.string(Array(SSHKeyType.ed25519.rawValue.utf8)) + SSHWire.string(Array(try key.signature(for: data)))
            case .p256(let key): return ecdsa(.ecdsaP256, try key.signature(for: SHA256.hash(data: data)).rawRepresentation)
            case .p384(let key): return ecdsa(.ecdsaP384, try key.signature(for: SHA384.hash(data: data)).rawRepresentation)
            case .p521(let key): return ecdsa(.ecdsaP521, try key.signature(for: SHA512.hash(data: data)).rawRepresentation)
            }
        } catch {
            throw .cannotSign("\(error)")
        }
    }
}

/// Why a private key file cannot sign.
public enum SSHKeyFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case notAKey
    case encrypted
    case unsupported(String)
    case cannotSign(String)
    /// The file's public key is not the one its secret makes.
    case mismatched

    public var description: String {
        switch self {
        case .notAKey: return "not an OpenSSH private key (-----BEGIN OPENSSH PRIVATE KEY-----)"
        case .encrypted: return "the key is protected by a passphrase; load it into ssh-agent (ssh-add) and sign through the agent instead of --key"
        case .unsupported(let type): return "\(type) keys are not supported; use an ed25519 or ECDSA key"
        case .cannotSign(let reason): return "the key could not sign: \(reason)"
        case .mismatched: return "its public and private parts do not match: the file is damaged or was put together by hand"
        }
    }
}

extension SSHSignature {
    /// Signs `message` in `namespace` with `key`, as `ssh-keygen -Y sign` does (sha512).
    public static func sign(_ message: [UInt8], namespace: String, with key: SSHPrivateKey) throws(SSHKeyFileError) -> SSHSignature {
        let signature = try key.sign(signedData(message, namespace: namespace))
        return SSHSignature(publicKey: key.publicKey, namespace: namespace, hashAlgorithm: "sha512", signature: signature)
    }

    /// What an SSH signature signs (PROTOCOL.sshsig): the preamble, the namespace, reserved,
    /// `sha512` and the message's SHA-512.
    static func signedData(_ message: [UInt8], namespace: String, hash: String = "sha512") -> [UInt8] {
        let digest = hash == "sha256" ? Array(SHA256.hash(data: message)) : Array(SHA512.hash(data: message))
        var signed = preamble
        for field in [Array(namespace.utf8), [], Array(hash.utf8), digest] { signed += SSHWire.string(field) }
        return signed
    }

    /// The binary form (PROTOCOL.sshsig).
    public var blob: [UInt8] {
        var bytes = Self.preamble + SSHWire.uint32(1)
        for field in [publicKey, Array(namespace.utf8), [], Array(hashAlgorithm.utf8), signature] { bytes += SSHWire.string(field) }
        return bytes
    }

    /// The armored text, as `ssh-keygen -Y sign` writes it (base64 in lines of 70).
    public var armored: String { SSHWire.armor(blob, begin: Self.begin, end: Self.end) }
}
