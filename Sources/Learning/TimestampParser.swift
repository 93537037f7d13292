import CivilDays

/// Reads and writes timestamps as microseconds since the Unix epoch (UTC).
///
/// Accepted forms, from bytes so the CSV hot path allocates nothing:
/// - ISO 8601 dates: `2014-03-01` (midnight UTC);
/// - ISO 8601 date-times: `2014-03-01T12:30`, `…T12:30:05`, `…T12:30:05.250`, with `T` or a
///   space between date and time, and an optional offset `Z`, `+01:00`, `+0100` or `+01`.
///   A date-time without an offset is taken as UTC (a local time would depend on the
///   machine, and outputs must not);
/// - Unix seconds: `1400000000`, `-86400`, `1400000000.25`.
/// Fractions finer than a microsecond are truncated toward zero.
public enum TimestampParser {
    /// Microseconds per second.
    public static let microsecondsPerSecond: Int64 = 1_000_000

    /// Parses all of `bytes` as a timestamp; nil if it is not one.
    public static func parse(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        guard start < end else { return nil }
        if end - start >= 10, base[start + 4] == UInt8(ascii: "-") {
            return parseISO(base, start, end)
        }
        return parseUnixSeconds(base, start, end)
    }

    /// Parses all of `text` as a timestamp; nil if it is not one.
    public static func parse(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return nil }
            return parse(base, 0, buffer.count)
        }
    }

    /// Whether the bytes look like an ISO 8601 date or date-time (not a plain number).
    public static func isISO(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        end - start >= 10 && base[start + 4] == UInt8(ascii: "-") && parseISO(base, start, end) != nil
    }

    @inline(__always)
    private static func digits(_ base: UnsafePointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for offset in 0..<count {
            let digit = base[start + offset] &- UInt8(ascii: "0")
            if digit > 9 { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    static func parseISO(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        guard let year = digits(base, start, 4),
              base[start + 7] == UInt8(ascii: "-"),
              let month = digits(base, start + 5, 2),
              let day = digits(base, start + 8, 2),
              (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month)
        else { return nil }
        let days = Int64(daysFromCivil(year: year, month: month, day: day))
        var micros = days * 86_400 * microsecondsPerSecond
        var index = start + 10
        if index == end { return micros }
        guard base[index] == UInt8(ascii: "T") || base[index] == UInt8(ascii: " ") || base[index] == UInt8(ascii: "t"),
              end - index >= 6,
              let hour = digits(base, index + 1, 2),
              base[index + 3] == UInt8(ascii: ":"),
              let minute = digits(base, index + 4, 2),
              hour <= 23, minute <= 59
        else { return nil }
        index += 6
        var second = 0
        var fraction: Int64 = 0
        if index < end, base[index] == UInt8(ascii: ":") {
            guard end - index >= 3, let value = digits(base, index + 1, 2), value <= 59 else { return nil }
            second = value
            index += 3
            if index < end, base[index] == UInt8(ascii: ".") || base[index] == UInt8(ascii: ",") {
                index += 1
                var scale: Int64 = 100_000
                let fractionStart = index
                while index < end, base[index] &- UInt8(ascii: "0") <= 9 {
                    fraction += Int64(base[index] &- UInt8(ascii: "0")) * scale
                    scale /= 10
                    index += 1
                }
                guard index > fractionStart else { return nil }
            }
        }
        micros += Int64(hour * 3600 + minute * 60 + second) * microsecondsPerSecond + fraction
        if index == end { return micros }
        let sign = base[index]
        if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
            return index + 1 == end ? micros : nil
        }
        guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        index += 1
        guard end - index >= 2, let offsetHours = digits(base, index, 2), offsetHours <= 23 else { return nil }
        index += 2
        var offsetMinutes = 0
        if index < end {
            if base[index] == UInt8(ascii: ":") { index += 1 }
            guard end - index == 2, let value = digits(base, index, 2), value <= 59 else { return nil }
            offsetMinutes = value
            index += 2
        }
        guard index == end else { return nil }
        let offset = Int64(offsetHours * 3600 + offsetMinutes * 60) * microsecondsPerSecond
        return sign == UInt8(ascii: "+") ? micros - offset : micros + offset
    }

    static func parseUnixSeconds(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        var index = start
        var isNegative = false
        if base[index] == UInt8(ascii: "-") || base[index] == UInt8(ascii: "+") {
            isNegative = base[index] == UInt8(ascii: "-")
            index += 1
        }
        let digitsStart = index
        var seconds: Int64 = 0
        while index < end, base[index] &- UInt8(ascii: "0") <= 9 {
            // 10^12 seconds is ~31,700 years: beyond it the microseconds would overflow.
            guard seconds < 1_000_000_000_000 else { return nil }
            seconds = seconds * 10 + Int64(base[index] &- UInt8(ascii: "0"))
            index += 1
        }
        guard index > digitsStart else { return nil }
        var fraction: Int64 = 0
        if index < end, base[index] == UInt8(ascii: ".") {
            index += 1
            var scale: Int64 = 100_000
            while index < end, base[index] &- UInt8(ascii: "0") <= 9 {
                fraction += Int64(base[index] &- UInt8(ascii: "0")) * scale
                scale /= 10
                index += 1
            }
        }
        guard index == end else { return nil }
        let micros = seconds * microsecondsPerSecond + fraction
        return isNegative ? -micros : micros
    }

    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (see `CivilDays`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        Int(CivilDays.days(year: year, month: month, day: day))
    }

    /// The civil date of a day count since 1970-01-01.
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        CivilDays.date(days: Int64(days))
    }

    /// ISO 8601 in UTC: `2014-03-01T12:30:05Z`, with `.ffffff` only when there are
    /// microseconds. The inverse of `parse` for every value it produces.
    public static func format(_ micros: Int64) -> String {
        var seconds = micros / microsecondsPerSecond
        var fraction = micros % microsecondsPerSecond
        if fraction < 0 {
            fraction += microsecondsPerSecond
            seconds -= 1
        }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let (year, month, day) = civilFromDays(Int(days))
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
        text += "\(pad(Int(secondOfDay / 3600), 2)):\(pad(Int(secondOfDay % 3600 / 60), 2)):\(pad(Int(secondOfDay % 60), 2))"
        if fraction != 0 {
            text += "." + pad(Int(fraction), 6)
        }
        return text + "Z"
    }
}
