import CivilDays
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `Date` field of an answer, `Mon, 30 Nov 2026 13:31:42 GMT` (RFC 9110's IMF-fixdate),
/// written by arithmetic and kept for the second it names.
///
/// Hummingbird's router stamps its answers from a cache its application refreshes every
/// second; the inline routes (``InlineRouteHandler``) answer before that code, so they keep
/// their own, one per connection: formatted at most once a second, read from the clock (a vDSO
/// call) once per answer.
struct HTTPDate {
    private var second = Int64.min
    private var text = ""

    /// The field for the current second.
    mutating func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let current = Int64(spec.tv_sec)
        if current != second {
            second = current
            text = Self.format(secondsSince1970: current)
        }
        return text
    }

    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The IMF-fixdate of a UTC instant.
    static func format(secondsSince1970 seconds: Int64) -> String {
        let (days, secondOfDay) = CivilDays.floorDivision(seconds, 86_400)
        let (year, month, day) = CivilDays.date(days: days)
        let weekday = weekdays[Int(CivilDays.floorDivision(days, 7).remainder)]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let hour = Int(secondOfDay / 3600), minute = Int(secondOfDay / 60 % 60), second = Int(secondOfDay % 60)
        return "\(weekday), \(two(day)) \(months[month - 1]) \(year) \(two(hour)):\(two(minute)):\(two(second)) GMT"
    }
}
