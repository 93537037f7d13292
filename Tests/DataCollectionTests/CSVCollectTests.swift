import DataCollection
import Foundation
import Learning
import StageContract
import TestSupport
import Testing

@Suite struct CSVCollectTests {
    /// Rows at the window's edges, in each timestamp form: the lower edge is in, `as_of` is
    /// out. Window: 2014-03-01T00:00Z − 2d ≤ t < 2014-03-01T00:00Z.
    @Test(arguments: [
        ["2014-02-26", "2014-02-27", "2014-02-28", "2014-03-01"],
        ["2014-02-26T23:59:59.999999Z", "2014-02-27T00:00:00Z", "2014-02-28T23:59:59.999999Z", "2014-03-01T00:00:00Z"],
        ["2014-02-27T01:59:59+02:00", "2014-02-27T02:00:00+02:00", "2014-02-28T18:59:59-05:00", "2014-02-28T19:00:00-05:00"],
        ["2014-02-27 05:29:59+0530", "2014-02-27 05:30:00+0530", "2014-03-01T00:59:59+01", "2014-03-01T01:00:00+01"],
        ["1393459199", "1393459200", "1393631999.999999", "1393632000"],
    ])
    func keepsExactlyTheWindow(edges: [String]) async throws {
        let fixture = try CollectFixture()
        // edges: just before the lower edge, the lower edge, just before as_of, as_of.
        try fixture.scratch.write("id,at\n1,\(edges[0])\n2,\(edges[1])\n3,\(edges[2])\n4,\(edges[3])\n", to: "data.csv")
        let result = try await fixture.collect("""
            {"source": {"kind": "csv", "path": "\(fixture.scratch.path("data.csv"))"},
             "timestamp_column": "at", "window": "2d", "as_of": "2014-03-01T00:00:00Z"}
            """)
        #expect(result.rows == 2)
        #expect(result.outsideWindowRows == 2)
        #expect(try fixture.table().numbers("id") == [2, 3])
        #expect(try fixture.metrics()["first_timestamp"] as? String == "2014-02-27T00:00:00Z")
    }

