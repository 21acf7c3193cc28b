import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call: its errno, worded for a panel secretary, with what to do where we know.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    public let code: Int32

    public init(code: Int32) { self.code = code }

    /// The errno of the call that just failed.
    public static var last: SystemError { SystemError(code: errno) }

    public var description: String {
        switch code {
        case EACCES, EPERM: return "permission denied"
        case ENOSPC: return "no space left on the disk"
        case EDQUOT: return "no space left in your disk quota"
        case ENOENT: return "no such file"
        case EISDIR: return "it is a folder, not a file"
        case ELOOP: return "it is a symbolic link"
        case ENAMETOOLONG: return "the name is too long"
        case EROFS: return "the disk is read-only"
        default: return String(cString: strerror(code))
        }
    }

    /// Why opening `path` just failed. A missing file whose name holds U+FFFD was named by
    /// bytes that are not UTF-8: Swift replaced them on reading the arguments, so no String
    /// can name the file, and "no such file" would be wrong.
    public static func opening(_ path: String, _ error: SystemError = .last) -> String {
        if error.code == ENOENT, path.unicodeScalars.contains("\u{FFFD}") { return "its name is not valid UTF-8; rename it" }
        return error.description
    }

    /// What to do about it, where it is clear; nil otherwise.
    public var advice: String? {
        switch code {
        case EACCES, EPERM, EROFS: return "choose a folder you may write to"
        case ENOSPC, EDQUOT: return "free some space and try again"
        default: return nil
        }
    }
}

/// Why a private file (a report, an export, a lock note) could not be written.
public enum PrivateFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Something is already at the path (a file, a folder, a symbolic link): it is never replaced.
    case exists(path: String)
    case cannotCreate(path: String, SystemError)
    /// Writing or syncing failed; the partial file was removed.
    case cannotWrite(path: String, SystemError)

    public var description: String {
        switch self {
        case .exists(let path):
            return "\(path) already exists"
        case .cannotCreate(let path, let error) where error.code == ENOENT:
            return "cannot create \(path): its folder does not exist; create the folder first, or choose another file"
        case .cannotCreate(let path, let error), .cannotWrite(let path, let error):
            let verb = if case .cannotCreate = self { "create" } else { "write" }
            return "cannot \(verb) \(path): \(error)" + (error.advice.map { "; \($0)" } ?? "")
        }
    }

    /// What went wrong, without the path.
    public var reason: String {
        switch self {
        case .exists: return "something is already there"
        case .cannotCreate(_, let error), .cannotWrite(_, let error): return error.description
        }
    }
}

