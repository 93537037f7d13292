import Foundation
import Learning
import TestSupport
import Testing

/// Reads CSV text through `CSVReader` into a table directory and back.
struct CSVRun {
    var table: Table
    var rejected: [CSVRejectedRecord]
    var summary: CSVReadSummary
    var header: [String]

    init(
        _ text: String, types: [ColumnType]? = nil, declared: Bool = false, threads: Int = 1,
        chunkSize: Int = 8 << 20, timeColumn: String? = nil, timeRange: Range<Int64>? = nil
    ) throws {
        let scratch = try ScratchDirectory()
        try scratch.write(text, to: "data.csv")
        try self.init(path: scratch.path("data.csv"), output: scratch.url("table"), types: types, declared: declared,
                      threads: threads, chunkSize: chunkSize, timeColumn: timeColumn, timeRange: timeRange)
    }

    init(
        path: String, output: URL, types: [ColumnType]? = nil, declared: Bool = false, threads: Int = 1,
        chunkSize: Int = 8 << 20, timeColumn: String? = nil, timeRange: Range<Int64>? = nil
    ) throws {
        let reader = try CSVReader(path: path)
        header = reader.header
        var types = types ?? reader.inferTypes()
        let timeIndex = timeColumn.flatMap { reader.header.firstIndex(of: $0) }
        if let timeIndex { types[timeIndex] = .timestamp }
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let writer = try TableWriter(
            directory: output, fields: zip(reader.header, types).map { TableSchema.Field(name: $0, type: $1) }
        )
        var rejected: [CSVRejectedRecord] = []
        let plans = types.enumerated().map { CSVColumnPlan(type: $1, isDeclared: declared || $0 == timeIndex) }
        summary = try reader.read(
            plans: plans,
            options: CSVReader.Options(threads: threads, chunkSize: chunkSize, timeColumn: timeIndex, timeRange: timeRange)
        ) { chunk in
            rejected += chunk.rejected
            try chunk.append(to: writer)
        }
        try writer.finish()
        self.rejected = rejected
        table = try Table(contentsOfDirectory: output)
    }
}

@Suite struct CSVReaderTests {
    @Test func readsRFC4180QuotingCRLFAndABOM() throws {
        let text = "\u{FEFF}name,amount,note\r\n\"Smith, J\",1.5,\"said \"\"hi\"\"\"\r\nLee,,\"two\nlines\"\r\n,-2e3,\"\"\r\n"
        let run = try CSVRun(text)
        #expect(run.header == ["name", "amount", "note"])
        #expect(run.table.columns.map(\.type) == [.string, .number, .string])
        #expect(try run.table.strings("name").values == ["Smith, J", "Lee", nil])
        let amounts = try run.table.numbers("amount")
        #expect(amounts[0] == 1.5 && amounts[1].isNaN && amounts[2] == -2000)
        #expect(try run.table.strings("note").values == ["said \"hi\"", "two\nlines", ""])
        #expect(run.rejected.isEmpty)
        #expect(run.summary.records == 3)
    }

    @Test func acceptsALastRecordWithoutLineBreakAndSkipsBlankLines() throws {
        let run = try CSVRun("a,b\n1,2\n\n3,4")
        #expect(try run.table.numbers("a") == [1, 3])
        #expect(try run.table.numbers("b") == [2, 4])
        #expect(run.summary.records == 2)
    }

