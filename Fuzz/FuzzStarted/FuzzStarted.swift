// libFuzzer target: the input is a `started` line without its hashes; it is sealed with a
// valid chain (anyone who can write a transcript can do that), followed by a rating, and
// read by every reader: verify, summary in each format, compare, the fold and `score`. A
// forged assessment must be refused as damage, never hang or crash. `make fuzz`.
import AssessmentKit
import Foundation
import FuzzDriver

let path = NSTemporaryDirectory() + "assess-fuzz-started-\(getpid()).jsonl"

/// `body` (a JSON object) with `prev` and `check` added as the writer adds them.
func sealed(_ body: Data, prev: String) -> String {
    var text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    if text.hasSuffix("}") { text.removeLast() }
    let unsealed = text + ",\"prev\":\"\(prev)\""
    return unsealed + ",\"check\":\"\(HashChain.hash(unsealed + "}"))\"}"
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let first = sealed(Data(UnsafeBufferPointer(start: data, count: size)), prev: Event.firstPrev)
    EventDecoder.checkParsersAgree(Data(first.utf8))
    let rating = "{\"seq\":2,\"at\":\"2099-01-01T00:00:00.000Z\",\"type\":\"scored\",\"by\":\"Ana\",\"item\":\"inclusion\",\"value\":3"
    let second = sealed(Data(rating.utf8), prev: HashChain.hash(first))
    _ = FileManager.default.createFile(atPath: path, contents: Data((first + "\n" + second + "\n").utf8))
    _ = try? TranscriptVerifier.verify(path: path)
    if let summary = try? TranscriptSummary.summary(path: path) {
        for format in ReportFormat.allCases { _ = SummaryReport.render(summary, as: format) }
        if let comparison = try? ComparativeAnalysis.compare([(summary, path), (summary, path + "-2")]) {
            for format in ReportFormat.allCases { _ = ComparisonReport.render(comparison, as: format) }
        }
    }
    if let read = try? TranscriptReader.readAll(path: path), var state = InterviewState(events: read.events),
       let name = state.panel.first?.name {
        state.apply(Event(seq: 3, at: read.events[read.events.count - 1].at, by: name,
                          payload: .acting(Acting(panelist: name)), prev: ""))
        for value in ["1", "3", "4", "-1", "1000"] { _ = try? CommandService(state).score(value, evidence: "") }
        _ = CommandService(state).closeGaps
    }
    return 0
}

// SwiftPM links an executable's entry as `FuzzStarted_main`; hand libFuzzer the run.
@_cdecl("FuzzStarted_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}
