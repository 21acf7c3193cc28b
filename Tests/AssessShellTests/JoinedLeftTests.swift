import Foundation
import Testing
@testable import AssessShell
@testable import AssessmentKit

/// `joined` and `left`: who connected to a hosted interview, with which key, from where
/// (issue 16). They fold into nothing, verify, and are blanked in an anonymised export.
@Suite struct JoinedLeftTests {
    static let key = "SHA256:g776+tDc8mrKX6JytkBncte320Pw59soROt73rS411w"

    @Test func aJoinAndALeaveVerifyAndShowInTheLog() throws {
        let session = try fixtureSession()
        try session.record(.joined(PanelConnection(fingerprint: Self.key, address: "127.0.0.1:34292")), by: "Ben")
        try session.record(.left(PanelConnection(fingerprint: Self.key, address: "127.0.0.1:34292")), by: "Ben")
        let path = session.path
        session.close()
        #expect(try TranscriptVerifier.verify(path: path).damage == nil)
        let events = try TranscriptReader.readAll(path: path).events
        #expect(EventLog.describe(events[1], before: nil) == "joins from 127.0.0.1:34292 (key \(Self.key))")
        #expect(EventLog.describe(events[2], before: nil) == "leaves (127.0.0.1:34292)")
        let export = try Anonymizer.export(source: try Data(contentsOf: URL(fileURLWithPath: path)))
        let text = String(decoding: export.data, as: UTF8.self)
        #expect(!text.contains("127.0.0.1") && !text.contains(Self.key))
    }

    @Test func aJoinByNoPanelistIsDamage() throws {
        let session = try fixtureSession()
        try session.record(.joined(PanelConnection(fingerprint: Self.key, address: "127.0.0.1:1")), by: Event.system)
        let path = session.path
        session.close()
        #expect(try TranscriptVerifier.verify(path: path).damage == .invalidEvent(line: 2, detail: "a 'joined' event by no panelist"))
    }
}
