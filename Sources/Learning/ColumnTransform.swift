public import Foundation

/// The fitted feature transform saved as `transform.json`: scikit-learn's
/// `ColumnTransformer([("num", Pipeline([SimpleImputer(strategy="mean"), StandardScaler()]), numeric),
/// ("cat", OneHotEncoder(handle_unknown="ignore"), categorical)])`.
///
/// Output columns: the numeric block first (input order, all-missing columns dropped), then
/// the categorical block (input order, each column expanded to its sorted categories) — the
/// order in which ColumnTransformer concatenates its transformers. Columns of the input that
/// the transform was not fitted on are ignored (`remainder="drop"`).
///
/// The JSON is stable: sorted keys, shortest round-trip numbers, scikit-learn's attribute
/// names (`statistics`, `mean`, `var`, `scale`, `categories`), `null` for the missing
/// category and for the statistic of a dropped column, and a `format` tag for later changes.
public struct ColumnTransform: Sendable, Codable, Equatable {
    /// Identifies this JSON layout.
    public static let format = "retrain.column-transform.v1"

    /// Names of the numeric input columns, in fit order.
    public let numericColumns: [String]
    /// Mean imputation of the numeric columns.
    public let imputer: MeanImputer
    /// Scaling of the numeric columns the imputer keeps.
    public let scaler: StandardScaler
    /// Names of the categorical input columns, in fit order.
    public let categoricalColumns: [String]
    /// One-hot encoding of the categorical columns.
    public let encoder: OneHotEncoder

    public init(
        numericColumns: [String], imputer: MeanImputer, scaler: StandardScaler, categoricalColumns: [String],
        encoder: OneHotEncoder
    ) {
        self.numericColumns = numericColumns
        self.imputer = imputer
        self.scaler = scaler
        self.categoricalColumns = categoricalColumns
        self.encoder = encoder
    }

    /// Fits on the training columns; numeric and categorical columns may come in any order.
    public static func fit(_ columns: [FeatureColumn]) throws -> ColumnTransform {
        var names = Set<String>()
        for column in columns where !names.insert(column.name).inserted {
            throw LearningError.duplicateColumn(column.name)
        }
        let rows = columns.first?.count ?? 0
        for column in columns where column.count != rows {
            throw LearningError.lengthMismatch(column.name, expected: rows, actual: column.count)
        }
        var numericNames = [String]()
        var numericValues = [[Double]]()
        var categoricalNames = [String]()
        var categoricalValues = [[String?]]()
        for column in columns {
            switch column {
            case .numeric(let name, let values):
                numericNames.append(name)
                numericValues.append(values)
            case .categorical(let name, let values):
                categoricalNames.append(name)
                categoricalValues.append(values)
            }
        }
        let imputer = MeanImputer.fit(numericValues)
        // The scaler is fitted on the imputed columns, read through the imputation.
        let statistics = imputer.keptColumns.map { index in
            let fill = imputer.statistics[index] ?? 0
            return numericValues[index].withUnsafeBufferPointer { x in
                StandardScaler.columnStatistics(count: x.count) { x[$0].isNaN ? fill : x[$0] }
            }
        }
        let scaler = StandardScaler(
            means: statistics.map(\.mean), variances: statistics.map(\.variance), scales: statistics.map(\.scale))
        return ColumnTransform(
            numericColumns: numericNames, imputer: imputer, scaler: scaler,
            categoricalColumns: categoricalNames, encoder: OneHotEncoder.fit(categoricalValues))
    }

    /// Width of the feature matrix.
    public var featureCount: Int {
        imputer.keptColumns.count + categoricalColumns.indices.reduce(0) { $0 + encoder.width(column: $1) }
    }

    /// Output column names as scikit-learn's `get_feature_names_out` spells them
    /// (`num__x`, `cat__city_Paris`; the missing category is `nan`).
    public var featureNames: [String] {
        imputer.keptColumns.map { "num__\(numericColumns[$0])" }
            + categoricalColumns.indices.flatMap { index in
                encoder.categories[index].map { "cat__\(categoricalColumns[index])_\($0 ?? "nan")" }
            }
    }

    /// Transforms columns into the feature matrix. Every fitted column must be present, with
    /// the kind it was fitted with and the same number of rows; other columns are ignored.
    public func transform(_ columns: [FeatureColumn]) throws -> DenseMatrix {
        let plan = try TransformPlan(self, columns)
        return DenseMatrix(rows: plan.rows, columns: plan.width) { output, destination in
            plan.fill(output: output, rows: destination.rows) { row, value in destination[row] = value }
        }
    }

    /// Transforms columns block by block without building the whole matrix: `body` receives
    /// each block's row range and its row-major features (`range.count × featureCount`),
    /// the same values ``transform(_:)`` would put in those rows. For writing a large feature
    /// matrix straight to a file.
    public func transform(
        _ columns: [FeatureColumn], blockRows: Int = 4096,
        _ body: (Range<Int>, UnsafeBufferPointer<Double>) throws -> Void
    ) throws {
        let plan = try TransformPlan(self, columns)
        let width = plan.width
        let blockRows = max(1, blockRows)
        let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(1, blockRows * width))
        defer { buffer.deallocate() }
        for start in stride(from: 0, to: plan.rows, by: blockRows) {
            let block = start..<min(start + blockRows, plan.rows)
            for output in 0..<width {
                plan.fill(output: output, rows: block) { row, value in buffer[(row - start) * width + output] = value }
            }
            try body(block, UnsafeBufferPointer(rebasing: buffer[0..<(block.count * width)]))
        }
    }

    // MARK: JSON

    private enum CodingKeys: String, CodingKey {
        case format, numeric, categorical
    }

    private enum NumericKeys: String, CodingKey { case columns, imputer, scaler }
    private enum CategoricalKeys: String, CodingKey { case columns, encoder }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let format = try container.decode(String.self, forKey: .format)
        guard format == Self.format else {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: container, debugDescription: "unsupported transform format '\(format)'")
        }
        let numeric = try container.nestedContainer(keyedBy: NumericKeys.self, forKey: .numeric)
        let categorical = try container.nestedContainer(keyedBy: CategoricalKeys.self, forKey: .categorical)
        self.init(
            numericColumns: try numeric.decode([String].self, forKey: .columns),
            imputer: try numeric.decode(MeanImputer.self, forKey: .imputer),
            scaler: try numeric.decode(StandardScaler.self, forKey: .scaler),
            categoricalColumns: try categorical.decode([String].self, forKey: .columns),
            encoder: try categorical.decode(OneHotEncoder.self, forKey: .encoder))
        guard imputer.statistics.count == numericColumns.count,
            scaler.scales.count == imputer.keptColumns.count,
            encoder.categories.count == categoricalColumns.count
        else {
            throw DecodingError.dataCorruptedError(
                forKey: .numeric, in: container, debugDescription: "column counts of the transform disagree")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.format, forKey: .format)
        var numeric = container.nestedContainer(keyedBy: NumericKeys.self, forKey: .numeric)
        try numeric.encode(numericColumns, forKey: .columns)
        try numeric.encode(imputer, forKey: .imputer)
        try numeric.encode(scaler, forKey: .scaler)
        var categorical = container.nestedContainer(keyedBy: CategoricalKeys.self, forKey: .categorical)
        try categorical.encode(categoricalColumns, forKey: .columns)
        try categorical.encode(self.encoder, forKey: .encoder)
    }

    /// The deterministic `transform.json` bytes (sorted keys, no whitespace variance).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
