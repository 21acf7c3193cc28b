import Foundation
import Synchronization

/// What reading a transcript found, besides the events it handed over.
public struct TranscriptScan: Equatable, Sendable {
    /// Whole, valid events read.
    public var eventCount = 0
    /// Bytes of the valid events, newlines included: where a torn tail starts.
    public var validLength = 0
    /// Where the chain stands after the last valid line.
    var chain = TranscriptChain()
    /// The first problem, if any; reading stops there.
    public var damage: TranscriptDamage?

    public init() {}

    public var lastSeq: Int { chain.lastSeq }
    public var lastTime: Timestamp? { chain.lastTime }
    /// Hash of the last valid line (the next event's `prev`).
    public var lastHash: String { chain.lastHash.hex }
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
                switch scan.chain.admit(batch.take(index), number: batch.first + index) {
                case .fits(let event):
                    try body(event)
                    scan.eventCount += 1
                    scan.validLength += batch.lengths[index] + 1
                case .damaged(let damage):
                    // The stream stops here; the verifier looks around the line to name the damage.
                    scan.damage = locatingDamage ? (try? TranscriptVerifier.locateDamage(path: path))?.damage ?? damage : damage
                    return false
                }
            }
            return true
        }
        let end = try open(path) { descriptor in
            try FileLines.batches(of: descriptor) { buffer, lines, first in
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

    /// Opens `path` and hands `body` its lines (see `FileLines`).
    static func lines(path: String, _ body: (UnsafeRawBufferPointer, Int) throws -> Bool) throws -> FileLines.End {
        try open(path) { try FileLines.lines(of: $0, body) }
    }

    /// The first `count` bytes of `path` (fewer if the file is shorter).
    static func prefix(path: String, count: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        _ = try open(path) { descriptor in
            bytes = try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                while initialized < count {
                    let got = try Platform.read(descriptor, into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[initialized...])))
                    if got == 0 { break }
                    initialized += got
                }
            }
            return FileLines.End()
        }
        return bytes
    }

    /// Opens `path` for `body`, with a clear error for a folder or a missing file.
    static func open(_ path: String, _ body: (Int32) throws -> FileLines.End) throws -> FileLines.End {
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
        } catch let error as SystemError {
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
            if TranscriptLine.mightBe(.retracted, line), let event = try? decoder.event(from: line),
               case .retracted(let retraction) = event.payload {
                targets.insert(retraction.target)
            }
            return true
        }
        return targets
    }

    static func looksBinary<Bytes: Collection<UInt8>>(_ data: Bytes) -> Bool { data.prefix(512).contains(0) }
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
