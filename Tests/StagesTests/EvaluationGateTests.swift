import Foundation
import Learning
import TestSupport
import Testing

/// Evaluate's gate: thresholds and the champion comparison decide the blessing; not blessed
/// is a result (exit 0) with every failed check spelled out.
@Suite struct EvaluationGateTests {
    @Test func aMissedThresholdIsNotBlessedButExitsZero() throws {
        let workspace = try StageWorkspace()
        try SmallDataset.pipeline(into: workspace)
        let metrics = try workspace.metrics("evaluate-a")
        let auc = try #require(metrics["roc_auc"])
        let result = try workspace.run("evaluate", inputs: ["model": "train-a", "data": "preprocess"], output: "strict", params: """
            {"thresholds": {"roc_auc": {"min": 0.99}, "accuracy": {"min": 0.1}, "log_loss": {"max": 0.01}}}
            """)
        #expect(result.exitCode == 0, "\(result.standardError)")
        let blessing = try workspace.json("strict/blessing.json")
        #expect(blessing["blessed"] as? Bool == false)
        let reasons = try #require(blessing["reasons"] as? [String])
        let logLoss = try #require(metrics["log_loss"])
        #expect(reasons == [
            String(format: "log_loss %.4f > max 0.01", logLoss),
            String(format: "roc_auc %.4f < min 0.99", auc),
        ])
        #expect((blessing["checks"] as? [Any])?.count == 3)
        let comparison = try workspace.json("strict/comparison.json")
        #expect(comparison["champion"] is NSNull)
    }

    @Test func passingThresholdsAreBlessed() throws {
        let workspace = try StageWorkspace()
        try SmallDataset.pipeline(into: workspace, evaluate: #"{"thresholds": {"accuracy": {"min": 0.5}}}"#)
        let blessing = try workspace.json("evaluate-a/blessing.json")
        #expect(blessing["blessed"] as? Bool == true)
        #expect((blessing["reasons"] as? [String])?.isEmpty == true)
    }

    @Test func theChampionIsScoredThroughItsOwnBundleAndGuardsAgainstRegression() throws {
        let workspace = try StageWorkspace()
        try SmallDataset.pipeline(into: workspace)
        // A much weaker challenger: heavily regularised.
        try workspace.succeed("train", inputs: ["data": "preprocess"], output: "weak", params: """
            {"algorithm": "logistic_regression", "C": 0.0001}
            """)
        let result = try workspace.run(
            "evaluate", inputs: ["model": "weak", "data": "preprocess", "champion": "build-a"], output: "judged",
            params: #"{"thresholds": {"accuracy": {"min": 0}}, "max_regression": 0}"#)
        #expect(result.exitCode == 0, "\(result.standardError)")
        let comparison = try workspace.json("judged/comparison.json")
        let champion = try #require(comparison["champion"] as? [String: Any])
        let championMetrics = try #require(champion["metrics"] as? [String: Double])
        // The champion's metrics on this holdout are the ones its own evaluation measured.
        let measured = try workspace.metrics("evaluate-a")
        for name in ["accuracy", "precision", "recall", "f1", "roc_auc", "log_loss"] {
            #expect(championMetrics[name] == measured[name], "\(name)")
        }
        let candidate = try workspace.metrics("judged")
        let blessing = try workspace.json("judged/blessing.json")
        let reasons = try #require(blessing["reasons"] as? [String])
        if try #require(candidate["accuracy"]) < (try #require(championMetrics["accuracy"])) {
            #expect(blessing["blessed"] as? Bool == false)
            #expect(reasons == [String(
                format: "accuracy %.4f < champion %.4f - max_regression 0", try #require(candidate["accuracy"]),
                try #require(championMetrics["accuracy"]))])
        } else {
            Issue.record("the weak model was not weaker: \(candidate) vs \(championMetrics)")
        }
    }

    @Test func aChampionThatCannotScoreTheHoldoutBlocksTheBlessing() throws {
        let workspace = try StageWorkspace()
        try SmallDataset.pipeline(into: workspace)
        // A new preprocess without the wind column: the champion still needs it.
        try workspace.succeed("preprocess", inputs: ["data": "collect"], output: "no-wind", params: """
            {"label": "label", "features": ["temp", "city"], "holdout": {"fraction": 0.25, "by": "time"}}
            """)
        try workspace.succeed("train", inputs: ["data": "no-wind"], output: "train-no-wind", params: SmallDataset.trainParams)
        let result = try workspace.run(
            "evaluate", inputs: ["model": "train-no-wind", "data": "no-wind", "champion": "build-a"], output: "judged",
            params: #"{"max_regression": 0.05}"#)
        #expect(result.exitCode == 0)
        let blessing = try workspace.json("judged/blessing.json")
        #expect(blessing["blessed"] as? Bool == false)
        #expect(blessing["reasons"] as? [String] == [
            "the champion cannot score the holdout: the holdout rows have no column 'wind', which the model reads",
        ])
    }
}
