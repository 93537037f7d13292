import Foundation

/// A parsed five-field cron expression with cron(5)'s meaning.
///
/// Fields are minute, hour, day-of-month, month and day-of-week. Each is `*`, a value, a
/// range `a-b`, or a list of those, each optionally stepped (`*/15`, `1-30/5`, and `5/10`,
/// which runs from 5 to the field's maximum). Months and days of week take three-letter
/// names in any case; day-of-week 0 and 7 are both Sunday. The macros `@yearly`,
/// `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight` and `@hourly` stand for their
/// usual five fields.
///
/// The day rule is cron(5)'s, word for word: when both day fields are restricted — their
/// text does not start with `*` — a day matching either fires; otherwise both must match.
/// So `*/2` in day-of-month with `1` in day-of-week means odd-numbered days that are
/// Mondays, while `1,15` with `MON` means the 1st, the 15th and every Monday.
///
/// Fire times in a time zone are computed by `nextFireTime(after:in:)`, which documents
/// the daylight-saving rules.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// A macro and the five fields it stands for.
    struct Macro: Sendable {
        let name: String
        let fields: String
    }

    static let macros: [Macro] = [
        Macro(name: "@yearly", fields: "0 0 1 1 *"),
        Macro(name: "@annually", fields: "0 0 1 1 *"),
        Macro(name: "@monthly", fields: "0 0 1 * *"),
        Macro(name: "@weekly", fields: "0 0 * * 0"),
        Macro(name: "@daily", fields: "0 0 * * *"),
        Macro(name: "@midnight", fields: "0 0 * * *"),
        Macro(name: "@hourly", fields: "0 * * * *"),
    ]

    /// The expression as written, without surrounding white space.
    public let source: String

    let minutes: CronFieldSet
    let hours: CronFieldSet
    let daysOfMonth: CronFieldSet
    let months: CronFieldSet
    /// Sunday is 0; a 7 in the text is stored as 0.
    let daysOfWeek: CronFieldSet

    /// Whether day-of-month is restricted in cron(5)'s sense: its text does not start with `*`.
    public let isDayOfMonthRestricted: Bool
    /// Whether day-of-week is restricted in cron(5)'s sense: its text does not start with `*`.
    public let isDayOfWeekRestricted: Bool

    /// Parses an expression, throwing an error that names the field and value at fault.
    public init(_ text: String) throws(CronExpressionError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .empty }
        var fieldsText = trimmed
        if trimmed.hasPrefix("@") {
            guard let macro = Self.macros.first(where: { $0.name == trimmed.lowercased() }) else {
                throw .unknownMacro(trimmed)
            }
            fieldsText = macro.fields
        }
        let fields = fieldsText.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count == CronField.allCases.count else {
            throw .fieldCount(expression: trimmed, found: fields.count)
        }
        source = trimmed
        minutes = try CronField.minute.parse(fields[0])
        hours = try CronField.hour.parse(fields[1])
        daysOfMonth = try CronField.dayOfMonth.parse(fields[2])
        months = try CronField.month.parse(fields[3])
        daysOfWeek = try CronField.dayOfWeek.parse(fields[4])
        isDayOfMonthRestricted = !fields[2].hasPrefix("*")
        isDayOfWeekRestricted = !fields[4].hasPrefix("*")
        neverFires = Self.neverFires(
            months: months,
            daysOfMonth: daysOfMonth,
            eitherDay: isDayOfMonthRestricted && isDayOfWeekRestricted
        )
    }

    public var description: String { source }

    /// Whether the expression names one wall-clock time of day: minute and hour each allow
    /// exactly one value. Such a time fires once on a day even when daylight saving skips
    /// or repeats it; see `nextFireTime(after:in:)`.
    public var isFixedTime: Bool { minutes.count == 1 && hours.count == 1 }

    /// Whether a day matching the day fields fires when either matches (both restricted)
    /// rather than when both do.
    public var usesEitherDayRule: Bool { isDayOfMonthRestricted && isDayOfWeekRestricted }

    /// Whether no date can ever match, such as `0 0 30 2 *` (February has no 30th).
    public let neverFires: Bool

    /// Under the either-day rule every month has every weekday, so something fires. Under the
    /// both-days rule a month and day-of-month that exist together suffice, because any
    /// calendar date falls on every weekday in some year.
    private static func neverFires(months: CronFieldSet, daysOfMonth: CronFieldSet, eitherDay: Bool) -> Bool {
        guard !eitherDay, let firstDay = daysOfMonth.first else { return false }
        return !months.values.contains { firstDay <= CivilCalendar.maximumDays(inMonth: $0) }
    }

    /// The values a field allows, ascending; day-of-week reports Sunday as 0 only.
    public func allowedValues(of field: CronField) -> [Int] {
        switch field {
        case .minute: minutes.values
        case .hour: hours.values
        case .dayOfMonth: daysOfMonth.values
        case .month: months.values
        case .dayOfWeek: daysOfWeek.values
        }
    }

    /// cron(5)'s day rule for one calendar day (weekday: Sunday is 0).
    func matchesDay(day: Int, weekday: Int) -> Bool {
        let dayOfMonthMatches = daysOfMonth.contains(day)
        let dayOfWeekMatches = daysOfWeek.contains(weekday)
        return usesEitherDayRule
            ? dayOfMonthMatches || dayOfWeekMatches
            : dayOfMonthMatches && dayOfWeekMatches
    }
}
