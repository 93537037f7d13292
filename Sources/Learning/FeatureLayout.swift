/// Where each input field lands in a feature row, and the arithmetic that puts it there:
/// impute, scale, one-hot, exactly as ``ColumnTransform`` encodes a table row.
///
/// ``InferenceModule`` encodes instances it is handed whole (records, dictionaries) and
/// ``FeatureRowEncoder`` encodes values it is handed one field at a time (the prediction server
/// reading a request's bytes); both write through this one layout, so a value lands in the same
/// column with the same bits whichever way it came. A class, so an encoder made per request
/// holds one reference rather than copying every table. Immutable, hence `Sendable`.
final class FeatureLayout: Sendable {
    struct NumericSlot: Sendable {
        let name: String
        /// Output column, or -1 for a column the imputer dropped (all missing in training).
        let output: Int
        let fill: Double
        let mean: Double
        let scale: Double

        /// Writes `number` (nil: missing, so the imputed value) into its column of `row`.
        @inline(__always)
        func write(_ number: Double?, into row: UnsafeMutablePointer<Double>) {
            if output >= 0 { row[output] = ((number ?? fill) - mean) / scale }
        }
    }

    struct CategoricalSlot: Sendable {
        let name: String
        /// Column index in the transform's encoder.
        let column: Int
        /// First output column of this field's indicators.
        let offset: Int
        let width: Int

        /// Writes the indicators of category `category` (nil: unseen, all zeros) into `row`.
        @inline(__always)
        func write(category: Int?, into row: UnsafeMutablePointer<Double>) {
            (row + offset).update(repeating: 0, count: width)
            if let category { row[offset + category] = 1 }
        }
    }

    let numeric: [NumericSlot]
    let categorical: [CategoricalSlot]
    let fieldNames: Set<String>
    /// Every field's name as UTF-8, numeric fields first, then categorical: a field's position
    /// here is its index for ``FeatureRowEncoder``.
    let nameBytes: [[UInt8]]
    /// The width of an encoded row.
    let featureCount: Int
    let encoder: OneHotEncoder

    init(transform: ColumnTransform) {
        let kept = transform.imputer.keptColumns
        var outputOf = [Int](repeating: -1, count: transform.numericColumns.count)
        for (output, source) in kept.enumerated() { outputOf[source] = output }
        numeric = transform.numericColumns.enumerated().map { source, name in
            let output = outputOf[source]
            return NumericSlot(
                name: name, output: output, fill: transform.imputer.statistics[source] ?? 0,
                mean: output >= 0 ? transform.scaler.means[output] : 0,
                scale: output >= 0 ? transform.scaler.scales[output] : 1)
        }
        var offset = kept.count
        var slots = [CategoricalSlot]()
        for (column, name) in transform.categoricalColumns.enumerated() {
            let width = transform.encoder.width(column: column)
            slots.append(CategoricalSlot(name: name, column: column, offset: offset, width: width))
            offset += width
        }
        categorical = slots
        featureCount = offset
        fieldNames = Set(transform.numericColumns + transform.categoricalColumns)
        nameBytes = (transform.numericColumns + transform.categoricalColumns).map { Array($0.utf8) }
        encoder = transform.encoder
    }

    /// The number of input fields.
    var fieldCount: Int { nameBytes.count }

    /// The index of the field named by `bytes`, trying `hint` first; nil for an unknown name.
    func field(named bytes: UnsafeRawBufferPointer, hint: Int) -> Int? {
        if hint < nameBytes.count, nameBytes[hint].equalsBytes(bytes) { return hint }
        return nameBytes.firstIndex { $0.equalsBytes(bytes) }
    }

    /// Writes the indicators of categorical slot `slot` for the category spelled by the UTF-8
    /// `bytes` (nil: the missing value) into `row`: the encoder's category for it, or all zeros
    /// when training never saw it.
    func writeCategory(utf8 bytes: UnsafeRawBufferPointer?, slot: Int, into row: UnsafeMutablePointer<Double>) {
        let column = categorical[slot].column
        let category: Int?
        if let bytes {
            category = encoder.categoryIndex(utf8: bytes, column: column)
        } else {
            category = encoder.categoryIndex(of: nil, column: column)
        }
        categorical[slot].write(category: category, into: row)
    }
}
