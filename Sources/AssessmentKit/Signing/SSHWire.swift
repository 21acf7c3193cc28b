import Foundation

/// The SSH wire format (RFC 4251, 5): big-endian `uint32`s and length-prefixed strings, as
/// keys, signatures, key files and the agent protocol are written; and the armor of key
/// and signature files.
enum SSHWire {
    /// `bytes` as an SSH `string`: its length, then itself.
    static func string(_ bytes: some Collection<UInt8>) -> [UInt8] {
        uint32(bytes.count) + bytes
    }

    static func uint32(_ value: Int) -> [UInt8] {
        [UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16),
         UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }

    /// The value of four big-endian bytes.
    static func uint32(_ bytes: some Collection<UInt8>) -> Int {
        bytes.reduce(0) { $0 << 8 | Int($1) }
    }

    /// The bytes between the `begin` and `end` lines of armored text (blank-trimmed lines,
    /// LF or CR LF), base64-decoded; nil without both lines or with bad base64.
    static func dearmor(_ text: String, begin: String, end: String) -> [UInt8]? {
        // On the bytes: reports read every endorsement of thousands of transcripts.
        let blank: (UInt8) -> Bool = { $0 == 32 || $0 == 9 || $0 == 13 }
        let lines = text.utf8.split(separator: 10).map { line in line.drop(while: blank).reversed().drop(while: blank).reversed() }
            .filter { !$0.isEmpty }
        guard let first = lines.firstIndex(where: { $0.elementsEqual(begin.utf8) }),
              let last = lines.lastIndex(where: { $0.elementsEqual(end.utf8) }), first < last,
              let decoded = Data(base64Encoded: Data(lines[(first + 1)..<last].joined())) else { return nil }
        return Array(decoded)
    }

    /// `bytes` armored between `begin` and `end` in base64 lines of 70, as ssh-keygen writes them.
    static func armor(_ bytes: [UInt8], begin: String, end: String) -> String {
        let encoded = Data(bytes).base64EncodedString()
        var lines = [begin]
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let next = encoded.index(index, offsetBy: 70, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(String(encoded[index..<next]))
            index = next
        }
        return (lines + [end]).joined(separator: "\n") + "\n"
    }
}

/// Reads the SSH wire format's fields in order.
struct SSHWireReader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { position == bytes.count }

    /// The next `count` bytes, unprefixed.
    mutating func fixed(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, bytes.count - position >= count else { return nil }
        defer { position += count }
        return bytes[position..<position + count]
    }

    mutating func uint32() -> Int? {
        fixed(4).map(SSHWire.uint32)
    }

    mutating func string() -> ArraySlice<UInt8>? {
        let start = position
        guard let length = uint32(), let value = fixed(length) else {
            position = start
            return nil
        }
        return value
    }
}
