@testable import AssessmentKit
import Testing

/// A hosted panelist's view of the interview: their own item, their own name, the panel's
/// clock; what they record lands on their item, and only the chair's move moves the panel.
struct PanelistViewTests {
    @Test func aPanelistRecordsAtTheirOwnItemWhileThePanelStaysPut() throws {
        let session = try InterviewSession.start(try sampleStarted(), folder: freshFolder(), clock: scriptedClock())
        defer { session.close() }
        let ana = session.state.panel[0], ben = session.state.panel[1]
        try session.perform(by: ana) { service throws(CommandRefusal) in try service.next() }
        #expect(session.state.currentItem == 1)
        // Ben, still at integrity, rates it there.
        let scored = try session.perform(by: ben, at: 0) { service throws(CommandRefusal) in try service.score("3", evidence: "Kept a promise") }
        #expect(scored.item == "integrity")
        #expect(session.state.currentItem == 1)
        #expect(session.state.value(item: 0, by: "Ben") == 3)
        #expect(session.written.last?.by == "Ben")

        let view = session.state.seen(by: "Ben", at: 0)
        #expect(view.currentItem == 0)
        #expect(view.panelist?.name == "Ben")
        #expect(view.panelsItem == 1)
        // The clock runs on the panel's item, not the viewer's.
        let now = Timestamp(milliseconds: session.state.enteredItemAt.milliseconds + 60_000)
        #expect(view.timeSpent(onItem: 1, now: now) == session.state.timeSpent(onItem: 1, now: now))
        #expect(view.timeSpent(onItem: 0, now: now) == session.state.timeSpent(onItem: 0, now: now))
        // The events this session wrote, after a sequence number.
        #expect(session.events(after: session.state.lastSeq - 1).map(\.kind) == [.scored])
    }
}
