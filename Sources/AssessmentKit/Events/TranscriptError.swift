/// Why a transcript could not be created, opened, written or read.
public enum TranscriptError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotCreate(path: String, reason: String)
    case cannotOpen(path: String, reason: String)
    case inUse(path: String, holder: String?)
    case writeFailed(path: String, reason: String)
    case damaged(path: String, damage: TranscriptDamage)
    case closed(path: String)
    case voided(path: String)
    case notATranscript(path: String, reason: String)
    /// The folder could be written by others (see `Platform.unsafeFolderProblem`).
    case unsafeFolder(problem: String)
    /// Readable, but not to be written to by the shell.
    case notResumable(path: String, reason: String)
    /// `assess endorse` on a transcript that is not closed and sound.
    case notEndorsable(path: String, reason: String)
    /// The file is not what it was when it was read a moment before.
    case changed(path: String, reason: String)

    /// One line, whatever the path or the quoted text holds (`SafeText`).
    public var description: String { SafeText.visible(text) }

    private var text: String {
        switch self {
        case .cannotCreate(let path, let reason):
            return "cannot create the transcript \(path): \(reason)"
        case .cannotOpen(let path, let reason):
            return "cannot open \(path): \(reason)"
        case .inUse(let path, let holder):
            let who = holder.map { " by \($0)" } ?? " by another assess"
            return "\(path) is open\(who); only one shell may write a transcript: close that one first"
        case .writeFailed(let path, let reason):
            return "could not save to \(path) (\(reason)); nothing was recorded, so try the command again once that is fixed"
        case .damaged(let path, let damage):
            return "\(path) is damaged: \(damage); 'assess verify \(path)' tells more"
        case .notResumable(let path, let reason):
            return "\(path) cannot be resumed: \(reason)"
        case .notEndorsable(let path, let reason):
            return "\(path) cannot be endorsed: \(reason)"
        case .changed(let path, let reason):
            return "\(path) changed while it was read (\(reason)); read it again"
        case .closed(let path):
            return "\(path) is closed and cannot be resumed; use 'assess replay \(path)' to look through it"
        case .voided(let path):
            return "\(path) was voided and cannot be resumed; use 'assess replay \(path)' to look through it"
        case .notATranscript(let path, let reason):
            return "\(path) is not a transcript: \(reason)"
        case .unsafeFolder(let problem):
            return problem
        }
    }
}

/// The first thing wrong with a transcript, and where (1-based line).
public enum TranscriptDamage: Equatable, Sendable, CustomStringConvertible {
    /// The last line was cut off while being written (no newline at the end).
    case tornLastLine(line: Int)
    /// A line was changed: it no longer parses, or the next line's `prev` doesn't match it.
    case editedLine(line: Int, detail: String)
    /// One or more lines are missing before this one.
    case deletedLine(line: Int, detail: String)
    /// A line was added (a repeated or extra `seq`).
    case insertedLine(line: Int, detail: String)
    /// Lines are out of order.
    case reorderedLines(line: Int, detail: String)
    /// The first line is not a `started` event.
    case notATranscript(detail: String)
    /// A well-formed event that the shell could not have recorded (an unknown item, a stranger).
    case invalidEvent(line: Int, detail: String)

    public var line: Int {
        switch self {
        case .tornLastLine(let line), .editedLine(let line, _), .deletedLine(let line, _),
             .insertedLine(let line, _), .reorderedLines(let line, _), .invalidEvent(let line, _):
            return line
        case .notATranscript: return 1
        }
    }

    public var kind: String {
        switch self {
        case .tornLastLine: return "torn last line"
        case .editedLine: return "edited line"
        case .deletedLine: return "deleted line"
        case .insertedLine: return "inserted line"
        case .reorderedLines: return "reordered lines"
        case .notATranscript: return "not a transcript"
        case .invalidEvent: return "invalid event"
        }
    }

    /// One line, whatever the path or the quoted text holds (`SafeText`).
    public var description: String { SafeText.visible(text) }

    private var text: String {
        switch self {
        case .tornLastLine(let line): return "line \(line): torn last line (cut off while being written)"
        case .notATranscript(let detail): return "line 1: not a transcript (\(detail))"
        case .editedLine(let line, let detail), .deletedLine(let line, let detail),
             .insertedLine(let line, let detail), .reorderedLines(let line, let detail), .invalidEvent(let line, let detail):
            return "line \(line): \(kind) (\(detail))"
        }
    }
}
