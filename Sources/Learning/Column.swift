/// One named column of a `Table`: its values, stored by type.
///
/// Numbers and timestamps are plain arrays with a sentinel for missing values (NaN and
/// `Int64.min`) so that they can be written to and read from disk as one block of bytes.
public struct Column: Sendable, Hashable {
    /// The values of a column, by type.
    public enum Values: Sendable, Hashable {
        /// Numbers; NaN is missing.
        case number([Double])
        /// Microseconds since the Unix epoch; `Column.missingTimestamp` is missing.
        case timestamp([Int64])
        /// Dictionary-encoded strings.
        case string(StringColumn)
    }

    /// The stored value of a missing timestamp.
    public static let missingTimestamp = Int64.min

    /// The column's name, unique in its table.
    public let name: String
    /// The values.
    public let values: Values

    public init(name: String, values: Values) {
        self.name = name
        self.values = values
    }

    /// A number column; NaN marks missing values.
    public static func number(_ name: String, _ values: [Double]) -> Column {
        Column(name: name, values: .number(values))
    }

    /// A timestamp column of microseconds since the epoch; nil marks missing values.
    public static func timestamp(_ name: String, _ values: [Int64?]) -> Column {
        Column(name: name, values: .timestamp(values.map { $0 ?? missingTimestamp }))
    }

    /// A string column; nil marks missing values.
    public static func string(_ name: String, _ values: [String?]) -> Column {
        Column(name: name, values: .string(StringColumn(values)))
    }

    /// The column's type.
    public var type: ColumnType {
        switch values {
        case .number: .number
        case .timestamp: .timestamp
        case .string: .string
        }
    }

    /// The number of rows.
    public var count: Int {
        switch values {
        case .number(let values): values.count
        case .timestamp(let values): values.count
        case .string(let column): column.count
        }
    }

    /// The number of missing values.
    public var missingCount: Int {
        switch values {
        case .number(let values): values.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
        case .timestamp(let values): values.reduce(0) { $0 + ($1 == Column.missingTimestamp ? 1 : 0) }
        case .string(let column): column.codes.reduce(0) { $0 + ($1 == StringColumn.missing ? 1 : 0) }
        }
    }

    /// The numbers, or nil when this is not a number column.
    public var numbers: [Double]? {
        if case .number(let values) = values { return values }
        return nil
    }

    /// The timestamps (microseconds since the epoch, `missingTimestamp` for missing), or nil
    /// when this is not a timestamp column.
    public var timestamps: [Int64]? {
        if case .timestamp(let values) = values { return values }
        return nil
    }

    /// The strings, or nil when this is not a string column.
    public var strings: StringColumn? {
        if case .string(let column) = values { return column }
        return nil
    }

    /// The rows at `indices`, in that order (indices may repeat).
    public func taking(rows indices: [Int]) -> Column {
        switch values {
        case .number(let values):
            Column(name: name, values: .number(indices.map { values[$0] }))
        case .timestamp(let values):
            Column(name: name, values: .timestamp(indices.map { values[$0] }))
        case .string(let column):
            Column(name: name, values: .string(StringColumn(
                uncheckedDictionary: column.dictionary, codes: indices.map { column.codes[$0] }
            )))
        }
    }
}
