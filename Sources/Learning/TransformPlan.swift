/// A ``ColumnTransform`` bound to the columns it transforms: the inputs checked and looked up
/// once, then any output column filled for any rows.
///
/// Both the whole-matrix and the block-by-block transform fill through here, so they give
/// the same values.
struct TransformPlan {
    let rows: Int
    let width: Int
    /// Output columns of the numeric block.
    private let kept: Int
    private let transform: ColumnTransform
    private let numeric: [[Double]]
    /// Category index of every categorical cell, computed once per input column.
    private let codes: [[Int?]]
    /// What each output column holds: a numeric source column, or a category of a categorical one.
    private let blocks: [(column: Int, category: Int?)]

    init(_ transform: ColumnTransform, _ columns: [FeatureColumn]) throws {
        var byName = [String: FeatureColumn]()
        for column in columns where byName.updateValue(column, forKey: column.name) != nil {
            throw LearningError.duplicateColumn(column.name)
        }
        self.transform = transform
        let required = transform.numericColumns + transform.categoricalColumns
        guard let first = required.first else {
            rows = columns.first?.count ?? 0
            width = 0
            kept = 0
            numeric = []
            codes = []
            blocks = []
            return
        }
        guard let rows = byName[first]?.count else { throw LearningError.missingColumn(first) }
        var numeric = [[Double]]()
        for name in transform.numericColumns {
            guard let column = byName[name] else { throw LearningError.missingColumn(name) }
            guard case .numeric(_, let values) = column else {
                throw LearningError.wrongColumnKind(name, expected: "numeric")
            }
            guard values.count == rows else { throw LearningError.lengthMismatch(name, expected: rows, actual: values.count) }
            numeric.append(values)
        }
        var categorical = [[String?]]()
        for name in transform.categoricalColumns {
            guard let column = byName[name] else { throw LearningError.missingColumn(name) }
            guard case .categorical(_, let values) = column else {
                throw LearningError.wrongColumnKind(name, expected: "categorical")
            }
            guard values.count == rows else { throw LearningError.lengthMismatch(name, expected: rows, actual: values.count) }
            categorical.append(values)
        }
        var blocks = [(column: Int, category: Int?)]()
        for source in transform.imputer.keptColumns { blocks.append((source, nil)) }
        for index in transform.categoricalColumns.indices {
            for category in 0..<transform.encoder.width(column: index) { blocks.append((index, category)) }
        }
        let encoder = transform.encoder
        self.rows = rows
        self.width = blocks.count
        self.kept = transform.imputer.keptColumns.count
        self.numeric = numeric
        self.blocks = blocks
        self.codes = categorical.enumerated().map { index, values in
            values.map { encoder.categoryIndex(of: $0, column: index) }
        }
    }

    /// Computes output column `output` for `rows` and hands each value to `write(row, value)`.
    @inline(__always)
    func fill(output: Int, rows: Range<Int>, _ write: (Int, Double) -> Void) {
        if output < kept {
            let source = blocks[output].column
            let fill = transform.imputer.statistics[source] ?? 0
            let mean = transform.scaler.means[output]
            let scale = transform.scaler.scales[output]
            numeric[source].withUnsafeBufferPointer { values in
                for row in rows {
                    let value = values[row].isNaN ? fill : values[row]
                    write(row, (value - mean) / scale)
                }
            }
        } else {
            let (column, category) = blocks[output]
            let columnCodes = codes[column]
            for row in rows { write(row, columnCodes[row] == category ? 1 : 0) }
        }
    }
}
