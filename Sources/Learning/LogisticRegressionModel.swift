import Foundation

/// A fitted ``LogisticRegression``: classes, coefficients, intercepts and how the fit went.
///
/// Binary models carry one coefficient row (the positive class, `classes[1]`), multinomial
/// models one row per class, exactly like scikit-learn's `coef_` and `intercept_`.
/// Probabilities: binary `[1 − σ(z), σ(z)]`, multinomial `softmax(z)`; prediction is the
/// class with the highest decision value (binary: `classes[1]` when `z > 0`).
public struct LogisticRegressionModel: Sendable, Codable, Equatable {
    /// Sorted distinct training labels; probability columns follow this order.
    public let classes: [ClassLabel]
    /// One row of feature weights per decision function (1 when binary, else one per class).
    public let coefficients: [[Double]]
    /// One intercept per coefficient row.
    public let intercepts: [Double]
    /// How the optimisation ended.
    public let fit: Fit

    /// The optimiser's report, written to the train stage's `metrics.json`.
    public struct Fit: Sendable, Codable, Equatable {
        /// L-BFGS iterations run (scikit-learn's `n_iter_`).
        public let iterations: Int
        /// False when the iteration limit (or a line search failure) ended the run first; a
        /// warning, the coefficients are still usable.
        public let converged: Bool
        /// Objective value at the returned coefficients: mean log loss + `‖W‖²/(2·C·n)`.
        public let trainLoss: Double
        /// Loss-and-gradient evaluations.
        public let evaluations: Int
        /// The optimiser's stop condition, in L-BFGS-B's words.
        public let stopReason: String

        private enum CodingKeys: String, CodingKey {
            case iterations, converged, evaluations
            case trainLoss = "train_loss"
            case stopReason = "stop_reason"
        }
    }

    public init(classes: [ClassLabel], coefficients: [[Double]], intercepts: [Double], fit: Fit) {
        self.classes = classes
        self.coefficients = coefficients
        self.intercepts = intercepts
        self.fit = fit
    }

    /// Number of features the model expects.
    public var featureCount: Int { coefficients.first?.count ?? 0 }

    /// Decision values `X Wᵀ + b`: one column when binary, one per class otherwise.
    public func decisionFunction(_ features: DenseMatrix) throws -> DenseMatrix {
        guard features.columns == featureCount else {
            throw LearningError.featureCountMismatch(expected: featureCount, actual: features.columns)
        }
        let outputs = coefficients.count
        let d = featureCount
        let weights = coefficients.flatMap { $0 }
        var result = [Double](repeating: 0, count: features.rows * outputs)
        features.withElementPointer { x in
            weights.withContiguousElementPointer { w in
                for i in 0..<features.rows {
                    let row = x + i * d
                    for k in 0..<outputs {
                        let weightsOfOutput = w + k * d
                        var z = 0.0
                        for j in 0..<d { z += row[j] * weightsOfOutput[j] }
                        result[i * outputs + k] = z + intercepts[k]
                    }
                }
            }
        }
        return DenseMatrix(rows: features.rows, columns: outputs, elements: result)
    }

    /// Class probabilities, one column per class in ``classes`` order.
    public func predictProbabilities(_ features: DenseMatrix) throws -> DenseMatrix {
        let decision = try decisionFunction(features)
        let k = classes.count
        var result = [Double](repeating: 0, count: features.rows * k)
        for i in 0..<features.rows {
            if coefficients.count == 1 {
                // scipy.special.expit, then [1 − p, p] (scikit-learn's `_predict_proba_lr`).
                let p = 1 / (1 + exp(-decision[i, 0]))
                result[i * 2] = 1 - p
                result[i * 2 + 1] = p
            } else {
                var maximum = -Double.infinity
                for c in 0..<k { maximum = max(maximum, decision[i, c]) }
                var sum = 0.0
                for c in 0..<k {
                    let e = exp(decision[i, c] - maximum)
                    result[i * k + c] = e
                    sum += e
                }
                for c in 0..<k { result[i * k + c] /= sum }
            }
        }
        return DenseMatrix(rows: features.rows, columns: k, elements: result)
    }

    /// Predicted class of every row.
    public func predict(_ features: DenseMatrix) throws -> [ClassLabel] {
        try predictClassIndices(features).map { classes[$0] }
    }

    /// Predicted class index (into ``classes``) of every row.
    public func predictClassIndices(_ features: DenseMatrix) throws -> [Int] {
        let decision = try decisionFunction(features)
        return (0..<features.rows).map { i in
            if coefficients.count == 1 { return decision[i, 0] > 0 ? 1 : 0 }
            // argmax, first maximum wins (numpy's argmax).
            var best = 0
            for c in 1..<decision.columns where decision[i, c] > decision[i, best] { best = c }
            return best
        }
    }
}
