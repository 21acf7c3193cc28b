import Foundation

/// A moment in UTC with millisecond precision, written as RFC 3339 (`2026-11-23T09:14:05.120Z`).
public struct Timestamp: Equatable, Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// The length of the written form, `2026-11-23T09:14:05.120Z`.
    static let textLength = 24

    /// The current time from the system clock.
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(milliseconds: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }

    public var description: String {
        var seconds = time_t(milliseconds.floorDivided(by: 1000))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let millis = Int(milliseconds - Int64(seconds) * 1000)
        return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))"
            + "T\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2)).\(pad(millis, 3))Z"
    }

    /// `YYYY-MM-DD`, the date part.
    public var date: String { String(description.prefix(10)) }

    /// `HH:MM:SS`, the time of day.
    public var timeOfDay: String { String(description.dropFirst(11).prefix(8)) }

    /// Parses `YYYY-MM-DDTHH:MM:SS.mmmZ` (the form the writer uses); nil for anything else.
    public init?(parsing text: String) {
        self.init(utf8: Array(text.utf8))
    }

    /// Parses the UTF-8 bytes of `YYYY-MM-DDTHH:MM:SS.mmmZ`; nil for anything else, a date
    /// such as 2026-02-31 included.
    init?<Bytes: RandomAccessCollection>(utf8 bytes: Bytes) where Bytes.Element == UInt8, Bytes.Index == Int {
        guard bytes.count == Timestamp.textLength else { return nil }
        let base = bytes.startIndex
        func byte(_ offset: Int) -> UInt8 { bytes[base + offset] }
        guard byte(4) == 45, byte(7) == 45, byte(10) == 84, byte(13) == 58, byte(16) == 58,
              byte(19) == 46, byte(23) == 90 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for offset in range {
                let digit = byte(offset) &- 48
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              let millis = number(20..<23), (1...12).contains(month), day >= 1,
              day <= Timestamp.daysIn(month: month, year: year), hour < 24, minute < 60, second < 60 else { return nil }
        let days = Timestamp.daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        self.milliseconds = seconds * 1000 + Int64(millis)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.milliseconds < b.milliseconds }
}

private func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}

extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

/// "4:05" or "1:02:03" for a duration in milliseconds.
public func clockDuration(milliseconds: Int64) -> String {
    let total = Int(max(0, milliseconds) / 1000)
    let hours = total / 3600, minutes = (total % 3600) / 60, seconds = total % 60
    if hours > 0 { return "\(hours):\(pad(minutes, 2)):\(pad(seconds, 2))" }
    return "\(minutes):\(pad(seconds, 2))"
}
