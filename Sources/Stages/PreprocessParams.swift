/// The params of `retrain-preprocess`.
///
/// ```json
/// {"label": "rain_tomorrow",
///  "features": ["precipitation", "temp_max", "weather"],   // default: all but label and timestamps
///  "categorical": ["weather"],                             // default: the string features
///  "timestamp": "date",                                    // default: the only timestamp column
///  "holdout": {"fraction": 0.2, "by": "time"}}             // or {"fraction": 0.2, "by": "random", "seed": 7}
/// ```
/// `timestamp` is not in the list: it is needed only when the data has more than one
/// timestamp column. `holdout` defaults to `{"fraction": 0.2, "by": "time"}`.
public struct PreprocessParams: Sendable, Codable, Equatable {
    public var label: String
    public var features: [String]?
    public var categorical: [String]?
    public var timestamp: String?
    public var holdout: Holdout

    /// How the holdout rows are chosen: ⌊fraction × rows⌋ of them.
    public enum Holdout: Sendable, Codable, Equatable {
        /// The latest rows by timestamp (ties in input order).
        case time(fraction: Double)
        /// Rows drawn by a seeded shuffle (SplitMix64, Fisher–Yates).
        case random(fraction: Double, seed: UInt64)

        public var fraction: Double {
            switch self {
            case .time(let fraction), .random(let fraction, _): fraction
            }
        }

        private enum CodingKeys: String, CodingKey { case fraction, by, seed }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let fraction = try container.decode(Double.self, forKey: .fraction)
            guard fraction > 0, fraction < 1 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .fraction, in: container, debugDescription: "must be between 0 and 1 (exclusive), got \(fraction)")
            }
            let by = try container.decode(String.self, forKey: .by)
            switch by {
            case "time":
                self = .time(fraction: fraction)
            case "random":
                self = .random(fraction: fraction, seed: try container.decode(UInt64.self, forKey: .seed))
            default:
                throw DecodingError.dataCorruptedError(
                    forKey: .by, in: container, debugDescription: "must be \"time\" or \"random\", got \"\(by)\"")
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(fraction, forKey: .fraction)
            switch self {
            case .time:
                try container.encode("time", forKey: .by)
            case .random(_, let seed):
                try container.encode("random", forKey: .by)
                try container.encode(seed, forKey: .seed)
            }
        }
    }

    public init(label: String, features: [String]? = nil, categorical: [String]? = nil, timestamp: String? = nil,
                holdout: Holdout = .time(fraction: 0.2)) {
        self.label = label
        self.features = features
        self.categorical = categorical
        self.timestamp = timestamp
        self.holdout = holdout
    }

    private enum CodingKeys: String, CodingKey { case label, features, categorical, timestamp, holdout }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        label = try container.decode(String.self, forKey: .label)
        features = try container.decodeIfPresent([String].self, forKey: .features)
        categorical = try container.decodeIfPresent([String].self, forKey: .categorical)
        timestamp = try container.decodeIfPresent(String.self, forKey: .timestamp)
        holdout = try container.decodeIfPresent(Holdout.self, forKey: .holdout) ?? .time(fraction: 0.2)
    }
}
