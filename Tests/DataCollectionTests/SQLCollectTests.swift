import DataCollection
import Foundation
import Learning
import SQLiteNIO
import StageContract
import TestSupport
import Testing

@Suite struct SQLiteCollectTests {
    func makeDatabase(_ fixture: CollectFixture) async throws -> String {
        let path = fixture.scratch.path("data.sqlite")
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        for statement in [
            "CREATE TABLE readings (at TEXT, unix INTEGER, city TEXT, value REAL, count INTEGER)",
            "INSERT INTO readings VALUES ('2014-02-26T23:59:59Z', 1393459199, 'Oslo', 1.5, 1)",
            "INSERT INTO readings VALUES ('2014-02-27T00:00:00Z', 1393459200, 'Oslo', 2.5, NULL)",
            "INSERT INTO readings VALUES ('2014-02-28T22:59:59-01:00', 1393631999, NULL, 3.5, 3)",
            "INSERT INTO readings VALUES ('2014-03-01T00:00:00Z', 1393632000, 'Bergen', 4.5, 4)",
            "INSERT INTO readings VALUES ('2014-02-28T12:00:00Z', 1393588800, 'Bergen', 'n/a', 5)",
            "INSERT INTO readings VALUES ('garbage', 0, 'Bergen', 6.5, 6)",
        ] {
            try await connection.query(statement, []) { _ in }
        }
        try await connection.close()
        return path
    }

