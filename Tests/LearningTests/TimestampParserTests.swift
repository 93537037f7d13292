import Learning
import Testing

@Suite struct TimestampParserTests {
    static let march1 = Int64(1_393_632_000) * 1_000_000 // 2014-03-01T00:00:00Z

    @Test(arguments: [
        ("2014-03-01", march1),
        ("2014-03-01T00:00:00Z", march1),
        ("2014-03-01T00:00Z", march1),
        ("2014-03-01 00:00:00", march1),
        ("2014-03-01T01:00:00+01:00", march1),
        ("2014-03-01T01:00:00+0100", march1),
        ("2014-03-01T01:00:00+01", march1),
        ("2014-02-28T23:00:00-01:00", march1),
        ("2014-02-28T18:30:00-05:30", march1),
        ("2014-03-01T00:00:00.250Z", march1 + 250_000),
        ("2014-03-01T00:00:00.1234567Z", march1 + 123_456),
        ("1393632000", march1),
        ("1393632000.5", march1 + 500_000),
        ("-86400", -86_400_000_000),
        ("1970-01-01", 0),
        ("1969-12-31T23:59:59Z", -1_000_000),
        ("2000-02-29", 951_782_400_000_000),
    ])
    func parsesEveryForm(text: String, expected: Int64) {
        #expect(TimestampParser.parse(text) == expected, "\(text)")
    }

    @Test(arguments: [
        "", "2014-13-01", "2014-02-30", "2015-02-29", "2014-03-01T24:00", "2014-03-01T12", "2014-03-01X",
        "2014-03-01T12:00:00+25:00", "2014/03/01", "yesterday", "12:00", "1393632000x", "2014-03-01T12:00:00 Z",
    ])
    func rejectsWhatIsNotATimestamp(text: String) {
        #expect(TimestampParser.parse(text) == nil, "\(text)")
    }

    @Test func formatsAsUTCAndParsesBack() {
        #expect(TimestampParser.format(Self.march1) == "2014-03-01T00:00:00Z")
        #expect(TimestampParser.format(Self.march1 + 1) == "2014-03-01T00:00:00.000001Z")
        #expect(TimestampParser.format(-1) == "1969-12-31T23:59:59.999999Z")
        var random = SplitMix64(state: 3)
        for _ in 0..<10_000 {
            let micros = Int64.random(in: -2_000_000_000_000_000...4_000_000_000_000_000, using: &random)
            #expect(TimestampParser.parse(TimestampParser.format(micros)) == micros)
        }
    }
}
