public import Foundation
import Learning
import StageContract

/// Step 2 of the pattern: picks the columns, splits train and holdout, fits the feature
/// transform on the train rows only, and writes everything train, evaluate and build read
/// (layout in ``PreparedDataset``).
///
/// Bad input exits 65 naming the column: a named column that does not exist, a label with
/// one class in the training rows, a label with missing values, a column of the wrong type
/// for its role. No rows exits 3.
public struct Preprocessor: Sendable {
    public let params: PreprocessParams
    /// Collect's output: a table directory.
    public let data: URL
    public let output: URL

    public init(params: PreprocessParams, data: URL, output: URL) {
        self.params = params
        self.data = data
        self.output = output
    }

    /// What preprocess decided about the columns.
    struct Roles {
        var label: Column
        var timestamp: String
        var numeric: [String]
        var categorical: [String]
    }

    public func run(progress: (String) -> Void = { _ in }) throws {
        let table = try StageFiles.reading("--input data") { try Table(contentsOfDirectory: data) }
        guard table.rowCount > 0 else { throw StageFailure.noData("the data has no rows") }
        let roles = try Self.roles(of: table, params: params)
        let timestamps = try StageFiles.reading("--input data") { try table.timestamps(roles.timestamp) }

        let rows = table.rowCount
        let holdoutCount = HoldoutSplit.holdoutCount(rows: rows, fraction: params.holdout.fraction)
        guard holdoutCount > 0 else {
            throw StageFailure.badInput("holdout fraction \(params.holdout.fraction) of \(rows) rows leaves no holdout row")
        }
        guard holdoutCount < rows else {
            throw StageFailure.badInput("holdout fraction \(params.holdout.fraction) of \(rows) rows leaves no training row")
        }
        let split = HoldoutSplit.make(rows: rows, holdout: params.holdout, timestamps: timestamps)

        let featureNames = roles.numeric + roles.categorical
        let trainTable = try table.selecting(columns: featureNames + [roles.label.name]).taking(rows: split.train)
        let trainLabels = try trainTable.requireColumn(roles.label.name)
        try Self.checkClasses(trainLabels, rows: split.train.count)
        let trainColumns = try Self.featureColumns(trainTable, roles)
        let transform = try StageFiles.reading("fitting the transform") { try ColumnTransform.fit(trainColumns) }
        progress("split \(rows) rows: \(split.train.count) train, \(split.holdout.count) holdout (\(Self.describe(params.holdout)))")

        try StageFiles.write(transform, PreparedDataset.Path.transform, in: output)
        _ = try StageFiles.makeDirectory("train", in: output)
        _ = try StageFiles.makeDirectory("holdout", in: output)
        try StageFiles.writing(PreparedDataset.Path.trainFeatures) {
            try FeatureMatrixFile.write(trainColumns, transform: transform, to: path(PreparedDataset.Path.trainFeatures))
        }
        try writeTable(try Table(columns: [trainLabels]), PreparedDataset.Path.trainLabels)

        let holdoutRaw = try table.selecting(columns: table.columnNames.filter {
            $0 == roles.timestamp || $0 == roles.label.name || featureNames.contains($0)
        }).taking(rows: split.holdout)
        try StageFiles.writing(PreparedDataset.Path.holdoutFeatures) {
            try FeatureMatrixFile.write(
                try Self.featureColumns(holdoutRaw, roles), transform: transform, to: path(PreparedDataset.Path.holdoutFeatures))
        }
        try writeTable(try Table(columns: [try holdoutRaw.requireColumn(roles.label.name)]), PreparedDataset.Path.holdoutLabels)
        try writeTable(holdoutRaw, PreparedDataset.Path.holdoutRaw)

        let window = BundleMetadata.DataWindow(
            timestampColumn: roles.timestamp,
            data: Self.span(timestamps, rows: 0..<rows),
            train: Self.span(timestamps, indices: split.train),
            holdout: Self.span(timestamps, indices: split.holdout))
        var resolved = params
        resolved.features = featureNames
        resolved.categorical = roles.categorical
        resolved.timestamp = roles.timestamp
        let dataset = PreparedDataset(
            label: roles.label.name, labelType: roles.label.type, numeric: roles.numeric, categorical: roles.categorical,
            featureNames: transform.featureNames, window: window, params: try FeatureValue.converting(resolved),
            stage: .preprocess)
        try StageFiles.write(dataset, PreparedDataset.Path.description, in: output)

        var metrics = Metrics()
        metrics["train_rows"] = .integer(split.train.count)
        metrics["holdout_rows"] = .integer(split.holdout.count)
        metrics["features"] = .integer(transform.featureCount)
        for column in table.columns {
            metrics["missing.\(column.name)"] = .integer(column.missingCount)
        }
        // Drift, window by window (the report's data section): every feature's missing share,
        // and each numeric feature's mean over the window's non-missing values.
        for name in featureNames {
            guard let column = table.column(named: name) else { continue }
            metrics["missing_share.\(name)"] = .number(rows == 0 ? 0 : Double(column.missingCount) / Double(rows))
            if let values = column.numbers {
                let present = values.filter { !$0.isNaN }
                if !present.isEmpty { metrics["mean.\(name)"] = .number(present.reduce(0, +) / Double(present.count)) }
            }
        }
        try StageFiles.writing("metrics.json") { try metrics.write(toDirectory: output) }
        progress("fitted the transform: \(roles.numeric.count) numeric, \(roles.categorical.count) categorical columns -> \(transform.featureCount) features")
    }

    private func path(_ relative: String) -> String {
        output.appendingPathComponent(relative).path
    }

