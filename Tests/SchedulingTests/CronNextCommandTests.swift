import ArgumentParser
import Foundation
import Scheduling
import SchedulingCLI
import Testing

@Suite struct CronNextCommandTests {
    @Test func printsTheNextFireTimesWithOffsets() throws {
        let command = try CronNextCommand.parse([
            "30 2 * * *", "--count", "3", "--after", "2025-03-08T12:00:00-05:00", "--timezone", "America/New_York",
        ])
        #expect(try command.fireTimeLines(now: Date(timeIntervalSince1970: 0)) == [
            "2025-03-09T03:00:00-04:00", "2025-03-10T02:30:00-04:00", "2025-03-11T02:30:00-04:00",
        ])
    }

    @Test func mountsUnderCronAsNext() throws {
        let parsed = try CronCommand.parseAsRoot(["next", "@daily", "--count", "2", "--after", "2025-01-01T00:00:00Z", "--timezone", "UTC"])
        let command = try #require(parsed as? CronNextCommand)
        #expect(try command.fireTimeLines(now: Date(timeIntervalSince1970: 0)) == ["2025-01-02T00:00:00+00:00", "2025-01-03T00:00:00+00:00"])
    }

    @Test func fieldsMayBeSeparateArguments() throws {
        let command = try CronNextCommand.parse(["0", "9", "*", "*", "MON-FRI", "--after", "2025-01-03T09:00", "--timezone", "Asia/Seoul", "--count", "1"])
        #expect(try command.fireTimeLines(now: Date(timeIntervalSince1970: 0)) == ["2025-01-06T09:00:00+09:00"])
    }

    @Test func defaultsToFiveTimesAfterNow() throws {
        let command = try CronNextCommand.parse(["*/10 * * * *", "--timezone", "UTC"])
        let now = try #require(ISO8601Timestamp.date(from: "2025-06-01T12:05:00Z", in: .gmt))
        #expect(try command.fireTimeLines(now: now) == [
            "2025-06-01T12:10:00+00:00", "2025-06-01T12:20:00+00:00", "2025-06-01T12:30:00+00:00",
            "2025-06-01T12:40:00+00:00", "2025-06-01T12:50:00+00:00",
        ])
    }

    @Test func saysSoWhenDaylightSavingSkipsEveryTime() throws {
        let command = try CronNextCommand.parse(["15,45 2 8-14 3 */7", "--timezone", "America/New_York"])
        #expect {
            _ = try command.fireTimeLines(now: Date(timeIntervalSince1970: 1_750_000_000))
        } throws: { error in
            CronNextCommand.message(for: error)
                == "cron expression '15,45 2 8-14 3 */7' never fires in America/New_York: every time it names is skipped by a daylight-saving change"
        }
    }

    @Test(arguments: [
        (["0 0 32 * *"], "day-of-month '32' is out of range 1-31"),
        (["0 0 30 2 *"], "cron expression '0 0 30 2 *' never fires"),
        (["@daily", "--timezone", "Mars/Olympus_Mons"], "--timezone 'Mars/Olympus_Mons' is not a known IANA time zone"),
        (["@daily", "--after", "yesterday"], "--after 'yesterday' is not an ISO 8601 date-time"),
        (["@daily", "--count", "0"], "--count '0' must be at least 1"),
    ])
    func rejectsBadInputWithAOneLineReason(arguments: [String], message: String) {
        #expect {
            _ = try CronNextCommand.parse(arguments)
        } throws: { error in
            CronNextCommand.message(for: error).contains(message)
        }
    }
}
