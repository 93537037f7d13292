public import Foundation
import Learning
import ProgressReporting
import StageContract

/// Step 3 of the pattern: fits the model on preprocess's train rows.
///
/// Writes `model.json` (``FittedModel``), `training.json` (``TrainingRecord``) and
/// `metrics.json`: `iterations`, `converged` (1 or 0), `train_loss`, `train_rows`,
/// `features`, and a `warning` when the optimiser stopped before converging — a recorded
/// warning, not a failure, as in scikit-learn. For ridge, a direct solve, `iterations` is 1,
/// `converged` 1 and `train_loss` the ridge objective `‖y − Xw − b‖² + α‖w‖²`.
public struct Trainer: Sendable {
    public let params: TrainParams
    /// Preprocess's output.
    public let data: URL
    public let output: URL

    public init(params: TrainParams, data: URL, output: URL) {
        self.params = params
        self.data = data
        self.output = output
    }

    public func run(progress: (String) -> Void = { _ in }) throws {
        let input = try DatasetInput(directory: data, input: "data")
        let features = try input.trainFeatures()
        let labels = try input.trainLabels()
        let model: FittedModel
        var metrics = Metrics()
        metrics["train_rows"] = .integer(features.rows)
        metrics["features"] = .integer(features.columns)
        let clock = StageClock()
        switch params {
        case .logisticRegression(let estimator):
            // Iteration and loss on stderr: an updating line on a terminal, a plain line every
            // few seconds in a log (the coordinator's heartbeat relays the latest one).
            let line = ProgressLine(task: "retrain-train")
            let report: @Sendable (Int, Double) -> Void = { iteration, loss in
                line.update("iteration \(iteration)/\(estimator.maxIterations), loss \(String(format: "%.6f", loss))")
            }
            defer { line.clear() }
            let fitted = try StageFiles.reading("fitting logistic_regression on label '\(labels.name)'") {
                switch labels.values {
                case .number(let values): return try estimator.fit(features, labels: values, progress: report)
                case .string(let strings): return try estimator.fit(features, labels: try Self.strings(strings, label: labels.name), progress: report)
                case .timestamp: throw StageFailure.badInput("label column '\(labels.name)' is a timestamp")
                }
            }
            model = .logisticRegression(fitted)
            metrics["iterations"] = .integer(fitted.fit.iterations)
            metrics["converged"] = .integer(fitted.fit.converged ? 1 : 0)
            metrics["train_loss"] = .number(fitted.fit.trainLoss)
            if !fitted.fit.converged {
                let warning = "lbfgs did not converge in \(fitted.fit.iterations) iterations (\(fitted.fit.stopReason)); raise max_iter or tol"
                metrics["warning"] = .string(warning)
                progress("warning: \(warning)")
            }
            progress("fitted logistic_regression on \(features.rows) rows × \(features.columns) features in \(clock.elapsed): \(fitted.fit.iterations) iterations, \(fitted.classes.count) classes")
        case .ridge(let estimator):
            guard let targets = labels.numbers else {
                throw StageFailure.badInput("label column '\(labels.name)' is a \(labels.type.rawValue) column; ridge needs numbers")
            }
            let fitted = try StageFiles.reading("fitting ridge on label '\(labels.name)'") { try estimator.fit(features, targets: targets) }
            model = .ridge(fitted)
            metrics["iterations"] = .integer(1)
            metrics["converged"] = .integer(1)
            metrics["train_loss"] = .number(try Self.ridgeObjective(fitted, estimator: estimator, features: features, targets: targets))
            progress("fitted ridge on \(features.rows) rows × \(features.columns) features in \(clock.elapsed)")
        }
        try StageFiles.write(model, "model.json", in: output)
        try StageFiles.write(
            TrainingRecord(params: params, rows: features.rows, features: features.columns, stage: .train),
            TrainingRecord.file, in: output)
        try StageFiles.writing("metrics.json") { try metrics.write(toDirectory: output) }
    }

    static func strings(_ column: StringColumn, label: String) throws -> [String] {
        var values = [String]()
        values.reserveCapacity(column.count)
        for row in 0..<column.count {
            guard let value = column[row] else { throw StageFailure.badInput("label column '\(label)' is missing in row \(row + 1)") }
            values.append(value)
        }
        return values
    }

    static func ridgeObjective(_ model: RidgeModel, estimator: Ridge, features: DenseMatrix, targets: [Double]) throws -> Double {
        let predicted = try model.predict(features)
        var residual = 0.0
        for (y, p) in zip(targets, predicted) { residual += (y - p) * (y - p) }
        var penalty = 0.0
        for w in model.coefficients { penalty += w * w }
        return residual + estimator.alpha * penalty
    }
}