    private func writeTable(_ table: Table, _ relative: String) throws {
        let directory = try StageFiles.makeDirectory(relative, in: output)
        try StageFiles.writing(relative) { try table.write(toDirectory: directory) }
    }

    // MARK: Columns and their roles

    static func roles(of table: Table, params: PreprocessParams) throws -> Roles {
        let names = table.columnNames
        func require(_ name: String, as role: String) throws -> Column {
            guard let column = table.column(named: name) else {
                throw StageFailure.badInput("\(role) column '\(name)' does not exist (columns: \(names.joined(separator: ", ")))")
            }
            return column
        }
        let label = try require(params.label, as: "label")
        guard label.type != .timestamp else {
            throw StageFailure.badInput("label column '\(label.name)' is a timestamp; a label must be numbers or strings")
        }
        if label.missingCount > 0 {
            let first = (0..<label.count).first { row in Self.isMissing(label, row: row) } ?? 0
            throw StageFailure.badInput(
                "label column '\(label.name)' is missing in \(label.missingCount) rows (first: row \(first + 1)); drop or fill them before training")
        }

        let timestampColumns = table.columns.filter { $0.type == .timestamp }.map(\.name)
        let timestamp: String
        if let named = params.timestamp {
            let column = try require(named, as: "timestamp")
            guard column.type == .timestamp else {
                throw StageFailure.badInput("timestamp column '\(named)' is a \(column.type.rawValue) column, not a timestamp")
            }
            timestamp = named
        } else if timestampColumns.count == 1 {
            timestamp = timestampColumns[0]
        } else if timestampColumns.isEmpty {
            throw StageFailure.badInput("the data has no timestamp column (collect writes one)")
        } else {
            throw StageFailure.badInput(
                "the data has several timestamp columns (\(timestampColumns.joined(separator: ", "))): name one with \"timestamp\"")
        }

        let features = params.features ?? names.filter { $0 != label.name && !timestampColumns.contains($0) }
        var seen = Set<String>()
        for name in features {
            let column = try require(name, as: "feature")
            guard seen.insert(name).inserted else { throw StageFailure.badInput("feature column '\(name)' is listed twice") }
            guard name != label.name else { throw StageFailure.badInput("feature column '\(name)' is the label") }
            guard column.type != .timestamp else {
                throw StageFailure.badInput("feature column '\(name)' is a timestamp; features must be numbers or strings")
            }
        }
        guard !features.isEmpty else { throw StageFailure.badInput("no feature columns: the data holds only the label and timestamps") }
        let categorical = params.categorical ?? features.filter { table.column(named: $0)?.type == .string }
        for name in categorical {
            let column = try require(name, as: "categorical")
            guard features.contains(name) else {
                throw StageFailure.badInput("categorical column '\(name)' is not one of the features")
            }
            guard column.type == .string else {
                throw StageFailure.badInput("categorical column '\(name)' is a \(column.type.rawValue) column; categorical columns must be strings")
            }
        }
        let numeric = features.filter { !categorical.contains($0) }
        for name in numeric where table.column(named: name)?.type != .number {
            throw StageFailure.badInput("feature column '\(name)' is a string column: list it in \"categorical\" or leave it out of \"features\"")
        }
        return Roles(label: label, timestamp: timestamp, numeric: numeric, categorical: categorical.filter { seen.contains($0) })
    }

    static func featureColumns(_ table: Table, _ roles: Roles) throws -> [FeatureColumn] {
        try roles.numeric.map { .numeric(name: $0, values: try table.numbers($0)) }
            + roles.categorical.map { .categorical(name: $0, values: try table.strings($0).values) }
    }

    /// A classifier needs two classes; so does any label worth learning.
    static func checkClasses(_ label: Column, rows: Int) throws {
        let first: String?
        let isConstant: Bool
        switch label.values {
        case .number(let values):
            first = values.first.map { ClassLabel.number($0).description }
            isConstant = values.allSatisfy { $0 == values.first }
        case .string(let strings):
            first = strings.codes.first.map { strings.dictionary[Int($0)] }
            isConstant = strings.codes.allSatisfy { $0 == strings.codes[0] }
        case .timestamp:
            return
        }
        if isConstant {
            throw StageFailure.badInput(
                "label column '\(label.name)' has one class (\(first ?? "")) in the \(rows) training rows; a model needs two or more")
        }
    }

    static func isMissing(_ column: Column, row: Int) -> Bool {
        switch column.values {
        case .number(let values): values[row].isNaN
        case .timestamp(let values): values[row] == Column.missingTimestamp
        case .string(let strings): strings.codes[row] == StringColumn.missing
        }
    }

    static func span(_ timestamps: [Int64], rows: Range<Int>) -> BundleMetadata.Span {
        span(timestamps, indices: rows)
    }

    static func span(_ timestamps: [Int64], indices: some Collection<Int>) -> BundleMetadata.Span {
        var lowest = Int64.max
        var highest = Int64.min
        for row in indices where timestamps[row] != Column.missingTimestamp {
            lowest = min(lowest, timestamps[row])
            highest = max(highest, timestamps[row])
        }
        let any = lowest <= highest
        return BundleMetadata.Span(
            first: any ? TimestampParser.format(lowest) : nil, last: any ? TimestampParser.format(highest) : nil,
            rows: indices.count)
    }

    static func describe(_ holdout: PreprocessParams.Holdout) -> String {
        switch holdout {
        case .time(let fraction): "latest \(fraction) by time"
        case .random(let fraction, let seed): "random \(fraction), seed \(seed)"
        }
    }
}
