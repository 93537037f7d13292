import Foundation
import Learning
import TestSupport
import Testing

@Suite struct TableTests {
    func sample() throws -> Table {
        try Table(columns: [
            .number("amount", [1.5, .nan, -3, 0]),
            .timestamp("at", [0, nil, 1_000_000, -5]),
            .string("city", ["Oslo", nil, "", "Åsa, \"the\" city"]),
        ])
    }

    @Test func roundTripsThroughTheColumnarFormat() throws {
        let scratch = try ScratchDirectory()
        let table = try sample()
        try table.write(toDirectory: scratch.url)
        #expect(try scratch.files() == [
            "columns/0.f64", "columns/1.i64", "columns/2.codes.i32", "columns/2.dict", "schema.json",
        ])
        let read = try Table(contentsOfDirectory: scratch.url)
        #expect(read.rowCount == 4)
        #expect(read.columnNames == ["amount", "at", "city"])
        let amounts = try read.numbers("amount")
        #expect(amounts[0] == 1.5 && amounts[1].isNaN && amounts[2] == -3)
        #expect(try read.timestamps("at") == [0, Column.missingTimestamp, 1_000_000, -5])
        #expect(try read.strings("city").values == ["Oslo", nil, "", "Åsa, \"the\" city"])
    }

    @Test func writesTheDocumentedBytes() throws {
        let scratch = try ScratchDirectory()
        try sample().write(toDirectory: scratch.url)
        let schema = try scratch.read("schema.json")
        #expect(schema == """
            {
              "columns" : [
                {
                  "name" : "amount",
                  "type" : "number"
                },
                {
                  "name" : "at",
                  "type" : "timestamp"
                },
                {
                  "name" : "city",
                  "type" : "string"
                }
              ],
              "format" : "retrain-columnar",
              "rows" : 4,
              "version" : 1
            }

            """)
        let codes = try Data(contentsOf: scratch.url("columns/2.codes.i32"))
        #expect([UInt8](codes) == [0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 1, 0, 0, 0, 2, 0, 0, 0])
        let dictionary = try Data(contentsOf: scratch.url("columns/2.dict"))
        #expect([UInt8](dictionary.prefix(8)) == [4, 0, 0, 0, 0x4F, 0x73, 0x6C, 0x6F])
        let numbers = try Data(contentsOf: scratch.url("columns/0.f64"))
        #expect([UInt8](numbers.prefix(16)) == [0, 0, 0, 0, 0, 0, 0xF8, 0x3F, 0, 0, 0, 0, 0, 0, 0xF8, 0x7F])
    }

    @Test func takesRowsByIndex() throws {
        let taken = try sample().taking(rows: [3, 0, 0])
        #expect(taken.rowCount == 3)
        #expect(try taken.numbers("amount") == [0, 1.5, 1.5])
        #expect(try taken.strings("city").values == ["Åsa, \"the\" city", "Oslo", "Oslo"])
        #expect(throws: TableError.self) { try sample().taking(rows: [4]) }
    }

    @Test func namesTheMissingOrMistypedColumn() throws {
        let table = try sample()
        #expect(table.column(named: "nope") == nil)
        let error = try #require(throws: TableError.self) { try table.numbers("city") }
        #expect(error.description == "column city is string, expected number")
        let missing = try #require(throws: TableError.self) { try table.numbers("nope") }
        #expect(missing.missingColumn == "nope")
    }

    @Test func rejectsColumnsOfDifferentLengthsAndRepeatedNames() {
        #expect(throws: TableError.self) { try Table(columns: [.number("a", [1]), .number("b", [1, 2])]) }
        #expect(throws: TableError.self) { try Table(columns: [.number("a", [1]), .number("a", [1])]) }
    }

    @Test func namesTheTruncatedFile() throws {
        let scratch = try ScratchDirectory()
        try sample().write(toDirectory: scratch.url)
        try Data([1, 2, 3]).write(to: scratch.url("columns/1.i64"))
        let error = try #require(throws: TableError.self) { try Table(contentsOfDirectory: scratch.url) }
        #expect(error.description.contains("columns/1.i64"))
        #expect(error.description.contains("3 bytes, expected 32"))
    }
}
