import Foundation
import Learning

/// The Swift side of `scripts/bench/fit`: loads the benchmark's raw float64 files, times
/// `LogisticRegression.fit` several times and prints one JSON object on stdout.
///
/// A benchmark harness, not a shipped product: its whole job is this one measurement, so it
/// lives in its `@main` file instead of a library.
///
/// Usage: `learning-bench DIR RUNS` where DIR holds `meta.json` (`rows`, `holdout_rows`,
/// `columns`, `C`, `tol`, `max_iter`) and `train_X.f64`, `train_y.f64`, `holdout_X.f64`,
/// `holdout_y.f64` (little-endian, row-major).
@main
enum LearningBench {
    struct Meta: Decodable {
        let rows: Int
        let holdoutRows: Int
        let columns: Int
        let C: Double
        let tol: Double
        let maxIter: Int

        enum CodingKeys: String, CodingKey {
            case rows, columns, C, tol
            case holdoutRows = "holdout_rows"
            case maxIter = "max_iter"
        }
    }

    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 3, let runs = Int(arguments[2]), runs > 0 else {
            FileHandle.standardError.write(Data("usage: learning-bench DIR RUNS\n".utf8))
            exit(64)
        }
        let directory = URL(fileURLWithPath: arguments[1])
        let meta = try JSONDecoder().decode(Meta.self, from: Data(contentsOf: directory.appendingPathComponent("meta.json")))
        let train = DenseMatrix(
            rows: meta.rows, columns: meta.columns,
            elements: try doubles(directory.appendingPathComponent("train_X.f64"), count: meta.rows * meta.columns))
        let labels = try doubles(directory.appendingPathComponent("train_y.f64"), count: meta.rows)
        let holdout = DenseMatrix(
            rows: meta.holdoutRows, columns: meta.columns,
            elements: try doubles(
                directory.appendingPathComponent("holdout_X.f64"), count: meta.holdoutRows * meta.columns))
        let holdoutLabels = try doubles(directory.appendingPathComponent("holdout_y.f64"), count: meta.holdoutRows)

        let estimator = LogisticRegression(c: meta.C, maxIterations: meta.maxIter, tolerance: meta.tol)
        var seconds = [Double]()
        var model: LogisticRegressionModel?
        let clock = ContinuousClock()
        for run in 1...runs {
            var fitted: LogisticRegressionModel?
            let elapsed = try clock.measure { fitted = try estimator.fit(train, labels: labels) }
            let value = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            seconds.append(value)
            FileHandle.standardError.write(Data("swift fit run \(run): \(String(format: "%.3f", value)) s\n".utf8))
            if let previous = model, let fitted, previous != fitted {
                FileHandle.standardError.write(Data("error: fit is not deterministic\n".utf8))
                exit(1)
            }
            model = fitted
        }
        guard let model else { exit(1) }
        let probabilities = try model.predictProbabilities(holdout).column(1)
        let auc = ClassificationMetrics.rocAUC(
            truth: holdoutLabels.map(ClassLabel.number), scores: probabilities, positive: model.classes[1])
        let report: [String: Any] = [
            "seconds": seconds,
            "iterations": model.fit.iterations,
            "evaluations": model.fit.evaluations,
            "converged": model.fit.converged,
            "train_loss": model.fit.trainLoss,
            "holdout_roc_auc": auc ?? Double.nan,
            "coefficients": model.coefficients[0],
            "intercept": model.intercepts[0],
            "threads": ProcessInfo.processInfo.activeProcessorCount,
        ]
        let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        FileHandle.standardOutput.write(json)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    static func doubles(_ url: URL, count: Int) throws -> [Double] {
        let data = try Data(contentsOf: url, options: .alwaysMapped)
        guard data.count == count * MemoryLayout<Double>.size else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            _ = data.copyBytes(to: buffer)
            initialized = count
        }
    }
}
