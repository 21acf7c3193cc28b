import AssessmentKit
import Foundation
import Testing

/// `assess` running with a pipe on standard input, whose output is collected as it comes.
final class RunningShell: @unchecked Sendable {
    let process = Process()
    private let input = Pipe()
    private let outputPipe = Pipe()
    private let errorPipe = Pipe()
    private let lock = NSLock()
    private var collected = Data()
    private var collectedErrors = Data()

    init(_ arguments: [String], directory: String, environment extra: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: assessBinary())
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = directory
        environment.removeValue(forKey: "ASSESS_TRANSCRIPTS")
        environment.merge(extra) { $1 }
        process.environment = environment
        process.standardInput = input
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        outputPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.lock()
            self?.collected.append(data)
            self?.lock.unlock()
        }
        errorPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.lock()
            self?.collectedErrors.append(data)
            self?.lock.unlock()
        }
        try process.run()
    }

    var output: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: collected, as: UTF8.self)
    }

    var errors: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: collectedErrors, as: UTF8.self)
    }

    func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    /// Waits (at most 20 s, a safety net only) until the output contains `text` `count` times.
    func waitFor(_ text: String, count: Int = 1) -> Bool {
        for _ in 0..<2000 {
            if output.components(separatedBy: text).count - 1 >= count { return true }
            usleep(10_000)
        }
        return false
    }

    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func finish() -> Int32 {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

@Suite struct CrashTests {
    static let start = ["interview", "lmi-intern", "--candidate", "A. Candidate", "--candidate-id", "C-9",
                        "--panel", "Ana:chair,Ben:member", "--transcripts", "T"]

    func temporary() throws -> String {
        let folder = try temporaryFolder("crash").path
        return folder
    }

    /// The commands of a short interview and the acknowledgement each one prints.
    static let steps: [(command: String, acknowledgement: String)] = [
        ("score 3 Organised a conference", "Recorded: Ana rates inclusion 3"),
        ("as Ben", "Now recording as Ben."),
        ("score 2 One thin example", "Recorded: Ben rates inclusion 2"),
        ("summarize Some evidence of inclusion.", "Summary of inclusion saved"),
        ("next", "Integrity and transparency (integrity)"),
        ("score 4 Reported a conflict of interest", "Recorded: Ben rates integrity 4"),
        ("lang french oral C1", "Recorded: french oral C1."),
    ]

    @Test(arguments: [1, 3, 5, 7])
    func killNineLosesNoAcknowledgedEventAndResumeGoesOn(acknowledged: Int) throws {
        let folder = try temporary()
        let shell = try RunningShell(Self.start, directory: folder)
        for step in Self.steps.prefix(acknowledged) {
            shell.send(step.command)
            try #require(shell.waitFor(step.acknowledgement), "no acknowledgement of '\(step.command)': \(shell.output) \(shell.errors)")
        }
        shell.kill()

        let path = folder + "/T/lmi-intern/" + (try FileManager.default.contentsOfDirectory(atPath: folder + "/T/lmi-intern")
            .first { $0.hasSuffix(".jsonl") } ?? "")
        let (events, scan) = try TranscriptReader.readAll(path: path)
        #expect(scan.damage == nil)
        #expect(events.count == acknowledged + 1, "every acknowledged command is in the transcript")

        let resumed = try runAssess(["interview", "--resume", path], input: "status\nquit\n")
        #expect(resumed.status == 0, "\(resumed.errors)")
        let state = try #require(InterviewState(events: events))
        #expect(resumed.output.hasPrefix("Resumed lmi-intern · A. Candidate at \(state.item.id) (\(state.currentItem + 1)/10), recording as \(state.panelist?.name ?? "").\n"))
        let after = try TranscriptReader.readAll(path: path)
        #expect(after.scan.damage == nil)
        #expect(Array(after.events.prefix(events.count)) == events)
        #expect(after.events.last?.type == "resumed")
    }

    @Test func aLineTornWhileBeingWrittenIsReportedAndCutOnResume() throws {
        let folder = try temporary()
        let shell = try RunningShell(Self.start, directory: folder)
        shell.send(Self.steps[0].command)
        try #require(shell.waitFor(Self.steps[0].acknowledgement))
        shell.kill()
        let path = folder + "/T/lmi-intern/" + (try FileManager.default.contentsOfDirectory(atPath: folder + "/T/lmi-intern")
            .first { $0.hasSuffix(".jsonl") } ?? "")
        // What a kill in the middle of write(2) leaves: the start of a line, no newline.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"seq":3,"at":"2026-03-02T09:0"#.utf8))
        try handle.close()

        let resumed = try runAssess(["interview", "--resume", path], input: "quit\n")
        #expect(resumed.status == 0)
        #expect(resumed.errors == "note: line 3 of \(path) was cut off while being written (the shell was stopped mid-save); it was removed, and every event before it is intact\n")
        let (events, scan) = try TranscriptReader.readAll(path: path)
        #expect(scan.damage == nil)
        #expect(events.map(\.type) == ["started", "scored", "resumed"])
    }

    /// A power loss in the middle of a one-line `rate` can leave some of its lines whole and
    /// the next torn: the command was never acknowledged, so resuming removes all of it.
    @Test func aOneLineRateTornMidWriteIsRemovedWhole() throws {
        let folder = try temporary()
        let run = try runAssess(["interview", "project-assistant", "--assessments", packageRoot.appendingPathComponent("Assessments").path,
                                 "--candidate", "X", "--candidate-id", "TORN", "--panel", "Ana:chair,Ben:member,Cy:member",
                                 "--transcripts", folder], input: "rate 1 y\nrate y y p n y -- Shared credit\n",
                                environment: ["ASSESS_CLOCK": "2026-03-02T09:00:00.000Z,20"])
        #expect(run.status == 0)
        let path = folder + "/project-assistant/2026-03-02-TORN.jsonl"
        // Keep the first rate (line 2) and three of the line's five ratings, and tear the fourth.
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 9)
        let kept = lines.prefix(5).joined(separator: "\n") + "\n" + lines[5].prefix(60)
        try Data(kept.utf8).write(to: URL(fileURLWithPath: path))

        let resumed = try runAssess(["interview", "--resume", path], input: "quit\n")
        #expect(resumed.status == 0)
        #expect(resumed.errors == "note: line 6 of \(path) was cut off while being written (the shell was stopped mid-save); it was removed with the 3 lines before it, the rest of the same command, which was never acknowledged, and every event before them is intact\n")
        let (events, scan) = try TranscriptReader.readAll(path: path)
        #expect(scan.damage == nil)
        #expect(events.map(\.type) == ["started", "rated", "resumed"])
    }

    @Test func aSecondShellOnTheSameTranscriptIsRefused() throws {
        let folder = try temporary()
        let shell = try RunningShell(Self.start, directory: folder)
        shell.send(Self.steps[0].command)
        try #require(shell.waitFor(Self.steps[0].acknowledgement))
        let path = folder + "/T/lmi-intern/" + (try FileManager.default.contentsOfDirectory(atPath: folder + "/T/lmi-intern")
            .first { $0.hasSuffix(".jsonl") } ?? "")
        let second = try runAssess(["interview", "--resume", path], input: "score 1\n")
        #expect(second.status == 1)
        #expect(second.errors.hasPrefix("error: \(path) is open by pid \(shell.process.processIdentifier), "))
        #expect(second.errors.hasSuffix("; only one shell may write a transcript: close that one first\n"))
        shell.send("quit")
        #expect(shell.finish() == 0)
        let (events, _) = try TranscriptReader.readAll(path: path)
        #expect(events.map(\.type) == ["started", "scored"], "the refused shell wrote nothing")
    }

    @Test func aClosedInterviewPointsToReplay() throws {
        let folder = try temporary()
        let run = try runAssess(Self.start, input: "close --force Withdrew\n", directory: URL(fileURLWithPath: folder))
        #expect(run.status == 0)
        let path = folder + "/T/lmi-intern/" + (try FileManager.default.contentsOfDirectory(atPath: folder + "/T/lmi-intern")
            .first { $0.hasSuffix(".jsonl") } ?? "")
        let resumed = try runAssess(["interview", "--resume", path])
        #expect(resumed.status == 1)
        #expect(resumed.errors == "error: \(path) is closed and cannot be resumed; use 'assess replay \(path)' to look through it\n")
    }
}
