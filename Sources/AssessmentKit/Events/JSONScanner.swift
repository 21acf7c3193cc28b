/// A strict reader of one JSON object's top-level members, over raw bytes, for the event
/// fast path. It answers nil whenever it is not sure; the caller then uses JSONDecoder, so
/// this never has to accept more than JSONDecoder does, nor report errors itself.
struct JSONScanner {
    /// One member: where its key (inside the quotes) and its whole value lie.
    struct Member {
        var key: Range<Int>
        var value: Range<Int>
        /// For a string value: whether it is plain ASCII with no escapes, to copy as it is.
        var plain = false
    }

    let bytes: UnsafeRawBufferPointer
    private var index = 0
    /// Whether the last string skipped was plain (see `Member`).
    private var plain = false
    /// Whether some string was invalid UTF-8 or held a lone `\u` surrogate: JSONDecoder
    /// judges those.
    private var unsure = false
    private static let maxDepth = 256
    /// Keys of the objects being read, innermost last: a key given twice in one object
    /// makes the line invalid, since JSON readers disagree on which of the two counts.
    private var openKeys: [Range<Int>] = []
    /// More keys than this in one object are left to JSONDecoder's path (events have about a dozen).
    private static let maxKeysCompared = 32
    /// Set by `repeatedKey(in:)`: compare decoded keys, and note the first repeat.
    private var findingRepeats = false
    private var repeated: String?

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// The members of the object that makes up all of `bytes`, into `members` (reused to
    /// save allocations). False for anything else, for escaped, non-ASCII or repeated keys,
    /// and for repeated keys in nested objects.
    /// `open`: `bytes` stops before the object's closing brace (the caller read the rest).
    static func members(of bytes: UnsafeRawBufferPointer, open: Bool = false, into members: inout [Member]) -> Bool {
        members.removeAll(keepingCapacity: true)
        var scanner = JSONScanner(bytes)
        scanner.skipSpace()
        guard scanner.take(UInt8(ascii: "{")) else { return false }
        scanner.skipSpace()
        if !scanner.take(UInt8(ascii: "}")) {
            repeat {
                scanner.skipSpace()
                // Top-level keys are compared with `members` (reused: no allocation per line).
                let keyStart = scanner.index
                guard members.count < maxKeysCompared, scanner.skipString(), scanner.plain else { return false }
                let key = keyStart + 1..<scanner.index - 1
                for member in members where scanner.equal(member.key, key) { return false }
                scanner.skipSpace()
                guard scanner.take(UInt8(ascii: ":")) else { return false }
                scanner.skipSpace()
                let start = scanner.index
                scanner.plain = false
                guard scanner.skipValue(depth: 0) else { return false }
                let plain = scanner.plain && bytes[start] == UInt8(ascii: "\"")
                members.append(Member(key: key, value: start..<scanner.index, plain: plain))
                scanner.skipSpace()
            } while scanner.take(UInt8(ascii: ","))
            if open { return scanner.atEnd && scanner.validText }
            guard scanner.take(UInt8(ascii: "}")) else { return false }
        } else if open {
            return false
        }
        scanner.skipSpace()
        return scanner.index == bytes.count && scanner.validText
    }

    private var validText: Bool { !unsure }

    /// The first key given twice within one object anywhere in `bytes`, comparing keys as
    /// JSONDecoder does (escapes decoded); nil if none, or if `bytes` is not JSON.
    static func repeatedKey(in bytes: UnsafeRawBufferPointer) -> String? {
        var scanner = JSONScanner(bytes)
        scanner.findingRepeats = true
        scanner.skipSpace()
        _ = scanner.skipValue(depth: 0)
        return scanner.repeated
    }

