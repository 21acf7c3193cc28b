import Foundation

/// One transcript as `assess transcripts` lists it, read from its first and last lines only.
public struct TranscriptEntry: Codable, Equatable, Sendable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case open, closed, damaged
        /// The file could not be opened or read (`problem` says why): nothing is known of it.
        case unreadable
    }

    public var path: String
    public var candidate: String?
    public var id: String?
    public var assessment: String?
    public var date: String?
    public var panel: [String]
    public var status: Status
    public var recommendation: Recommendation?
    public var mode: InterviewMode?
    /// Why the entry is damaged, when it is.
    public var problem: String?

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(candidate, forKey: .candidate)
        try container.encode(id, forKey: .id)
        try container.encode(assessment, forKey: .assessment)
        try container.encode(date, forKey: .date)
        try container.encode(panel, forKey: .panel)
        try container.encode(status, forKey: .status)
        try container.encode(recommendation, forKey: .recommendation)
        try container.encode(mode, forKey: .mode)
        try container.encode(problem, forKey: .problem)
    }
}

/// Reads just enough of each transcript for a listing: the `started` line and the last line.
/// A quick look, not a verification: `assess verify` checks every line.
public enum TranscriptListing {
    public static func entry(path: String, decoder: EventDecoder = EventDecoder()) -> TranscriptEntry {
        var entry = TranscriptEntry(path: path, panel: [], status: .damaged)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            entry.problem = "a folder, not a file"
            return entry
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            entry.status = .unreadable
            entry.problem = SystemError.last.description
            return entry
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        guard let first = firstLine(handle) else {
            entry.problem = "no complete first line"
            return entry
        }
        guard EventCoding.checkMatches(first), let started = try? decoder.event(from: first),
              case .started(let payload) = started.payload else {
            entry.problem = "the first line is not a sound 'started' event"
            return entry
        }
        entry.candidate = payload.candidate.name
        entry.id = payload.candidate.id
        entry.assessment = payload.assessment.id
        entry.date = started.at.date
        entry.panel = payload.panel.map(\.name)
        entry.mode = payload.mode
        guard let (last, complete) = lastLine(handle) else {
            entry.problem = "cannot be read"
            return entry
        }
        guard complete else {
            entry.problem = "torn last line"
            return entry
        }
        guard EventCoding.checkMatches(last), let event = try? decoder.event(from: last) else {
            entry.problem = "the last line is damaged"
            return entry
        }
        if case .closed(let closed) = event.payload {
            entry.status = .closed
            entry.recommendation = closed.recommendation
        } else {
            entry.status = .open
        }
        return entry
    }

    /// The first line without its newline, reading in chunks; nil if there is none.
    static func firstLine(_ handle: FileHandle) -> Data? {
        var buffer = Data()
        while true {
            let chunk = handle.readData(ofLength: 1 << 16)
            if chunk.isEmpty { return nil }
            if let newline = chunk.firstIndex(of: 0x0A) {
                buffer.append(chunk[chunk.startIndex..<newline])
                return buffer
            }
            buffer.append(chunk)
            if buffer.count > 16 << 20 { return nil }
        }
    }

    /// The last line without its newline, and whether the file ends with a newline.
    static func lastLine(_ handle: FileHandle) -> (Data, Bool)? {
        guard let size = try? handle.seekToEnd(), size > 0 else { return nil }
        var window: UInt64 = 1 << 16
        while true {
            let start = size > window ? size - window : 0
            try? handle.seek(toOffset: start)
            let tail = handle.readData(ofLength: Int(size - start))
            let complete = tail.last == 0x0A
            let body = complete ? tail.dropLast() : tail[...]
            if let newline = body.lastIndex(of: 0x0A) {
                return (Data(body[body.index(after: newline)...]), complete)
            }
            if start == 0 { return (Data(body), complete) }
            window *= 4
        }
    }

    /// What a command-line argument names: a folder's transcripts, or one file.
    public struct Contents: Sendable {
        /// The `.jsonl` files, sorted by path; or the argument itself when it is not a folder.
        public var files: [String] = []
        /// Subfolders that could not be read, and why: their transcripts are unknown.
        public var unreadable: [(path: String, error: SystemError)] = []
        public var isFolder = true
    }

    /// Every `.jsonl` file under `folder`, subfolders included (see `Contents`). Throws if
    /// `folder` itself cannot be read, rather than show it as empty.
    public static func contents(of folder: String) throws(TranscriptError) -> Contents {
        var contents = Contents()
        var pending = [folder]
        while let current = pending.popLast() {
            guard let directory = opendir(current) else {
                let error = SystemError.last
                if current == folder { throw .cannotOpen(path: current, reason: error.description) }
                contents.unreadable.append((current, error))
                continue
            }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name == "." || name == ".." { continue }
                let path = current + "/" + name
                var status = stat()
                // Subfolders are entered, but not through links; a linked file is listed.
                if lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
                    pending.append(path)
                } else if name.hasSuffix(".jsonl"), stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG {
                    contents.files.append(path)
                }
            }
        }
        contents.files.sort()
        contents.unreadable.sort { $0.path < $1.path }
        return contents
    }

    /// `contents(of:)` for a folder, else the path itself.
    public static func contents(named argument: String) throws(TranscriptError) -> Contents {
        var status = stat()
        guard stat(argument, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            return Contents(files: [argument], isFolder: false)
        }
        return try contents(of: argument)
    }

    /// The transcripts an argument names, all of them: a folder any part of which cannot be
    /// read throws, for a reader (`compare`) that must not leave any out.
    public static func files(named argument: String) throws(TranscriptError) -> [String] {
        let contents = try contents(named: argument)
        if let (path, error) = contents.unreadable.first { throw .cannotOpen(path: path, reason: error.description) }
        return contents.files
    }

    /// The entries of every transcript under `folder`; a subfolder that cannot be read is an
    /// `unreadable` entry of its own.
    public static func entries(in folder: String) throws(TranscriptError) -> [TranscriptEntry] {
        let contents = try contents(of: folder)
        let closed = contents.unreadable.map { TranscriptEntry(path: $0.path, panel: [], status: .unreadable, problem: $0.error.description) }
        let read = parallelMap(contents.files, makeContext: EventDecoder.init) { entry(path: $0, decoder: $1) }
        return (read + closed).sorted { $0.path < $1.path }
    }
}
