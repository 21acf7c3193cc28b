import Foundation
import Testing
@testable import AssessmentKit

/// Every single-byte change, line deletion, adjacent swap and duplicated line of a small
/// transcript is caught by the verifier (the quality bar of PRODUCT.md). One exception is
/// inherent to an append-only file with no outside anchor: removing the last line leaves a
/// shorter, valid, open transcript.
@Suite struct TamperMatrixTests {
    func sample() throws -> (path: String, data: Data, lines: [Data]) {
        let session = try InterviewSession.start(try sampleStarted(), folder: freshFolder(), clock: scriptedClock())
        try session.record(.scored(Scored(item: "integrity", value: 3, evidence: "Declared it")))
        try session.record(.acting(Acting(panelist: "Ben")))
        try session.record(.scored(Scored(item: "integrity", value: 2)))
        try session.record(.consensus(Consensus(item: "integrity", value: 3, rationale: "agreed")))
        try session.record(.moved(Moved(item: "teamwork")))
        try session.record(.closed(Closed(forced: true, reason: "test")))
        session.close()
        let data = try Data(contentsOf: URL(fileURLWithPath: session.path))
        let lines = data.split(separator: 0x0A).map { Data($0) }
        return (session.path, data, lines)
    }

    func damage(_ data: Data, at path: String) throws -> TranscriptDamage? {
        try data.write(to: URL(fileURLWithPath: path))
        return try TranscriptVerifier.verify(path: path).damage
    }

    func joined(_ lines: [Data]) -> Data {
        var data = Data()
        for line in lines { data.append(line); data.append(0x0A) }
        return data
    }

    @Test func everySingleByteChangeIsCaught() throws {
        let (path, original, _) = try sample()
        #expect(try damage(original, at: path) == nil)
        var missed: [Int] = []
        for index in 0..<original.count {
            for mask: UInt8 in [0x01, 0x20] {
                var copy = original
                copy[index] ^= mask
                if try damage(copy, at: path) == nil { missed.append(index) }
            }
        }
        #expect(missed.isEmpty, "changes at bytes \(missed.prefix(10)) went unnoticed")
    }

    @Test func everyLineDeletionButTheLastIsCaught() throws {
        let (path, _, lines) = try sample()
        for index in 0..<(lines.count - 1) {
            var copy = lines
            copy.remove(at: index)
            let found = try damage(joined(copy), at: path)
            #expect(found != nil, "deleting line \(index + 1) went unnoticed")
            #expect(found?.line == index + 1 || index == 0, "deleting line \(index + 1) was reported at \(String(describing: found))")
        }
        // The documented exception: without the last line the transcript reads as open.
        let shorter = try TranscriptVerifier.verify(path: { try joined(Array(lines.dropLast())).write(to: URL(fileURLWithPath: path)); return path }())
        #expect(shorter.damage == nil && !shorter.closed)
    }

    @Test func everyAdjacentSwapIsCaught() throws {
        let (path, _, lines) = try sample()
        for index in 0..<(lines.count - 1) {
            var copy = lines
            copy.swapAt(index, index + 1)
            let found = try damage(joined(copy), at: path)
            #expect(found != nil, "swapping lines \(index + 1) and \(index + 2) went unnoticed")
            #expect(found?.line == index + 1, "swap at \(index + 1) reported as \(String(describing: found))")
        }
    }

    @Test func everyDuplicatedLineIsCaught() throws {
        let (path, _, lines) = try sample()
        for index in 0..<lines.count {
            var copy = lines
            copy.insert(lines[index], at: index + 1)
            let found = try damage(joined(copy), at: path)
            #expect(found != nil, "duplicating line \(index + 1) went unnoticed")
            #expect(found?.kind == "inserted line" || index == 0, "duplicate of \(index + 1) reported as \(String(describing: found))")
        }
    }
}