    /// Whether the key just skipped (`quoted`, quotes included) differs from the others of
    /// its object, those in `openKeys` from `base` on. The fast path compares raw bytes, so
    /// it leaves escaped or non-ASCII keys, and crowded objects, to JSONDecoder's path.
    private mutating func isNewKey(_ quoted: Range<Int>, since base: Int, seen: inout Set<String>) -> Bool {
        if findingRepeats {
            let key = string(quoted) ?? String(decoding: UnsafeRawBufferPointer(rebasing: bytes[quoted]), as: UTF8.self)
            if seen.insert(key).inserted { return true }
            repeated = key
            return false
        }
        let key = quoted.lowerBound + 1..<quoted.upperBound - 1
        guard plain, openKeys.count - base < JSONScanner.maxKeysCompared,
              !openKeys[base...].contains(where: { equal($0, key) }) else { return false }
        openKeys.append(key)
        return true
    }

    // MARK: Reading values found by `members`

    /// Whether the bytes in `range` are `name`.
    func equal(_ range: Range<Int>, _ name: StaticString) -> Bool {
        guard range.count == name.utf8CodeUnitCount else { return false }
        let start = name.utf8Start
        for offset in 0..<range.count where bytes[range.lowerBound + offset] != start[offset] { return false }
        return true
    }

    func equal(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        a.count == b.count && !zip(a, b).contains { bytes[$0] != bytes[$1] }
    }

    func isNull(_ range: Range<Int>) -> Bool { equal(range, "null") }

    func bool(_ range: Range<Int>) -> Bool? {
        if equal(range, "true") { return true }
        if equal(range, "false") { return false }
        return nil
    }

