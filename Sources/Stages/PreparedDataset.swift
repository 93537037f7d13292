import Foundation
public import Learning
import StageContract

/// `dataset.json`: what preprocess wrote and how to read it — the contract between
/// preprocess and train, evaluate and build.
///
/// ```
/// DATA/
///   dataset.json         this description
///   transform.json       the fitted ColumnTransform
///   train/features.f64   train rows × feature_names, row-major little-endian doubles
///   train/labels/        a table directory with the label column
///   holdout/features.f64
///   holdout/labels/
///   holdout/raw/         the raw holdout rows (timestamp, features, label), for the skew
///                        check and for scoring the champion through its own bundle
///   metrics.json
/// ```
/// Rows of train and holdout keep the input order.
public struct PreparedDataset: Sendable, Codable, Equatable {
    /// Identifies this JSON layout.
    public static let format = "retrain.dataset.v1"

    /// Paths inside a preprocess output.
    public enum Path {
        public static let description = "dataset.json"
        public static let transform = "transform.json"
        public static let trainFeatures = "train/features.f64"
        public static let trainLabels = "train/labels"
        public static let holdoutFeatures = "holdout/features.f64"
        public static let holdoutLabels = "holdout/labels"
        public static let holdoutRaw = "holdout/raw"
    }

    public var format = PreparedDataset.format
    /// The label column and its type (`number` or `string`).
    public var label: String
    public var labelType: ColumnType
    /// Numeric and categorical input columns, in the transform's order.
    public var numeric: [String]
    public var categorical: [String]
    /// The columns of the feature matrices (scikit-learn's `get_feature_names_out`).
    public var featureNames: [String]
    /// Timestamps and row counts of all rows, the train rows and the holdout rows.
    public var window: BundleMetadata.DataWindow
    /// Preprocess's params with defaults filled in.
    public var params: FeatureValue
    public var stage: StageIdentity

    public init(
        label: String, labelType: ColumnType, numeric: [String], categorical: [String], featureNames: [String],
        window: BundleMetadata.DataWindow, params: FeatureValue, stage: StageIdentity
    ) {
        self.label = label
        self.labelType = labelType
        self.numeric = numeric
        self.categorical = categorical
        self.featureNames = featureNames
        self.window = window
        self.params = params
        self.stage = stage
    }

    private enum CodingKeys: String, CodingKey {
        case format, label, numeric, categorical, window, params, stage
        case labelType = "label_type"
        case featureNames = "feature_names"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(String.self, forKey: .format)
        guard format == Self.format else {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: container, debugDescription: "unsupported dataset format '\(format)'")
        }
        label = try container.decode(String.self, forKey: .label)
        labelType = try container.decode(ColumnType.self, forKey: .labelType)
        numeric = try container.decode([String].self, forKey: .numeric)
        categorical = try container.decode([String].self, forKey: .categorical)
        featureNames = try container.decode([String].self, forKey: .featureNames)
        window = try container.decode(BundleMetadata.DataWindow.self, forKey: .window)
        params = try container.decode(FeatureValue.self, forKey: .params)
        stage = try container.decode(StageIdentity.self, forKey: .stage)
    }
}

/// A preprocess output given as a stage input: its description and readers for its parts.
struct DatasetInput {
    let directory: URL
    let input: String
    let dataset: PreparedDataset

    init(directory: URL, input: String) throws {
        self.directory = directory
        self.input = input
        self.dataset = try StageFiles.decode(PreparedDataset.self, PreparedDataset.Path.description, in: directory, input: input)
    }

    func transform() throws -> ColumnTransform {
        let transform = try StageFiles.decode(ColumnTransform.self, PreparedDataset.Path.transform, in: directory, input: input)
        guard transform.featureNames == dataset.featureNames else {
            throw StageFailure.badInput("--input \(input): transform.json does not make the features dataset.json lists")
        }
        return transform
    }

    func trainFeatures() throws -> DenseMatrix {
        try features(PreparedDataset.Path.trainFeatures, rows: dataset.window.train.rows)
    }

    func holdoutFeatures() throws -> DenseMatrix {
        try features(PreparedDataset.Path.holdoutFeatures, rows: dataset.window.holdout.rows)
    }

    func trainLabels() throws -> Column {
        try labels(PreparedDataset.Path.trainLabels, rows: dataset.window.train.rows)
    }

    func holdoutLabels() throws -> Column {
        try labels(PreparedDataset.Path.holdoutLabels, rows: dataset.window.holdout.rows)
    }

    /// The raw holdout rows.
    func holdoutRows() throws -> Table {
        let table = try StageFiles.reading("--input \(input): \(PreparedDataset.Path.holdoutRaw)") {
            try Table(contentsOfDirectory: directory.appendingPathComponent(PreparedDataset.Path.holdoutRaw, isDirectory: true))
        }
        guard table.rowCount == dataset.window.holdout.rows else {
            throw StageFailure.badInput(
                "--input \(input): \(PreparedDataset.Path.holdoutRaw) has \(table.rowCount) rows, dataset.json says \(dataset.window.holdout.rows)")
        }
        return table
    }

    private func features(_ path: String, rows: Int) throws -> DenseMatrix {
        try StageFiles.reading("--input \(input): \(path)") {
            try FeatureMatrixFile.read(directory.appendingPathComponent(path).path, rows: rows, columns: dataset.featureNames.count)
        }
    }

    private func labels(_ path: String, rows: Int) throws -> Column {
        let table = try StageFiles.reading("--input \(input): \(path)") {
            try Table(contentsOfDirectory: directory.appendingPathComponent(path, isDirectory: true))
        }
        guard let column = table.column(named: dataset.label), table.rowCount == rows, column.type == dataset.labelType else {
            throw StageFailure.badInput("--input \(input): \(path) does not hold \(rows) \(dataset.labelType.rawValue) labels '\(dataset.label)'")
        }
        return column
    }
}
