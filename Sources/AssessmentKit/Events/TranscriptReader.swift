import Foundation

/// What reading a transcript found, besides the events it handed over.
public struct TranscriptScan: Equatable, Sendable {
    /// Whole, valid events read.
    public var eventCount = 0
    /// Bytes of the valid events, newlines included: where a torn tail starts.
    public var validLength = 0
    /// Hash of the last valid line (the next event's `prev`).
    public var lastHash = Event.firstPrev
    public var lastSeq = 0
    public var lastTime: Timestamp?
    /// The first problem, if any; reading stops there.
    public var damage: TranscriptDamage?
}

/// Streams a transcript's events and checks the chain as it goes, in constant memory.
public enum TranscriptReader {
    /// Reads `path`, calling `body` with each valid event in order. Stops at the first damage.
    public static func scan(path: String, _ body: (Event) throws -> Void = { _ in }) throws -> TranscriptScan {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw TranscriptError.cannotOpen(path: path, reason: "it is a folder, not a transcript file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
            throw TranscriptError.cannotOpen(path: path, reason: reason)
        }
        defer { try? handle.close() }
        var scan = TranscriptScan()
        var pending = Data()
        var lineNumber = 0
        var reachedEnd = false
        while !reachedEnd {
            let chunk = handle.readData(ofLength: 1 << 16)
            if chunk.isEmpty { reachedEnd = true }
            pending.append(chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                lineNumber += 1
                let line = pending[start..<newline]
                if let damage = try check(line: line, number: lineNumber, scan: &scan, body) {
                    // The stream stops here; the verifier looks around the line to name the damage.
                    scan.damage = (try? TranscriptVerifier.verify(path: path))?.damage ?? damage
                    return scan
                }
                scan.validLength += line.count + 1
                start = pending.index(after: newline)
            }
            pending = Data(pending[start...])
        }
        if !pending.isEmpty {
            scan.damage = lineNumber == 0 && TranscriptReader.looksBinary(pending)
                ? .notATranscript(detail: "no line breaks")
                : .tornLastLine(line: lineNumber + 1)
        } else if lineNumber == 0 {
            scan.damage = .notATranscript(detail: "the file is empty")
        }
        return scan
    }

    static func looksBinary(_ data: Data) -> Bool { data.prefix(512).contains(0) }

    /// Checks one line against the chain so far; returns the damage, or nil and updates `scan`.
    static func check(line: Data, number: Int, scan: inout TranscriptScan, _ body: (Event) throws -> Void) throws -> TranscriptDamage? {
        let event: Event
        do {
            event = try EventCoding.event(from: line)
        } catch {
            if number == 1 { return .notATranscript(detail: error.description) }
            return .editedLine(line: number, detail: error.description)
        }
        if !EventCoding.checkMatches(line) {
            return .editedLine(line: number, detail: "its check hash does not match its content")
        }
        let expected = scan.lastSeq + 1
        if number == 1 {
            guard case .started = event.payload else {
                return .notATranscript(detail: "the first event is '\(event.type)', not 'started'")
            }
        }
        if event.seq != expected {
            if event.seq > expected {
                return .deletedLine(line: number, detail: "seq \(event.seq) follows seq \(scan.lastSeq)")
            }
            return event.seq == scan.lastSeq
                ? .insertedLine(line: number, detail: "seq \(event.seq) appears twice")
                : .reorderedLines(line: number, detail: "seq \(event.seq) comes after seq \(scan.lastSeq)")
        }
        if event.prev != scan.lastHash {
            return number == 1
                ? .editedLine(line: 1, detail: "the first event's prev is not 64 zeros")
                : .editedLine(line: number - 1, detail: "line \(number)'s prev does not match the hash of line \(number - 1)")
        }
        if let lastTime = scan.lastTime, event.at < lastTime {
            return .editedLine(line: number, detail: "its time \(event.at) is before the previous event's \(lastTime)")
        }
        if number > 1, case .started = event.payload {
            return .insertedLine(line: number, detail: "a second 'started' event")
        }
        try body(event)
        scan.eventCount += 1
        scan.lastSeq = event.seq
        scan.lastHash = HashChain.hash(line)
        scan.lastTime = event.at
        return nil
    }

    /// Reads every valid event into memory (for resuming and tests; large files should `scan`).
    public static func readAll(path: String) throws -> (events: [Event], scan: TranscriptScan) {
        var events: [Event] = []
        let scan = try scan(path: path) { events.append($0) }
        return (events, scan)
    }
}
