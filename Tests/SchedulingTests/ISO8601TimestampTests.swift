import Foundation
import Scheduling
import Testing

@Suite struct ISO8601TimestampTests {
    let newYork = TimeZone(identifier: "America/New_York")
    let lordHowe = TimeZone(identifier: "Australia/Lord_Howe")

    @Test func formatsWithTheZonesOffset() throws {
        let instant = Date(timeIntervalSince1970: 1_741_503_600)  // 2025-03-09T07:00:00Z
        #expect(ISO8601Timestamp.string(from: instant, in: try #require(TimeZone(identifier: "UTC"))) == "2025-03-09T07:00:00+00:00")
        #expect(ISO8601Timestamp.string(from: instant, in: try #require(newYork)) == "2025-03-09T03:00:00-04:00")
        #expect(ISO8601Timestamp.string(from: instant.addingTimeInterval(-1), in: try #require(newYork)) == "2025-03-09T01:59:59-05:00")
        #expect(ISO8601Timestamp.string(from: instant, in: try #require(lordHowe)) == "2025-03-09T18:00:00+11:00")
        #expect(ISO8601Timestamp.string(from: Date(timeIntervalSince1970: -1), in: try #require(TimeZone(identifier: "UTC"))) == "1969-12-31T23:59:59+00:00")
    }

    @Test(arguments: [
        ("2025-03-09T07:00:00Z", 1_741_503_600.0),
        ("2025-03-09T07:00:00z", 1_741_503_600.0),
        ("2025-03-09T03:00:00-04:00", 1_741_503_600.0),
        ("2025-03-09T03:00-04:00", 1_741_503_600.0),
        ("2025-03-09T03:00:00-0400", 1_741_503_600.0),
        ("2025-03-09T03:00:00-04", 1_741_503_600.0),
        ("2025-03-09 12:30:00+05:30", 1_741_503_600.0),
        ("2025-03-09T07:00:00.250Z", 1_741_503_600.25),
    ])
    func parsesOffsets(text: String, seconds: Double) throws {
        #expect(ISO8601Timestamp.date(from: text, in: try #require(lordHowe)) == Date(timeIntervalSince1970: seconds))
    }

    @Test func readsATimeWithoutOffsetOnTheZonesWallClock() throws {
        let zone = try #require(newYork)
        // Plain: 2025-01-15T09:30 EST.
        #expect(ISO8601Timestamp.date(from: "2025-01-15T09:30", in: zone) == Date(timeIntervalSince1970: 1_736_951_400))
        // Repeated by fall-back: the first occurrence (EDT).
        #expect(ISO8601Timestamp.date(from: "2025-11-02T01:30:00", in: zone) == Date(timeIntervalSince1970: 1_762_061_400))
        // Skipped by spring-forward: the first instant after the gap.
        #expect(ISO8601Timestamp.date(from: "2025-03-09T02:30:00", in: zone) == Date(timeIntervalSince1970: 1_741_503_600))
        // A bare date is its midnight.
        #expect(ISO8601Timestamp.date(from: "2025-01-15", in: zone) == Date(timeIntervalSince1970: 1_736_917_200))
    }

    @Test(arguments: [
        "", "2025", "2025-1-15", "2025-13-01T00:00Z", "2025-02-29T00:00Z", "2025-01-15T24:00Z",
        "2025-01-15T10:60Z", "2025-01-15T10:00:00+2", "2025-01-15T10:00:00 UTC", "tomorrow",
        "2025-01-15T10:00:00.Z", "2025-01-15T10:00:00+05:30x",
    ])
    func rejectsOtherText(text: String) throws {
        #expect(ISO8601Timestamp.date(from: text, in: try #require(newYork)) == nil)
    }
}
