public import Learning

/// The params of `retrain-train`: the algorithm and its own settings, nothing else.
///
/// ```json
/// {"algorithm": "logistic_regression", "C": 1.0, "max_iter": 100, "tol": 0.0001}
/// {"algorithm": "ridge", "alpha": 1.0}
/// ```
/// Defaults are scikit-learn's. A key of the other algorithm (`alpha` with logistic
/// regression) is an unknown key, so a mistake cannot pass silently.
public enum TrainParams: Sendable, Codable, Equatable {
    case logisticRegression(LogisticRegression)
    case ridge(Ridge)

    /// The algorithm's name, as in params and `model.json`.
    public var algorithm: String {
        switch self {
        case .logisticRegression: "logistic_regression"
        case .ridge: "ridge"
        }
    }

    private enum CodingKeys: String, CodingKey {
        case algorithm
        case c = "C"
        case maxIterations = "max_iter"
        case tolerance = "tol"
        case alpha
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let algorithm = try container.decode(String.self, forKey: .algorithm)
        switch algorithm {
        case "logistic_regression":
            let c = try container.decodeIfPresent(Double.self, forKey: .c) ?? 1.0
            guard c > 0, c.isFinite else {
                throw DecodingError.dataCorruptedError(forKey: .c, in: container, debugDescription: "must be positive, got \(c)")
            }
            let maxIterations = try container.decodeIfPresent(Int.self, forKey: .maxIterations) ?? 100
            guard maxIterations >= 1 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .maxIterations, in: container, debugDescription: "must be at least 1, got \(maxIterations)")
            }
            let tolerance = try container.decodeIfPresent(Double.self, forKey: .tolerance) ?? 1e-4
            guard tolerance >= 0, tolerance.isFinite else {
                throw DecodingError.dataCorruptedError(
                    forKey: .tolerance, in: container, debugDescription: "must not be negative, got \(tolerance)")
            }
            self = .logisticRegression(LogisticRegression(c: c, maxIterations: maxIterations, tolerance: tolerance))
        case "ridge":
            let alpha = try container.decodeIfPresent(Double.self, forKey: .alpha) ?? 1.0
            guard alpha >= 0, alpha.isFinite else {
                throw DecodingError.dataCorruptedError(
                    forKey: .alpha, in: container, debugDescription: "must not be negative, got \(alpha)")
            }
            self = .ridge(Ridge(alpha: alpha))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .algorithm, in: container,
                debugDescription: "unknown algorithm \"\(algorithm)\" (logistic_regression or ridge)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(algorithm, forKey: .algorithm)
        switch self {
        case .logisticRegression(let estimator):
            try container.encode(estimator.c, forKey: .c)
            try container.encode(estimator.maxIterations, forKey: .maxIterations)
            try container.encode(estimator.tolerance, forKey: .tolerance)
        case .ridge(let estimator):
            try container.encode(estimator.alpha, forKey: .alpha)
        }
    }
}
