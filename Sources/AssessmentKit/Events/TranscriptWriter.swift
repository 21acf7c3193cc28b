import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends events to a transcript: one JSON line each, chained by hash, `fsync`ed before
/// `append` returns. Holds an exclusive `flock` on the file while open, so a second
/// writer is refused. A failed write is cut back, so the file never keeps half an event.
public final class TranscriptWriter {
    public let path: String
    private let descriptor: Int32
    private let clock: @Sendable () -> Timestamp
    public private(set) var lastSeq: Int
    public private(set) var lastHash: String
    private var lastTime: Timestamp?
    private var length: off_t
    private var isOpen = true

    private init(path: String, descriptor: Int32, clock: @escaping @Sendable () -> Timestamp, scan: TranscriptScan) {
        self.path = path
        self.descriptor = descriptor
        self.clock = clock
        self.lastSeq = scan.lastSeq
        self.lastHash = scan.lastHash
        self.lastTime = scan.lastTime
        self.length = off_t(scan.validLength)
    }

    deinit { close() }

    /// Creates `<folder>/<assessment>/<date>-<name>.jsonl` (with `-2`, `-3`… if taken), mode 0600,
    /// holding `first` as its first event. The event is written and synced under a temporary
    /// name and only then linked into place, so a crash never leaves an empty or half-written
    /// transcript behind.
    public static func create(folder: String, assessment: String, date: String, name: String, first: EventPayload,
                              clock: @escaping @Sendable () -> Timestamp = Timestamp.now) throws(TranscriptError) -> (TranscriptWriter, Event) {
        let directory = folder + "/" + assessment
        if let failure = makeDirectories(directory) {
            throw .cannotCreate(path: directory, reason: "cannot create the folder: \(String(cString: strerror(failure)))")
        }
        for attempt in 1...1000 {
            let base = date + "-" + name + (attempt == 1 ? "" : "-\(attempt)") + ".jsonl"
            let path = directory + "/" + base
            if access(path, F_OK) == 0 { continue }
            let temporary = directory + "/." + base + ".\(getpid()).tmp"
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw .cannotCreate(path: path, reason: String(cString: strerror(errno))) }
            fchmod(descriptor, 0o600)
            let writer: TranscriptWriter
            let event: Event
            do {
                try lock(descriptor, path: path)
                writer = TranscriptWriter(path: path, descriptor: descriptor, clock: clock, scan: TranscriptScan())
                event = try writer.append(by: Event.system, first)
            } catch {
                unlink(temporary)
                throw error
            }
            guard link(temporary, path) == 0 else {
                let failure = errno
                unlink(temporary)
                writer.close()
                if failure == EEXIST { continue }
                throw .cannotCreate(path: path, reason: String(cString: strerror(failure)))
            }
            unlink(temporary)
            syncDirectory(directory)
            return (writer, event)
        }
        throw .cannotCreate(path: directory, reason: "too many transcripts for \(name) on \(date)")
    }

    /// Opens an existing transcript and takes its lock, before anything is read from it, so
    /// two shells resuming at once cannot both act on what they read.
    public static func lockExisting(path: String) throws(TranscriptError) -> Int32 {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard descriptor >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        try lock(descriptor, path: path)
        return descriptor
    }

    /// Releases a lock from `lockExisting` without writing.
    public static func unlock(_ descriptor: Int32, path: String) {
        unlink(path + ".lock")
        Glibc.close(descriptor)
    }

    /// A writer over a transcript locked with `lockExisting` and read after locking. Only a
    /// torn last line is ever cut; any other damage is refused.
    public static func reopen(path: String, descriptor: Int32, after scan: TranscriptScan,
                              clock: @escaping @Sendable () -> Timestamp = Timestamp.now) throws(TranscriptError) -> TranscriptWriter {
        if let damage = scan.damage {
            guard case .tornLastLine = damage else {
                unlock(descriptor, path: path)
                throw .damaged(path: path, damage: damage)
            }
            guard ftruncate(descriptor, off_t(scan.validLength)) == 0, fsync(descriptor) == 0 else {
                let reason = String(cString: strerror(errno))
                unlock(descriptor, path: path)
                throw .writeFailed(path: path, reason: reason)
            }
        }
        return TranscriptWriter(path: path, descriptor: descriptor, clock: clock, scan: scan)
    }

    private static func lock(_ descriptor: Int32, path: String) throws(TranscriptError) {
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            Glibc.close(descriptor)
            // The note may be caught half-written; then the message names no holder.
            let note = (try? String(contentsOfFile: path + ".lock", encoding: .utf8))?.trimmingWhitespace
            throw .inUse(path: path, holder: note?.isEmpty == false ? note : nil)
        }
        // Who holds it, for the message a second shell shows. Only informative: the flock is the lock.
        // Written without fsync: after a crash the flock is gone, and a stale note is harmless.
        let user = getenv("USER").map { String(cString: $0) } ?? "uid \(getuid())"
        var host = [CChar](repeating: 0, count: 256)
        let hostName = gethostname(&host, host.count - 1) == 0
            ? String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "this machine"
        let holder = "pid \(getpid()), \(user) on \(hostName), since \(Timestamp.now().timeOfDay) UTC\n"
        let note = open(path + ".lock", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        if note >= 0 {
            fchmod(note, 0o600)
            _ = holder.utf8CString.withUnsafeBufferPointer { write(note, $0.baseAddress, $0.count - 1) }
            Glibc.close(note)
        }
    }

    /// `mkdir -p`: creates the folder and any missing parents with mode 0700. Returns the
    /// errno of a failure, or nil.
    static func makeDirectories(_ path: String) -> Int32? {
        // chmod as well, since mkdir's mode is reduced by the umask.
        if mkdir(path, 0o700) == 0 { return chmod(path, 0o700) == 0 ? nil : errno }
        var failure = errno
        if failure == ENOENT, let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            if let parent = makeDirectories(String(path[..<slash])) { return parent }
            if mkdir(path, 0o700) == 0 { return chmod(path, 0o700) == 0 ? nil : errno }
            failure = errno
        }
        var status = stat()
        if failure == EEXIST, stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR { return nil }
        return failure == EEXIST ? ENOTDIR : failure
    }

    private static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor >= 0 {
            fsync(descriptor)
            Glibc.close(descriptor)
        }
    }

    /// Writes the event and makes it durable; on any failure the file is left as it was.
    @discardableResult
    public func append(by: String, _ payload: EventPayload) throws(TranscriptError) -> Event {
        var at = clock()
        if let lastTime, at < lastTime { at = lastTime }  // a clock step back must not break the order
        let event = Event(seq: lastSeq + 1, at: at, by: by, payload: payload, prev: lastHash)
        let line = EventCoding.line(for: event)
        let bytes = Array((line + "\n").utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if result < 0 {
                if errno == EINTR { continue }
                throw failure(String(cString: strerror(errno)))
            }
            written += result
        }
        guard fsync(descriptor) == 0 else { throw failure(String(cString: strerror(errno))) }
        length += off_t(bytes.count)
        lastSeq = event.seq
        lastHash = HashChain.hash(line)
        lastTime = at
        return event
    }

    private func failure(_ reason: String) -> TranscriptError {
        ftruncate(descriptor, length)
        fsync(descriptor)
        return .writeFailed(path: path, reason: reason)
    }

    /// Releases the lock. The transcript stays as written.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        unlink(path + ".lock")
        Glibc.close(descriptor)
    }
}
