import ArgumentParser
import Foundation
import StageContract
import TestSupport
import Testing

@Suite struct StageContractTests {
    @Test func parsesTheStageArguments() throws {
        let options = try StageOptions.parse([
            "--input", "data=/tmp/a", "--input", "model=/tmp/b=c", "--output", "/tmp/out", "--params", "p.json",
        ])
        #expect(options.inputs == [StageInput(name: "data", directory: "/tmp/a"), StageInput(name: "model", directory: "/tmp/b=c")])
        #expect(try options.input(named: "model").path == "/tmp/b=c")
        #expect(options.optionalInput(named: "champion") == nil)
        let missing = try #require(throws: StageFailure.self) { try options.input(named: "champion") }
        #expect(missing.stageExit == .badInput)
        #expect(missing.reason == "missing --input champion=DIR")
    }

    @Test(arguments: [["--output", "o"], ["--params", "p"], ["--input", "x", "--output", "o", "--params", "p"],
                      ["--input", "a=1", "--input", "a=2", "--output", "o", "--params", "p"]])
    func rejectsIncompleteOrRepeatedArguments(arguments: [String]) {
        #expect(throws: (any Error).self) { try StageOptions.parse(arguments) }
    }

    /// The coordinator's plain form is read without ArgumentParser, to the same options.
    @Test(arguments: [
        ["--output", "/tmp/out", "--params", "p.json"],
        ["--input", "data=/tmp/a", "--input", "model=/tmp/b=c", "--output", "/tmp/out", "--params", "p.json"],
        ["--params", "p.json", "--input", "data=/tmp/a", "--output", "/tmp/out"],
    ])
    func readsTheContractsPlainFormAsArgumentParserDoes(arguments: [String]) throws {
        let direct = try #require(StageOptions(contractArguments: arguments))
        let parsed = try StageOptions.parse(arguments)
        #expect(direct.inputs == parsed.inputs)
        #expect(direct.output == parsed.output)
        #expect(direct.params == parsed.params)
    }

    /// Everything else is left to ArgumentParser (help, errors, its other spellings).
    @Test(arguments: [
        ["--help"], ["-h"], [], ["--output", "o"], ["--params", "p"], ["--output", "o", "--params"],
        ["--output=o", "--params", "p"], ["--output", "o", "--params", "p", "--verbose"],
        ["--output", "o", "--output", "o2", "--params", "p"],
        ["--input", "x", "--output", "o", "--params", "p"],
        ["--input", "a=1", "--input", "a=2", "--output", "o", "--params", "p"],
        ["--output", "-o", "--params", "p"], ["extra", "--output", "o", "--params", "p"],
    ])
    func leavesEverythingElseToArgumentParser(arguments: [String]) {
        #expect(StageOptions(contractArguments: arguments) == nil)
    }

    @Test func mapsErrorsToExitCodesAndOneLine() {
        #expect(StageMain.outcome(of: StageFailure.noData("empty\nwindow"), stage: "s")
            == StageMain.Outcome(exit: .noData, message: "s: empty window"))
        #expect(StageMain.outcome(of: StageFailure.badInput("x"), stage: "s").exit.code == 65)
        struct Other: Error {}
        #expect(StageMain.outcome(of: Other(), stage: "s").exit == .failure)
        #expect(StageExit.failure.isRetryable && !StageExit.badInput.isRetryable && !StageExit.noData.isRetryable)
    }

    @Test func writesSortedFlatMetrics() throws {
        var metrics = Metrics()
        metrics["rows"] = .integer(12)
        metrics["b_ratio"] = .number(0.25)
        metrics["a_name"] = .string("x \"y\"\n")
        metrics["whole"] = .number(3)
        metrics["Z"] = .number(1e-7)
        let text = String(decoding: try metrics.serialized(), as: UTF8.self)
        #expect(text == "{\n  \"Z\": 1e-07,\n  \"a_name\": \"x \\\"y\\\"\\n\",\n  \"b_ratio\": 0.25,\n  \"rows\": 12,\n  \"whole\": 3\n}\n")
        let parsed = try JSONSerialization.jsonObject(with: try metrics.serialized()) as? [String: Any]
        #expect(parsed?["b_ratio"] as? Double == 0.25)
        var bad = Metrics()
        bad["x"] = .number(.infinity)
        #expect(throws: StageFailure.self) { try bad.serialized() }
    }

    @Test func preparesOnlyAMissingOrEmptyOutputDirectory() throws {
        let scratch = try ScratchDirectory()
        let fresh = StageOptions(output: scratch.path("new/out"), params: "p")
        #expect(try fresh.prepareOutputDirectory().path == scratch.path("new/out"))
        try scratch.write("stale", to: "used/file")
        let used = StageOptions(output: scratch.path("used"), params: "p")
        let error = try #require(throws: StageFailure.self) { try used.prepareOutputDirectory() }
        #expect(error.reason.hasSuffix("is not empty"))
    }
}
