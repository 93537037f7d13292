/// One of the five fields of a cron expression: its name in messages, its bounds and its names.
///
/// The bounds are cron(5)'s. Day-of-week runs 0-7 because both 0 and 7 are Sunday; the
/// schedule itself folds 7 into 0, so a day-of-week set only ever holds 0-6.
public enum CronField: Int, CaseIterable, Sendable, CustomStringConvertible {
    case minute
    case hour
    case dayOfMonth
    case month
    case dayOfWeek

    /// The name used in error messages and docs: `minute`, `day-of-month`, …
    public var name: String {
        switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day-of-month"
        case .month: "month"
        case .dayOfWeek: "day-of-week"
        }
    }

    public var description: String { name }

    /// The values a field may name, as written (day-of-week includes 7).
    public var bounds: ClosedRange<Int> {
        switch self {
        case .minute: 0...59
        case .hour: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 0...7
        }
    }

    /// Three-letter names, lower-cased, accepted in any case (`JAN`, `jan`, `Jan`).
    var names: [String: Int] {
        switch self {
        case .month:
            [
                "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
                "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
            ]
        case .dayOfWeek:
            ["sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6]
        case .minute, .hour, .dayOfMonth:
            [:]
        }
    }

    /// What a value of this field may be, for "is not …" messages.
    var valueKind: String {
        switch self {
        case .month: "a number or a month name (JAN-DEC)"
        case .dayOfWeek: "a number or a day name (SUN-SAT)"
        case .minute, .hour, .dayOfMonth: "a number"
        }
    }
}