    @Test func writesTheTableSchemaMetricsAndRejectedRows() async throws {
        let fixture = try CollectFixture()
        try fixture.scratch.write("""
            date,city,amount,count
            2014-01-01,Oslo,1.5,1
            2014-01-02,"Bergen, West",,2
            2014-01-03,Oslo,x,3
            2014-01-04,Oslo,2.5,4
            2014-01-05,Oslo,3.5

            """, to: "data.csv")
        let result = try await fixture.collect("""
            {"source": {"kind": "csv", "path": "\(fixture.scratch.path("data.csv"))"},
             "timestamp_column": "date", "columns": {"amount": "number"}, "max_rejected_fraction": 0.5}
            """)
        #expect(result.rows == 3 && result.rejectedRows == 2)
        let table = try fixture.table()
        #expect(table.columns.map(\.type) == [.timestamp, .string, .number, .number])
        #expect(try table.strings("city").values == ["Oslo", "Bergen, West", "Oslo"])
        #expect(try table.numbers("count") == [1, 2, 4])
        #expect(try fixture.rejected() == #"""
            source,line,reason,record
            data.csv,4,"column amount: not a number: ""x""","2014-01-03,Oslo,x,3"
            data.csv,6,"3 fields, expected 4","2014-01-05,Oslo,3.5"

            """#)
        #expect(try fixture.scratch.read("out/metrics.json") == """
            {
              "first_timestamp": "2014-01-01T00:00:00Z",
              "last_timestamp": "2014-01-04T00:00:00Z",
              "outside_window_rows": 0,
              "rejected_rows": 2,
              "rows": 3
            }

            """)
        #expect(try fixture.scratch.files(under: "out") == [
            "columns/0.i64", "columns/1.codes.i32", "columns/1.dict", "columns/2.f64", "columns/3.f64",
            "metrics.json", "rejected.csv", "schema.json",
        ])
    }

    @Test func readsADirectoryOfFilesInNameOrder() async throws {
        let fixture = try CollectFixture()
        try fixture.scratch.write("at,v\n2014-01-03,3\n2014-01-04,bad\n", to: "src/b.csv")
        try fixture.scratch.write("at,v\n2014-01-01,1\n2014-01-02,2\n", to: "src/a.csv")
        try fixture.scratch.write("not,csv\n", to: "src/notes.txt")
        let result = try await fixture.collect("""
            {"source": {"kind": "csv", "path": "\(fixture.scratch.path("src"))"}, "timestamp_column": "at",
             "columns": {"v": "number"}, "max_rejected_fraction": 0.3}
            """)
        #expect(result.rows == 3)
        #expect(try fixture.table().numbers("v") == [1, 2, 3])
        #expect(try fixture.rejected().contains("b.csv,3,"))
    }

    @Test func failsOnFilesWithDifferentHeaders() async throws {
        let fixture = try CollectFixture()
        try fixture.scratch.write("at,v\n2014-01-01,1\n", to: "src/a.csv")
        try fixture.scratch.write("at,w\n2014-01-01,1\n", to: "src/b.csv")
        let error = await #expect(throws: CollectError.self) {
            try await fixture.collect(#"{"source": {"kind": "csv", "path": "\#(fixture.scratch.path("src"))"}, "timestamp_column": "at"}"#)
        }
        #expect(error?.stageExit == .badInput)
        #expect(error?.description == "b.csv:1: header at,w differs from a.csv's at,v")
    }

    @Test func widensAnInferredColumnWhoseTextComesAfterTheSample() async throws {
        let fixture = try CollectFixture()
        var text = "at,code\n"
        for index in 0..<3000 { text += "\(1_400_000_000 + index),\(index)\n" }
        text += "1500000000,A7\n"
        try fixture.scratch.write(text, to: "data.csv")
        let result = try await fixture.collect(
            #"{"source": {"kind": "csv", "path": "\#(fixture.scratch.path("data.csv"))"}, "timestamp_column": "at"}"#,
            chunkSize: 4096
        )
        #expect(result.rows == 3001)
        let codes = try fixture.table().strings("code")
        #expect(codes[0] == "0" && codes[2999] == "2999" && codes[3000] == "A7")
    }

    @Test func writesByteIdenticalOutputsWhateverTheThreadsAndChunks() async throws {
        var text = "at,name,x,note\n"
        var random = UInt64(5)
        for index in 0..<4000 {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let note = index % 9 == 0 ? "\"multi\nline, \"\"quoted\"\"\"" : "n\(random % 17)"
            let x = index % 101 == 0 ? "oops" : "\(Double(random % 100_000) / 7)"
            text += "2014-01-01T00:\(String(format: "%02d", index % 60)):00Z,c\(random % 5),\(x),\(note)\n"
        }
        let params = #"{"source": {"kind": "csv", "path": "data.csv"}, "timestamp_column": "at", "columns": {"x": "number"}, "max_rejected_fraction": 0.05}"#
        let one = try CollectFixture()
        try one.scratch.write(text, to: "data.csv")
        let two = try CollectFixture()
        try two.scratch.write(text, to: "data.csv")
        let single = try one.run(params)
        #expect(single.exitCode == 0, "\(single.standardError)")
        _ = try await two.collect(params.replacingOccurrences(of: "\"data.csv\"", with: "\"\(two.scratch.path("data.csv"))\""), threads: 2, chunkSize: 2048)
        let files = try one.scratch.files(under: "out")
        #expect(files == (try two.scratch.files(under: "out")))
        for file in files {
            #expect(try Data(contentsOf: one.scratch.url("out/" + file)) == Data(contentsOf: two.scratch.url("out/" + file)), "\(file)")
        }
        #expect(single.standardOutput.isEmpty)
    }
}

@Suite struct WeatherExampleTests {
    static let csv = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/weather/seattle-weather.csv").path

    /// Expected figures computed independently (Python's csv module on the same file).
    @Test(arguments: [
        ("2015-01-01", 365, "2014-01-01T00:00:00Z", "2014-12-31T00:00:00Z", ["fog", "rain", "sun"]),
        ("2014-07-01", 365, "2013-07-01T00:00:00Z", "2014-06-30T00:00:00Z", ["drizzle", "fog", "rain", "sun"]),
    ])
    func collectsAYearOfTheWeatherExample(asOf: String, rows: Int, first: String, last: String, weather: [String]) async throws {
        let fixture = try CollectFixture()
        let result = try await fixture.collect("""
            {"source": {"kind": "csv", "path": "\(Self.csv)"}, "timestamp_column": "date", "window": "365d", "as_of": "\(asOf)"}
            """)
        #expect(result.rows == rows && result.rejectedRows == 0)
        let table = try fixture.table()
        #expect(table.columnNames == ["date", "precipitation", "temp_max", "temp_min", "wind", "weather", "rain_tomorrow"])
        #expect(table.columns.map(\.type) == [.timestamp, .number, .number, .number, .number, .string, .number])
        #expect(try fixture.metrics()["first_timestamp"] as? String == first)
        #expect(try fixture.metrics()["last_timestamp"] as? String == last)
        #expect(try table.strings("weather").dictionary.sorted() == weather)
    }
}
