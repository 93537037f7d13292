/// The params of `retrain-evaluate`: the service level and how much worse than the champion
/// a candidate may be.
///
/// ```json
/// {"thresholds": {"roc_auc": {"min": 0.8}, "log_loss": {"max": 0.6}},
///  "max_regression": 0.02}
/// ```
/// `max_regression` is absolute, in the metric's own units, and "worse" follows the metric
/// (lower for `roc_auc`, higher for `rmse`). As a number it guards every metric named in
/// `thresholds` (or, with no thresholds, `roc_auc` for classifiers and `rmse` for
/// regressors); as an object (`{"roc_auc": 0.02, "f1": 0.05}`) it names its metrics.
/// Without a champion it is not checked.
public struct EvaluateParams: Sendable, Codable, Equatable {
    /// Bounds on one metric.
    public struct Bound: Sendable, Codable, Equatable {
        public var min: Double?
        public var max: Double?

        public init(min: Double? = nil, max: Double? = nil) {
            self.min = min
            self.max = max
        }

        private enum CodingKeys: String, CodingKey { case min, max }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            min = try container.decodeIfPresent(Double.self, forKey: .min)
            max = try container.decodeIfPresent(Double.self, forKey: .max)
            guard min != nil || max != nil else {
                throw DecodingError.dataCorruptedError(forKey: .min, in: container, debugDescription: "give min, max or both")
            }
        }
    }

    /// `max_regression`: one allowance for the guarded metrics, or one per metric.
    public enum MaxRegression: Sendable, Codable, Equatable {
        case all(Double)
        case each([String: Double])

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Double.self) {
                guard value >= 0 else {
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "must not be negative, got \(value)")
                }
                self = .all(value)
            } else {
                let values = try container.decode([String: Double].self)
                for (name, value) in values {
                    guard HoldoutMetric(rawValue: name) != nil else {
                        throw DecodingError.dataCorruptedError(
                            in: container, debugDescription: "unknown metric \"\(name)\" (\(EvaluateParams.metricNames))")
                    }
                    guard value >= 0 else {
                        throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(name) must not be negative")
                    }
                }
                self = .each(values)
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .all(let value): try container.encode(value)
            case .each(let values): try container.encode(values)
            }
        }
    }

    public var thresholds: [String: Bound]
    public var maxRegression: MaxRegression?

    public init(thresholds: [String: Bound] = [:], maxRegression: MaxRegression? = nil) {
        self.thresholds = thresholds
        self.maxRegression = maxRegression
    }

    static var metricNames: String { HoldoutMetric.allCases.map(\.rawValue).joined(separator: ", ") }

    private enum CodingKeys: String, CodingKey {
        case thresholds
        case maxRegression = "max_regression"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        thresholds = try container.decodeIfPresent([String: Bound].self, forKey: .thresholds) ?? [:]
        for name in thresholds.keys where HoldoutMetric(rawValue: name) == nil {
            throw DecodingError.dataCorruptedError(
                forKey: .thresholds, in: container, debugDescription: "unknown metric \"\(name)\" (\(Self.metricNames))")
        }
        maxRegression = try container.decodeIfPresent(MaxRegression.self, forKey: .maxRegression)
    }
}
