import Foundation

/// One transcript as `assess transcripts` lists it.
public struct TranscriptEntry: Codable, Equatable, Sendable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case open, closed, damaged
        /// Ended with `void`: no result.
        case void
        /// The file could not be opened or read (`problem` says why): nothing is known of it.
        case unreadable
    }

    public var path: String
    @ExplicitNull public var candidate: String? = nil
    @ExplicitNull public var id: String? = nil
    @ExplicitNull public var assessment: String? = nil
    @ExplicitNull public var date: String? = nil
    public var panel: [String]
    public var status: Status
    @ExplicitNull public var recommendation: Recommendation? = nil
    /// A closed interview's sign-off, checked against the keys the transcript names (as its
    /// summary's `endorsements`); null otherwise.
    @ExplicitNull public var endorsements: SignOffCount? = nil
    @ExplicitNull public var mode: InterviewMode? = nil
    /// Why the entry is damaged, when it is.
    @ExplicitNull public var problem: String? = nil
}

/// Lists transcripts through the reader `summary` and `compare` use: every line is read, so
/// the status and recommendation are what `summary` shows (damage anywhere, an override, a
/// forged `closed` event recomputed). `assess verify` also checks each event's sense.
public enum TranscriptListing {
    /// Transcripts summarised per batch: each summary is cut down to its entry before the
    /// next batch, so memory stays that of 256 summaries however many files there are.
    static let batch = 256

    /// The entry of one transcript.
    public static func entry(path: String) -> TranscriptEntry {
        entries(paths: [path])[0]
    }

    /// The entries of `paths`, in order, read two at a time.
    static func entries(paths: [String]) -> [TranscriptEntry] {
        var entries: [TranscriptEntry] = []
        entries.reserveCapacity(paths.count)
        for start in stride(from: 0, to: paths.count, by: batch) {
            let chunk = Array(paths[start..<min(start + batch, paths.count)])
            for (path, summary) in zip(chunk, TranscriptSummary.summaries(paths: chunk, withEvidence: false)) {
                entries.append(entry(path: path, summary: summary))
            }
        }
        return entries
    }

    static func entry(path: String, summary: Result<PanelSummary, Error>) -> TranscriptEntry {
        var entry = TranscriptEntry(path: path, panel: [], status: .damaged)
        switch summary {
        case .success(let summary):
            entry.candidate = summary.candidate.name
            entry.id = summary.candidate.id
            entry.assessment = summary.assessment
            entry.date = summary.date
            entry.panel = summary.panel.map(\.name)
            entry.mode = summary.mode
            if let damage = summary.damage {
                entry.problem = damage.detail
            } else if summary.voided != nil {
                entry.status = .void
            } else if summary.closed != nil {
                entry.status = .closed
                entry.recommendation = summary.recommendation
                entry.endorsements = summary.endorsements
            } else {
                entry.status = .open
            }
        case .failure(TranscriptError.cannotOpen(_, let reason)):
            entry.status = .unreadable
            entry.problem = reason
        case .failure(TranscriptError.notATranscript(_, let reason)):
            entry.problem = hasCompleteFirstLine(path) ? reason : "no complete first line"
        case .failure(let error):
            entry.problem = "\(error)"
        }
        return entry
    }

    /// Whether the file holds a newline within its first 16 MB.
    static func hasCompleteFirstLine(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        var read = 0
        while read < 16 << 20 {
            let chunk = handle.readData(ofLength: 1 << 16)
            if chunk.isEmpty { return false }
            if chunk.contains(0x0A) { return true }
            read += chunk.count
        }
        return false
    }

    /// Why something found in a folder cannot be read.
    public enum ListingProblem: Error, Equatable, Sendable, CustomStringConvertible {
        case system(SystemError)
        /// Its name's bytes are not UTF-8: no Swift path can name it, so it cannot be opened.
        case nameNotUTF8

        public var description: String {
            switch self {
            case .system(let error): return error.description
            case .nameNotUTF8: return "its name is not valid UTF-8; rename it"
            }
        }
    }

    /// What a command-line argument names: a folder's transcripts, or one file.
    public struct Contents: Sendable {
        /// The `.jsonl` files, sorted by path; or the argument itself when it is not a folder.
        public var files: [String] = []
        /// Subfolders that could not be read, and `.jsonl` files (or subfolders) whose names are
        /// not UTF-8, with why: their transcripts are unknown. Such a name shows its bad bytes as `\x9B`.
        public var unreadable: [(path: String, error: ListingProblem)] = []
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
                contents.unreadable.append((current, .system(error)))
                continue
            }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let bytes = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
                guard let name = String(validating: bytes, as: UTF8.self) else {
                    // Decoding it lossily (as Foundation does) would name another, missing file.
                    var status = stat()
                    let isFolder = fstatat(dirfd(directory), bytes.map { CChar(bitPattern: $0) } + [0], &status, AT_SYMLINK_NOFOLLOW) == 0
                        && status.st_mode & S_IFMT == S_IFDIR
                    if isFolder || bytes.suffix(6).elementsEqual(".jsonl".utf8) {
                        contents.unreadable.append((current + "/" + visibleName(bytes), .nameNotUTF8))
                    }
                    continue
                }
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

    /// A file name's bytes as text for messages: each byte that is not part of valid UTF-8 as
    /// `\xNN`, controls shown visibly (a newline in it must not start a line of output).
    static func visibleName(_ bytes: [UInt8]) -> String {
        var text = ""
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                text.unicodeScalars.append(Unicode.UTF8.decode(encoded))
                offset += encoded.count
            case .error(let length):
                for byte in bytes[offset..<offset + length] { text += "\\x" + String(byte, radix: 16, uppercase: true) }
                offset += length
            case .emptyInput:
                return SafeText.visible(text)
            }
        }
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
        return (entries(paths: contents.files) + closed).sorted { $0.path < $1.path }
    }
}
