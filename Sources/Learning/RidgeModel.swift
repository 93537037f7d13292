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
        let d = coefficients.count
        var intercepts = [intercept]
        return [Double](unsafeUninitializedCapacity: features.rows) { buffer, initialized in
            features.withElementPointer { x in
                coefficients.withContiguousElementPointer { w in
                    intercepts.withUnsafeMutableBufferPointer { b in
                        guard let z = buffer.baseAddress, let b = b.baseAddress else { return }
                        for i in 0..<features.rows {
                            LinearScorer.decide(row: x + i * d, weights: w, intercepts: b, features: d, outputs: 1, into: z + i)
                        }
                    }
                }
            }
            initialized = features.rows
        }
    }
}
