import Foundation

/// Centres each column on its mean and divides by its standard deviation: `StandardScaler()`.
///
/// Fitted exactly as scikit-learn fits it: the mean, the population variance computed with
/// the correction term of `_incremental_mean_and_var`, and a scale of 1 for a column that is
/// constant up to rounding (`var ≤ n·ε·var + (n·mean·ε)²`, scikit-learn's
/// `_is_constant_feature`), so a zero-variance column becomes all zeros rather than NaN.
public struct StandardScaler: Sendable, Codable, Equatable {
    /// Column means (`mean_`).
    public let means: [Double]
    /// Column population variances (`var_`).
    public let variances: [Double]
    /// Divisors (`scale_`): the standard deviation, or 1 for a constant column.
    public let scales: [Double]

    public init(means: [Double], variances: [Double], scales: [Double]) {
        self.means = means
        self.variances = variances
        self.scales = scales
    }

    private enum CodingKeys: String, CodingKey {
        case means = "mean"
        case variances = "var"
        case scales = "scale"
    }

    /// Learns mean and scale of each column (no missing values).
    public static func fit(_ columns: [[Double]]) -> StandardScaler {
        let statistics = columns.map { column in
            column.withUnsafeBufferPointer { x in columnStatistics(count: x.count) { x[$0] } }
        }
        return StandardScaler(
            means: statistics.map(\.mean), variances: statistics.map(\.variance), scales: statistics.map(\.scale))
    }

    /// Mean, variance and scale of one column given by an element accessor, so that a caller
    /// can scale derived values (the imputed column) without materialising them.
    @inline(__always)
    static func columnStatistics(count: Int, _ value: (Int) -> Double) -> (mean: Double, variance: Double, scale: Double) {
        let n = Double(count)
        let mean = PairwiseSum.sum(count: count, value) / n
        let correction = PairwiseSum.sum(count: count) { value($0) - mean }
        let squares = PairwiseSum.sum(count: count) {
            let t = value($0) - mean
            return t * t
        }
        let variance = (squares - correction * correction / n) / n
        let eps = Double.ulpOfOne
        let isConstant = variance <= n * eps * variance + (n * mean * eps) * (n * mean * eps)
        return (mean, variance, isConstant ? 1 : variance.squareRoot())
    }

    /// `(x − mean) / scale` of one value of column `index`.
    @inline(__always)
    public func transform(_ value: Double, column index: Int) -> Double {
        (value - means[index]) / scales[index]
    }
}
