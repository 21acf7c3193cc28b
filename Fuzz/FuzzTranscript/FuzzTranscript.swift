// libFuzzer target: arbitrary transcript files through the reader, the verifier and the
// summary; and every line through both event parsers, which must agree. `make fuzz`.
import AssessmentKit
import Foundation
import FuzzDriver

let path = NSTemporaryDirectory() + "assess-fuzz-transcript-\(getpid()).jsonl"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    FileManager.default.createFile(atPath: path, contents: bytes)
    _ = try? TranscriptVerifier.verify(path: path)
    if let summary = try? TranscriptSummary.summary(path: path) {
        _ = SummaryReport.render(summary, as: .json, color: false)
    }
    for line in bytes.split(separator: 0x0A) {
        EventDecoder.checkParsersAgree(Data(line))
    }
    return 0
}

// SwiftPM links an executable's entry as `FuzzTranscript_main`; hand libFuzzer the run.
@_cdecl("FuzzTranscript_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}
