/// A columnar table: named, typed columns of equal length.
///
/// The dataset that flows between stages: collect writes one, preprocess reads it. Columns
/// keep their order (the source's), names are unique, and every column has `rowCount`
/// values. On disk it is the directory format described in `docs/columnar-format.md`
/// (`init(contentsOfDirectory:)`, `write(toDirectory:)`).
public struct Table: Sendable, Hashable {
    /// The columns, in order.
    public let columns: [Column]
    /// The number of rows.
    public let rowCount: Int

    /// Builds a table; throws if names repeat or lengths differ.
    public init(columns: [Column]) throws(TableError) {
        var names = Set<String>()
        for column in columns where !names.insert(column.name).inserted {
            throw TableError.duplicateColumn(column.name)
        }
        let rowCount = columns.first?.count ?? 0
        for column in columns where column.count != rowCount {
            throw TableError.lengthMismatch(column: column.name, count: column.count, expected: rowCount)
        }
        self.columns = columns
        self.rowCount = rowCount
    }

    /// The column names, in order.
    public var columnNames: [String] { columns.map(\.name) }

    /// The column called `name`, or nil.
    public func column(named name: String) -> Column? {
        columns.first { $0.name == name }
    }

    /// The column called `name`, or an error naming it.
    public func requireColumn(_ name: String) throws(TableError) -> Column {
        guard let column = column(named: name) else { throw TableError.noSuchColumn(name) }
        return column
    }

    /// The numbers of the number column `name` (NaN for missing).
    public func numbers(_ name: String) throws(TableError) -> [Double] {
        let column = try requireColumn(name)
        guard let values = column.numbers else {
            throw TableError.wrongType(column: name, type: column.type, expected: .number)
        }
        return values
    }

    /// The timestamps of the timestamp column `name` (microseconds since the epoch,
    /// `Column.missingTimestamp` for missing).
    public func timestamps(_ name: String) throws(TableError) -> [Int64] {
        let column = try requireColumn(name)
        guard let values = column.timestamps else {
            throw TableError.wrongType(column: name, type: column.type, expected: .timestamp)
        }
        return values
    }

    /// The strings of the string column `name`.
    public func strings(_ name: String) throws(TableError) -> StringColumn {
        let column = try requireColumn(name)
        guard let values = column.strings else {
            throw TableError.wrongType(column: name, type: column.type, expected: .string)
        }
        return values
    }

    /// The rows at `indices`, in that order; indices may repeat.
    public func taking(rows indices: [Int]) throws(TableError) -> Table {
        if let bad = indices.first(where: { $0 < 0 || $0 >= rowCount }) {
            throw TableError.rowOutOfRange(row: bad, rowCount: rowCount)
        }
        return try Table(columns: columns.map { $0.taking(rows: indices) })
    }

    /// The named columns, in the order given.
    public func selecting(columns names: [String]) throws(TableError) -> Table {
        var selected: [Column] = []
        for name in names {
            selected.append(try requireColumn(name))
        }
        return try Table(columns: selected)
    }
}
