import Foundation
import Testing

/// The golden files: `Tests/EndToEndTests/Snapshots/`.
let snapshotsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

/// Whether this run re-records the golden files (ASSESS_RECORD_SNAPSHOTS=1).
let recordingSnapshots = ProcessInfo.processInfo.environment["ASSESS_RECORD_SNAPSHOTS"] == "1"

/// Compares `text` with the golden file `NAME` in `folder`; a mismatch fails with a line diff.
/// When `recording`, the file is written instead and the test still fails, naming the file, so a
/// run with ASSESS_RECORD_SNAPSHOTS=1 never passes: review the change with `git diff`, then run
/// the tests again without the variable.
func expectSnapshot(_ text: String, named name: String, in folder: URL = snapshotsFolder, recording: Bool = recordingSnapshots,
                    sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let url = folder.appendingPathComponent(name)
    if recording {
        try text.write(to: url, atomically: true, encoding: .utf8)
        Issue.record("recorded \(url.path); review it with 'git diff', then run again without ASSESS_RECORD_SNAPSHOTS",
                     sourceLocation: sourceLocation)
        return
    }
    let golden = try String(contentsOf: url, encoding: .utf8)
    if text != golden {
        Issue.record("""
            the output differs from \(folder.lastPathComponent)/\(name) (- golden file, + output); if the change is \
            intended, re-record with ASSESS_RECORD_SNAPSHOTS=1 make test
            \(lineDiff(expected: golden, actual: text))
            """, sourceLocation: sourceLocation)
    }
}

/// Runs `assess ARGUMENTS`, which must succeed with nothing on standard error, and compares its
/// output with the golden file `NAME`.
func expectOutputMatchesSnapshot(of arguments: [String], named name: String, environment: [String: String] = [:],
                                 directory: URL? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let result = try runAssess(arguments, environment: environment, directory: directory)
    #expect(result.status == 0, sourceLocation: sourceLocation)
    #expect(result.errors == "", sourceLocation: sourceLocation)
    try expectSnapshot(result.output, named: name, sourceLocation: sourceLocation)
}

/// The report formats, each with the extension of its golden files.
let reportFormats = [("text", "txt"), ("markdown", "md"), ("csv", "csv"), ("json", "json"), ("html", "html")]

/// A line diff for a failure message: how many lines differ, then the first `limit` differing
/// lines (and any others among their context), with `context` lines around each. Each line
/// shows its number in `expected` and in `actual`; `-` marks a line only in `expected`, `+` one
/// only in `actual`. A carriage return is shown as `\r`.
func lineDiff(expected: String, actual: String, context: Int = 2, limit: Int = 10) -> String {
    let old = lines(expected), new = lines(actual)
    let script = editScript(from: old, to: new)
    let changes = script.indices.filter { script[$0].old == nil || script[$0].new == nil }
    guard !changes.isEmpty else { return "no line differs" }
    let removed = changes.filter { script[$0].new == nil }.count
    var report = ["lines differing: \(changes.count) (\(removed) only in expected (-), \(changes.count - removed) only in actual (+))"]
    let width = String(max(old.count, new.count)).count
    func number(_ index: Int?) -> String {
        let text = index.map { String($0 + 1) } ?? ""
        return String(repeating: " ", count: width - text.count) + text
    }
    var last = -1, listed = 0
    for index in changes.prefix(limit).flatMap({ max(0, $0 - context)...min(script.count - 1, $0 + context) }) where index > last {
        if last >= 0 && index > last + 1 { report.append("...") }
        let line = script[index]
        let mark = line.old == nil ? "+" : line.new == nil ? "-" : " "
        if mark != " " { listed += 1 }
        let text = line.old.map { old[$0] } ?? line.new.map { new[$0] } ?? ""
        report.append("\(mark) \(number(line.old)) \(number(line.new))  \(text.replacingOccurrences(of: "\r", with: "\\r"))")
        last = index
    }
    if listed < changes.count { report.append("... and \(changes.count - listed) more differing lines") }
    return report.joined(separator: "\n")
}

/// `text` split at each "\n" (a "\r" before it stays in the line).
private func lines(_ text: String) -> [String] {
    text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
}

/// The shortest way from `old` to `new` through their longest common subsequence: each step is
/// a line kept (both indices), removed (only `old`) or added (only `new`).
/// Time and memory grow with the product of the differing middles' lengths: fine for golden
/// files of a few hundred lines.
private func editScript(from old: [String], to new: [String]) -> [(old: Int?, new: Int?)] {
    var prefix = 0
    while prefix < min(old.count, new.count) && old[prefix] == new[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < min(old.count, new.count) - prefix && old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
    let oldEnd = old.count - suffix, newEnd = new.count - suffix
    // common[i][j]: the length of the longest common subsequence of old[i..<oldEnd] and new[j..<newEnd].
    var common = Array(repeating: Array(repeating: 0, count: newEnd + 1), count: oldEnd + 1)
    for i in stride(from: oldEnd - 1, through: prefix, by: -1) {
        for j in stride(from: newEnd - 1, through: prefix, by: -1) {
            common[i][j] = old[i] == new[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
        }
    }
    var script: [(old: Int?, new: Int?)] = (0..<prefix).map { ($0, $0) }
    var i = prefix, j = prefix
    while i < oldEnd || j < newEnd {
        if i < oldEnd && j < newEnd && old[i] == new[j] {
            script.append((i, j)); i += 1; j += 1
        } else if i < oldEnd && (j == newEnd || common[i + 1][j] >= common[i][j + 1]) {
            script.append((i, nil)); i += 1
        } else {
            script.append((nil, j)); j += 1
        }
    }
    return script + (0..<suffix).map { (oldEnd + $0, newEnd + $0) }
}
