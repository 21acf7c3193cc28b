import Foundation
import Testing

/// What `verify` prints for the three lmi-intern examples, `files`, in order.
func verifiedExamples(_ files: [String]) throws -> String {
    """
    \(files[0]): verified, 101 events, closed, sha256 \(try systemSHA256(ofFile: files[0]))
      endorsed by 3 of 3 (unchecked: --signers FILE checks the keys): Ana Lopez (ana), Ben Okafor (ben), Chloé Martin (chloe)
    \(files[1]): verified, 105 events, closed, sha256 \(try systemSHA256(ofFile: files[1]))
      endorsed by 3 of 3 (unchecked: --signers FILE checks the keys): Ana Lopez (ana), Ben Okafor (ben), Chloé Martin (chloe)
    \(files[2]): verified, 102 events, closed, sha256 \(try systemSHA256(ofFile: files[2]))
      endorsed by 2 of 3 (unchecked: --signers FILE checks the keys): Ana Lopez (ana), Ben Okafor (ben)

    """
}

@Suite struct VerifyCommandTests {
    func exampleFiles() -> [String] {
        transcriptFilesForTest(packageRoot.appendingPathComponent("Transcripts/examples/lmi-intern").path)
    }

    @Test func soundTranscriptsGetOneLineEachAndExit0() throws {
        let files = exampleFiles()
        let result = try runAssess(["verify"] + files)
        #expect(result.status == 0)
        #expect(result.output == (try verifiedExamples(files)))
    }

    @Test func aOneCharacterEditIsNamedByLineAndExits1() throws {
        let files = exampleFiles()
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("assess-edit-\(UUID().uuidString).jsonl")
        var text = try String(contentsOfFile: files[0], encoding: .utf8)
        let range = try #require(text.range(of: "\"value\":3"))
        text.replaceSubrange(range, with: "\"value\":4")
        try text.write(to: copy, atomically: true, encoding: .utf8)
        let line = text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
        let result = try runAssess(["verify", files[1], copy.path])
        #expect(result.status == 1)
        #expect(result.output == """
            \(files[1]): verified, 105 events, closed, sha256 \(try systemSHA256(ofFile: files[1]))
              endorsed by 3 of 3 (unchecked: --signers FILE checks the keys): Ana Lopez (ana), Ben Okafor (ben), Chloé Martin (chloe)
            \(copy.path): DAMAGED at line \(line): edited line (its check hash does not match its content)

            """)
    }

    @Test func anOpenTranscriptIsValid() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assess-open-\(UUID().uuidString)")
        _ = try runAssess(["--candidate", "X", "--candidate-id", "O-1", "--panel", "Ana", "--transcripts", folder.path], input: "score 3\n")
        let file = try #require(transcriptFilesForTest(folder.path).first)
        let result = try runAssess(["verify", file])
        #expect(result.status == 0)
        #expect(result.output == "\(file): verified, 2 events, open (not closed yet), sha256 \(try systemSHA256(ofFile: file))\n")
    }

    @Test func somethingElseIsNotATranscript() throws {
        let result = try runAssess(["verify", packageRoot.appendingPathComponent("Assessments/lmi-intern.yaml").path])
        #expect(result.status == 1)
        #expect(result.output.hasSuffix(": DAMAGED at line 1: not a transcript (not a JSON object)\n"))
    }
}