    @Test func readsAQueryWithTheWindowAndRejections() async throws {
        let fixture = try CollectFixture()
        let path = try await makeDatabase(fixture)
        let result = try await fixture.collect("""
            {"source": {"kind": "sqlite", "path": "\(path)", "query": "SELECT at, city, value, count FROM readings ORDER BY rowid"},
             "timestamp_column": "at", "window": "2d", "as_of": "2014-03-01", "columns": {"value": "number"},
             "max_rejected_fraction": 0.5}
            """)
        #expect(result.rows == 2)
        #expect(result.rejectedRows == 2)
        #expect(result.outsideWindowRows == 2)
        let table = try fixture.table()
        #expect(table.columns.map(\.type) == [.timestamp, .string, .number, .number])
        #expect(try table.strings("city").values == ["Oslo", nil])
        #expect(try table.numbers("value") == [2.5, 3.5])
        #expect(try table.numbers("count").map { $0.isNaN ? -1 : $0 } == [-1, 3])
        #expect(try fixture.rejected() == #"""
            source,line,reason,record
            query,5,"column value: not a number: ""n/a""","2014-02-28T12:00:00Z,Bergen,n/a,5"
            query,6,"column at: unreadable timestamp: ""garbage""","garbage,Bergen,6.5,6"

            """#)
    }

    @Test func readsUnixSecondsFromAnIntegerColumn() async throws {
        let fixture = try CollectFixture()
        let path = try await makeDatabase(fixture)
        let result = try await fixture.collect("""
            {"source": {"kind": "sqlite", "path": "\(path)", "query": "SELECT unix, city FROM readings"},
             "timestamp_column": "unix", "window": "2d", "as_of": "2014-03-01"}
            """)
        #expect(result.rows == 3)
        #expect(try fixture.metrics()["first_timestamp"] as? String == "2014-02-27T00:00:00Z")
        #expect(try fixture.metrics()["last_timestamp"] as? String == "2014-02-28T23:59:59Z")
    }

    @Test func exitsSixtyFiveOnABadQueryAndOneOnAMissingFile() async throws {
        let fixture = try CollectFixture()
        let path = try await makeDatabase(fixture)
        let bad = await #expect(throws: CollectError.self) {
            try await fixture.collect(#"{"source": {"kind": "sqlite", "path": "\#(path)", "query": "SELECT * FROM nope"}, "timestamp_column": "at"}"#)
        }
        #expect(bad?.stageExit == .badInput)
        #expect(bad?.description.contains("no such table: nope") == true)
        let missing = await #expect(throws: CollectError.self) {
            try await fixture.collect(#"{"source": {"kind": "sqlite", "path": "/nonexistent.sqlite", "query": "SELECT 1"}, "timestamp_column": "at"}"#)
        }
        #expect(missing?.stageExit == .failure)
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent.sqlite"))
    }

    @Test func exitsThreeWhenTheQueryReturnsNothing() async throws {
        let fixture = try CollectFixture()
        let path = try await makeDatabase(fixture)
        let empty = await #expect(throws: CollectError.self) {
            try await fixture.collect(#"{"source": {"kind": "sqlite", "path": "\#(path)", "query": "SELECT * FROM readings WHERE 0"}, "timestamp_column": "at"}"#)
        }
        #expect(empty?.stageExit == .noData)
    }
}

@Suite struct PostgresCollectTests {
    /// A table with a unique name, filled with rows that exercise each PostgreSQL type.
    func makeTable() throws -> String {
        let table = "readings_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12))"
        try PostgresTestServer.execute("""
            CREATE TABLE \(table) (at timestamptz, day date, city text, value double precision, count integer,
                                   price numeric(10,2), ok boolean, note varchar(20));
            INSERT INTO \(table) VALUES
              ('2014-02-26T23:59:59Z', '2014-02-26', 'Oslo', 1.5, 1, 10.25, true, 'a'),
              ('2014-02-27T00:00:00Z', '2014-02-27', 'Oslo', 2.5, NULL, 11.50, false, NULL),
              ('2014-02-28T23:59:59.999999Z', '2014-02-28', NULL, NULL, 3, 12.75, true, 'c, d'),
              ('2014-03-01T00:00:00Z', '2014-03-01', 'Bergen', 4.5, 4, 13.00, false, 'e');
            """)
        return table
    }

    @Test func readsAQueryWithEachTypeAndTheWindow() async throws {
        let url = try PostgresTestServer.url()
        let table = try makeTable()
        let fixture = try CollectFixture()
        let result = try await fixture.collect("""
            {"source": {"kind": "postgres", "url_env": "PG_SOURCE", "query": "SELECT * FROM \(table) ORDER BY at"},
             "timestamp_column": "at", "window": "2d", "as_of": "2014-03-01T00:00:00Z"}
            """, environment: ["PG_SOURCE": url])
        #expect(result.rows == 2)
        #expect(result.outsideWindowRows == 2)
        let read = try fixture.table()
        #expect(read.columns.map(\.type) == [.timestamp, .timestamp, .string, .number, .number, .number, .number, .string])
        #expect(try read.timestamps("at") == [1_393_459_200_000_000, 1_393_631_999_999_999])
        #expect(try read.timestamps("day") == [1_393_459_200_000_000, 1_393_545_600_000_000])
        #expect(try read.strings("city").values == ["Oslo", nil])
        #expect(try read.numbers("price") == [11.5, 12.75])
        #expect(try read.numbers("ok") == [0, 1])
        #expect(try read.strings("note").values == [nil, "c, d"])
        #expect(try fixture.metrics()["last_timestamp"] as? String == "2014-02-28T23:59:59.999999Z")
    }

    @Test func neverShowsTheURLInMessagesOrOutputs() throws {
        let url = try PostgresTestServer.url()
        let table = try makeTable()
        let password = try #require(URLComponents(string: url)?.password)
        // A bad query: the server's message, the variable's name, never the URL.
        let fixture = try CollectFixture()
        let bad = try fixture.run(
            #"{"source": {"kind": "postgres", "url_env": "PG_SOURCE", "query": "SELECT * FROM no_such_table"}, "timestamp_column": "at"}"#,
            environment: ["PG_SOURCE": url]
        )
        #expect(bad.exitCode == 65)
        #expect(bad.standardError.contains("retrain-collect: postgres ($PG_SOURCE): relation \"no_such_table\" does not exist (SQLSTATE 42P01)"))
        #expect(!bad.standardError.contains(password))
        // A server that does not answer: retryable, and still no URL.
        var components = try #require(URLComponents(string: url))
        components.port = 1
        let down = try CollectFixture().run(
            #"{"source": {"kind": "postgres", "url_env": "PG_SOURCE", "query": "SELECT 1"}, "timestamp_column": "at"}"#,
            environment: ["PG_SOURCE": try #require(components.string)]
        )
        #expect(down.exitCode == 1)
        #expect(down.standardError.contains("postgres ($PG_SOURCE): cannot connect"))
        #expect(!down.standardError.contains(password))
        // A good run: the outputs hold no trace of the URL.
        let good = try CollectFixture()
        let run = try good.run(
            #"{"source": {"kind": "postgres", "url_env": "PG_SOURCE", "query": "SELECT * FROM \#(table)"}, "timestamp_column": "at"}"#,
            environment: ["PG_SOURCE": url]
        )
        #expect(run.exitCode == 0, "\(run.standardError)")
        #expect(!run.standardError.contains(password))
        for file in try good.scratch.files(under: "out") {
            let bytes = try Data(contentsOf: good.scratch.url("out/" + file))
            #expect(bytes.range(of: Data(password.utf8)) == nil, "\(file)")
        }
    }

    @Test func failsWhenTheVariableIsMissing() async throws {
        let fixture = try CollectFixture()
        let error = await #expect(throws: CollectError.self) {
            try await fixture.collect(
                #"{"source": {"kind": "postgres", "url_env": "PG_NOT_SET", "query": "SELECT 1"}, "timestamp_column": "at"}"#,
                environment: [:]
            )
        }
        #expect(error?.description == "environment variable PG_NOT_SET (url_env) is not set")
    }
}