    @Test func rejectsBadRecordsWithTheLineTheyStartOn() throws {
        let text = """
            id,amount,at
            1,10,2014-01-01
            2,"multi
            line",2014-01-02
            3,30
            4,abc,2014-01-04
            5,50,not-a-date
            6,60,
            7,70,2014-01-07,extra
            8,80,2014-01-08

            """
        let run = try CSVRun(text, types: [.number, .number, .timestamp], declared: true, timeColumn: "at")
        #expect(run.rejected.map(\.line) == [3, 5, 6, 7, 8, 9])
        #expect(run.rejected.map(\.reason) == [
            "column amount: not a number: \"multi\nline\"",
            "2 fields, expected 3",
            "column amount: not a number: \"abc\"",
            "column at: unreadable timestamp: \"not-a-date\"",
            "column at: missing timestamp",
            "4 fields, expected 3",
        ])
        #expect(run.rejected[0].text == "2,\"multi\nline\",2014-01-02")
        #expect(try run.table.numbers("id") == [1, 8])
        #expect(run.summary.rejected == 6)
    }

    @Test func namesTheColumnOfABrokenQuote() throws {
        let run = try CSVRun("a,b\n1,\"x\"y\n2,\"open\n", types: [.number, .string], declared: true)
        #expect(run.rejected.map(\.reason) == [
            "column b: text after the closing quote",
            "column b: quoted field not closed before the end of the file",
        ])
        #expect(run.rejected.map(\.line) == [2, 3])
    }

    @Test func keepsOnlyTheTimeRangeAndReportsItsEnds() throws {
        let text = "at,v\n2014-01-01,1\n2014-01-02,2\n2014-01-03,3\n2014-01-04,4\n"
        let lower = try #require(TimestampParser.parse("2014-01-02"))
        let upper = try #require(TimestampParser.parse("2014-01-04"))
        let run = try CSVRun(text, timeColumn: "at", timeRange: lower..<upper)
        #expect(try run.table.numbers("v") == [2, 3])
        #expect(run.summary.outsideRange == 2)
        #expect(run.summary.minimumTimestamp == lower)
        #expect(run.summary.maximumTimestamp == TimestampParser.parse("2014-01-03"))
    }

    @Test func reportsAnInferredNumberColumnThatHoldsText() throws {
        var text = "a,b\n"
        for index in 0..<1500 { text += "\(index),\(index)\n" }
        text += "x,1\n"
        let reader = try { () throws -> CSVReader in
            let scratch = try ScratchDirectory()
            try scratch.write(text, to: "d.csv")
            let run = try CSVRun(path: scratch.path("d.csv"), output: scratch.url("t"))
            #expect(run.summary.columnsToWiden == [0])
            return try CSVReader(path: scratch.path("d.csv"))
        }()
        #expect(reader.inferTypes(sampleRecords: 10) == [.number, .number])
        #expect(reader.inferTypes(sampleRecords: 2000) == [.string, .number])
    }

    /// The same table, whatever the threads and chunk size — including chunks cut inside
    /// quoted fields that hold line breaks, where the workers' first guess is wrong.
    @Test(arguments: [(1, 1024), (2, 1024), (3, 1500), (2, 4096), (4, 100_000)])
    func givesTheSameResultForAnyChunking(threads: Int, chunkSize: Int) throws {
        var random = SplitMix64(state: 11)
        var text = "id,x,label,at\n"
        for index in 0..<3000 {
            let x = Double(Int.random(in: -1_000_000...1_000_000, using: &random)) / 1000
            let label: String
            switch Int.random(in: 0..<6, using: &random) {
            case 0: label = "\"line\nbreak \(index % 7)\""
            case 1: label = "\"quote \"\" \(index % 5)\""
            case 2: label = ""
            case 3: label = "\"\n\n,\n\""
            default: label = "plain\(index % 11)"
            }
            let bad = index % 97 == 0 ? ",extra" : ""
            text += "\(index),\(x),\(label),\(1_400_000_000 + index * 60)\(bad)\(index % 2 == 0 ? "\n" : "\r\n")"
        }
        let reference = try CSVRun(text, threads: 1, chunkSize: 1 << 30, timeColumn: "at")
        let run = try CSVRun(text, threads: threads, chunkSize: chunkSize, timeColumn: "at")
        #expect(run.table == reference.table)
        #expect(run.rejected == reference.rejected)
        #expect(run.summary == reference.summary)
        #expect(reference.table.rowCount == 3000 - 31)
        #expect(reference.rejected.count == 31)
        #expect(try reference.table.strings("label").dictionary.contains("line\nbreak 3"))
    }

    @Test func writesByteIdenticalTablesForAnyChunking() throws {
        var text = "k,v\n"
        for index in 0..<5000 { text += "\"k\(index % 13)\",\(index)\n" }
        let scratch = try ScratchDirectory()
        try scratch.write(text, to: "d.csv")
        _ = try CSVRun(path: scratch.path("d.csv"), output: scratch.url("one"), threads: 1)
        _ = try CSVRun(path: scratch.path("d.csv"), output: scratch.url("two"), threads: 2, chunkSize: 1024)
        for file in try scratch.files(under: "one") {
            #expect(try Data(contentsOf: scratch.url("one/" + file)) == Data(contentsOf: scratch.url("two/" + file)), "\(file)")
        }
    }

    @Test func failsOnAMissingHeaderOrARepeatedName() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("", to: "empty.csv")
        let empty = try #require(throws: CSVError.self) { try CSVReader(path: scratch.path("empty.csv")) }
        #expect(empty.description.hasSuffix("empty.csv:1: no header record (the file is empty)"))
        try scratch.write("a,b,a\n1,2,3\n", to: "twice.csv")
        let twice = try #require(throws: CSVError.self) { try CSVReader(path: scratch.path("twice.csv")) }
        #expect(twice.description.hasSuffix("twice.csv:1: header names column a twice"))
        let missing = try #require(throws: CSVError.self) { try CSVReader(path: scratch.path("nope.csv")) }
        #expect(missing.isIOError)
    }
}
