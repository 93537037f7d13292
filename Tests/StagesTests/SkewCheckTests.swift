import Foundation
import Learning
import TestSupport
import Testing

/// Training/serving skew cannot ship: a bundle that would answer differently from what
/// evaluate measured fails build (65), and a bundle edited after build refuses to load.
@Suite struct SkewCheckTests {
    /// Replaces the first scaler mean of a `transform.json` by `value`.
    static func tamper(transformAt url: URL, mean value: Double) throws {
        let transform = try JSONDecoder().decode(ColumnTransform.self, from: Data(contentsOf: url))
        var means = transform.scaler.means
        means[0] = value
        let changed = ColumnTransform(
            numericColumns: transform.numericColumns, imputer: transform.imputer,
            scaler: StandardScaler(means: means, variances: transform.scaler.variances, scales: transform.scaler.scales),
            categoricalColumns: transform.categoricalColumns, encoder: transform.encoder)
        try changed.jsonData().write(to: url)
    }

    @Test func buildFailsWhenTheTransformDiffersFromTheOneEvaluateMeasured() throws {
        let workspace = try StageWorkspace()
        try SmallDataset.pipeline(into: workspace)
        // The features train and evaluate saw were made with the original transform; the
        // bundle would carry this one.
        try Self.tamper(transformAt: workspace.url("preprocess/transform.json"), mean: 40)
        let result = try workspace.run(
            "build", inputs: ["model": "train-a", "data": "preprocess", "evaluation": "evaluate-a"], output: "tampered", params: "{}")
        #expect(result.exitCode == 65, "\(result.standardError)")
        let reason = BadInputTests.reason(result)
        #expect(reason.hasPrefix("retrain-build: skew check failed: "), "\(reason)")
        #expect(reason.contains("row "), "names the holdout row: \(reason)")
    }

    @Test func buildFailsWhenEvaluatesPredictionsWereChanged() throws {
        let workspace = try StageWorkspace()
        try SmallDataset.pipeline(into: workspace)
        let file = workspace.url("evaluate-a/predictions/columns/1.f64")  // probability of class 0
        var data = try Data(contentsOf: file)
        let original = data.subdata(in: 16..<24).withUnsafeBytes { $0.loadUnaligned(as: Double.self) }  // row 2
        var value = 0.123456
        data.replaceSubrange(16..<24, with: Data(bytes: &value, count: 8))
        try data.write(to: file)
        let result = try workspace.run(
            "build", inputs: ["model": "train-a", "data": "preprocess", "evaluation": "evaluate-a"], output: "tampered", params: "{}")
        #expect(result.exitCode == 65)
        #expect(BadInputTests.reason(result) == """
            retrain-build: skew check failed: the bundle's predictions (serving) differ from evaluate's (training): \
            holdout row 2: probability of class 0 \(original) against 0.123456
            """)
    }

    @Test func aBundleEditedAfterBuildRefusesToLoadAndCannotBeAChampion() throws {
        let workspace = try StageWorkspace()
        try SmallDataset.pipeline(into: workspace)
        #expect(throws: Never.self) { try ServingBundle(contentsOfDirectory: workspace.url("build-a")) }
        try Self.tamper(transformAt: workspace.url("build-a/transform.json"), mean: 40)
        do {
            _ = try ServingBundle(contentsOfDirectory: workspace.url("build-a"))
            Issue.record("a tampered bundle loaded")
        } catch {
            #expect(error.isSelfCheckFailure, "\(error)")
            #expect(error.description.hasPrefix("self check failed: instance 0: "), "\(error)")
        }
        // As the champion of the next evaluation it is refused, and the candidate is not
        // blessed: the reason says why.
        let result = try workspace.run(
            "evaluate", inputs: ["model": "train-a", "data": "preprocess", "champion": "build-a"], output: "judged",
            params: #"{"max_regression": 0.01}"#)
        #expect(result.exitCode == 0, "\(result.standardError)")
        let blessing = try workspace.json("judged/blessing.json")
        #expect(blessing["blessed"] as? Bool == false)
        let reasons = try #require(blessing["reasons"] as? [String])
        #expect(reasons.count == 1)
        #expect(reasons.first?.hasPrefix("the champion bundle does not load: self check failed") == true, "\(reasons)")
    }

    @Test func aBundleWithAnInputSchemaThatDisagreesWithItsTransformDoesNotLoad() throws {
        let workspace = try StageWorkspace()
        try SmallDataset.pipeline(into: workspace)
        let url = workspace.url("build-a/input_schema.json")
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "\"wind\"", with: "\"gust\"")
        try text.write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: BundleError.self) { try ServingBundle(contentsOfDirectory: workspace.url("build-a")) }
    }
}
