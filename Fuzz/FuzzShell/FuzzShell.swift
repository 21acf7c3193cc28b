// libFuzzer target: arbitrary lines typed at the interview shell. Built and run by `make fuzz`.
@testable import AssessShell  // the shell loop is internal; `make fuzz` builds in debug, with testing enabled
import AssessmentKit
import Foundation
import FuzzDriver
import LineEditing

final class Silent: ShellOutput {
    func write(_ text: String) {}
    func writeError(_ text: String) {}
}

nonisolated(unsafe) var session: InterviewSession?
nonisolated(unsafe) var inputs = 0

/// A fresh interview every 500 inputs keeps the transcript short.
func currentSession() -> InterviewSession {
    if let session, inputs % 500 != 0 { return session }
    session?.close()
    let (assessment, _) = try! AssessmentCatalog(directories: []).assessment("lmi-intern")
    let started = Started(mode: .interview, assessment: assessment, candidate: Candidate(name: "Fuzz", id: "F-\(inputs)"),
                          panel: [Panelist(name: "Ana", role: "chair"), Panelist(name: "Ben", role: "member")], blind: inputs % 1000 == 0)
    let folder = NSTemporaryDirectory() + "assess-fuzz-\(getpid())"
    try? FileManager.default.removeItem(atPath: folder)
    let made = try! InterviewSession.start(started, folder: folder)
    session = made
    return made
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let session = currentSession()
    inputs += 1
    // Each input is a script, up to 20 lines, run as `assess interview < script` would run it.
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let script = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(20).joined(separator: "\n")
    _ = InterviewShell(session: session, output: Silent()).run(reader: PlainReader(text: script))
    return 0
}

// SwiftPM links an executable's entry as `FuzzShell_main`; hand libFuzzer the run.
@_cdecl("FuzzShell_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}
