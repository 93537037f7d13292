import Foundation
import TestSupport
import Testing

/// Every bad-input case exits 65 (or 3 for no data) with one line on stderr that names the
/// column or key at fault, and nothing on stdout.
@Suite struct BadInputTests {
    /// The last line of stderr (progress lines come before it).
    static func reason(_ result: StageProcess.Result) -> String {
        result.standardError.split(separator: "\n").last.map(String.init) ?? ""
    }

    static func expectBadInput(_ result: StageProcess.Result, _ expected: String, code: Int32 = 65) {
        #expect(result.exitCode == code, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        #expect(reason(result) == expected)
    }

    @Test(arguments: [
        (#"{"label": "rain"}"#,
         "retrain-preprocess: label column 'rain' does not exist (columns: date, temp, wind, city, label)"),
        (#"{"label": "label", "features": ["temp", "humidity"]}"#,
         "retrain-preprocess: feature column 'humidity' does not exist (columns: date, temp, wind, city, label)"),
        (#"{"label": "label", "categorical": ["town"]}"#,
         "retrain-preprocess: categorical column 'town' does not exist (columns: date, temp, wind, city, label)"),
        (#"{"label": "label", "categorical": ["temp", "city"]}"#,
         "retrain-preprocess: categorical column 'temp' is a number column; categorical columns must be strings"),
        (#"{"label": "label", "features": ["temp", "city"], "categorical": []}"#,
         "retrain-preprocess: feature column 'city' is a string column: list it in \"categorical\" or leave it out of \"features\""),
        (#"{"label": "label", "features": ["date", "temp"]}"#,
         "retrain-preprocess: feature column 'date' is a timestamp; features must be numbers or strings"),
        (#"{"label": "label", "features": ["label", "temp"]}"#,
         "retrain-preprocess: feature column 'label' is the label"),
        (#"{"label": "label", "holdot": {"fraction": 0.2, "by": "time"}}"#,
         "retrain-preprocess: params-1.json:1: unknown key \"holdot\""),
        (#"{"label": "label", "holdout": {"fraction": 0.2, "by": "time", "seed": 3}}"#,
         "retrain-preprocess: params-1.json:1: unknown key \"holdout.seed\""),
        (#"{"label": "label", "holdout": {"fraction": 1.5, "by": "time"}}"#,
         "retrain-preprocess: params-1.json:1: \"holdout.fraction\": must be between 0 and 1 (exclusive), got 1.5"),
    ])
    func preprocessRejectsBadColumnsAndParams(params: String, expected: String) throws {
        let workspace = try StageWorkspace()
        try SmallDataset.collect(into: workspace)
        let result = try workspace.run("preprocess", inputs: ["data": "collect"], output: "out", params: params)
        // The collect above wrote params-1.json too; the preprocess params are params-2.json.
        Self.expectBadInput(result, expected.replacingOccurrences(of: "params-1.json", with: workspace.path("params-2.json")))
    }

    @Test func preprocessRejectsALabelWithOneClass() throws {
        let workspace = try StageWorkspace()
        try SmallDataset.collect(into: workspace, constantLabel: true)
        let result = try workspace.run("preprocess", inputs: ["data": "collect"], output: "out", params: SmallDataset.preprocessParams)
        Self.expectBadInput(result, "retrain-preprocess: label column 'label' has one class (1) in the 60 training rows; a model needs two or more")
    }