/// The system calls behind every file the program writes, in one place: writes that finish,
/// files that are private and new from their first byte, and syncs.
public enum Platform {
    /// Writes every byte, retrying after interruptions and short writes.
    public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let result = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if result < 0 {
                if errno == EINTR { continue }
                throw .last
            }
            offset += result
        }
    }

    /// `writeAll` of an array's bytes.
    public static func writeAll(_ descriptor: Int32, _ bytes: some Collection<UInt8>) throws(SystemError) {
        let array = Array(bytes)
        let result: SystemError? = array.withUnsafeBytes { buffer in
            do throws(SystemError) { try writeAll(descriptor, buffer); return nil } catch { return error }
        }
        if let result { throw result }
    }

    /// `writeAll` of a string's UTF-8, without copying it.
    public static func writeAll(_ descriptor: Int32, _ text: String) throws(SystemError) {
        var text = text
        let result: SystemError? = text.withUTF8 { buffer in
            do throws(SystemError) { try writeAll(descriptor, UnsafeRawBufferPointer(buffer)); return nil } catch { return error }
        }
        if let result { throw result }
    }

    /// Creates a new file, never following a link or replacing anything: mode 0600 from the
    /// first byte. Returns the open descriptor; the caller closes it. `appending` opens it with
    /// O_APPEND, so writes after a cut-back (`ftruncate`) land at the new end, not past it.
    public static func createPrivate(_ path: String, appending: Bool = false) throws(PrivateFileError) -> Int32 {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | (appending ? O_APPEND : 0), 0o600)
        guard descriptor >= 0 else {
            let error = SystemError.last
            if error.code == EEXIST { throw .exists(path: path) }
            throw .cannotCreate(path: path, error)
        }
        // The umask can only take bits away; this restores the owner's read and write.
        fchmod(descriptor, 0o600)
        return descriptor
    }

    /// Creates `path` as a private new file holding `bytes`, synced. On a failed write the
    /// partial file is removed.
    public static func writePrivateFile(_ path: String, _ bytes: some Collection<UInt8>) throws(PrivateFileError) {
        try writePrivateFile(path) { descriptor throws(SystemError) in try writeAll(descriptor, bytes) }
    }

    /// Creates `path` as a private new file, lets `fill` write it, and syncs it. On a failed
    /// write the partial file is removed.
    public static func writePrivateFile(_ path: String, _ fill: (Int32) throws(SystemError) -> Void) throws(PrivateFileError) {
        let descriptor = try createPrivate(path)
        do throws(SystemError) {
            try fill(descriptor)
            try sync(descriptor)
        } catch {
            close(descriptor)
            unlink(path)
            throw .cannotWrite(path: path, error)
        }
        close(descriptor)
    }

    /// `fsync`, retried after an interruption.
    public static func sync(_ descriptor: Int32) throws(SystemError) {
        while fsync(descriptor) != 0 {
            if errno != EINTR { throw .last }
        }
    }

    /// Syncs a folder, so a file just created or renamed in it survives a crash.
    public static func syncFolder(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        try? sync(descriptor)
        close(descriptor)
    }

    /// Refuses a folder others could plant or swap files in, as ssh's StrictModes does: it must
    /// belong to the effective user and not be writable by others, nor by its group unless that
    /// is the owner's private group (named as the user, no other member: Debian's umask 002
    /// makes every new folder group-writable, and Debian's ssh accepts that too). Returns what
    /// is wrong and how to fix it, or nil when the folder is safe.
    public static func unsafeFolderProblem(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }  // a missing folder is reported where it is used
        if status.st_uid != geteuid() {
            return "the folder \(path) belongs to another user (uid \(status.st_uid)), who could change or replace "
                + "transcripts in it; use a folder of your own (--transcripts DIR)"
        }
        // With the special bits, as chmod takes them: a sticky /tmp-like folder is 01777.
        let mode = status.st_mode & 0o7777
        if mode & 0o002 != 0 || (mode & 0o020 != 0 && !isPrivateGroup(status.st_gid, of: status.st_uid)) {
            let octal = String(format: "0%03o", mode)
            return "the folder \(path) can be written by \(mode & 0o002 != 0 ? "anyone" : "its group") (mode \(octal)), "
                + "so others could plant files in it; run 'chmod go-w \(path)', or use a folder only you can write to"
        }
        return nil
    }

    /// Whether group `gid` is user `uid`'s own: the same name, and no member but the user.
    static func isPrivateGroup(_ gid: gid_t, of uid: uid_t) -> Bool {
        var buffer = [CChar](repeating: 0, count: 16_384)
        var user = passwd(), userResult: UnsafeMutablePointer<passwd>?
        guard getpwuid_r(uid, &user, &buffer, buffer.count, &userResult) == 0, userResult != nil, let name = user.pw_name else {
            return false
        }
        let userName = String(cString: name)
        var groupBuffer = [CChar](repeating: 0, count: 65_536)
        var entry = group(), groupResult: UnsafeMutablePointer<group>?
        guard getgrgid_r(gid, &entry, &groupBuffer, groupBuffer.count, &groupResult) == 0, groupResult != nil,
              let groupName = entry.gr_name, String(cString: groupName) == userName else { return false }
        var member = entry.gr_mem
        while let current = member?.pointee {
            if String(cString: current) != userName { return false }
            member = member?.advanced(by: 1)
        }
        return true
    }
}

/// Files and folders for the transcript writer and the definition reader.
extension Platform {
    /// A file opened for reading that is not a regular file (a folder, a pipe, a device).
    public struct NotARegularFile: Error, Equatable, Sendable {
        public var isFolder: Bool
    }

    /// Opens `path` for reading, and only if it is a regular file: without blocking, so a
    /// FIFO or a device cannot hang the reader before it is refused (reads of a regular file
    /// never block anyway). Returns the descriptor and the file's size; the caller closes it.
    public static func openRegularFile(_ path: String) throws -> (descriptor: Int32, size: Int) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw SystemError.last }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let failure = SystemError.last
            close(descriptor)
            throw failure
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw NotARegularFile(isFolder: status.st_mode & S_IFMT == S_IFDIR)
        }
        return (descriptor, Int(status.st_size))
    }

    /// Takes an exclusive `flock` on the file without waiting; false if another holds it.
    public static func lockExclusively(_ descriptor: Int32) -> Bool {
        flock(descriptor, LOCK_EX | LOCK_NB) == 0
    }

    /// Cuts the file back to `length` bytes and syncs it.
    public static func cutBack(_ descriptor: Int32, to length: Int) throws(SystemError) {
        guard ftruncate(descriptor, off_t(length)) == 0 else { throw .last }
        try sync(descriptor)
    }

    /// `mkdir -p` with mode 0700: creates the folder and any missing parents. Returns the
    /// errno of a failure, or nil.
    public static func makePrivateFolders(_ path: String) -> Int32? {
        // chmod as well, since mkdir's mode is reduced by the umask.
        if mkdir(path, 0o700) == 0 { return chmod(path, 0o700) == 0 ? nil : errno }
        var failure = errno
        if failure == ENOENT, let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            if let parent = makePrivateFolders(String(path[..<slash])) { return parent }
            if mkdir(path, 0o700) == 0 { return chmod(path, 0o700) == 0 ? nil : errno }
            failure = errno
        }
        var status = stat()
        if failure == EEXIST, stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR { return nil }
        return failure == EEXIST ? ENOTDIR : failure
    }
}

