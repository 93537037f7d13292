public import Foundation

/// ISO 8601 date-times with a numeric UTC offset, the form `retrain cron next` prints.
///
/// Formatting always writes the offset (`+00:00` for UTC, never `Z`) so a line says both the
/// instant and the wall-clock time it had in the zone: `2025-03-30T03:00:00+02:00`.
/// Parsing accepts `Z`, `±HH:MM`, `±HHMM` or `±HH`; a date-time without an offset is read as
/// wall-clock time in the given zone (a repeated time means its first occurrence, a skipped
/// one the first instant after the gap), and a bare date means its midnight.
public enum ISO8601Timestamp {
    /// `date` as `YYYY-MM-DDTHH:MM:SS±HH:MM` on the wall clock of `timeZone`.
    public static func string(from date: Date, in timeZone: TimeZone) -> String {
        let instant = ZoneOffsets.seconds(of: date) ?? 0
        let offset = Int64(timeZone.secondsFromGMT(for: date))
        let wall = instant + offset
        let dayNumber = CivilCalendar.floorDivide(wall, 86_400)
        let secondOfDay = Int(wall - dayNumber * 86_400)
        let (year, month, day) = CivilCalendar.date(ofDayNumber: dayNumber)
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
        text += "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        let magnitude = Int(abs(offset))
        text += (offset < 0 ? "-" : "+") + "\(pad(magnitude / 3600, 2)):\(pad(magnitude / 60 % 60, 2))"
        if magnitude % 60 != 0 { text += ":\(pad(magnitude % 60, 2))" }
        return text
    }

    /// The instant `text` names, or nil if it is not one of the accepted forms.
    public static func date(from text: String, in timeZone: TimeZone) -> Date? {
        var scanner = Scanner(text.utf8)
        guard let year = scanner.digits(exactly: 4), scanner.take("-"),
            let month = scanner.digits(exactly: 2), scanner.take("-"),
            let day = scanner.digits(exactly: 2),
            (1...12).contains(month), (1...CivilCalendar.days(inMonth: month, year: year)).contains(day)
        else { return nil }
        var secondOfDay = 0
        var fraction = 0.0
        if scanner.take("T") || scanner.take("t") || scanner.take(" ") {
            guard let hour = scanner.digits(exactly: 2), scanner.take(":"),
                let minute = scanner.digits(exactly: 2), hour < 24, minute < 60
            else { return nil }
            var second = 0
            if scanner.take(":") {
                guard let parsed = scanner.digits(exactly: 2), parsed < 60 else { return nil }
                second = parsed
                if scanner.take(".") || scanner.take(",") {
                    guard let digits = scanner.digitRun(), let value = Double("0." + digits) else { return nil }
                    fraction = value
                }
            }
            secondOfDay = hour * 3600 + minute * 60 + second
        }
        let wall = CivilCalendar.dayNumber(year: year, month: month, day: day) * 86_400 + Int64(secondOfDay)

        let instant: Int64
        if scanner.isAtEnd {
            instant = resolve(wall: wall, in: ZoneOffsets(timeZone: timeZone))
        } else if scanner.take("Z") || scanner.take("z") {
            instant = wall
        } else {
            let sign: Int64
            if scanner.take("+") { sign = 1 } else if scanner.take("-") { sign = -1 } else { return nil }
            guard let hours = scanner.digits(exactly: 2), hours <= 23 else { return nil }
            var minutes = 0
            if scanner.take(":") {
                guard let parsed = scanner.digits(exactly: 2) else { return nil }
                minutes = parsed
            } else if let parsed = scanner.digits(exactly: 2) {
                minutes = parsed
            }
            guard minutes < 60 else { return nil }
            instant = wall - sign * Int64(hours * 3600 + minutes * 60)
        }
        guard scanner.isAtEnd else { return nil }
        return Date(timeIntervalSince1970: Double(instant) + fraction)
    }

    /// The instant a wall-clock time names in a zone: the earliest instant showing it, or
    /// the first instant after the gap that skipped it.
    private static func resolve(wall: Int64, in zone: ZoneOffsets) -> Int64 {
        let before = zone.offset(at: wall - 86_400 - 14 * 3600)
        let after = zone.offset(at: wall + 86_400 + 14 * 3600)
        let candidates = [wall - max(before, after), wall - min(before, after)]
        if let first = candidates.first(where: { zone.offset(at: $0) + $0 == wall }) {
            return first
        }
        // Skipped by a gap: the transition that skipped it lies between the two readings.
        return zone.transition(after: wall - max(before, after)) ?? wall - before
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
        return value < 0 ? "-" + padded : padded
    }

    /// A cursor over ASCII bytes, enough for the fixed layout of a timestamp.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: String.UTF8View) { self.bytes = Array(bytes) }

        var isAtEnd: Bool { index == bytes.count }

        mutating func take(_ character: Character) -> Bool {
            guard let ascii = character.asciiValue, index < bytes.count, bytes[index] == ascii else {
                return false
            }
            index += 1
            return true
        }

        mutating func digits(exactly count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + count] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += count
            return value
        }

        mutating func digitRun() -> String? {
            let start = index
            while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
            return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
        }
    }
}