    @Test func preprocessRejectsMissingLabels() throws {
        let workspace = try StageWorkspace()
        try workspace.scratch.write("date,x,y\n2021-01-01,1,a\n2021-01-02,2,\n2021-01-03,3,b\n2021-01-04,4,\n", to: "data.csv")
        try workspace.succeed("collect", output: "collect", params: #"{"source": {"kind": "csv", "path": "data.csv"}, "timestamp_column": "date"}"#)
        let result = try workspace.run("preprocess", inputs: ["data": "collect"], output: "out", params: #"{"label": "y"}"#)
        Self.expectBadInput(result, "retrain-preprocess: label column 'y' is missing in 2 rows (first: row 2); drop or fill them before training")
    }

    @Test func preprocessExitsThreeOnAnEmptyTable() throws {
        let workspace = try StageWorkspace()
        try workspace.scratch.write(
            #"{"columns": [{"name": "date", "type": "timestamp"}, {"name": "y", "type": "number"}], "format": "retrain-columnar", "rows": 0, "version": 1}"#,
            to: "empty/schema.json")
        try workspace.scratch.write(Data(), to: "empty/columns/0.i64")
        try workspace.scratch.write(Data(), to: "empty/columns/1.f64")
        let result = try workspace.run("preprocess", inputs: ["data": "empty"], output: "out", params: #"{"label": "y"}"#)
        Self.expectBadInput(result, "retrain-preprocess: the data has no rows", code: 3)
    }

    @Test func preprocessNeedsItsInput() throws {
        let workspace = try StageWorkspace()
        let result = try workspace.run("preprocess", output: "out", params: #"{"label": "y"}"#)
        Self.expectBadInput(result, "retrain-preprocess: missing --input data=DIR")
    }

    @Test func trainRejectsRidgeOnAStringLabelAndKeysOfTheOtherAlgorithm() throws {
        let workspace = try StageWorkspace()
        try SmallDataset.collect(into: workspace, missingCity: false)
        try workspace.succeed("preprocess", inputs: ["data": "collect"], output: "pre-city", params: """
            {"label": "city", "features": ["temp", "wind"]}
            """)
        let ridge = try workspace.run("train", inputs: ["data": "pre-city"], output: "t1", params: #"{"algorithm": "ridge"}"#)
        Self.expectBadInput(ridge, "retrain-train: label column 'city' is a string column; ridge needs numbers")

        let mixed = try workspace.run("train", inputs: ["data": "pre-city"], output: "t2", params: """
            {"algorithm": "logistic_regression",
             "alpha": 1.0}
            """)
        Self.expectBadInput(mixed, "retrain-train: \(workspace.path("params-4.json")):2: unknown key \"alpha\"")

        let unknown = try workspace.run("train", inputs: ["data": "pre-city"], output: "t3", params: #"{"algorithm": "svm"}"#)
        Self.expectBadInput(
            unknown,
            "retrain-train: \(workspace.path("params-5.json")):1: \"algorithm\": unknown algorithm \"svm\" (logistic_regression or ridge)")
    }

    @Test func evaluateRejectsThresholdsOnUnknownOrForeignMetrics() throws {
        let workspace = try StageWorkspace()
        try SmallDataset.collect(into: workspace)
        try workspace.succeed("preprocess", inputs: ["data": "collect"], output: "preprocess", params: SmallDataset.preprocessParams)
        try workspace.succeed("train", inputs: ["data": "preprocess"], output: "train", params: SmallDataset.trainParams)
        let unknown = try workspace.run("evaluate", inputs: ["model": "train", "data": "preprocess"], output: "e1", params: """
            {"thresholds": {"auc": {"min": 0.8}}}
            """)
        #expect(unknown.exitCode == 65)
        #expect(Self.reason(unknown).contains("\"thresholds\": unknown metric \"auc\""))
        let foreign = try workspace.run("evaluate", inputs: ["model": "train", "data": "preprocess"], output: "e2", params: """
            {"thresholds": {"rmse": {"max": 3}}}
            """)
        Self.expectBadInput(
            foreign,
            "retrain-evaluate: threshold on rmse, but the model is a classifier (its metrics: accuracy, precision, recall, f1, roc_auc, log_loss)")
    }

    @Test func buildTakesNoParamsAndRefusesAnEvaluationOfAnotherModel() throws {
        let workspace = try StageWorkspace()
        try SmallDataset.pipeline(into: workspace)
        let keyed = try workspace.run(
            "build", inputs: ["model": "train-a", "data": "preprocess", "evaluation": "evaluate-a"], output: "b1",
            params: #"{"label": "label"}"#)
        #expect(keyed.exitCode == 65)
        #expect(Self.reason(keyed).hasSuffix(":1: unknown key \"label\""))

        try workspace.succeed("train", inputs: ["data": "preprocess"], output: "train-b", params: #"{"algorithm": "logistic_regression", "C": 0.01}"#)
        let other = try workspace.run(
            "build", inputs: ["model": "train-b", "data": "preprocess", "evaluation": "evaluate-a"], output: "b2", params: "{}")
        #expect(other.exitCode == 65)
        #expect(Self.reason(other).hasPrefix("retrain-build: --input evaluation scored another model (model.json sha256 "))
    }
}
