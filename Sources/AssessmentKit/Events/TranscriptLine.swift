import Crypto
import Foundation

/// The one owner of a transcript line's layout. The writer lays each event out as
///
///     {"seq":N,"at":"<24 characters>","type":"<kind>","by":<JSON string>,<payload members>,"prev":"<64 hex>","check":"<64 hex>"}
///
/// `check` is the SHA-256 of the line without its `,"check":"…"` member, closing brace kept,
/// so a change to the last line, which no later `prev` covers, is caught too. The SHA-256 of
/// the whole line (without its newline) is the next line's `prev`.
///
/// Readers take the members in any order and spacing (JSONDecoder decides), but a `check`
/// can match only in the writer's tail, `,"prev":"…","check":"…"}`, and only a line with
/// that tail takes the fast parser (`EventDecoder`).
struct TranscriptLine {
    /// The line, without its newline.
    let bytes: UnsafeRawBufferPointer
    /// The writer's tail, hashes decoded; nil when the line does not end that way, or when
    /// a hash is not 64 lowercase hex digits.
    let tail: Tail?
    /// Where the `,"check":"…"` member starts when the line ends in the tail's layout,
    /// whatever its hashes hold, and the `check` it claims if that is a hash: what the check
    /// is judged by, so an odd `prev` is blamed on the chain, not on the check.
    private let checkStart: Int?
    private let claimedCheck: LineHash?

    /// The fixed end of a line as the writer lays it out: `,"prev":"<64 hex>","check":"<64 hex>"}`.
    struct Tail {
        /// Where the tail starts: the object's other members lie before it.
        let start: Int
        let prev: LineHash
        let check: LineHash
    }

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        (tail, checkStart, claimedCheck) = TranscriptLine.tail(of: bytes)
    }

    // The layout, piece by piece.
    private static let seqOpening: StaticString = #"{"seq":"#
    private static let atOpening: StaticString = #","at":""#
    private static let typeOpening: StaticString = #"","type":""#
    private static let byOpening: StaticString = #"","by":"#
    private static let prevOpening: StaticString = #","prev":""#
    private static let checkOpening: StaticString = #","check":""#
    private static let hashDigits = 64
    private static let quote = UInt8(ascii: "\"")
    private static let closingBrace = UInt8(ascii: "}")
    /// `,"prev":"<64 hex>"` and `,"check":"<64 hex>"`, closing quotes included.
    private static let prevMemberLength = prevOpening.utf8CodeUnitCount + hashDigits + 1
    private static let checkMemberLength = checkOpening.utf8CodeUnitCount + hashDigits + 1
    /// The tail: the two members and the closing brace.
    static let tailLength = prevMemberLength + checkMemberLength + 1

    private static func tail(of line: UnsafeRawBufferPointer) -> (tail: Tail?, checkStart: Int?, check: LineHash?) {
        let start = line.count - tailLength
        let checkStart = start + prevMemberLength
        let prevDigits = start + prevOpening.utf8CodeUnitCount, checkDigits = checkStart + checkOpening.utf8CodeUnitCount
        guard start > 0, line[line.count - 1] == closingBrace, line[line.count - 2] == quote, line[checkStart - 1] == quote,
              matches(line, at: start, prevOpening), matches(line, at: checkStart, checkOpening) else { return (nil, nil, nil) }
        let check = LineHash(hex: UnsafeRawBufferPointer(rebasing: line[checkDigits..<checkDigits + hashDigits]))
        guard let check, let prev = LineHash(hex: UnsafeRawBufferPointer(rebasing: line[prevDigits..<prevDigits + hashDigits])) else {
            return (nil, checkStart, check)
        }
        return (Tail(start: start, prev: prev, check: check), checkStart, check)
    }

    /// The object before its tail: `{` and the members the fast parser reads, no closing brace.
    func members(before tail: Tail) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[..<tail.start])
    }

    /// The line hashed once for both uses: whether its `check` matches the rest of it, and
    /// its own hash, the next line's `prev`.
    func digests() -> (checkMatches: Bool, hash: LineHash) {
        guard let checkStart else { return (false, LineHash(SHA256.hash(data: bytes))) }
        var hasher = SHA256()
        hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[..<checkStart]))
        var unchecked = hasher
        unchecked.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[(bytes.count - 1)...]))
        let matches = LineHash(unchecked.finalize()) == claimedCheck
        hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[checkStart...]))
        return (matches, LineHash(hasher.finalize()))
    }

    /// A line as the writer lays it out, and its hash (the next line's `prev`).
    struct Written {
        var text: String
        var hash: LineHash
    }

    /// Lays out one line. `by` is already a JSON string; `payloadMembers` are the payload's
    /// members without their braces (empty for none).
    static func write(seq: Int, at: Timestamp, kind: EventKind, by: String, payloadMembers: Substring, prev: String) -> Written {
        var text = "\(seqOpening)\(seq)\(atOpening)\(at)\(typeOpening)\(kind.rawValue)\(byOpening)\(by)"
        if !payloadMembers.isEmpty {
            text += ","
            text += payloadMembers
        }
        text += "\(prevOpening)\(prev)\""
        var hasher = SHA256()
        text.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        var unchecked = hasher
        unchecked.update(data: [closingBrace])
        var end = "\(checkOpening)\(LineHash(unchecked.finalize()).hex)\"}"
        end.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        return Written(text: text + end, hash: LineHash(hasher.finalize()))
    }

    /// False only when the line starts in the writer's layout, `{"seq":N,"at":"<24
    /// characters>","type":"<kind>"`, with another kind: lets a pass that wants one kind skip
    /// the other lines unparsed.
    static func mightBe(_ kind: EventKind, _ line: UnsafeRawBufferPointer) -> Bool {
        guard matches(line, at: 0, seqOpening) else { return true }
        var position = seqOpening.utf8CodeUnitCount
        while position < line.count, (line[position] &- UInt8(ascii: "0")) < 10 { position += 1 }
        let typeOpeningStart = position + atOpening.utf8CodeUnitCount + Timestamp.textLength
        let typeStart = typeOpeningStart + typeOpening.utf8CodeUnitCount
        let name = kind.rawValue.utf8
        guard matches(line, at: position, atOpening), matches(line, at: typeOpeningStart, typeOpening),
              let typeEnd = line[typeStart...].firstIndex(of: quote) else { return true }
        // An escape in the type's text (`"\u0072etracted"`) may spell any kind: only JSON can tell.
        let type = line[typeStart..<typeEnd]
        return type.contains(UInt8(ascii: "\\")) || type.elementsEqual(name)
    }

    private static func matches(_ line: UnsafeRawBufferPointer, at offset: Int, _ text: StaticString) -> Bool {
        offset >= 0 && offset + text.utf8CodeUnitCount <= line.count
            && memcmp(line.baseAddress! + offset, text.utf8Start, text.utf8CodeUnitCount) == 0
    }
}
