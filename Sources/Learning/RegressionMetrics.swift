import Foundation

/// Regression metrics as scikit-learn 1.9 defines them: `root_mean_squared_error`,
/// `mean_absolute_error` and `r2_score` (with `force_finite=True`: a constant truth gives 1
/// for a perfect prediction, else 0).
public enum RegressionMetrics {
    public static func rmse(truth: [Double], predicted: [Double]) -> Double {
        precondition(truth.count == predicted.count, "value arrays must have equal lengths")
        return PairwiseSum.mean(zip(truth, predicted).map { ($0 - $1) * ($0 - $1) }).squareRoot()
    }

    public static func mae(truth: [Double], predicted: [Double]) -> Double {
        precondition(truth.count == predicted.count, "value arrays must have equal lengths")
        return PairwiseSum.mean(zip(truth, predicted).map { abs($0 - $1) })
    }

    public static func r2(truth: [Double], predicted: [Double]) -> Double {
        precondition(truth.count == predicted.count, "value arrays must have equal lengths")
        let mean = PairwiseSum.mean(truth)
        let residual = PairwiseSum.sum(zip(truth, predicted).map { ($0 - $1) * ($0 - $1) })
        let total = PairwiseSum.sum(truth.map { ($0 - mean) * ($0 - mean) })
        if total == 0 { return residual == 0 ? 1 : 0 }
        return 1 - residual / total
    }
}
