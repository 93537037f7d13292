import Foundation
import Learning
import TestSupport
import Testing

/// A scratch directory in which tests run the real stage executables one after another,
/// each reading the previous ones' output directories.
final class StageWorkspace {
    let scratch: ScratchDirectory
    private var paramsCount = 0

    init() throws {
        scratch = try ScratchDirectory(prefix: "retrain-stages")
    }

    func url(_ relative: String) -> URL { scratch.url(relative) }
    func path(_ relative: String) -> String { scratch.path(relative) }

    /// Runs `retrain-<stage> --input NAME=DIR … --output OUTPUT --params FILE` in the
    /// workspace; input directories and the output are relative to the workspace.
    @discardableResult
    func run(_ stage: String, inputs: KeyValuePairs<String, String> = [:], output: String, params: String) throws -> StageProcess.Result {
        paramsCount += 1
        let paramsFile = "params-\(paramsCount).json"
        try scratch.write(params, to: paramsFile)
        var arguments = [String]()
        for (name, directory) in inputs { arguments += ["--input", "\(name)=\(path(directory))"] }
        arguments += ["--output", path(output), "--params", path(paramsFile)]
        return try StageProcess.run("retrain-\(stage)", arguments: arguments, currentDirectory: scratch.url)
    }

    /// Runs a stage that must succeed; records its stderr when it does not.
    @discardableResult
    func succeed(_ stage: String, inputs: KeyValuePairs<String, String> = [:], output: String, params: String) throws -> StageProcess.Result {
        let result = try run(stage, inputs: inputs, output: output, params: params)
        #expect(result.exitCode == 0, "retrain-\(stage) exited \(result.exitCode): \(result.standardError)")
        #expect(result.standardOutput.isEmpty, "retrain-\(stage) printed on stdout: \(result.standardOutput)")
        if result.exitCode != 0 { throw StageFailed(stage: stage, result: result) }
        return result
    }

    /// A JSON file of an output, as Foundation objects.
    func json(_ relative: String) throws -> [String: Any] {
        let data = try Data(contentsOf: url(relative))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(relative) is not an object")
    }

    /// `metrics.json` of an output directory, numbers only.
    func metrics(_ output: String) throws -> [String: Double] {
        try json(output + "/metrics.json").compactMapValues { ($0 as? NSNumber)?.doubleValue }
    }

    /// Every regular file below `relative`, by relative path, with its bytes.
    func tree(_ relative: String) throws -> [String: Data] {
        var result = [String: Data]()
        for file in try scratch.files(under: relative) {
            result[file] = try Data(contentsOf: url(relative + "/" + file))
        }
        return result
    }

    // MARK: The reference datasets

    /// Collects and preprocesses a reference dataset so that the holdout is exactly the
    /// fixture's (its last rows, by date).
    static func reference(_ name: String) throws -> (workspace: StageWorkspace, dataset: ReferenceDataset) {
        let workspace = try StageWorkspace()
        let dataset = try ReferenceFixtures.dataset(name)
        try workspace.scratch.write(try dataset.csvWithDates(), to: "data.csv")
        let rows = try dataset.rowCount()
        // Halfway between two counts, so that ⌊fraction × rows⌋ is the fixture's holdout.
        let fraction = (Double(rows - dataset.trainRows) + 0.5) / Double(rows)
        let declared = name == "regression" ? #", "columns": {"empty": "number"}"# : ""
        try workspace.succeed("collect", output: "collect", params: """
            {"source": {"kind": "csv", "path": "data.csv"}, "timestamp_column": "date"\(declared)}
            """)
        try workspace.succeed("preprocess", inputs: ["data": "collect"], output: "preprocess", params: """
            {"label": "\(dataset.label)", "holdout": {"fraction": \(fraction), "by": "time"}}
            """)
        return (workspace, dataset)
    }

    /// Train, evaluate and build with `train` params into `train-<tag>`, `evaluate-<tag>`, `build-<tag>`.
    func trainEvaluateBuild(_ tag: String, train: String, evaluate: String = "{}") throws {
        try succeed("train", inputs: ["data": "preprocess"], output: "train-\(tag)", params: train)
        try succeed("evaluate", inputs: ["model": "train-\(tag)", "data": "preprocess"], output: "evaluate-\(tag)", params: evaluate)
        try succeed(
            "build", inputs: ["model": "train-\(tag)", "data": "preprocess", "evaluation": "evaluate-\(tag)"],
            output: "build-\(tag)", params: "{}")
    }
}

/// A stage that had to succeed and did not.
struct StageFailed: Error, CustomStringConvertible {
    let stage: String
    let result: StageProcess.Result
    var description: String { "retrain-\(stage) exited \(result.exitCode): \(result.standardError)" }
}

/// `|actual − expected| ≤ relative·|expected| + absolute`.
func isClose(_ actual: Double, _ expected: Double, relative: Double, absolute: Double = 0) -> Bool {
    abs(actual - expected) <= relative * abs(expected) + absolute
}

/// Largest `|actual − expected| / max(|expected|, floor)`.
func maxRelativeError(_ actual: [Double], _ expected: [Double], floor: Double) -> Double {
    guard actual.count == expected.count else { return .infinity }
    return zip(actual, expected).map { abs($0 - $1) / max(abs($1), floor) }.max() ?? 0
}
