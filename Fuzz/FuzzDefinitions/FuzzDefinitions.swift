// libFuzzer target: arbitrary YAML as a framework and as an assessment definition. `make fuzz`.
import AssessmentKit
import Foundation
import FuzzDriver

let framework = try! AssessmentCatalog(directories: []).assessment("lmi-intern")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let loaded = try? FrameworkLoader.load(text: text, file: "iom.yaml") {
        _ = loaded.items.count
    }
    if let assessment = try? AssessmentLoader.load(text: text, file: "fuzz.yaml", framework: { _ in
        (try? FrameworkLoader.load(text: text, file: "iom.yaml")).map { .found($0) } ?? .missing(searched: [])
    }) {
        _ = DefinitionReport.describe(assessment, path: "fuzz.yaml")
    }
    return 0
}

// SwiftPM links an executable's entry as `FuzzDefinitions_main`; hand libFuzzer the run.
@_cdecl("FuzzDefinitions_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}
