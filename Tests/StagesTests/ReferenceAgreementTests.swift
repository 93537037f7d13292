import Artifacts
import Foundation
import Learning
import TestSupport
import Testing

/// collect → preprocess → train → evaluate → build as real processes on the committed
/// datasets give scikit-learn's transform, coefficients, iterations, predictions and metrics
/// (`scripts/reference/make-fixtures`), and a bundle whose predictions are evaluate's.
@Suite struct ReferenceAgreementTests {
    @Test(arguments: ["binary", "multiclass"])
    func logisticRegressionMatchesScikitLearn(_ name: String) throws {
        let (workspace, dataset) = try StageWorkspace.reference(name)
        try Self.checkTransform(workspace, dataset)
        for (index, reference) in dataset.models.enumerated() {
            let c = try #require(reference.params["C"]?.numberValue)
            let maxIter = try #require(reference.params["max_iter"]?.numberValue)
            let tol = try #require(reference.params["tol"]?.numberValue)
            let tag = "\(index)"
            try workspace.trainEvaluateBuild(tag, train: """
                {"algorithm": "logistic_regression", "C": \(c), "max_iter": \(Int(maxIter)), "tol": \(tol)}
                """)

            let model = try JSONDecoder().decode(FittedModel.self, from: Data(contentsOf: workspace.url("train-\(tag)/model.json")))
            guard case .logisticRegression(let logistic) = model else {
                Issue.record("train wrote \(model.algorithm)")
                continue
            }
            #expect(logistic.classes.map(Self.json) == reference.classes)
            let coefficientError = maxRelativeError(logistic.coefficients.flatMap { $0 }, reference.coefficients.flatMap { $0 }, floor: 1e-3)
            #expect(coefficientError < 1e-4, "\(name) C=\(c): coefficients differ by \(coefficientError) relative")
            #expect(maxRelativeError(logistic.intercepts, reference.intercepts, floor: 1e-3) < 1e-4)

            let trained = try workspace.metrics("train-\(tag)")
            #expect(trained["iterations"] == reference.iterations.map(Double.init), "\(name) C=\(c) max_iter=\(maxIter)")
            #expect(trained["converged"] == ((reference.converged ?? true) ? 1 : 0))
            #expect(isClose(try #require(trained["train_loss"]), try #require(reference.trainLoss), relative: 1e-9))
            let warning = try workspace.json("train-\(tag)/metrics.json")["warning"] as? String
            #expect((warning != nil) == (reference.converged == false), "a warning exactly when not converged")

            let evaluated = try workspace.metrics("evaluate-\(tag)")
            for metric in ["accuracy", "precision", "recall", "f1"] {
                #expect(isClose(try #require(evaluated[metric]), try #require(reference.metrics[metric]), relative: 1e-12), "\(name) \(metric)")
            }
            for metric in ["roc_auc", "log_loss"] {
                #expect(isClose(try #require(evaluated[metric]), try #require(reference.metrics[metric]), relative: 1e-6), "\(name) \(metric)")
            }
            #expect(evaluated["holdout_rows"] == Double(reference.holdoutPredictions.count))

            let predictions = try Table(contentsOfDirectory: workspace.url("evaluate-\(tag)/predictions"))
            let predicted = try #require(predictions.column(named: "prediction"))
            #expect(Self.labels(predicted) == reference.holdoutPredictions, "\(name) C=\(c): holdout predictions")
            let probabilities = try #require(reference.holdoutProbabilities)
            for (column, _) in logistic.classes.enumerated() {
                let ours = try #require(predictions.columns[column + 1].numbers)
                let theirs = probabilities.map { $0[column] }
                #expect(maxRelativeError(ours, theirs, floor: 1e-6) < 1e-4)
            }

            // The bundle answers the holdout exactly as evaluate did (build checked; check again from outside).
            try Self.checkBundle(workspace, tag: tag, classes: logistic.classes)
        }
    }

