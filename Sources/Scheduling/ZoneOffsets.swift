import Foundation

/// A time zone's offsets and transitions in whole seconds since 1970, read from Foundation.
///
/// Keeps the conversions between `Date` and the integer clock of the cron search in one place.
struct ZoneOffsets {
    let timeZone: TimeZone

    /// Seconds east of UTC in force at `instant`.
    func offset(at instant: Int64) -> Int64 {
        Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant))))
    }

    /// The first offset change strictly after `instant`, if the zone has one.
    func transition(after instant: Int64) -> Int64? {
        guard let date = timeZone.nextDaylightSavingTimeTransition(
            after: Date(timeIntervalSince1970: Double(instant))
        ) else { return nil }
        return Int64(date.timeIntervalSince1970.rounded(.up))
    }

    /// The last transition in `(from, through]`, if any.
    func lastTransition(after from: Int64, through end: Int64) -> Int64? {
        var last: Int64?
        var cursor = from
        while let next = transition(after: cursor), next <= end {
            last = next
            cursor = next
        }
        return last
    }

    /// Whole seconds of a date, rounded down; nil for dates beyond any calendar use.
    static func seconds(of date: Date) -> Int64? {
        let interval = date.timeIntervalSince1970.rounded(.down)
        guard interval.isFinite, abs(interval) < 1e12 else { return nil }
        return Int64(interval)
    }
}
