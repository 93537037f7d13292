import Foundation

/// L2-regularised least squares with an intercept: scikit-learn's `Ridge(alpha)`.
///
/// Minimises `‖y − Xw − b‖² + α‖w‖²` (a sum, not a mean: `alpha` is not scaled by the row
/// count) with `b` unpenalised. As scikit-learn does for dense input, `X` and `y` are centred
/// on their means, `(XcᵀXc + αI) w = Xcᵀyc` is solved by Cholesky, and
/// `b = ȳ − x̄ᵀw`. With `alpha = 0` and collinear features the system is singular and fitting
/// throws (scikit-learn would fall back to a least-squares solve).
public struct Ridge: Sendable, Codable, Equatable {
    /// Regularisation strength; must not be negative.
    public var alpha: Double

    public init(alpha: Double = 1.0) { self.alpha = alpha }

    public func fit(_ features: DenseMatrix, targets: [Double]) throws -> RidgeModel {
        guard alpha >= 0, alpha.isFinite else {
            throw LearningError.invalidParameter("alpha", "must not be negative, got \(alpha)")
        }
        guard features.rows > 0 else { throw LearningError.emptyInput("training data") }
        guard targets.count == features.rows else {
            throw LearningError.lengthMismatch("target", expected: features.rows, actual: targets.count)
        }
        guard features.isFinite else { throw LearningError.nonFinite("feature matrix") }
        guard targets.allSatisfy(\.isFinite) else { throw LearningError.nonFinite("target") }
        let n = features.rows
        let d = features.columns

        var featureMeans = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { featureMeans[j] += features[i, j] } }
        for j in 0..<d { featureMeans[j] /= Double(n) }
        var targetMean = 0.0
        for value in targets { targetMean += value }
        targetMean /= Double(n)

        // Gram matrix of the centred data (upper triangle filled, then mirrored) and Xcᵀyc.
        var gram = [Double](repeating: 0, count: d * d)
        var moment = [Double](repeating: 0, count: d)
        var centred = [Double](repeating: 0, count: d)
        for i in 0..<n {
            for j in 0..<d { centred[j] = features[i, j] - featureMeans[j] }
            let yc = targets[i] - targetMean
            for a in 0..<d {
                let va = centred[a]
                moment[a] += va * yc
                for b in a..<d { gram[a * d + b] += va * centred[b] }
            }
        }
        for a in 0..<d {
            gram[a * d + a] += alpha
            for b in 0..<a { gram[a * d + b] = gram[b * d + a] }
        }
        let weights = try Cholesky.solve(matrix: gram, size: d, rightHandSide: moment)
        var intercept = targetMean
        for j in 0..<d { intercept -= featureMeans[j] * weights[j] }
        return RidgeModel(coefficients: weights, intercept: intercept)
    }
}