    @Test func ridgeMatchesScikitLearn() throws {
        let (workspace, dataset) = try StageWorkspace.reference("regression")
        try Self.checkTransform(workspace, dataset)
        for (index, reference) in dataset.models.enumerated() {
            let alpha = try #require(reference.params["alpha"]?.numberValue)
            let tag = "\(index)"
            try workspace.trainEvaluateBuild(tag, train: #"{"algorithm": "ridge", "alpha": \#(alpha)}"#)
            let model = try JSONDecoder().decode(FittedModel.self, from: Data(contentsOf: workspace.url("train-\(tag)/model.json")))
            guard case .ridge(let ridge) = model else {
                Issue.record("train wrote \(model.algorithm)")
                continue
            }
            let coefficientError = maxRelativeError(ridge.coefficients, reference.coefficients[0], floor: 1e-6)
            #expect(coefficientError < 1e-9, "alpha=\(alpha): coefficients differ by \(coefficientError) relative")
            #expect(isClose(ridge.intercept, reference.intercepts[0], relative: 1e-10))
            let evaluated = try workspace.metrics("evaluate-\(tag)")
            for metric in ["rmse", "mae", "r2"] {
                #expect(isClose(try #require(evaluated[metric]), try #require(reference.metrics[metric]), relative: 1e-9), "\(metric)")
            }
            let predictions = try Table(contentsOfDirectory: workspace.url("evaluate-\(tag)/predictions"))
            let values = try #require(predictions.column(named: "prediction")?.numbers)
            let expected = reference.holdoutPredictions.compactMap(\.numberValue)
            #expect(maxRelativeError(values, expected, floor: 1e-6) < 1e-9)
            try Self.checkBundle(workspace, tag: tag, classes: [])
        }
    }

    /// The transform preprocess fitted is scikit-learn's, statistic for statistic.
    static func checkTransform(_ workspace: StageWorkspace, _ dataset: ReferenceDataset) throws {
        let transform = try JSONDecoder().decode(
            ColumnTransform.self, from: Data(contentsOf: workspace.url("preprocess/transform.json")))
        #expect(transform.numericColumns == dataset.numeric)
        #expect(transform.categoricalColumns == dataset.categorical)
        #expect(transform.featureNames == dataset.transform.featureNames)
        #expect(transform.imputer.statistics == dataset.transform.statistics)
        #expect(transform.scaler.means == dataset.transform.mean)
        #expect(transform.scaler.variances == dataset.transform.variance)
        #expect(transform.scaler.scales == dataset.transform.scale)
        #expect(transform.encoder.categories == dataset.transform.categories)
        let preprocessed = try workspace.metrics("preprocess")
        #expect(preprocessed["train_rows"] == Double(dataset.trainRows))
        #expect(preprocessed["holdout_rows"] == Double(try dataset.rowCount() - dataset.trainRows))
    }

    /// The built bundle loads and scores the raw holdout rows as evaluate predicted them.
    static func checkBundle(_ workspace: StageWorkspace, tag: String, classes: [ClassLabel]) throws {
        let bundle = try ServingBundle(contentsOfDirectory: workspace.url("build-\(tag)"))
        #expect(bundle.module.classes == classes)
        let raw = try Table(contentsOfDirectory: workspace.url("preprocess/holdout/raw"))
        var instances = [[String: FeatureValue]](repeating: [:], count: raw.rowCount)
        for field in bundle.inputSchema.fields {
            let column = try #require(raw.column(named: field.name))
            for row in 0..<raw.rowCount {
                switch column.values {
                case .number(let values): instances[row][field.name] = values[row].isNaN ? .null : .number(values[row])
                case .string(let strings): instances[row][field.name] = strings[row].map(FeatureValue.string) ?? .null
                case .timestamp: Issue.record("a timestamp field \(field.name)")
                }
            }
        }
        let served = try bundle.module.predict(instances)
        let predictions = try Table(contentsOfDirectory: workspace.url("evaluate-\(tag)/predictions"))
        if classes.isEmpty {
            #expect(served.values == predictions.columns[0].numbers)
        } else {
            #expect(served.labels.map(json) == labels(predictions.columns[0]))
            for (index, _) in classes.enumerated() {
                let ours = (0..<served.count).map { served.probabilities(at: $0)[$0 * classes.count + index] }
                #expect(ours == predictions.columns[index + 1].numbers, "bit-identical probabilities")
            }
        }
        let built = try workspace.metrics("build-\(tag)")
        #expect(built["skew_checked_rows"] == Double(raw.rowCount))
        #expect(built["skew_max_difference"] == 0)
    }

    static func json(_ label: ClassLabel) -> JSONValue {
        switch label {
        case .number(let value): .number(value)
        case .string(let value): .string(value)
        }
    }

    static func labels(_ column: Column) -> [JSONValue] {
        switch column.values {
        case .number(let values): values.map { .number($0) }
        case .string(let strings): (0..<strings.count).map { strings[$0].map { .string($0) } ?? .null }
        case .timestamp: []
        }
    }
}
