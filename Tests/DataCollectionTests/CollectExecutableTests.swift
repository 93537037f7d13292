import Foundation
import Learning
import StageContract
import TestSupport
import Testing

/// The real `retrain-collect` process: exit codes, the one-line reason, nothing on stdout.
@Suite struct CollectExecutableTests {
    @Test func exitsZeroAndWritesTheOutput() throws {
        let fixture = try CollectFixture()
        try fixture.scratch.write("at,v\n2014-01-01,1\n2014-01-02,2\n", to: "data.csv")
        let result = try fixture.run(#"{"source": {"kind": "csv", "path": "data.csv"}, "timestamp_column": "at"}"#)
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        #expect(try fixture.table().rowCount == 2)
    }

    /// The coordinator's plain arguments skip ArgumentParser (`StageCommand`); every other
    /// spelling still goes through it, with its help and its usage errors.
    @Test func otherArgumentSpellingsGoThroughArgumentParser() throws {
        let help = try StageProcess.run("retrain-collect", arguments: ["--help"])
        #expect(help.exitCode == 0)
        #expect(help.standardOutput.contains("USAGE: retrain-collect [--input <NAME=DIR> ...] --output <DIR> --params <FILE>"))

        let missing = try StageProcess.run("retrain-collect", arguments: ["--output", "/nonexistent/out"])
        #expect(missing.exitCode == 64)
        #expect(missing.standardError.contains("Missing expected argument '--params <FILE>'"))

        let fixture = try CollectFixture()
        try fixture.scratch.write("at,v\n2014-01-01,1\n", to: "data.csv")
        let params = try fixture.writeParams(#"{"source": {"kind": "csv", "path": "data.csv"}, "timestamp_column": "at"}"#)
        let joined = try StageProcess.run(
            "retrain-collect", arguments: ["--output=\(fixture.output.path)", "--params=\(params)"], currentDirectory: fixture.scratch.url)
        #expect(joined.exitCode == 0, "\(joined.standardError)")
        #expect(try fixture.table().rowCount == 1)
    }

    @Test func exitsThreeOnAnEmptyWindow() throws {
        let fixture = try CollectFixture()
        try fixture.scratch.write("at,v\n2014-01-01,1\n", to: "data.csv")
        let result = try fixture.run("""
            {"source": {"kind": "csv", "path": "data.csv"}, "timestamp_column": "at", "window": "1d", "as_of": "2015-01-01"}
            """)
        #expect(result.exitCode == 3)
        #expect(result.standardError.hasSuffix(
            "retrain-collect: no rows in the window [2014-12-31T00:00:00Z, 2015-01-01T00:00:00Z)\n"
        ))
    }

    @Test func exitsSixtyFiveNamingTheFirstFiveRejections() throws {
        let fixture = try CollectFixture()
        var text = "at,v\n"
        for index in 0..<20 { text += "2014-01-\(String(format: "%02d", index + 1)),\(index < 7 ? "bad\(index)" : "\(index)")\n" }
        try fixture.scratch.write(text, to: "data.csv")
        let result = try fixture.run("""
            {"source": {"kind": "csv", "path": "data.csv"}, "timestamp_column": "at", "columns": {"v": "number"}}
            """)
        #expect(result.exitCode == 65)
        let lastLine = result.standardError.split(separator: "\n").last.map(String.init) ?? ""
        #expect(lastLine == """
            retrain-collect: 7 of 20 rows rejected (35% > max_rejected_fraction 1%): \
            data.csv:2: column v: not a number: "bad0"; data.csv:3: column v: not a number: "bad1"; \
            data.csv:4: column v: not a number: "bad2"; data.csv:5: column v: not a number: "bad3"; \
            data.csv:6: column v: not a number: "bad4"
            """)
        #expect(try fixture.rejected().split(separator: "\n").count == 8)
    }

    @Test func exitsSixtyFiveOnAnUnknownParamsKey() throws {
        let fixture = try CollectFixture()
        let result = try fixture.run("""
            {"source": {"kind": "csv", "path": "data.csv"},
             "timestamp_column": "at", "windw": "90d"}
            """)
        #expect(result.exitCode == 65)
        #expect(result.standardError.hasSuffix("params.json:2: unknown key \"windw\"\n"))
    }

    @Test func exitsSixtyFiveOnAKeyOfAnotherSourceKind() throws {
        let fixture = try CollectFixture()
        let result = try fixture.run(#"{"source": {"kind": "csv", "path": "d.csv", "query": "select 1"}, "timestamp_column": "at"}"#)
        #expect(result.exitCode == 65)
        #expect(result.standardError.hasSuffix("unknown key \"source.query\"\n"))
    }

    @Test func exitsSixtyFiveOnAMissingTimestampColumn() throws {
        let fixture = try CollectFixture()
        try fixture.scratch.write("when,v\n2014-01-01,1\n", to: "data.csv")
        let result = try fixture.run(#"{"source": {"kind": "csv", "path": "data.csv"}, "timestamp_column": "at"}"#)
        #expect(result.exitCode == 65)
        #expect(result.standardError.hasSuffix("retrain-collect: data.csv:1: no column named at (timestamp_column)\n"))
    }

    @Test func exitsSixtyFiveOnAWindowWithoutAsOf() throws {
        let fixture = try CollectFixture()
        let result = try fixture.run(#"{"source": {"kind": "csv", "path": "d.csv"}, "timestamp_column": "at", "window": "9x"}"#)
        #expect(result.exitCode == 65)
        #expect(result.standardError.contains("\"window\": \"9x\" is not a window length like 90d, 12h or 2w"))
    }

    @Test func exitsOneOnAMissingSourceFile() throws {
        let fixture = try CollectFixture()
        let result = try fixture.run(#"{"source": {"kind": "csv", "path": "missing.csv"}, "timestamp_column": "at"}"#)
        #expect(result.exitCode == 1)
        #expect(result.standardError.hasSuffix("retrain-collect: source missing.csv does not exist\n"))
    }
}
