import Foundation
import Synchronization

/// What reading a transcript found, besides the events it handed over.
public struct TranscriptScan: Equatable, Sendable {
    /// Whole, valid events read.
    public var eventCount = 0
    /// Bytes of the valid events, newlines included: where a torn tail starts.
    public var validLength = 0
    /// Hash of the last valid line.
    var lastDigest: LineHash?
    public var lastSeq = 0
    public var lastTime: Timestamp?
    /// The first problem, if any; reading stops there.
    public var damage: TranscriptDamage?

    public init() {}

    /// Hash of the last valid line (the next event's `prev`).
    public var lastHash: String { lastDigest.map(HashChain.hex) ?? Event.firstPrev }

    /// Whether a line's `prev` names the last valid line.
    func chains(_ line: PreparedLine, _ event: Event) -> Bool {
        guard let lastDigest else { return event.prev == Event.firstPrev }
        return line.prev == lastDigest
    }
}

/// A state being folded, held by reference so that applying an event never copies it.
final class Fold {
    var state: InterviewState
    init(_ state: InterviewState) { self.state = state }
}

/// Streams a transcript's events and checks the chain as it goes, in constant memory.
public enum TranscriptReader {
    /// Reads `path`, calling `body` with each valid event in order. Stops at the first damage.
    /// Pass one `decoder` when reading many transcripts.
    public static func scan(path: String, decoder: EventDecoder = EventDecoder(),
                            _ body: (Event) throws -> Void = { _ in }) throws -> TranscriptScan {
        try scan(path: path, decoder: decoder, locatingDamage: true, body)
    }

    /// `locatingDamage`: on damage, read the file again to name it precisely (see `TranscriptVerifier`).
    static func scan(path: String, decoder: EventDecoder = EventDecoder(), locatingDamage: Bool,
                     _ body: (Event) throws -> Void) throws -> TranscriptScan {
        var scan = TranscriptScan()
        let helper = EventDecoder()
        // Each buffer-full is parsed and hashed on two threads; meanwhile this thread checks
        // and folds the one before, then joins in. Memory holds two batches at most.
        var pending: PreparedBatch?
        func consume(_ batch: PreparedBatch) throws -> Bool {
            for index in 0..<batch.count {
                let number = batch.first + index
                if let damage = try check(batch.take(index), number: number, scan: &scan, body) {
                    // The stream stops here; the verifier looks around the line to name the damage.
                    scan.damage = locatingDamage ? (try? TranscriptVerifier.locateDamage(path: path))?.damage ?? damage : damage
                    return false
                }
                scan.validLength += batch.lengths[index] + 1
            }
            return true
        }
        let end = try open(path) { descriptor in
            try LineReader.batches(of: descriptor) { buffer, lines, first in
                let batch = PreparedBatch(buffer, lines, first: first)
                batch.start(helper)
                defer { batch.finish(decoder) }
                if let previous = pending, try !consume(previous) { return 0 }
                batch.finish(decoder)
                pending = batch
                return lines.count
            }
        }
        if scan.damage != nil { return scan }
        if let last = pending, try !consume(last) { return scan }
        if !end.tail.isEmpty {
            scan.damage = end.lines == 0 && looksBinary(end.tail)
                ? .notATranscript(detail: "no line breaks")
                : .tornLastLine(line: end.lines + 1)
        } else if end.lines == 0 {
            scan.damage = .notATranscript(detail: "the file is empty")
        }
        return scan
    }

    /// Opens `path` and hands `body` its lines (see `LineReader`).
    static func lines(path: String, _ body: (UnsafeRawBufferPointer, Int) throws -> Bool) throws -> LineReader.End {
        try open(path) { try LineReader.lines(of: $0, body) }
    }

