import AssessmentKit
import Foundation
import Testing

/// The shell under a file-size limit (RLIMIT_FSIZE, SIGXFSZ ignored): a write fails part-way,
/// as on a full disk.
@Suite struct DiskFullTests {
    @Test func aSaveThatFailsReportsAnErrorAndLeavesAValidTranscript() throws {
        let folder = try temporaryFolder("full")
        let evidence = String(repeating: "long evidence ", count: 40)
        let input = (0..<40).map { _ in "score 3 \(evidence)\n" }.joined()
        // 30 KiB (bash counts 1024-byte blocks): the started event fits, some ratings fit, then a line is cut.
        let command = "trap '' XFSZ; ulimit -f 30; exec \"$0\" interview lmi-intern --candidate X --candidate-id FULL --panel Ana --transcripts T"
        let result = try runAssess(["-c", command, assessBinary()], input: input, directory: folder, executable: "/bin/bash")
        #expect(result.status == 1)
        let acknowledged = result.output.components(separatedBy: "Recorded: Ana rates inclusion 3").count - 1
        #expect(acknowledged > 0 && acknowledged < 40)
        let path = folder.appendingPathComponent("T/lmi-intern/\(Timestamp.now().date)-FULL.jsonl").path
        #expect(result.errors.contains("error: line \(acknowledged + 1): could not save to T/lmi-intern/"))
        #expect(result.errors.contains("(File too large); nothing was recorded, so try the command again once that is fixed"))
        let verification = try TranscriptVerifier.verify(path: path)
        #expect(verification.damage == nil, "a failed write left the file damaged")
        #expect(verification.events == acknowledged + 1, "exactly the acknowledged events, and the started event")
    }

    /// `rate y y p n y -- EVIDENCE` records six events in one write: a failed write records none of them.
    @Test func aOneLineRatingIsSavedWholeOrNotAtAll() throws {
        let folder = try temporaryFolder("full-rate")
        let evidence = String(repeating: "long evidence ", count: 60)
        let input = (0..<40).map { _ in "rate y y p n y -- \(evidence)\n" }.joined()
        let assessments = packageRoot.appendingPathComponent("Assessments").path
        let command = "trap '' XFSZ; ulimit -f 40; exec \"$0\" interview project-assistant --assessments '\(assessments)' "
            + "--candidate X --candidate-id FULL --panel Ana:chair,Ben:member,Cy:member --transcripts T"
        let result = try runAssess(["-c", command, assessBinary()], input: input, directory: folder, executable: "/bin/bash")
        #expect(result.status == 1)
        let acknowledged = result.output.components(separatedBy: "Recorded (5 of 5 indicators; hidden until reveal).").count - 1
        #expect(acknowledged > 0 && acknowledged < 40, "\(result.output) \(result.errors)")
        #expect(result.errors.contains("error: line \(acknowledged + 1): could not save to T/project-assistant/"))
        let path = folder.appendingPathComponent("T/project-assistant/\(Timestamp.now().date)-FULL.jsonl").path
        let verification = try TranscriptVerifier.verify(path: path)
        #expect(verification.damage == nil)
        #expect(verification.events == 1 + 6 * acknowledged, "whole lines only: the started event, and five ratings and the evidence per acknowledged rate")
    }

    @Test func whenEvenTheStartCannotBeSavedNoFileIsLeft() throws {
        let folder = try temporaryFolder("full-start")
        let command = "trap '' XFSZ; ulimit -f 4; exec \"$0\" interview lmi-intern --candidate X --candidate-id NONE --panel Ana --transcripts T"
        let result = try runAssess(["-c", command, assessBinary()], input: "score 3\n", directory: folder, executable: "/bin/bash")
        #expect(result.status == 1)
        #expect(result.errors.hasPrefix("error: could not save to T/lmi-intern/"))
        let left = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("T/lmi-intern").path)) ?? []
        #expect(left.isEmpty, "left behind: \(left)")
    }
}
