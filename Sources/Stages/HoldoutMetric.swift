import Learning

/// The metrics evaluate computes, as scikit-learn defines them, and which way is better.
///
/// Classifiers: `accuracy`, `precision`, `recall`, `f1` (binary: the positive class, the
/// greater label; multiclass: macro), `roc_auc` (multiclass: macro one-vs-rest), `log_loss`.
/// Regressors: `rmse`, `mae`, `r2`. A metric scikit-learn cannot compute on this holdout
/// (`roc_auc` with one class in the truth, `log_loss` with a class the model never saw) is
/// left out rather than written as a number it is not.
enum HoldoutMetric: String, CaseIterable, Sendable {
    case accuracy, precision, recall, f1
    case rocAUC = "roc_auc"
    case logLoss = "log_loss"
    case rmse, mae, r2

    var isClassification: Bool {
        switch self {
        case .accuracy, .precision, .recall, .f1, .rocAUC, .logLoss: true
        case .rmse, .mae, .r2: false
        }
    }

    var isHigherBetter: Bool {
        switch self {
        case .logLoss, .rmse, .mae: false
        default: true
        }
    }

    /// The metric `max_regression` guards when no threshold names one.
    static func primary(isClassification: Bool) -> HoldoutMetric {
        isClassification ? .rocAUC : .rmse
    }

    static func names(isClassification: Bool) -> String {
        allCases.filter { $0.isClassification == isClassification }.map(\.rawValue).joined(separator: ", ")
    }

    /// The metrics of `predictions` against the true labels.
    static func compute(truth: Column, predictions: PredictionBatch) -> [String: Double] {
        var result = [String: Double]()
        if predictions.isClassification {
            let labels = classLabels(truth)
            let predicted = predictions.labels
            let classes = predictions.classes
            let averaging: ClassificationMetrics.Averaging = classes.count == 2 ? .binary(positive: classes[1]) : .macro
            result[Self.accuracy.rawValue] = ClassificationMetrics.accuracy(truth: labels, predicted: predicted)
            result[Self.precision.rawValue] = ClassificationMetrics.precision(truth: labels, predicted: predicted, averaging: averaging)
            result[Self.recall.rawValue] = ClassificationMetrics.recall(truth: labels, predicted: predicted, averaging: averaging)
            result[Self.f1.rawValue] = ClassificationMetrics.f1(truth: labels, predicted: predicted, averaging: averaging)
            let probabilities = DenseMatrix(rows: predictions.count, columns: classes.count, elements: predictions.probabilities)
            result[Self.rocAUC.rawValue] = ClassificationMetrics.rocAUC(truth: labels, probabilities: probabilities, classes: classes)
            result[Self.logLoss.rawValue] = try? ClassificationMetrics.logLoss(truth: labels, probabilities: probabilities, classes: classes)
        } else if let values = truth.numbers {
            result[Self.rmse.rawValue] = RegressionMetrics.rmse(truth: values, predicted: predictions.values)
            result[Self.mae.rawValue] = RegressionMetrics.mae(truth: values, predicted: predictions.values)
            result[Self.r2.rawValue] = RegressionMetrics.r2(truth: values, predicted: predictions.values)
        }
        return result.filter { $0.value.isFinite }
    }

    /// A label column as class labels (numbers stay numbers, strings stay strings).
    static func classLabels(_ column: Column) -> [ClassLabel] {
        switch column.values {
        case .number(let values): values.map(ClassLabel.number)
        case .string(let strings): (0..<strings.count).map { ClassLabel.string(strings[$0] ?? "") }
        case .timestamp(let values): values.map { ClassLabel.number(Double($0)) }
        }
    }
}