    /// The first `count` bytes of `path` (fewer if the file is shorter).
    static func prefix(path: String, count: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        _ = try open(path) { descriptor in
            bytes = try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                while initialized < count {
                    let got = read(descriptor, buffer.baseAddress! + initialized, count - initialized)
                    if got < 0 && errno == EINTR { continue }
                    if got < 0 { throw LineReader.ReadError(code: errno) }
                    if got == 0 { break }
                    initialized += got
                }
            }
            return LineReader.End()
        }
        return bytes
    }

    /// Opens `path` for `body`, with a clear error for a folder or a missing file.
    static func open(_ path: String, _ body: (Int32) throws -> LineReader.End) throws -> LineReader.End {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw TranscriptError.cannotOpen(path: path, reason: "it is a folder, not a transcript file")
        }
        // Opened without blocking, so a FIFO or a device cannot hang the reader before the
        // check below refuses it; reads of a regular file never block anyway.
        let descriptor = Foundation.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw TranscriptError.cannotOpen(path: path, reason: SystemError.opening(path)) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw TranscriptError.cannotOpen(path: path, reason: "it is not a regular file (a pipe or a device, say); copy the transcript to a file first")
        }
        do {
            return try body(descriptor)
        } catch let error as LineReader.ReadError {
            throw TranscriptError.cannotOpen(path: path, reason: error.description)
        }
    }

    /// The `seq` of every event that a `retracted` event of the file names: one quick pass
    /// that parses only `retracted` lines, so a fold can skip them and keep no history.
    public static func retractedTargets(path: String, decoder: EventDecoder = EventDecoder()) throws -> Set<Int> {
        try retractedTargets(path: path, decoder: decoder, lines: .max)
    }

    /// The same, from the first `limit` lines only (those before the damage).
    static func retractedTargets(path: String, decoder: EventDecoder, lines limit: Int) throws -> Set<Int> {
        var targets: Set<Int> = []
        _ = try lines(path: path) { line, number in
            guard number <= limit else { return false }
            if mightBeRetraction(line), let event = try? decoder.event(from: line),
               case .retracted(let retraction) = event.payload {
                targets.insert(retraction.target)
            }
            return true
        }
        return targets
    }

    /// False only for a line in the writer's layout (`{"seq":N,"at":"…","type":"…"`) of another type.
    static func mightBeRetraction(_ line: UnsafeRawBufferPointer) -> Bool {
        let head = "{\"seq\":".utf8
        guard line.count > 64, line.starts(with: head) else { return true }
        var position = head.count
        while position < 20, (line[position] &- UInt8(ascii: "0")) < 10 { position += 1 }
        let typeStart = position + 41  // ,"at":"<24 characters>","type":"
        guard typeStart + 10 < line.count,
              line[position..<typeStart].starts(with: ",\"at\":\"".utf8),
              line[(position + 31)..<typeStart].elementsEqual("\",\"type\":\"".utf8) else { return true }
        return line[typeStart..<(typeStart + 10)].elementsEqual("retracted\"".utf8)
    }

    static func looksBinary<Bytes: Collection<UInt8>>(_ data: Bytes) -> Bool { data.prefix(512).contains(0) }

    /// Checks one line against the chain so far; returns the damage, or nil and updates `scan`.
    static func check(line: UnsafeRawBufferPointer, number: Int, scan: inout TranscriptScan, decoder: EventDecoder,
                      _ body: (Event) throws -> Void) throws -> TranscriptDamage? {
        try check(PreparedLine(line, decoder: decoder), number: number, scan: &scan, body)
    }

    static func check(_ line: PreparedLine, number: Int, scan: inout TranscriptScan,
                      _ body: (Event) throws -> Void) throws -> TranscriptDamage? {
        let event: Event
        switch line.event {
        case .success(let parsed): event = parsed
        case .failure(let error):
            if number == 1 { return .notATranscript(detail: error.description) }
            return .editedLine(line: number, detail: error.description)
        }
        if !line.checkMatches {
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
        if !scan.chains(line, event) {
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
        scan.lastDigest = line.hash
        scan.lastTime = event.at
        return nil
    }

    /// Reads every valid event into memory (for resuming and tests; large files should `scan`).
    public static func readAll(path: String) throws -> (events: [Event], scan: TranscriptScan) {
        var events: [Event] = []
        let scan = try checkedFold(path: path, history: .noRecordings) { events.append($0) }.scan
        return (events, scan)
    }

    /// `scan`, folding the events into a state that keeps `history`, and checking each one
    /// against the interview so far as `verify` does (`TranscriptVerifier.nonsense`): the first
    /// event the shell could not have recorded (a score outside the scale, a stranger's
    /// rating) is damage too, and neither the state nor `body` sees it or what follows. `body`
    /// sees each valid event before it is folded. Every reader that reports or resumes reads
    /// this way; one state serves the check and the fold.
    public static func checkedFold(path: String, decoder: EventDecoder = EventDecoder(), history: StateHistory,
                                   _ body: (Event) throws -> Void = { _ in }) throws -> (state: InterviewState?, scan: TranscriptScan) {
        var fold: Fold?
        var invalid: TranscriptDamage?
        var scan = try scan(path: path, decoder: decoder) { event in
            guard invalid == nil else { return }
            if let fold {
                if let problem = TranscriptVerifier.nonsense(event, in: fold.state) {
                    invalid = .invalidEvent(line: event.seq, detail: problem)
                    return
                }
                try body(event)
                fold.state.apply(event)
            } else if case .started(let started) = event.payload {
                try body(event)
                fold = Fold(InterviewState(started: started, at: event.at, seq: event.seq, history: history))
            }
        }
        if let invalid, invalid.line <= scan.damage?.line ?? .max {
            scan.damage = invalid
            scan.eventCount = invalid.line - 1
        }
        return (fold?.state, scan)
    }
}

/// A line parsed and hashed, ready for the chain check. Both are the costly part of reading,
/// and independent from line to line, so a large batch is prepared on two threads.
struct PreparedLine {
    var event: Result<Event, EventCoding.LineError>
    var checkMatches: Bool
    var hash: LineHash
    /// The event's `prev`, decoded.
    var prev: LineHash?

    init(_ line: UnsafeRawBufferPointer, decoder: EventDecoder) {
        // Each hex hash is decoded once, for the parser, the check and the chain.
        let tail = WriterTail(line)
        let prevHash = tail.flatMap { LineHash(hex: UnsafeRawBufferPointer(rebasing: line[$0.prev])) }
        let checkHash = tail.flatMap { LineHash(hex: UnsafeRawBufferPointer(rebasing: line[$0.check])) }
        var hexTail: EventDecoder.KnownTail?
        if let tail, let prevHash, checkHash != nil { hexTail = EventDecoder.KnownTail(tail: tail, prev: prevHash) }
        event = Result { () throws(EventCoding.LineError) -> Event in try decoder.event(from: line, hexTail: hexTail) }
        (checkMatches, hash) = HashChain.digests(of: line, tail: tail, claimed: checkHash)
        prev = prevHash ?? (try? event.get()).flatMap { LineHash(hex: $0.prev) }
    }

}

/// A buffer-full of lines being prepared by two threads, each taking small runs of lines in
/// turn, so neither waits while the other has work.
final class PreparedBatch: @unchecked Sendable {
    let first: Int
    let count: Int
    let lengths: [Int]
    /// Filled by `start` and `finish`; read only after `finish`.
    let output: UnsafeMutableBufferPointer<PreparedLine>
    private let buffer: UnsafeRawBufferPointer
    private let lines: [Range<Int>]
    private let next = Atomic<Int>(0)
    private let helping = DispatchGroup()
    private var finished = false
    /// Lines moved out by `take`, from the start.
    private var taken = 0
    private static let run = 64
    /// Below this many lines the calling thread prepares the batch alone.
    private static let parallelThreshold = 1024

    init(_ buffer: UnsafeRawBufferPointer, _ lines: [Range<Int>], first: Int) {
        self.buffer = buffer
        self.lines = lines
        self.first = first
        count = lines.count
        lengths = lines.map(\.count)
        output = .allocate(capacity: lines.count)
    }

    /// Sets a second thread to work on the batch, with its own decoder.
    func start(_ decoder: EventDecoder) {
        guard count >= PreparedBatch.parallelThreshold else { return }
        nonisolated(unsafe) let decoder = decoder
        helping.enter()
        DispatchQueue.global().async {
            self.work(decoder)
            self.helping.leave()
        }
    }

    /// Prepares what is left on this thread, then waits for the other. The buffer may be
    /// reused after this.
    func finish(_ decoder: EventDecoder) {
        guard !finished else { return }
        work(decoder)
        helping.wait()
        finished = true
    }

    private func work(_ decoder: EventDecoder) {
        while true {
            let start = next.add(PreparedBatch.run, ordering: .relaxed).oldValue
            guard start < count else { return }
            for index in start..<min(start + PreparedBatch.run, count) {
                (output.baseAddress! + index).initialize(to: PreparedLine(UnsafeRawBufferPointer(rebasing: buffer[lines[index]]), decoder: decoder))
            }
        }
    }

    /// Moves line `index` out; lines are taken in order, each once.
    func take(_ index: Int) -> PreparedLine {
        precondition(index == taken, "prepared lines are taken in order")
        taken += 1
        return (output.baseAddress! + index).move()
    }

    deinit {
        (output.baseAddress! + taken).deinitialize(count: count - taken)
        output.deallocate()
    }
}
