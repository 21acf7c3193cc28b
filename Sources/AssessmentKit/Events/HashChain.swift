import Crypto
import Foundation

/// The transcript's hash chain: each event's `prev` is the SHA-256 of the previous line.
public enum HashChain {
    /// Lowercase hex SHA-256 of `bytes`.
    public static func hash<Bytes: DataProtocol>(_ bytes: Bytes) -> String {
        let digest = SHA256.hash(data: bytes)
        var text = ""
        text.reserveCapacity(64)
        for byte in digest {
            text += hexDigits[Int(byte >> 4)]
            text += hexDigits[Int(byte & 0x0f)]
        }
        return text
    }

    public static func hash(_ line: String) -> String { hash(Data(line.utf8)) }

    private static let hexDigits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f"]
}
