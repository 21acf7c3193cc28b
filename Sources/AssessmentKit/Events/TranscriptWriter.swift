import Foundation

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
    /// Whether this writer wrote the lock note, and so removes it on close.
    private var ownsNote: Bool

    private init(path: String, descriptor: Int32, clock: @escaping @Sendable () -> Timestamp, scan: TranscriptScan, ownsNote: Bool) {
        self.ownsNote = ownsNote
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
        try refuseUnsafe(folder)
        if let failure = Platform.makePrivateFolders(directory) {
            throw .cannotCreate(path: directory, reason: "cannot create the folder: \(SystemError(code: failure))")
        }
        try refuseUnsafe(directory)
        for attempt in 1...1000 {
            let base = date + "-" + name + (attempt == 1 ? "" : "-\(attempt)") + ".jsonl"
            let path = directory + "/" + base
            if access(path, F_OK) == 0 { continue }
            let temporary = directory + "/." + base + ".\(getpid()).tmp"
            SignalCleanup.add(temporary)
            defer { SignalCleanup.remove(temporary) }
            let descriptor: Int32
            do {
                descriptor = try Platform.createPrivate(temporary, appending: true)
            } catch {
                throw .cannotCreate(path: path, reason: error.reason)
            }
            let writer: TranscriptWriter
            let event: Event
            do {
                try lock(descriptor, path: path)
                writer = TranscriptWriter(path: path, descriptor: descriptor, clock: clock, scan: TranscriptScan(), ownsNote: false)
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
                throw .cannotCreate(path: path, reason: SystemError(code: failure).description)
            }
            unlink(temporary)
            Platform.syncFolder(directory)
            // Only now is `path` the file this writer has locked, so the note may be replaced
            // (before, a note there is the note of whoever took the name first).
            writeLockNote(path: path)
            writer.ownsNote = true
            return (writer, event)
        }
        throw .cannotCreate(path: directory, reason: "too many transcripts for \(name) on \(date)")
    }

    /// Throws if others could plant or swap files in `folder` (see `Platform.unsafeFolderProblem`).
    static func refuseUnsafe(_ folder: String) throws(TranscriptError) {
        if let problem = Platform.unsafeFolderProblem(folder) { throw .unsafeFolder(problem: problem) }
    }

    /// Opens an existing transcript and takes its lock, before anything is read from it, so
    /// two shells resuming at once cannot both act on what they read.
    public static func lockExisting(path: String) throws(TranscriptError) -> Int32 {
        let slash = path.lastIndex(of: "/")
        try refuseUnsafe(slash.map { String(path[..<$0]).isEmpty ? "/" : String(path[..<$0]) } ?? ".")
        // Without blocking: opening a FIFO for writing would wait for a reader (refused below).
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            if errno == ENXIO { throw .cannotOpen(path: path, reason: "it is not a regular file (a pipe, say)") }
            throw .cannotOpen(path: path, reason: SystemError.opening(path))
        }
        try lock(descriptor, path: path)
        removeLeftoverTemporaryName(of: path, descriptor: descriptor)
        if let problem = unsafeFileProblem(descriptor, path: path) {
            Platform.close(descriptor)
            throw .notResumable(path: path, reason: problem)
        }
        writeLockNote(path: path)
        return descriptor
    }

    /// `create` links a transcript into place from a temporary name, then removes that name;
    /// a crash in between leaves the transcript with two names, which `resume` would refuse
    /// as a hard link. Call holding the lock (so no writer is alive in `create`): removes the
    /// temporary name `.<name>.<pid>.tmp` beside `path` if it is this very file, and only it.
    static func removeLeftoverTemporaryName(of path: String, descriptor: Int32) {
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_nlink == 2 else { return }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]).isEmpty ? "/" : String(path[..<$0]) } ?? "."
        let prefix = "." + (slash.map { String(path[path.index(after: $0)...]) } ?? path) + "."
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            let pid = name.dropFirst(prefix.count).dropLast(4)
            guard name.hasPrefix(prefix), name.hasSuffix(".tmp"), !pid.isEmpty,
                  pid.allSatisfy({ $0.isASCII && $0.isNumber }) else { continue }
            var other = stat()
            let candidate = folder + "/" + name
            if lstat(candidate, &other) == 0, other.st_dev == status.st_dev, other.st_ino == status.st_ino {
                unlink(candidate)
                Platform.syncFolder(folder)
                return
            }
        }
    }

    /// Why the open transcript is not one to write to, or nil: it must be the effective user's
    /// and private (0600, as the writer makes it), or others could have changed it, or could
    /// change what this shell appends. Checked on the descriptor, so it is the file opened.
    static func unsafeFileProblem(_ descriptor: Int32, path: String) -> String? {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return SystemError.last.description }
        if status.st_mode & S_IFMT != S_IFREG { return "it is not a regular file (a pipe or a device, say)" }
        if status.st_nlink != 1 {
            return "it has \(status.st_nlink) names (hard links), so it can be changed through another; resume a copy ('cp') instead"
        }
        if status.st_uid != geteuid() {
            return "it belongs to another user (uid \(status.st_uid)); resume it as its owner"
        }
        let mode = status.st_mode & 0o7777
        if mode & 0o077 != 0 {
            return "others may \(mode & 0o022 != 0 ? "change" : "read") it (mode \(String(format: "0%03o", mode))); "
                + "run 'chmod 600 \(path)' first, once you are sure it is the panel's record"
        }
        return nil
    }

    /// Releases a lock from `lockExisting` without writing.
    public static func unlock(_ descriptor: Int32, path: String) {
        removeLockNote(path: path)
        Platform.close(descriptor)
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
            do throws(SystemError) {
                try Platform.cutBack(descriptor, to: scan.validLength)
            } catch {
                unlock(descriptor, path: path)
                throw .writeFailed(path: path, reason: error.description)
            }
        }
        return TranscriptWriter(path: path, descriptor: descriptor, clock: clock, scan: scan, ownsNote: true)
    }

    private static func lock(_ descriptor: Int32, path: String) throws(TranscriptError) {
        guard Platform.lockExclusively(descriptor) else {
            Platform.close(descriptor)
            // The note may be caught half-written; then the message names no holder.
            let note = (try? String(contentsOfFile: path + ".lock", encoding: .utf8))?.trimmingWhitespace
            throw .inUse(path: path, holder: note?.isEmpty == false ? note : nil)
        }
    }

    /// Writes who holds the lock on `path`, for the message a second shell shows. Call only
    /// while holding the flock on `path`: any note already there is then stale (its holder
    /// died) or planted, and is removed, never written through. Only informative: the flock
    /// is the lock, so a note that cannot be written is skipped. No fsync: after a crash the
    /// flock is gone, and a stale note is harmless.
    private static func writeLockNote(path: String) {
        let notePath = path + ".lock"
        let user = getenv("USER").map { String(cString: $0) } ?? "uid \(getuid())"
        var host = [CChar](repeating: 0, count: 256)
        let hostName = gethostname(&host, host.count - 1) == 0
            ? String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "this machine"
        let holder = "pid \(getpid()), \(user) on \(hostName), since \(Timestamp.now().timeOfDay) UTC\n"
        unlink(notePath)  // a symbolic link is removed itself, never followed
        SignalCleanup.add(notePath)
        guard let note = try? Platform.createPrivate(notePath) else { return }
        try? Platform.writeAll(note, holder.utf8)
        Platform.close(note)
    }

    /// Removes the lock note; call before the flock is released.
    private static func removeLockNote(path: String) {
        unlink(path + ".lock")
        SignalCleanup.remove(path + ".lock")
    }

    /// Writes the event and makes it durable; on any failure the file is left as it was.
    @discardableResult
    public func append(by: String, _ payload: EventPayload) throws(TranscriptError) -> Event {
        try append(by: by, [payload])[0]
    }

    /// Writes the events of one command (`rate y y p n`) in one write and one fsync, with one
    /// time: all of them are durable, or on any failure the file is left as it was. Each
    /// command's time is later than the last one's (by a millisecond if the clock has not
    /// moved, or stepped back), so the events of one command are those that share a time
    /// (`InterviewState.lastCommand`), however fast a script runs.
    @discardableResult
    public func append(by: String, _ payloads: [EventPayload]) throws(TranscriptError) -> [Event] {
        var (seq, hash, time) = (lastSeq, lastHash, lastTime)
        var events: [Event] = []
        var bytes: [UInt8] = []
        var at = clock()
        if let time, at <= time { at = Timestamp(milliseconds: time.milliseconds + 1) }
        for payload in payloads {
            let event = Event(seq: seq + 1, at: at, by: by, payload: payload, prev: hash)
            let line = EventCoding.written(event)
            bytes += Array((line.text + "\n").utf8)
            events.append(event)
            (seq, hash, time) = (event.seq, line.hash.hex, at)
        }
        do throws(SystemError) {
            try Platform.writeAll(descriptor, bytes)
            try Platform.sync(descriptor)
        } catch {
            throw failure(error.description)
        }
        length += off_t(bytes.count)
        (lastSeq, lastHash, lastTime) = (seq, hash, time)
        return events
    }

    private func failure(_ reason: String) -> TranscriptError {
        try? Platform.cutBack(descriptor, to: Int(length))
        return .writeFailed(path: path, reason: reason)
    }

    /// Releases the lock. The transcript stays as written.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        if ownsNote { TranscriptWriter.removeLockNote(path: path) }
        Platform.close(descriptor)
    }
}
