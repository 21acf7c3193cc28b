import Crypto
import Foundation

/// An OpenSSH signature (`ssh-keygen -Y sign`, PROTOCOL.sshsig): the armored text, its
/// parts, and the check of it against a message, a namespace and a key from HR's own
/// allowed_signers file, never a key taken from the signature.
public struct SSHSignature: Equatable, Sendable {
    /// The signer's public key in SSH wire form (the signature names it; it proves nothing
    /// until it is compared with a listed key).
    public var publicKey: [UInt8]
    public var namespace: String
    public var hashAlgorithm: String
    /// The signature in SSH wire form: `string type, string blob`.
    public var signature: [UInt8]

    static let preamble = Array("SSHSIG".utf8)
    static let begin = "-----BEGIN SSH SIGNATURE-----"
    static let end = "-----END SSH SIGNATURE-----"

    init(publicKey: [UInt8], namespace: String, hashAlgorithm: String, signature: [UInt8]) {
        (self.publicKey, self.namespace, self.hashAlgorithm, self.signature) = (publicKey, namespace, hashAlgorithm, signature)
    }

    /// Reads the armored text `ssh-keygen -Y sign` writes.
    public init(armored text: String) throws(SSHSignatureError) {
        guard text.contains(Self.begin) && text.contains(Self.end) else { throw .notArmored }
        guard let blob = SSHWire.dearmor(text, begin: Self.begin, end: Self.end) else { throw .malformed("its base64 does not decode") }
        try self.init(blob: blob)
    }

    /// Reads the binary form (PROTOCOL.sshsig, "Blob format").
    public init(blob: [UInt8]) throws(SSHSignatureError) {
        guard blob.count > 10, Array(blob[0..<6]) == Self.preamble else { throw .malformed("it does not start with SSHSIG") }
        let version = SSHWire.uint32(blob[6..<10])
        guard version == 1 else { throw .malformed("version \(version), not 1") }
        var reader = SSHWireReader(Array(blob[10...]))
        guard let key = reader.string(), let namespace = reader.string(), reader.string() != nil,
              let hash = reader.string(), let signature = reader.string(), reader.atEnd
        else { throw .malformed("its fields do not add up") }
        self.publicKey = Array(key)
        self.namespace = String(decoding: namespace, as: UTF8.self)
        self.hashAlgorithm = String(decoding: hash, as: UTF8.self)
        self.signature = Array(signature)
    }

    /// Checks that this signs `message` in `namespace` with `key` (SSH wire form, from the
    /// allowed_signers file). Throws the reason it does not.
    public func verify(_ message: [UInt8], namespace expected: String, key: [UInt8]) throws(SSHSignatureError) {
        guard publicKey == key else { throw .otherKey(SSHKeyType.fingerprint(of: publicKey)) }
        guard namespace == expected else { throw .wrongNamespace(found: namespace, expected: expected) }
        guard ["sha512", "sha256"].contains(hashAlgorithm) else { throw .malformed("hash algorithm \(hashAlgorithm)") }
        let signed = Self.signedData(message, namespace: namespace, hash: hashAlgorithm)
        var keyReader = SSHWireReader(key), signatureReader = SSHWireReader(signature)
        guard let keyType = keyReader.string().map({ String(decoding: $0, as: UTF8.self) }),
              let signatureType = signatureReader.string().map({ String(decoding: $0, as: UTF8.self) }),
              let raw = signatureReader.string(), signatureReader.atEnd
        else { throw .malformed("its signature field does not add up") }
        guard signatureType == keyType else { throw .malformed("a \(signatureType) signature for a \(keyType) key") }
        let valid: Bool
        switch SSHKeyType(rawValue: keyType) {
        case .ed25519:
            guard let point = keyReader.string(), let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: point) else {
                throw .malformed("its ed25519 key does not read")
            }
            valid = publicKey.isValidSignature(raw, for: signed)
        case .ecdsaP256:
            valid = try Self.verifyECDSA(P256.self, key: &keyReader, signature: Array(raw), signed: signed)
        case .ecdsaP384:
            valid = try Self.verifyECDSA(P384.self, key: &keyReader, signature: Array(raw), signed: signed)
        case .ecdsaP521:
            valid = try Self.verifyECDSA(P521.self, key: &keyReader, signature: Array(raw), signed: signed)
        case nil:
            throw .malformed("key type \(keyType)")
        }
        guard valid else { throw .badSignature }
    }

    /// ECDSA as SSH carries it: the key `string curve, string point`, the signature
    /// `mpint r, mpint s`, hashed with the curve's own SHA-2.
    private static func verifyECDSA<Curve: SSHCurve>(_ curve: Curve.Type, key reader: inout SSHWireReader, signature: [UInt8],
                                                     signed: [UInt8]) throws(SSHSignatureError) -> Bool {
        guard reader.string() != nil, let point = reader.string(), reader.atEnd else { throw .malformed("its ECDSA key does not read") }
        var parts = SSHWireReader(signature)
        guard let r = parts.string(), let s = parts.string(), parts.atEnd else { throw .malformed("its ECDSA signature does not read") }
        func fixed(_ mpint: ArraySlice<UInt8>) -> [UInt8]? {
            // As OpenSSH reads an mpint: a top bit set makes it negative, which r and s are not.
            if let first = mpint.first, first & 0x80 != 0 { return nil }
            let trimmed = Array(mpint.drop { $0 == 0 })
            guard trimmed.count <= Curve.scalarBytes else { return nil }
            return [UInt8](repeating: 0, count: Curve.scalarBytes - trimmed.count) + trimmed
        }
        guard let rBytes = fixed(r), let sBytes = fixed(s) else { throw .malformed("its ECDSA signature is not two positive numbers of the curve's size") }
        return Curve.verify(point: Array(point), raw: rBytes + sBytes, message: signed)
    }
}

