import Foundation

/// A clock for reproducible transcripts (examples, golden tests): it starts at a given
/// time and moves a fixed step at each reading. Set with `ASSESS_CLOCK=START,STEP_SECONDS`,
/// e.g. `ASSESS_CLOCK=2026-03-02T09:00:00.000Z,40`.
public final class ScriptedClock: @unchecked Sendable {
    private let lock = NSLock()
    private var next: Int64
    private let step: Int64

    public init(start: Timestamp, stepMilliseconds: Int64) {
        self.next = start.milliseconds
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

    public func now() -> Timestamp {
        lock.lock()
        defer { lock.unlock() }
        let value = next
        next += step
        return Timestamp(milliseconds: value)
    }

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
                                       honoured: Bool = honoursEnvironment) throws(SessionError) -> @Sendable () -> Timestamp {
        guard let specification = environment["ASSESS_CLOCK"], !specification.isEmpty else { return Timestamp.now }
        guard honoured else {
            throw SessionError("ASSESS_CLOCK is for tests and works only in debug builds; this build records the real time: unset ASSESS_CLOCK")
        }
        guard let clock = ScriptedClock(specification: specification) else {
            throw SessionError("ASSESS_CLOCK must be START,STEP_SECONDS with a step from 0 to 86400 seconds, e.g. 2026-03-02T09:00:00.000Z,40")
        }
        return { clock.now() }
    }
}
