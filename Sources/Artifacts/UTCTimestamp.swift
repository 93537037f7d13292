public import Foundation

/// Instants as ISO 8601 text in UTC, the form run records, cache entries and registry files
/// store (`2026-11-30T05:00:00.123Z`).
///
/// Why not `ISO8601DateFormatter`: on Linux each one builds an ICU calendar (about 0.2 ms), and
/// a run record carries dozens of instants and is written several times a run; that alone was
/// a tenth of a no-op run's CPU. `Date.ISO8601FormatStyle` is Foundation's own Swift implementation.
public enum UTCTimestamp {
    private static let withMilliseconds = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let withSeconds = Date.ISO8601FormatStyle()

    /// `2026-11-30T05:00:00.123Z`: rounded to the nearest millisecond, so text read back and
    /// written again is unchanged.
    public static func milliseconds(_ date: Date) -> String {
        // The style truncates; half a millisecond first makes that rounding to nearest.
        Date(timeIntervalSince1970: date.timeIntervalSince1970 + 0.0005).formatted(withMilliseconds)
    }

    /// `2026-11-30T05:00:00Z`: the whole second the instant falls in.
    public static func seconds(_ date: Date) -> String {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)).formatted(withSeconds)
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
