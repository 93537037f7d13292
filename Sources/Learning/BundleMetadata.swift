/// `metadata.json` of a serving bundle: what the model is, what it was trained on, how it
/// scored, and which stage versions made it.
///
/// The prediction server shows it at `GET /v1/model`; the model card is written from it.
/// Free-form parts (params) are JSON values, everything a program needs is typed.
public struct BundleMetadata: Sendable, Codable, Equatable {
    /// Identifies this JSON layout.
    public static let format = "retrain.bundle-metadata.v1"

    /// The first and last timestamp of a set of rows, and how many there were.
    public struct Span: Sendable, Codable, Equatable {
        /// ISO 8601 (UTC), or nil when no row had a timestamp.
        public var first: String?
        public var last: String?
        public var rows: Int

        public init(first: String?, last: String?, rows: Int) {
            self.first = first
            self.last = last
            self.rows = rows
        }
    }

    /// The data the model was trained and evaluated on.
    public struct DataWindow: Sendable, Codable, Equatable {
        /// The timestamp column the rows were ordered by.
        public var timestampColumn: String
        /// All rows preprocess received.
        public var data: Span
        public var train: Span
        public var holdout: Span

        public init(timestampColumn: String, data: Span, train: Span, holdout: Span) {
            self.timestampColumn = timestampColumn
            self.data = data
            self.train = train
            self.holdout = holdout
        }

        private enum CodingKeys: String, CodingKey {
            case data, train, holdout
            case timestampColumn = "timestamp_column"
        }
    }

    public var format: String = BundleMetadata.format
    /// `logistic_regression` or `ridge`.
    public var algorithm: String
    /// The params of the stages that made the model: `preprocess`, `train`, `evaluate`.
    public var params: [String: FeatureValue]
    /// The label column and its type (`number` or `string`).
    public var label: String
    public var labelType: String
    /// The classes of a classifier (probability order); nil for a regressor.
    public var classes: [ClassLabel]?
    /// The transformed features, as scikit-learn's `get_feature_names_out` spells them.
    public var featureNames: [String]
    public var dataWindow: DataWindow
    /// The holdout metrics evaluate computed.
    public var metrics: [String: Double]
    /// Evaluate's verdict and every failed check.
    public var blessed: Bool
    public var reasons: [String]
    /// Stage executable → version, for every stage that contributed.
    public var stages: [String: String]

    public init(
        algorithm: String, params: [String: FeatureValue], label: String, labelType: String, classes: [ClassLabel]?,
        featureNames: [String], dataWindow: DataWindow, metrics: [String: Double], blessed: Bool, reasons: [String],
        stages: [String: String]
    ) {
        self.algorithm = algorithm
        self.params = params
        self.label = label
        self.labelType = labelType
        self.classes = classes
        self.featureNames = featureNames
        self.dataWindow = dataWindow
        self.metrics = metrics
        self.blessed = blessed
        self.reasons = reasons
        self.stages = stages
    }

    private enum CodingKeys: String, CodingKey {
        case format, algorithm, params, label, classes, metrics, blessed, reasons, stages
        case labelType = "label_type"
        case featureNames = "feature_names"
        case dataWindow = "data_window"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(String.self, forKey: .format)
        guard format == Self.format else {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: container, debugDescription: "unsupported metadata format '\(format)'")
        }
        algorithm = try container.decode(String.self, forKey: .algorithm)
        params = try container.decode([String: FeatureValue].self, forKey: .params)
        label = try container.decode(String.self, forKey: .label)
        labelType = try container.decode(String.self, forKey: .labelType)
        classes = try container.decodeIfPresent([ClassLabel].self, forKey: .classes)
        featureNames = try container.decode([String].self, forKey: .featureNames)
        dataWindow = try container.decode(DataWindow.self, forKey: .dataWindow)
        metrics = try container.decode([String: Double].self, forKey: .metrics)
        blessed = try container.decode(Bool.self, forKey: .blessed)
        reasons = try container.decode([String].self, forKey: .reasons)
        stages = try container.decode([String: String].self, forKey: .stages)
    }
}
