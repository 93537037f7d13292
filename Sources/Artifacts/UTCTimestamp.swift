public import Foundation
import CivilDays

/// Instants as ISO 8601 text in UTC, the form run records, cache entries and registry files
/// store (`2026-11-30T05:00:00.123Z`).
///
/// Why not `ISO8601DateFormatter`: on Linux each one builds an ICU calendar (about 0.2 ms), and
/// a run record carries dozens of instants and is written several times a run; that alone was
/// a tenth of a no-op run's CPU. Writing is plain arithmetic on the proleptic Gregorian
/// calendar (UTC has no time zone rules to apply), which also spares each process building a
/// `Date.ISO8601FormatStyle` and its calendar (~0.6 ms of a no-op run); reading, which must
/// accept offsets and any fraction, uses Foundation's `Date.ISO8601FormatStyle`.
public enum UTCTimestamp {
    private static let withMilliseconds = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// `2026-11-30T05:00:00.123Z`: rounded to the nearest millisecond, so text read back and
    /// written again is unchanged.
    public static func milliseconds(_ date: Date) -> String {
        let total = Int64((date.timeIntervalSince1970 * 1000 + 0.5).rounded(.down))
        let (seconds, millisecond) = CivilDays.floorDivision(total, 1000)
        return format(seconds: seconds, millisecond: Int(millisecond))
    }

    /// `2026-11-30T05:00:00Z`: the whole second the instant falls in.
    public static func seconds(_ date: Date) -> String {
        format(seconds: Int64(date.timeIntervalSince1970.rounded(.down)), millisecond: nil)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.mmm]Z` for seconds since 1970.
    private static func format(seconds: Int64, millisecond: Int?) -> String {
        let (days, secondOfDay) = CivilDays.floorDivision(seconds, 86_400)
        let (year, month, day) = CivilDays.date(days: days)

        var text = ""
        text.reserveCapacity(24)
        func append(_ value: Int64, digits: Int) {
            let string = String(value)
            text += String(repeating: "0", count: max(0, digits - string.utf8.count)) + string
        }
        append(Int64(year), digits: 4)
        text += "-"
        append(Int64(month), digits: 2)
        text += "-"
        append(Int64(day), digits: 2)
        text += "T"
        append(secondOfDay / 3600, digits: 2)
        text += ":"
        append(secondOfDay / 60 % 60, digits: 2)
        text += ":"
        append(secondOfDay % 60, digits: 2)
        if let millisecond {
            text += "."
            append(Int64(millisecond), digits: 3)
        }
        text += "Z"
        return text
    }

    /// The instant an ISO 8601 date-time names (`Z` or a `±HH:MM` offset, any fraction of a
    /// second), or nil when the text is not one.
    public static func parse(_ text: String) -> Date? {
        try? withMilliseconds.parse(text)
    }

    /// Like `parse`, and a bare date (`2015-06-01`) means its midnight in UTC.
    public static func parseDateOrDateTime(_ text: String) -> Date? {
        if text.utf8.count == 10, let date = parse(text + "T00:00:00Z") { return date }
        return parse(text)
    }
}