extension Platform {
    /// Opens /dev/null on standard input, output or error where the process was started with
    /// one closed (`assess … >&-`). Otherwise the next file opened, a transcript say, takes
    /// that number, and what the shell prints would be written into it.
    public static func openStandardDescriptors() {
        for descriptor: Int32 in 0...2 where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let null = open("/dev/null", O_RDWR)
            if null >= 0 && null != descriptor { close(null) }
        }
    }
}

/// Reading and closing, for the transcript readers and the writer.
extension Platform {
    /// Reads what is available, up to the buffer's size, retrying after interruptions.
    /// Returns the number of bytes read: 0 at the end of the file.
    public static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Int {
        while true {
            #if canImport(Glibc)
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            #else
            let count = Darwin.read(descriptor, buffer.baseAddress, buffer.count)
            #endif
            if count >= 0 { return count }
            if errno != EINTR { throw .last }
        }
    }

    /// Closes a descriptor, for types with a `close` of their own that hides the system's.
    public static func close(_ descriptor: Int32) {
        #if canImport(Glibc)
        _ = Glibc.close(descriptor)
        #else
        _ = Darwin.close(descriptor)
        #endif
    }
}

/// Files to remove if the process is stopped by SIGTERM, SIGHUP or SIGINT: a writer's lock
/// note and temporary file. Events are synced before they are acknowledged, so removing
/// these is all a stop needs; the transcript stays resumable.
public enum SignalCleanup {
    /// Paths as C strings, each in a fixed buffer of its own that is allocated once and never
    /// freed, so the handler can read them without allocating or locking, and a slot reused
    /// for another path never points at memory freed and handed to something else.
    private static let capacity = 64
    private static let pathCapacity = Int(PATH_MAX)
    nonisolated(unsafe) private static let slots: UnsafeMutablePointer<CChar> = {
        let slots = UnsafeMutablePointer<CChar>.allocate(capacity: capacity * pathCapacity)
        slots.initialize(repeating: 0, count: capacity * pathCapacity)
        return slots
    }()
    private static let mutex = NSLock()
    nonisolated(unsafe) private static var installed = false

    /// The buffer of slot `index`; empty (a NUL first byte) when unused.
    private static func slot(_ index: Int) -> UnsafeMutablePointer<CChar> { slots + index * pathCapacity }

    /// Removes `path` if a stop signal arrives before `remove(_:)`. Beyond 64 paths at once,
    /// or for a path longer than PATH_MAX, nothing is registered.
    public static func add(_ path: String) {
        let bytes = Array(path.utf8CString)
        guard bytes.count > 1, bytes.count <= pathCapacity else { return }
        mutex.withLock {
            installHandlers()
            guard let free = (0..<capacity).first(where: { slot($0)[0] == 0 }) else { return }
            // The first byte last, so the handler never sees half a path in a slot it reads.
            let target = slot(free)
            bytes.withUnsafeBufferPointer { source in
                (target + 1).update(from: source.baseAddress! + 1, count: bytes.count - 1)
            }
            target[0] = bytes[0]
        }
    }

    /// Forgets a path given to `add`.
    public static func remove(_ path: String) {
        mutex.withLock {
            if let used = (0..<capacity).first(where: { slot($0)[0] != 0 && String(cString: slot($0)) == path }) { slot(used)[0] = 0 }
        }
    }

    /// Unblocks `signals` on this thread, for a process started from a worker thread (a test
    /// runner's, say): it inherits a mask that blocks them, and a blocked SIGTERM stops nothing.
    public static func unblock(_ signals: [Int32] = [SIGTERM, SIGHUP, SIGINT]) {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Handles each stop signal whose action is still the default one (so `nohup`'s ignored
    /// SIGHUP and the shell's own SIGINT handler are left alone), and unblocks it on this
    /// thread: a process started from a worker thread (a test runner's, say) inherits a mask
    /// that blocks them, and a blocked SIGTERM would neither clean up nor stop the shell.
    private static func installHandlers() {
        guard !installed else { return }
        installed = true
        _ = slots
        for signal in [SIGTERM, SIGHUP, SIGINT] {
            var current = sigaction()
            guard sigaction(signal, nil, &current) == 0, current.handler == nil else { continue }
            unblock([signal])
            var action = sigaction()
            action.handler = { signal in
                for index in 0..<SignalCleanup.capacity where SignalCleanup.slot(index)[0] != 0 {
                    unlink(SignalCleanup.slot(index))
                }
                // Then stop as the signal would have stopped us.
                Glibc.signal(signal, SIG_DFL)
                raise(signal)
            }
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, nil)
        }
    }
}

extension sigaction {
    /// The handler, nil when it is SIG_DFL.
    fileprivate var handler: (@convention(c) (Int32) -> Void)? {
        get {
            #if canImport(Glibc)
            __sigaction_handler.sa_handler
            #else
            __sigaction_u.__sa_handler
            #endif
        }
        set {
            #if canImport(Glibc)
            __sigaction_handler.sa_handler = newValue
            #else
            __sigaction_u.__sa_handler = newValue
            #endif
        }
    }
}
