import Foundation
import Scheduling
import Testing

/// Fire times worked out by hand from cron(5) and the documented DST rules.
@Suite struct CronFireTimeTests {
    static func fireTimes(_ text: String, after: String, in zoneName: String, count: Int) throws -> [String] {
        let zone = try #require(TimeZone(identifier: zoneName))
        let start = try #require(ISO8601Timestamp.date(from: after, in: zone))
        return try CronExpression(text).fireTimes(after: start, in: zone)
            .prefix(count)
            .map { ISO8601Timestamp.string(from: $0, in: zone) }
    }

    @Test func strictlyAfterTheStart() throws {
        #expect(try Self.fireTimes("*/15 * * * *", after: "2025-01-01T00:15:00Z", in: "UTC", count: 2)
            == ["2025-01-01T00:30:00+00:00", "2025-01-01T00:45:00+00:00"])
        #expect(try Self.fireTimes("*/15 * * * *", after: "2025-01-01T00:14:59.5Z", in: "UTC", count: 1)
            == ["2025-01-01T00:15:00+00:00"])
        #expect(try Self.fireTimes("59 23 31 12 *", after: "2025-06-01T00:00:00Z", in: "UTC", count: 2)
            == ["2025-12-31T23:59:00+00:00", "2026-12-31T23:59:00+00:00"])
    }

    @Test func starStepDayOfMonthWithDayOfWeekMeansBoth() throws {
        // cron(5): `*/2` starts with `*`, so both must match: odd-numbered Mondays.
        #expect(try Self.fireTimes("0 0 */2 * 1", after: "2025-01-01T00:00:00Z", in: "UTC", count: 4) == [
            "2025-01-13T00:00:00+00:00", "2025-01-27T00:00:00+00:00",
            "2025-02-03T00:00:00+00:00", "2025-02-17T00:00:00+00:00",
        ])
        // `*/1` names every day but starts with `*`: every Friday, nothing else.
        #expect(try Self.fireTimes("0 0 */1 * FRI", after: "2025-01-01T00:00:00Z", in: "UTC", count: 2)
            == ["2025-01-03T00:00:00+00:00", "2025-01-10T00:00:00+00:00"])
    }

    @Test func restrictedDayFieldsMeanEither() throws {
        // The 1st, the 15th and every Monday.
        #expect(try Self.fireTimes("0 0 1,15 * MON", after: "2025-01-01T00:00:00Z", in: "UTC", count: 7) == [
            "2025-01-06T00:00:00+00:00", "2025-01-13T00:00:00+00:00", "2025-01-15T00:00:00+00:00",
            "2025-01-20T00:00:00+00:00", "2025-01-27T00:00:00+00:00", "2025-02-01T00:00:00+00:00",
            "2025-02-03T00:00:00+00:00",
        ])
        // `1-31` does not start with `*`, so with a day of week it means every day.
        #expect(try Self.fireTimes("0 0 1-31 * MON", after: "2025-01-01T00:00:00Z", in: "UTC", count: 3)
            == ["2025-01-02T00:00:00+00:00", "2025-01-03T00:00:00+00:00", "2025-01-04T00:00:00+00:00"])
    }

    @Test func rareDatesAreFoundByJumpingNotScanning() throws {
        #expect(try Self.fireTimes("0 0 29 2 *", after: "2025-01-01T00:00:00Z", in: "UTC", count: 2)
            == ["2028-02-29T00:00:00+00:00", "2032-02-29T00:00:00+00:00"])
        // 29 February that is a Sunday (both must match: day-of-week starts with `*`).
        #expect(try Self.fireTimes("0 0 29 2 */7", after: "2025-01-01T00:00:00Z", in: "UTC", count: 2)
            == ["2032-02-29T00:00:00+00:00", "2060-02-29T00:00:00+00:00"])
    }

    @Test(arguments: ["0 0 30 2 *", "* * 31 4,6,9,11 *", "0 0 31 2 */2"])
    func neverFiringExpressionsReturnNothing(text: String) throws {
        let expression = try CronExpression(text)
        let zone = try #require(TimeZone(identifier: "Europe/Berlin"))
        #expect(expression.nextFireTime(after: Date(timeIntervalSince1970: 1_750_000_000), in: zone) == nil)
        #expect(Array(expression.fireTimes(after: Date(timeIntervalSince1970: 0), in: zone)).isEmpty)
    }

    // MARK: Spring forward: New York 2025-03-09, 02:00 EST becomes 03:00 EDT.

    @Test func fixedTimeInTheGapFiresOnceAtTheFirstInstantAfterIt() throws {
        #expect(try Self.fireTimes("30 2 * * *", after: "2025-03-08T12:00:00-05:00", in: "America/New_York", count: 3)
            == ["2025-03-09T03:00:00-04:00", "2025-03-10T02:30:00-04:00", "2025-03-11T02:30:00-04:00"])
        #expect(try Self.fireTimes("0 2 9 3 *", after: "2025-01-01T00:00:00-05:00", in: "America/New_York", count: 2)
            == ["2025-03-09T03:00:00-04:00", "2026-03-09T02:00:00-04:00"])
    }

    @Test func nonFixedTimesInTheGapDoNotFire() throws {
        #expect(try Self.fireTimes("30 * * * *", after: "2025-03-09T00:45:00-05:00", in: "America/New_York", count: 2)
            == ["2025-03-09T01:30:00-05:00", "2025-03-09T03:30:00-04:00"])
        #expect(try Self.fireTimes("*/20 2 * * *", after: "2025-03-09T00:00:00-05:00", in: "America/New_York", count: 2)
            == ["2025-03-10T02:00:00-04:00", "2025-03-10T02:20:00-04:00"])
        #expect(try Self.fireTimes("* * * * *", after: "2025-03-09T01:58:00-05:00", in: "America/New_York", count: 2)
            == ["2025-03-09T01:59:00-05:00", "2025-03-09T03:00:00-04:00"])
    }

    @Test func nonFixedTimesThatDaylightSavingAlwaysSkipsNeverFire() throws {
        // 02:15 and 02:45 on the second Sunday of March: New York's gap every year since 2007.
        let expression = try CronExpression("15,45 2 8-14 3 */7")
        #expect(!expression.neverFires)
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        #expect(expression.nextFireTime(after: Date(timeIntervalSince1970: 1_750_000_000), in: newYork) == nil)
        // The same expression fires in a zone without that gap.
        #expect(try Self.fireTimes("15,45 2 8-14 3 */7", after: "2025-01-01T00:00:00Z", in: "UTC", count: 2)
            == ["2025-03-09T02:15:00+00:00", "2025-03-09T02:45:00+00:00"])
    }

    // MARK: Fall back: New York 2025-11-02, 02:00 EDT becomes 01:00 EST.

    @Test func fixedTimeInTheOverlapFiresOnceAtTheFirstOccurrence() throws {
        #expect(try Self.fireTimes("30 1 * * *", after: "2025-11-01T12:00:00-04:00", in: "America/New_York", count: 2)
            == ["2025-11-02T01:30:00-04:00", "2025-11-03T01:30:00-05:00"])
        // Starting in the second pass, before the repeated 01:30: it already fired.
        #expect(try Self.fireTimes("30 1 * * *", after: "2025-11-02T01:10:00-05:00", in: "America/New_York", count: 1)
            == ["2025-11-03T01:30:00-05:00"])
        // Starting in the first pass after 01:30, the repeat is still not a fire.
        #expect(try Self.fireTimes("30 1 * * *", after: "2025-11-02T01:45:00-04:00", in: "America/New_York", count: 1)
            == ["2025-11-03T01:30:00-05:00"])
    }

    @Test func wildcardAndStepTimesFireThroughBothPasses() throws {
        #expect(try Self.fireTimes("*/30 1 * * *", after: "2025-11-02T00:59:00-04:00", in: "America/New_York", count: 5) == [
            "2025-11-02T01:00:00-04:00", "2025-11-02T01:30:00-04:00",
            "2025-11-02T01:00:00-05:00", "2025-11-02T01:30:00-05:00",
            "2025-11-03T01:00:00-05:00",
        ])
        #expect(try Self.fireTimes("0 * * * *", after: "2025-11-01T23:30:00-04:00", in: "America/New_York", count: 4) == [
            "2025-11-02T00:00:00-04:00", "2025-11-02T01:00:00-04:00",
            "2025-11-02T01:00:00-05:00", "2025-11-02T02:00:00-05:00",
        ])
        // A list of hours is not a fixed time either.
        #expect(try Self.fireTimes("30 1,2 * * *", after: "2025-11-02T00:00:00-04:00", in: "America/New_York", count: 3)
            == ["2025-11-02T01:30:00-04:00", "2025-11-02T01:30:00-05:00", "2025-11-02T02:30:00-05:00"])
    }

    // MARK: Half-hour daylight saving: Lord Howe.

    @Test func lordHoweSpringForwardByHalfAnHour() throws {
        // 2025-10-05: 02:00 +10:30 becomes 02:30 +11:00.
        #expect(try Self.fireTimes("15 2 * * *", after: "2025-10-04T12:00:00+10:30", in: "Australia/Lord_Howe", count: 2)
            == ["2025-10-05T02:30:00+11:00", "2025-10-06T02:15:00+11:00"])
        #expect(try Self.fireTimes("*/10 2 * * *", after: "2025-10-05T01:00:00+10:30", in: "Australia/Lord_Howe", count: 4)
            == ["2025-10-05T02:30:00+11:00", "2025-10-05T02:40:00+11:00", "2025-10-05T02:50:00+11:00", "2025-10-06T02:00:00+11:00"])
    }

    @Test func lordHoweFallBackByHalfAnHour() throws {
        // 2026-04-05: 02:00 +11:00 becomes 01:30 +10:30; 01:30-01:59 happen twice.
        #expect(try Self.fireTimes("45 1 * * *", after: "2026-04-04T12:00:00+11:00", in: "Australia/Lord_Howe", count: 2)
            == ["2026-04-05T01:45:00+11:00", "2026-04-06T01:45:00+10:30"])
        #expect(try Self.fireTimes("*/20 1 * * *", after: "2026-04-05T00:59:00+11:00", in: "Australia/Lord_Howe", count: 6) == [
            "2026-04-05T01:00:00+11:00", "2026-04-05T01:20:00+11:00", "2026-04-05T01:40:00+11:00",
            "2026-04-05T01:40:00+10:30", "2026-04-06T01:00:00+10:30", "2026-04-06T01:20:00+10:30",
        ])
        // Starting after 01:43 in the first pass, 01:43 in the second pass still fires.
        #expect(try Self.fireTimes("43 * * * *", after: "2026-04-05T01:49:00+11:00", in: "Australia/Lord_Howe", count: 2)
            == ["2026-04-05T01:43:00+10:30", "2026-04-05T02:43:00+10:30"])
    }

    @Test func santiagoSkipsMidnight() throws {
        // 2024-09-08: 00:00 -04:00 becomes 01:00 -03:00, so midnight does not exist.
        #expect(try Self.fireTimes("@daily", after: "2024-09-07T12:00:00-04:00", in: "America/Santiago", count: 2)
            == ["2024-09-08T01:00:00-03:00", "2024-09-09T00:00:00-03:00"])
        // 2025-04-05: 24:00 -03:00 becomes 23:00 -04:00; 23:00-23:59 happen twice.
        #expect(try Self.fireTimes("30 23 * * *", after: "2025-04-05T12:00:00-03:00", in: "America/Santiago", count: 2)
            == ["2025-04-05T23:30:00-03:00", "2025-04-06T23:30:00-04:00"])
    }

    @Test func berlinBothWays() throws {
        #expect(try Self.fireTimes("30 2 * * SUN", after: "2025-03-29T00:00:00+01:00", in: "Europe/Berlin", count: 2)
            == ["2025-03-30T03:00:00+02:00", "2025-04-06T02:30:00+02:00"])
        #expect(try Self.fireTimes("30 2 * * SUN", after: "2025-10-25T00:00:00+02:00", in: "Europe/Berlin", count: 2)
            == ["2025-10-26T02:30:00+02:00", "2025-11-02T02:30:00+01:00"])
    }

    @Test func zonesWithoutDaylightSaving() throws {
        #expect(try Self.fireTimes("0 9 * * MON-FRI", after: "2025-01-03T09:00:00+09:00", in: "Asia/Seoul", count: 2)
            == ["2025-01-06T09:00:00+09:00", "2025-01-07T09:00:00+09:00"])
        #expect(try Self.fireTimes("@hourly", after: "2025-01-01T10:20:00+05:30", in: "Asia/Kolkata", count: 2)
            == ["2025-01-01T11:00:00+05:30", "2025-01-01T12:00:00+05:30"])
    }
}
