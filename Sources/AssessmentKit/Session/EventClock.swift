import Foundation

/// Where the times of events come from. `stamp` gives the time of an event being written;
/// `now` reads the time for display (the prompt, `status`) and must not move a scripted clock,
/// so what a panel looks at never changes what is recorded.
public struct EventClock: Sendable {
    public let now: @Sendable () -> Timestamp
    public let stamp: @Sendable () -> Timestamp

    public init(now: @escaping @Sendable () -> Timestamp, stamp: @escaping @Sendable () -> Timestamp) {
        self.now = now
        self.stamp = stamp
    }

    public static let system = EventClock(now: Timestamp.now, stamp: Timestamp.now)
}

/// `ASSESS_CLOCK` is set but cannot be honoured.
public struct ClockSettingError: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A clock for reproducible transcripts (examples, golden tests): it reads START until an
/// event is stamped, and each event moves it a fixed step first, so the first event is at
/// START + STEP. Set with `ASSESS_CLOCK=START,STEP_SECONDS`, e.g.
/// `ASSESS_CLOCK=2026-03-02T09:00:00.000Z,40`.
public final class ScriptedClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Int64
    private let step: Int64

    public init(start: Timestamp, stepMilliseconds: Int64) {
        self.current = start.milliseconds
        self.step = stepMilliseconds
    }

    /// The largest step: a day.
    static let maximumStepSeconds = 86_400.0

    /// Parses `START,STEP_SECONDS`; nil if the text is not in that form or the step is not
    /// a number of seconds from 0 to a day (`inf`, `nan` and negative steps included).
    public convenience init?(specification: String) {
        let parts = specification.split(separator: ",").map { $0.trimmingBlanks }
        guard parts.count == 2, let start = Timestamp(parsing: parts[0]), let step = Double(parts[1]),
              step >= 0, step <= ScriptedClock.maximumStepSeconds else { return nil }
        self.init(start: start, stepMilliseconds: Int64(step * 1000))
    }

    /// The time of the last event stamped (START before any); moves nothing.
    public func now() -> Timestamp {
        lock.withLock { Timestamp(milliseconds: current) }
    }

    /// Moves the clock one step and gives the new time, for an event being written.
    public func stamp() -> Timestamp {
        lock.withLock {
            current += step
            return Timestamp(milliseconds: current)
        }
    }

    /// This clock as an `EventClock`.
    public var eventClock: EventClock { EventClock(now: now, stamp: stamp) }

    /// Whether this build honours `ASSESS_CLOCK`: debug builds only (tests, the examples), so
    /// a release build always records the real time and no one can backdate an interview.
    #if DEBUG
    public static let honoursEnvironment = true
    #else
    public static let honoursEnvironment = false
    #endif

    /// The clock `ASSESS_CLOCK` asks for, or the system clock. Where the build does not
    /// honour it (`honoured`), a set `ASSESS_CLOCK` is refused rather than silently ignored.
    public static func fromEnvironment(_ environment: [String: String],
                                       honoured: Bool = honoursEnvironment) throws(ClockSettingError) -> EventClock {
        guard let specification = environment["ASSESS_CLOCK"], !specification.isEmpty else { return .system }
        guard honoured else {
            throw ClockSettingError("ASSESS_CLOCK is for tests and works only in debug builds; this build records the real time: unset ASSESS_CLOCK")
        }
        guard let clock = ScriptedClock(specification: specification) else {
            throw ClockSettingError("ASSESS_CLOCK must be START,STEP_SECONDS with a step from 0 to 86400 seconds, e.g. 2026-03-02T09:00:00.000Z,40")
        }
        return clock.eventClock
    }
}