    /// A plain integer (no fraction or exponent) that fits in an Int.
    func int(_ range: Range<Int>) -> Int? {
        var position = range.lowerBound
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        guard position < range.upperBound else { return nil }
        var value = 0
        for offset in position..<range.upperBound {
            let digit = bytes[offset] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = negative ? times.subtractingReportingOverflow(Int(digit)) : times.addingReportingOverflow(Int(digit))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    /// Any JSON number.
    func double(_ range: Range<Int>) -> Double? {
        let first = bytes[range.lowerBound]
        guard first == UInt8(ascii: "-") || (first &- UInt8(ascii: "0")) < 10 else { return nil }
        let value = Double(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self))
        return value?.isFinite == true ? value : nil
    }

    /// A member's string value.
    func string(_ member: Member) -> String? {
        guard member.plain else { return string(member.value) }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[member.value.lowerBound + 1..<member.value.upperBound - 1]), as: UTF8.self)
    }

    /// A string value, escapes decoded; nil for anything but a valid JSON string.
    func string(_ range: Range<Int>) -> String? {
        guard range.count >= 2, bytes[range.lowerBound] == UInt8(ascii: "\"") else { return nil }
        let inner = range.lowerBound + 1..<range.upperBound - 1
        let raw = UnsafeRawBufferPointer(rebasing: bytes[inner])
        guard raw.contains(UInt8(ascii: "\\")) else { return String(validating: raw, as: UTF8.self) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(raw.count)
        var position = inner.lowerBound
        while position < inner.upperBound {
            let byte = bytes[position]
            position += 1
            guard byte == UInt8(ascii: "\\") else {
                decoded.append(byte)
                continue
            }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            default:
                // \uXXXX, with surrogate pairs; a lone surrogate goes to JSONDecoder.
                guard var unit = hex4(at: position) else { return nil }
                position += 4
                if (0xD800..<0xDC00).contains(unit) {
                    guard position + 6 <= inner.upperBound, bytes[position] == UInt8(ascii: "\\"),
                          bytes[position + 1] == UInt8(ascii: "u"), let low = hex4(at: position + 2),
                          (0xDC00..<0xE000).contains(low) else { return nil }
                    unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    position += 6
                } else if (0xDC00..<0xE000).contains(unit) {
                    return nil
                }
                guard let scalar = Unicode.Scalar(unit) else { return nil }
                decoded.append(contentsOf: String(Character(scalar)).utf8)
            }
        }
        return String(validating: decoded, as: UTF8.self)
    }

    private func hex4(at position: Int) -> UInt32? {
        var value: UInt32 = 0
        for offset in position..<position + 4 {
            guard let digit = JSONScanner.hexValue(bytes[offset]) else { return nil }
            value = value << 4 | digit
        }
        return value
    }

    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    // MARK: Scanning

    var atEnd: Bool { index >= bytes.count }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard !atEnd, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipSpace() {
        while !atEnd {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// Skips a string, checking its escapes and that it has no control characters. Sets
    /// `plain` when it is ASCII without escapes.
    private mutating func skipString() -> Bool {
        guard take(UInt8(ascii: "\"")) else { return false }
        plain = true
        let start = index
        var nonASCII = false
        while !atEnd {
            // Eight bytes at a time while they are printable ASCII other than " and \.
            while index + 8 <= bytes.count && JSONScanner.allPlain(bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                index += 8
            }
            guard !atEnd else { return false }
            let byte = bytes[index]
            index += 1
            if byte &- 0x20 < 0x5F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") { continue }
            if byte == UInt8(ascii: "\"") {
                if nonASCII && String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<index - 1]), as: UTF8.self) == nil {
                    unsure = true
                }
                return true
            }
            if byte < 0x20 { return false }
            plain = false
            if byte >= 0x80 { nonASCII = true }
            if byte == UInt8(ascii: "\\") {
                guard !atEnd else { return false }
                let escape = bytes[index]
                index += 1
                if escape == UInt8(ascii: "u") {
                    guard index + 4 <= bytes.count, let unit = hex4(at: index) else { return false }
                    index += 4
                    // A pair is one character; a lone half is for JSONDecoder to judge.
                    if (0xD800..<0xDC00).contains(unit), index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
                       bytes[index + 1] == UInt8(ascii: "u"), let low = hex4(at: index + 2), (0xDC00..<0xE000).contains(low) {
                        index += 6
                    } else if (0xD800..<0xE000).contains(unit) {
                        unsure = true
                    }
                } else if !"\"\\/bfnrt".utf8.contains(escape) {
                    return false
                }
            }
        }
        return false
    }

    /// Whether no byte of `word` is a quote, a backslash, a control character or non-ASCII
    /// (the classic test for a zero byte, applied to each case).
    private static func allPlain(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let quote = hasZeroByte(word ^ (ones &* 0x22))
        let backslash = hasZeroByte(word ^ (ones &* 0x5C))
        let control = (word &- ones &* 0x20) & ~word & highs != 0
        return !(quote || backslash || control || word & highs != 0)
    }

    private mutating func skipValue(depth: Int) -> Bool {
        guard !atEnd, depth < JSONScanner.maxDepth else { return false }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            return skipString()
        case UInt8(ascii: "{"):
            index += 1
            skipSpace()
            if take(UInt8(ascii: "}")) { return true }
            let base = openKeys.count
            var seen: Set<String> = []
            defer { openKeys.removeSubrange(base...) }
            repeat {
                skipSpace()
                let start = index
                guard skipString(), isNewKey(start..<index, since: base, seen: &seen) else { return false }
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return false }
                skipSpace()
                guard skipValue(depth: depth + 1) else { return false }
                skipSpace()
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "}"))
        case UInt8(ascii: "["):
            index += 1
            skipSpace()
            if take(UInt8(ascii: "]")) { return true }
            repeat {
                skipSpace()
                guard skipValue(depth: depth + 1) else { return false }
                skipSpace()
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "]"))
        case UInt8(ascii: "t"): return skipLiteral("true")
        case UInt8(ascii: "f"): return skipLiteral("false")
        case UInt8(ascii: "n"): return skipLiteral("null")
        default: return skipNumber()
        }
    }

    private mutating func skipLiteral(_ literal: StaticString) -> Bool {
        let end = index + literal.utf8CodeUnitCount
        guard end <= bytes.count, equal(index..<end, literal) else { return false }
        index = end
        return true
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    private mutating func skipNumber() -> Bool {
        func digits() -> Int {
            let start = index
            while !atEnd, (bytes[index] &- UInt8(ascii: "0")) < 10 { index += 1 }
            return index - start
        }
        _ = take(UInt8(ascii: "-"))
        guard !atEnd else { return false }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            return false
        }
        if take(UInt8(ascii: ".")), digits() == 0 { return false }
        if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
            if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
            if digits() == 0 { return false }
        }
        return true
    }
}
