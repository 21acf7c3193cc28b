import Foundation
import Testing

/// The golden-file helper itself: it fails when it records, and a mismatch shows a line diff.
@Suite struct SnapshotTests {
    @Test func recordingWritesTheFileAndFailsNamingIt() throws {
        let folder = try temporaryFolder("snapshot")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("new.txt").path
        try withKnownIssue {
            try expectSnapshot("recorded\n", named: "new.txt", in: folder, recording: true)
        } matching: { issue in
            issue.comments.map(\.rawValue) == ["recorded \(file); review it with 'git diff', then run again without ASSESS_RECORD_SNAPSHOTS"]
        }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "recorded\n")
    }

    @Test func aMismatchFailsWithALineDiff() throws {
        let folder = try temporaryFolder("snapshot")
        defer { try? FileManager.default.removeItem(at: folder) }
        try "same\nold\n".write(to: folder.appendingPathComponent("golden.txt"), atomically: true, encoding: .utf8)
        try withKnownIssue {
            try expectSnapshot("same\nnew\n", named: "golden.txt", in: folder, recording: false)
        } matching: { issue in
            issue.comments.map(\.rawValue) == [[
                "the output differs from \(folder.lastPathComponent)/golden.txt (- golden file, + output); if the change is "
                    + "intended, re-record with ASSESS_RECORD_SNAPSHOTS=1 make test",
                "lines differing: 2 (1 only in expected (-), 1 only in actual (+))",
                "  1 1  same",
                "- 2    old",
                "+   2  new",
                "  3 3  ",
            ].joined(separator: "\n")]
        }
    }

    @Test func aMatchPasses() throws {
        let folder = try temporaryFolder("snapshot")
        defer { try? FileManager.default.removeItem(at: folder) }
        try "same\n".write(to: folder.appendingPathComponent("golden.txt"), atomically: true, encoding: .utf8)
        try expectSnapshot("same\n", named: "golden.txt", in: folder, recording: false)
    }

    @Test func aChangedLineShowsWithContextAndBothLineNumbers() {
        #expect(lineDiff(expected: "a\nb\nc\nd\ne\nf\ng\n", actual: "a\nb\nc\nD\ne\nf\ng\n") == [
            "lines differing: 2 (1 only in expected (-), 1 only in actual (+))",
            "  2 2  b",
            "  3 3  c",
            "- 4    d",
            "+   4  D",
            "  5 5  e",
            "  6 6  f",
        ].joined(separator: "\n"))
        #expect(lineDiff(expected: "a\n", actual: "a\n") == "no line differs")
    }

    @Test func anInsertedLineLeavesTheRestAligned() {
        #expect(lineDiff(expected: "one\ntwo\nthree", actual: "one\nnew\ntwo\nthree", context: 1) == [
            "lines differing: 1 (0 only in expected (-), 1 only in actual (+))",
            "  1 1  one",
            "+   2  new",
            "  2 3  two",
        ].joined(separator: "\n"))
    }

    @Test func distantChangesAreSeparatedAndTheListStopsAtTheLimit() {
        let expected = (1...20).map(String.init).joined(separator: "\n")
        let actual = expected.replacingOccurrences(of: "\n3\n", with: "\nthree\n").replacingOccurrences(of: "\n15\n", with: "\nfifteen\n")
        let first = [
            "lines differing: 4 (2 only in expected (-), 2 only in actual (+))",
            "   2  2  2",
            "-  3     3",
            "+     3  three",
            "   4  4  4",
        ]
        #expect(lineDiff(expected: expected, actual: actual, context: 1) == (first + [
            "...",
            "  14 14  14",
            "- 15     15",
            "+    15  fifteen",
            "  16 16  16",
        ]).joined(separator: "\n"))
        #expect(lineDiff(expected: expected, actual: actual, context: 1, limit: 2)
                == (first + ["... and 2 more differing lines"]).joined(separator: "\n"))
    }

    @Test func aCarriageReturnIsShown() {
        #expect(lineDiff(expected: "a,b\r\nc\r\n", actual: "a,b\nc\n") == [
            "lines differing: 4 (2 only in expected (-), 2 only in actual (+))",
            "- 1    a,b\\r",
            "- 2    c\\r",
            "+   1  a,b",
            "+   2  c",
            "  3 3  ",
        ].joined(separator: "\n"))
    }
}
