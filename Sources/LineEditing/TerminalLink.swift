#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What goes between a hosted interview and one panelist's terminal process (`LinkedTerminal`),
/// over a local socket: the host asks for lines and sends output and news; the terminal
/// answers with what was typed.
public enum LinkMessage: Equatable, Sendable {
    // Host to terminal.
    /// Output of the panelist's own command.
    case write(String)
    /// Read one line with this prompt; `remember` false keeps it out of the history.
    case read(prompt: String, remember: Bool)
    /// What others did, shown above the prompt; the prompt to show from now on, if it changed.
    case news(String, prompt: String?)
    /// The answer to `complete`.
    case completion(Completion)
    /// The last words before the terminal ends.
    case bye(String)
    // Terminal to host.
    /// A line, and the terminal's width when it was typed.
    case line(String, width: Int)
    case interrupted
    case end
    /// Tab was pressed: the line up to the cursor.
    case complete(String)
}

/// Length-prefixed `LinkMessage`s on a stream socket. Sending is safe from any thread;
/// receiving is for one reader at a time.
public final class TerminalLink: @unchecked Sendable {
    public let descriptor: Int32
    private var sendLock = pthread_mutex_t()
    private var buffer: [UInt8] = []

    /// A message no honest peer sends: a longer one ends the link.
    public static let maxMessageBytes = 4 << 20

    public init(descriptor: Int32) {
        self.descriptor = descriptor
        pthread_mutex_init(&sendLock, nil)
    }

    deinit { pthread_mutex_destroy(&sendLock) }

    /// Sends a message whole; false if the peer is gone.
    @discardableResult
    public func send(_ message: LinkMessage) -> Bool {
        let bytes = Self.encode(message)
        pthread_mutex_lock(&sendLock)
        defer { pthread_mutex_unlock(&sendLock) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// The next message, waiting for it; nil when the peer is gone or sent something malformed.
    public func receive() -> LinkMessage? {
        while true {
            if let message = takeMessage() { return message }
            guard fill() else { return nil }
        }
    }

    /// A message already read, without waiting: `.some(nil)` for a malformed one.
    public func buffered() -> LinkMessage?? { takeMessage() }

    /// Reads what the socket has (waiting for at least one byte); false at the end.
    public func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress!, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            buffer.append(contentsOf: chunk[0..<count])
            return true
        }
    }

    /// Whole message at the front of the buffer, if any; `.some(nil)` for a malformed one.
    private func takeMessage() -> LinkMessage?? {
        guard buffer.count >= 5 else { return nil }
        let length = buffer[1..<5].reduce(0) { $0 << 8 | Int($1) }
        guard length <= Self.maxMessageBytes else { return .some(nil) }
        guard buffer.count >= 5 + length else { return nil }
        let tag = buffer[0]
        let body = Array(buffer[5..<(5 + length)])
        buffer.removeFirst(5 + length)
        return .some(Self.decode(tag: tag, body: body))
    }

    // MARK: Wire form: a tag byte, a 4-byte big-endian length, then fields, each a 4-byte
    // length and UTF-8 bytes.

    static func encode(_ message: LinkMessage) -> [UInt8] {
        let (tag, fields): (UInt8, [String])
        switch message {
        case .write(let text): (tag, fields) = (1, [text])
        case .read(let prompt, let remember): (tag, fields) = (2, [prompt, remember ? "1" : "0"])
        case .news(let text, let prompt): (tag, fields) = (3, [text] + (prompt.map { [$0] } ?? []))
        case .completion(let completion): (tag, fields) = (4, [completion.partial] + completion.candidates)
        case .bye(let text): (tag, fields) = (5, [text])
        case .line(let text, let width): (tag, fields) = (6, [text, String(width)])
        case .interrupted: (tag, fields) = (7, [])
        case .end: (tag, fields) = (8, [])
        case .complete(let text): (tag, fields) = (9, [text])
        }
        var body: [UInt8] = []
        for field in fields {
            let bytes = Array(field.utf8)
            body += bigEndian(bytes.count) + bytes
        }
        return [tag] + bigEndian(body.count) + body
    }

    static func decode(tag: UInt8, body: [UInt8]) -> LinkMessage? {
        var fields: [String] = []
        var offset = 0
        while offset < body.count {
            guard offset + 4 <= body.count else { return nil }
            let length = body[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            offset += 4
            guard offset + length <= body.count else { return nil }
            fields.append(String(decoding: body[offset..<(offset + length)], as: UTF8.self))
            offset += length
        }
        switch (tag, fields.count) {
        case (1, 1): return .write(fields[0])
        case (2, 2): return .read(prompt: fields[0], remember: fields[1] == "1")
        case (3, 1): return .news(fields[0], prompt: nil)
        case (3, 2): return .news(fields[0], prompt: fields[1])
        case (4, 1...): return .completion(Completion(partial: fields[0], candidates: Array(fields.dropFirst())))
        case (5, 1): return .bye(fields[0])
        case (6, 2): return Int(fields[1]).map { .line(fields[0], width: $0) }
        case (7, 0): return .interrupted
        case (8, 0): return .end
        case (9, 1): return .complete(fields[0])
        default: return nil
        }
    }

    private static func bigEndian(_ value: Int) -> [UInt8] {
        [UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16),
         UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }
}