/// The three NIST curves, as `verifyECDSA` needs them.
protocol SSHCurve {
    static var scalarBytes: Int { get }
    static func verify(point: [UInt8], raw: [UInt8], message: [UInt8]) -> Bool
}

extension P256: SSHCurve {
    static var scalarBytes: Int { 32 }
    static func verify(point: [UInt8], raw: [UInt8], message: [UInt8]) -> Bool {
        guard let key = try? P256.Signing.PublicKey(x963Representation: point),
              let signature = try? P256.Signing.ECDSASignature(rawRepresentation: raw) else { return false }
        return key.isValidSignature(signature, for: SHA256.hash(data: message))
    }
}

extension P384: SSHCurve {
    static var scalarBytes: Int { 48 }
    static func verify(point: [UInt8], raw: [UInt8], message: [UInt8]) -> Bool {
        guard let key = try? P384.Signing.PublicKey(x963Representation: point),
              let signature = try? P384.Signing.ECDSASignature(rawRepresentation: raw) else { return false }
        return key.isValidSignature(signature, for: SHA384.hash(data: message))
    }
}

extension P521: SSHCurve {
    static var scalarBytes: Int { 66 }
    static func verify(point: [UInt8], raw: [UInt8], message: [UInt8]) -> Bool {
        guard let key = try? P521.Signing.PublicKey(x963Representation: point),
              let signature = try? P521.Signing.ECDSASignature(rawRepresentation: raw) else { return false }
        return key.isValidSignature(signature, for: SHA512.hash(data: message))
    }
}

/// Why a signature does not sign what it should.
public enum SSHSignatureError: Error, Equatable, Sendable, CustomStringConvertible {
    case notArmored
    case malformed(String)
    /// Made with a key other than the listed one (its fingerprint).
    case otherKey(String)
    case wrongNamespace(found: String, expected: String)
    case badSignature

    public var description: String {
        switch self {
        case .notArmored: return "not an SSH signature: no -----BEGIN SSH SIGNATURE----- … -----END SSH SIGNATURE----- block"
        case .malformed(let reason): return "not a valid SSH signature: \(reason)"
        case .otherKey(let fingerprint): return "made with key \(fingerprint), which is not the one listed for this login"
        case .wrongNamespace(let found, let expected): return "made for namespace '\(found)', not '\(expected)'"
        case .badSignature: return "the signature does not match the message (it was changed, or signed something else)"
        }
    }
}
