/// A fitted ``Ridge``: `ŷ = x·w + b`.
public struct RidgeModel: Sendable, Codable, Equatable {
    public let coefficients: [Double]
    public let intercept: Double

    public init(coefficients: [Double], intercept: Double) {
        self.coefficients = coefficients
        self.intercept = intercept
    }

    /// Predicted value of every row.
    public func predict(_ features: DenseMatrix) throws -> [Double] {
        guard features.columns == coefficients.count else {
            throw LearningError.featureCountMismatch(expected: coefficients.count, actual: features.columns)
        }
        return (0..<features.rows).map { i in
            var value = 0.0
            for j in 0..<coefficients.count { value += features[i, j] * coefficients[j] }
            return value + intercept
        }
    }
}
