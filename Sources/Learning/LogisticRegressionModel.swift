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
        let result = [Double](unsafeUninitializedCapacity: features.rows * outputs) { buffer, initialized in
            features.withElementPointer { x in
                weights.withContiguousElementPointer { w in
                    intercepts.withContiguousElementPointer { b in
                        guard let z = buffer.baseAddress else { return }
                        for i in 0..<features.rows {
                            LinearScorer.decide(row: x + i * d, weights: w, intercepts: b, features: d, outputs: outputs, into: z + i * outputs)
                        }
                    }
                }
            }
            initialized = features.rows * outputs
        }
        return DenseMatrix(rows: features.rows, columns: outputs, elements: result)
    }

    /// Class probabilities, one column per class in ``classes`` order.
    public func predictProbabilities(_ features: DenseMatrix) throws -> DenseMatrix {
        let decision = try decisionFunction(features)
        let k = classes.count
        let outputs = coefficients.count
        let result = [Double](unsafeUninitializedCapacity: features.rows * k) { buffer, initialized in
            decision.withElementPointer { z in
                guard let p = buffer.baseAddress else { return }
                for i in 0..<features.rows {
                    LinearScorer.probabilities(decision: z + i * outputs, outputs: outputs, into: p + i * k)
                }
            }
            initialized = features.rows * k
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
        let outputs = coefficients.count
        return decision.withElementPointer { z in
            (0..<features.rows).map { i in LinearScorer.classIndex(decision: z + i * outputs, outputs: outputs) }
        }
    }
}
