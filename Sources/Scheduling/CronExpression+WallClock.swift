extension CronExpression {
    /// How far the wall-clock search looks before giving up: one Gregorian cycle and a year.
    ///
    /// The calendar repeats every 400 years, so a satisfiable expression always matches within
    /// that span; `neverFires` rules out the rest before any search starts.
    static let searchYears = 401

    /// The first wall-clock minute at or after `start` (rounded up to a minute) and before
    /// `limit` that the expression matches, or nil.
    ///
    /// Wall-clock time is counted in seconds since 1970-01-01T00:00 of a clock that never
    /// changes offset; daylight saving is the caller's business. The search jumps a field at a
    /// time — month, day, hour, minute — so a sparse expression costs a few steps per month.
    func firstMatchingWallTime(atOrAfter start: Int64, before limit: Int64?) -> Int64? {
        let startMinute = -CivilCalendar.floorDivide(-start, 60)
        var dayNumber = CivilCalendar.floorDivide(startMinute, 1440)
        let minuteOfDay = Int(startMinute - dayNumber * 1440)
        var hour = minuteOfDay / 60
        var minute = minuteOfDay % 60
        var (year, month, day) = CivilCalendar.date(ofDayNumber: dayNumber)
        let lastYear = year + Self.searchYears

        func startOfDay(year newYear: Int, month newMonth: Int, day newDay: Int) {
            (year, month, day) = (newYear, newMonth, newDay)
            dayNumber = CivilCalendar.dayNumber(year: year, month: month, day: day)
            (hour, minute) = (0, 0)
        }
        func nextDay() {
            if day < CivilCalendar.days(inMonth: month, year: year) {
                day += 1
                dayNumber += 1
                (hour, minute) = (0, 0)
            } else if month < 12 {
                startOfDay(year: year, month: month + 1, day: 1)
            } else {
                startOfDay(year: year + 1, month: 1, day: 1)
            }
        }

        while year <= lastYear {
            let wall = dayNumber * 86_400 + Int64(hour * 3600 + minute * 60)
            if let limit, wall >= limit { return nil }

            guard months.contains(month) else {
                if let nextMonth = months.first(atOrAfter: month + 1) {
                    startOfDay(year: year, month: nextMonth, day: 1)
                } else if let firstMonth = months.first {
                    startOfDay(year: year + 1, month: firstMonth, day: 1)
                } else {
                    return nil
                }
                continue
            }
            guard matchesDay(day: day, weekday: CivilCalendar.weekday(ofDayNumber: dayNumber)) else {
                nextDay()
                continue
            }
            guard hours.contains(hour) else {
                if let nextHour = hours.first(atOrAfter: hour + 1) {
                    (hour, minute) = (nextHour, 0)
                } else {
                    nextDay()
                }
                continue
            }
            guard minutes.contains(minute) else {
                if let nextMinute = minutes.first(atOrAfter: minute + 1) {
                    minute = nextMinute
                } else if hour < 23 {
                    (hour, minute) = (hour + 1, 0)
                } else {
                    nextDay()
                }
                continue
            }
            return wall
        }
        return nil
    }
}
