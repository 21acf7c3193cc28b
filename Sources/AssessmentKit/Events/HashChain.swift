import Crypto
import Foundation

/// The transcript's hash chain: each event's `prev` is the SHA-256 of the previous line.
public enum HashChain {
    /// Lowercase hex SHA-256 of `bytes`.
    public static func hash<Bytes: DataProtocol>(_ bytes: Bytes) -> String {
        hex(LineHash(SHA256.hash(data: bytes)))
    }

    public static func hash(_ line: String) -> String { hash(Data(line.utf8)) }

    /// Lowercase hex SHA-256 of a whole file, read in chunks: what HR keeps on file.
    public static func fileHash(path: String) throws -> String {
        var hasher = SHA256()
        _ = try TranscriptReader.open(path) { descriptor in
            let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
            defer { chunk.deallocate() }
            while true {
                let count = read(descriptor, chunk.baseAddress, chunk.count)
                if count < 0 && errno == EINTR { continue }
                if count < 0 { throw SystemError.last }
                if count == 0 { return LineReader.End() }
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: chunk[..<count]))
            }
        }
        return hex(LineHash(hasher.finalize()))
    }

    /// What a reader needs from one line, hashing its bytes once: whether its `check` field
    /// matches the rest of it (see `EventCoding`), and the line's own hash, the next `prev`.
    static func digests(of line: UnsafeRawBufferPointer) -> (checkMatches: Bool, line: LineHash) {
        let tail = WriterTail(line)
        return digests(of: line, tail: tail, claimed: tail.flatMap { LineHash(hex: UnsafeRawBufferPointer(rebasing: line[$0.check])) })
    }

    /// The same, given the line's tail and its decoded `check`.
    static func digests(of line: UnsafeRawBufferPointer, tail: WriterTail?, claimed: LineHash?) -> (checkMatches: Bool, line: LineHash) {
        guard let tail else { return (false, LineHash(SHA256.hash(data: line))) }
        let split = tail.check.lowerBound - 10  // the comma before "check"
        var hasher = SHA256()
        hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: line[..<split]))
        var body = hasher
        body.update(bufferPointer: UnsafeRawBufferPointer(rebasing: line[(line.count - 1)...]))
        let matches = claimed == LineHash(body.finalize())
        hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: line[split...]))
        return (matches, LineHash(hasher.finalize()))
    }

    /// Whether lowercase hex `text` spells `digest`.
    static func equal<Text: Collection>(hex text: Text, _ digest: LineHash) -> Bool where Text.Element == UInt8 {
        guard text.count == 64 else { return false }
        return digest.withBytes { bytes in
            var position = text.startIndex
            for byte in bytes {
                let high = text[position]
                position = text.index(after: position)
                let low = text[position]
                position = text.index(after: position)
                guard high == hexDigits[Int(byte >> 4)], low == hexDigits[Int(byte & 0x0f)] else { return false }
            }
            return true
        }
    }

    static func hex(_ digest: LineHash) -> String {
        digest.withBytes { bytes in
            String(unsafeUninitializedCapacity: 64) { buffer in
                for (index, byte) in bytes.enumerated() {
                    buffer[2 * index] = hexDigits[Int(byte >> 4)]
                    buffer[2 * index + 1] = hexDigits[Int(byte & 0x0f)]
                }
                return 64
            }
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}

/// A SHA-256 digest held inline (the library's type is not Sendable).
struct LineHash: Equatable, Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

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
            let digits = text.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var invalid: UInt8 = 0
            for index in 0..<32 {
                let high = LineHash.nibble(digits[2 * index]), low = LineHash.nibble(digits[2 * index + 1])
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

    /// 0–15 for a lowercase hex digit, 16 or more for anything else.
    private static func nibble(_ byte: UInt8) -> UInt8 {
        let digit = byte &- UInt8(ascii: "0")
        if digit < 10 { return digit }
        let letter = byte &- UInt8(ascii: "a")
        return letter < 6 ? letter + 10 : 16
    }

    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        withUnsafeBytes(of: words, body)
    }

    static func == (a: LineHash, b: LineHash) -> Bool { a.words == b.words }
}

/// The fixed end of a line as the writer lays it out: `,"prev":"<64 hex>","check":"<64 hex>"}`.
struct WriterTail {
    /// The 64 digits of each hash.
    var prev: Range<Int>
    var check: Range<Int>

    static let length = 9 + 64 + 11 + 64 + 2

    init?(_ line: UnsafeRawBufferPointer) {
        let start = line.count - WriterTail.length
        guard start > 0, line[line.count - 1] == UInt8(ascii: "}"), line[line.count - 2] == UInt8(ascii: "\""),
              WriterTail.matches(line, at: start, ",\"prev\":\""),
              WriterTail.matches(line, at: start + 73, "\",\"check\":\"") else { return nil }
        prev = start + 9..<start + 73
        check = start + 84..<start + 148
    }

    private static func matches(_ line: UnsafeRawBufferPointer, at offset: Int, _ text: StaticString) -> Bool {
        memcmp(line.baseAddress! + offset, text.utf8Start, text.utf8CodeUnitCount) == 0
    }
}
