#if canImport(Glibc)
@preconcurrency import Glibc
#endif
@testable import LineEditing
import Testing

/// The messages between a hosted panel and a panelist's terminal process, over a real socket.
struct TerminalLinkTests {
    static func pair() -> (TerminalLink, TerminalLink) {
        var fds: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        return (TerminalLink(descriptor: fds[0]), TerminalLink(descriptor: fds[1]))
    }

    @Test func everyMessageArrivesAsSent() {
        let (host, terminal) = Self.pair()
        defer { close(host.descriptor); close(terminal.descriptor) }
        let messages: [LinkMessage] = [
            .write("Recorded.\nNext line ✓\n"), .read(prompt: "lmi-intern · Ana › ", remember: true),
            .read(prompt: "", remember: false), .news("Ben rated inclusion\n", prompt: "p › "), .news("x", prompt: nil),
            .completion(Completion(partial: "sc", candidates: ["score", "scale"])), .completion(Completion(partial: "", candidates: [])),
            .bye(""), .line("score 3 é \u{1B}[31m", width: 92), .interrupted, .end, .complete("as B"),
        ]
        for message in messages { #expect(host.send(message)) }
        for message in messages { #expect(terminal.receive() == message) }
    }

    @Test func aMessageSplitAcrossReadsIsPutBackTogether() {
        let (host, terminal) = Self.pair()
        defer { close(host.descriptor); close(terminal.descriptor) }
        let bytes = TerminalLink.encode(.line(String(repeating: "a", count: 20_000), width: 80))
        // Written in pieces (the socket holds them all), read back as one message.
        for start in stride(from: 0, to: bytes.count, by: 777) {
            let end = min(start + 777, bytes.count)
            _ = bytes[start..<end].withUnsafeBytes { write(host.descriptor, $0.baseAddress!, $0.count) }
        }
        #expect(terminal.receive() == .line(String(repeating: "a", count: 20_000), width: 80))
    }

    @Test func malformedOrOversizedMessagesAndTheEndGiveNil() {
        let (host, terminal) = Self.pair()
        defer { close(terminal.descriptor) }
        // An unknown tag, then a length past the limit.
        var junk: [UInt8] = [99, 0, 0, 0, 0]
        _ = write(host.descriptor, &junk, junk.count)
        #expect(terminal.receive() == nil)
        var huge: [UInt8] = [1, 0x7f, 0xff, 0xff, 0xff]
        _ = write(host.descriptor, &huge, huge.count)
        #expect(terminal.receive() == nil)
        close(host.descriptor)
        #expect(terminal.receive() == nil)
        #expect(!TerminalLink(descriptor: -1).send(.end))
    }
}
