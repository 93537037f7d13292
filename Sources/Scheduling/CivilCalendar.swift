import CivilDays

/// Proleptic Gregorian calendar arithmetic on day numbers, with no time zone and no Foundation.
///
/// The cron search walks wall-clock time field by field; doing that through `Calendar` would
/// cost a locked ICU call per step. Day 0 is 1970-01-01. The conversions are `CivilDays`
/// (Howard Hinnant's `days_from_civil` / `civil_from_days`), exact for every Int64 day in range.
enum CivilCalendar {
    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The most days a month ever has (February: 29).
    static func maximumDays(inMonth month: Int) -> Int {
        month == 2 ? 29 : days(inMonth: month, year: 2001)
    }

    /// Days since 1970-01-01 of a calendar date.
    static func dayNumber(year: Int, month: Int, day: Int) -> Int64 {
        CivilDays.days(year: year, month: month, day: day)
    }

    /// The calendar date of a day number.
    static func date(ofDayNumber dayNumber: Int64) -> (year: Int, month: Int, day: Int) {
        CivilDays.date(days: dayNumber)
    }

    /// Day of week of a day number, Sunday 0 … Saturday 6 (1970-01-01 was a Thursday).
    static func weekday(ofDayNumber dayNumber: Int64) -> Int {
        Int(((dayNumber % 7) + 11) % 7)
    }

    /// `a / b` rounded towards negative infinity, for b > 0.
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        CivilDays.floorDivision(a, b).quotient
    }
}
