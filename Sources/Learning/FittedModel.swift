public import Foundation

/// A fitted model of any built-in algorithm: what the train stage writes as `model.json` and
/// the prediction server loads.
///
/// JSON: `{"format": "retrain.model.v1", "algorithm": "logistic_regression" | "ridge",
/// "model": {…}}` with sorted keys, so the same fit gives the same bytes.
public enum FittedModel: Sendable, Equatable, Codable {
    /// `"algorithm": "logistic_regression"`.
    case logisticRegression(LogisticRegressionModel)
    /// `"algorithm": "ridge"`.
    case ridge(RidgeModel)

    /// Identifies this JSON layout.
    public static let format = "retrain.model.v1"

    /// The algorithm's name in params and JSON.
    public var algorithm: String {
        switch self {
        case .logisticRegression: "logistic_regression"
        case .ridge: "ridge"
        }
    }

    /// Predictions for every row: classes for a classifier, values for a regressor.
    public func predict(_ features: DenseMatrix) throws -> Predictions {
        switch self {
        case .logisticRegression(let model): .classes(try model.predict(features))
        case .ridge(let model): .values(try model.predict(features))
        }
    }

    /// Class probabilities (one column per class), or nil for a regressor.
    public func predictProbabilities(_ features: DenseMatrix) throws -> DenseMatrix? {
        switch self {
        case .logisticRegression(let model): try model.predictProbabilities(features)
        case .ridge: nil
        }
    }

    /// The deterministic `model.json` bytes.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    private enum CodingKeys: String, CodingKey { case format, algorithm, model }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let format = try container.decode(String.self, forKey: .format)
        guard format == Self.format else {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: container, debugDescription: "unsupported model format '\(format)'")
        }
        let algorithm = try container.decode(String.self, forKey: .algorithm)
        switch algorithm {
        case "logistic_regression":
            self = .logisticRegression(try container.decode(LogisticRegressionModel.self, forKey: .model))
        case "ridge":
            self = .ridge(try container.decode(RidgeModel.self, forKey: .model))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .algorithm, in: container, debugDescription: "unknown algorithm '\(algorithm)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.format, forKey: .format)
        try container.encode(algorithm, forKey: .algorithm)
        switch self {
        case .logisticRegression(let model): try container.encode(model, forKey: .model)
        case .ridge(let model): try container.encode(model, forKey: .model)
        }
    }
}
