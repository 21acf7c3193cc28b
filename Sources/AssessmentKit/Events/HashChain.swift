import Crypto
import Foundation

/// SHA-256 in lowercase hex, as the transcript and HR's records write it. How lines chain
/// (`prev`, `check`) is `TranscriptLine`'s.
public enum HashChain {
    /// Lowercase hex SHA-256 of `bytes`.
    public static func hash<Bytes: DataProtocol>(_ bytes: Bytes) -> String {
        LineHash(SHA256.hash(data: bytes)).hex
    }

    public static func hash(_ line: String) -> String { hash(Data(line.utf8)) }

    /// Lowercase hex SHA-256 of a whole file, read in chunks: what HR keeps on file.
    public static func fileHash(path: String) throws -> String {
        var hasher = SHA256()
        _ = try TranscriptReader.open(path) { descriptor in
            let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
            defer { chunk.deallocate() }
            while true {
                let count = try Platform.read(descriptor, into: chunk)
                if count == 0 { return FileLines.End() }
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: chunk[..<count]))
            }
        }
        return LineHash(hasher.finalize()).hex
    }
}

/// A SHA-256 digest held inline (the library's type is not Sendable), and its one hex codec.
struct LineHash: Equatable, Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// 32 zero bytes: the `prev` of the first line.
    static let zero = LineHash()

    private init() {}

    init(_ digest: SHA256.Digest) {
        withUnsafeMutableBytes(of: &words) { target in
            digest.withUnsafeBytes { target.copyMemory(from: $0) }
        }
    }

    /// The digest that 64 lowercase hex digits spell; nil for anything else.
    init?(hex text: UnsafeRawBufferPointer) {
        guard text.count == 64 else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        // Digest byte i sits at memory offset i, as in `init(_ digest:)`.
        let valid = withUnsafeMutableBytes(of: &words) { output -> Bool in
            var invalid: UInt8 = 0
            for index in 0..<32 {
                let high = LineHash.nibble(text[2 * index]), low = LineHash.nibble(text[2 * index + 1])
                invalid |= (high | low) & 0xF0
                output[index] = high &<< 4 | low
            }
            return invalid == 0
        }
        guard valid else { return nil }
        self.words = words
    }

    init?(hex text: String) {
        var text = text
        guard let parsed = text.withUTF8({ LineHash(hex: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = parsed
    }

    /// 64 lowercase hex digits.
    var hex: String {
        withUnsafeBytes(of: words) { bytes in
            String(unsafeUninitializedCapacity: 64) { buffer in
                for (index, byte) in bytes.enumerated() {
                    buffer[2 * index] = LineHash.digits[Int(byte >> 4)]
                    buffer[2 * index + 1] = LineHash.digits[Int(byte & 0x0f)]
                }
                return 64
            }
        }
    }

    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// 0–15 for a lowercase hex digit, 16 or more for anything else.
    private static func nibble(_ byte: UInt8) -> UInt8 {
        let digit = byte &- UInt8(ascii: "0")
        if digit < 10 { return digit }
        let letter = byte &- UInt8(ascii: "a")
        return letter < 6 ? letter + 10 : 16
    }

    static func == (a: LineHash, b: LineHash) -> Bool { a.words == b.words }
}
