import Artifacts
import Foundation
import Testing

/// `UTCTimestamp` writes instants by arithmetic; Foundation's ISO 8601 style is the reference.
@Suite struct UTCTimestampTests {
    @Test func writesTheSameTextAsFoundationsISO8601Style() {
        let withSeconds = Date.ISO8601FormatStyle()
        let withMilliseconds = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        var generator = SystemRandomNumberGenerator()
        // Whole milliseconds from 1970 to 2200, and the edges of days, months and leap years.
        var instants: [Double] = (0..<2000).map { _ in Double(Int64.random(in: 0...7_258_118_400_000, using: &generator)) / 1000 }
        instants += [0, 86_399.999, 951_782_400, 951_868_799.999, 4_107_542_400, 1_767_225_599.999]
        for seconds in instants {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(UTCTimestamp.seconds(date) == Date(timeIntervalSince1970: seconds.rounded(.down)).formatted(withSeconds), "\(seconds)")
            #expect(UTCTimestamp.milliseconds(date) == Date(timeIntervalSince1970: seconds + 0.0005).formatted(withMilliseconds), "\(seconds)")
        }
    }

    @Test func roundsToTheNearestMillisecondAndReadsBackUnchanged() throws {
        #expect(UTCTimestamp.milliseconds(Date(timeIntervalSince1970: 1.0006)) == "1970-01-01T00:00:01.001Z")
        #expect(UTCTimestamp.milliseconds(Date(timeIntervalSince1970: 1.0004)) == "1970-01-01T00:00:01.000Z")
        #expect(UTCTimestamp.seconds(Date(timeIntervalSince1970: 1_764_478_800.9)) == "2025-11-30T05:00:00Z")
        let text = "2026-11-30T05:00:00.123Z"
        let date = try #require(UTCTimestamp.parse(text))
        #expect(UTCTimestamp.milliseconds(date) == text)
        #expect(UTCTimestamp.parseDateOrDateTime("2015-06-01").map(UTCTimestamp.seconds) == "2015-06-01T00:00:00Z")
    }
}
