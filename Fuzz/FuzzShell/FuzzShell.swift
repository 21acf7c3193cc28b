// libFuzzer target: arbitrary lines typed at the interview shell. Built and run by `make fuzz`.
import AssessShell
import AssessmentKit
import Foundation

final class Silent: ShellOutput {
    func write(_ text: String) {}
    func writeError(_ text: String) {}
}

nonisolated(unsafe) var shell: InterviewShell?
nonisolated(unsafe) var inputs = 0

/// A fresh interview every 500 inputs keeps the transcript short.
func currentShell() -> InterviewShell {
    if let shell, inputs % 500 != 0 { return shell }
    let (assessment, _) = try! AssessmentCatalog(directories: []).assessment("lmi-intern")
    let started = Started(mode: .interview, assessment: assessment, candidate: Candidate(name: "Fuzz", id: "F-\(inputs)"),
                          panel: [Panelist(name: "Ana", role: "chair"), Panelist(name: "Ben", role: "member")], blind: inputs % 1000 == 0)
    let folder = NSTemporaryDirectory() + "assess-fuzz-\(getpid())"
    try? FileManager.default.removeItem(atPath: folder)
    let made = InterviewShell(session: try! InterviewSession.start(started, folder: folder), output: Silent())
    shell = made
    return made
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let shell = currentShell()
    inputs += 1
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(20) {
        // `quit` and `close` end the loop, not the process; later lines are still parsed.
        _ = shell.execute(String(line))
    }
    return 0
}
