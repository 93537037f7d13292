import Crypto
public import Foundation
import Learning
import StageContract

/// Step 4 of the pattern: the candidate's holdout metrics, the service level, and the
/// comparison with the model in production.
///
/// The candidate is scored on preprocess's transformed holdout rows — the training-side
/// path. The champion (`--input champion=DIR`, the serving bundle production answers with)
/// is scored through its own bundle, with the prediction server's code, on the raw holdout
/// rows, so the comparison holds even when the champion was trained with another transform.
///
/// Writes `metrics.json` (the candidate's metrics and `holdout_rows`), `comparison.json`
/// (both sides' metrics and their differences; `champion` is null without one),
/// `blessing.json` (``Blessing``), `evaluation.json` (``EvaluationRecord``) and
/// `predictions/` (``PredictionsTable``) for build's skew check. A champion that does not load
/// or cannot score the holdout (its features are gone) is a failed check, not a crash: the
/// candidate is not blessed and the reason says why.
public struct Evaluator: Sendable {
    public let params: EvaluateParams
    public let model: URL
    public let data: URL
    public let champion: URL?
    public let output: URL

    public init(params: EvaluateParams, model: URL, data: URL, champion: URL?, output: URL) {
        self.params = params
        self.model = model
        self.data = data
        self.champion = champion
        self.output = output
    }

    /// Comparison of the candidate with the champion: `comparison.json`.
    struct Comparison: Codable {
        struct Champion: Codable {
            var metrics: [String: Double]
            var algorithm: String?
            var dataWindow: BundleMetadata.DataWindow?
            var problem: String?

            private enum CodingKeys: String, CodingKey {
                case metrics, algorithm, problem
                case dataWindow = "data_window"
            }
        }

        var candidate: [String: Double]
        var champion: Champion?
        /// Candidate minus champion, for the metrics both have.
        var differences: [String: Double]

        private enum CodingKeys: String, CodingKey { case candidate, champion, differences }

        init(candidate: [String: Double], champion: Champion?, differences: [String: Double]) {
            self.candidate = candidate
            self.champion = champion
            self.differences = differences
        }

        /// `"champion": null` when there was none, rather than no key at all.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(candidate, forKey: .candidate)
            if let champion { try container.encode(champion, forKey: .champion) } else { try container.encodeNil(forKey: .champion) }
            try container.encode(differences, forKey: .differences)
        }
    }

    public func run(progress: (String) -> Void = { _ in }) throws {
        let modelData = try StageFiles.data("model.json", in: model, input: "model")
        let fitted = try StageFiles.reading("--input model: model.json") { try JSONDecoder().decode(FittedModel.self, from: modelData) }
        let input = try DatasetInput(directory: data, input: "data")
        let features = try input.holdoutFeatures()
        let truth = try input.holdoutLabels()
        let predictions = try StageFiles.reading("scoring the holdout") { try Self.predict(fitted, features) }
        let isClassification = predictions.isClassification
        for name in params.thresholds.keys.sorted() {
            if let metric = HoldoutMetric(rawValue: name), metric.isClassification != isClassification {
                throw StageFailure.badInput(
                    "threshold on \(name), but the model is a \(isClassification ? "classifier" : "regressor") (its metrics: \(HoldoutMetric.names(isClassification: isClassification)))")
            }
        }
        let metrics = HoldoutMetric.compute(truth: truth, predictions: predictions)
        progress("candidate on \(predictions.count) holdout rows: " + Self.describe(metrics))

        var championSide: Comparison.Champion?
        var championProblem: String?
        if let champion {
            let side = scoreChampion(champion, input: input, truth: truth)
            championSide = side
            championProblem = side.problem
            progress(side.problem.map { "champion: \($0)" } ?? "champion on the same rows: " + Self.describe(side.metrics))
        }
        let blessing = Blessing.judge(
            candidate: metrics, isClassification: isClassification, params: params,
            champion: championSide?.metrics, championProblem: championProblem)
        progress(blessing.blessed ? "blessed" : "not blessed: " + blessing.reasons.joined(separator: "; "))

        var differences = [String: Double]()
        if let championSide, championSide.problem == nil {
            for (name, value) in metrics { if let theirs = championSide.metrics[name] { differences[name] = value - theirs } }
        }
        var written = Metrics()
        for (name, value) in metrics { written[name] = .number(value) }
        written["holdout_rows"] = .integer(predictions.count)
        try StageFiles.writing("metrics.json") { try written.write(toDirectory: output) }
        try StageFiles.write(
            Comparison(candidate: metrics, champion: championSide, differences: differences), "comparison.json", in: output)
        try StageFiles.write(blessing, Blessing.file, in: output)
        let digest = SHA256.hash(data: modelData).map { String(format: "%02x", $0) }.joined()
        try StageFiles.write(
            EvaluationRecord(
                modelSHA256: digest, holdoutRows: predictions.count, champion: champion != nil, params: params, stage: .evaluate),
            EvaluationRecord.file, in: output)
        let directory = try StageFiles.makeDirectory(PredictionsTable.directory, in: output)
        try StageFiles.writing(PredictionsTable.directory) { try PredictionsTable.write(predictions, to: directory) }
    }

    /// Batch prediction on transformed features: the training side of the skew check.
    static func predict(_ model: FittedModel, _ features: DenseMatrix) throws -> PredictionBatch {
        switch model {
        case .logisticRegression(let logistic):
            let probabilities = try logistic.predictProbabilities(features)
            return PredictionBatch(
                classes: logistic.classes, classIndices: try logistic.predictClassIndices(features),
                probabilities: probabilities.elements)
        case .ridge(let ridge):
            return PredictionBatch(values: try ridge.predict(features))
        }
    }

    private func scoreChampion(_ directory: URL, input: DatasetInput, truth: Column) -> Comparison.Champion {
        let bundle: ServingBundle
        do {
            bundle = try ServingBundle(contentsOfDirectory: directory)
        } catch {
            return Comparison.Champion(metrics: [:], problem: "the champion bundle does not load: \(error)")
        }
        do {
            let rows = try input.holdoutRows()
            let instances = try HoldoutInstances.make(rows, schema: bundle.inputSchema)
            let predictions = try bundle.module.predict(instances)
            return Comparison.Champion(
                metrics: HoldoutMetric.compute(truth: truth, predictions: predictions), algorithm: bundle.metadata.algorithm,
                dataWindow: bundle.metadata.dataWindow)
        } catch {
            return Comparison.Champion(
                metrics: [:], algorithm: bundle.metadata.algorithm, dataWindow: bundle.metadata.dataWindow,
                problem: "the champion cannot score the holdout: \(error)")
        }
    }

    static func describe(_ metrics: [String: Double]) -> String {
        metrics.keys.sorted().compactMap { name in metrics[name].map { "\(name) \(Blessing.format($0))" } }.joined(separator: ", ")
    }
}
