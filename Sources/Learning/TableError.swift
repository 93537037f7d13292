/// Why a table could not be built, read or written; names the column, file or row at fault.
public struct TableError: Error, CustomStringConvertible, Sendable {
    private enum Kind: Sendable {
        case lengthMismatch(column: String, count: Int, expected: Int)
        case duplicateColumn(String)
        case noSuchColumn(String)
        case wrongType(column: String, type: ColumnType, expected: ColumnType)
        case invalidCode(row: Int, code: Int32, dictionarySize: Int)
        case rowOutOfRange(row: Int, rowCount: Int)
        case invalidFormat(file: String, reason: String)
        case io(file: String, reason: String)
    }

    private let kind: Kind

    private init(_ kind: Kind) {
        self.kind = kind
    }

    static func lengthMismatch(column: String, count: Int, expected: Int) -> TableError {
        TableError(.lengthMismatch(column: column, count: count, expected: expected))
    }

    static func duplicateColumn(_ name: String) -> TableError {
        TableError(.duplicateColumn(name))
    }

    static func noSuchColumn(_ name: String) -> TableError {
        TableError(.noSuchColumn(name))
    }

    static func wrongType(column: String, type: ColumnType, expected: ColumnType) -> TableError {
        TableError(.wrongType(column: column, type: type, expected: expected))
    }

    static func invalidCode(row: Int, code: Int32, dictionarySize: Int) -> TableError {
        TableError(.invalidCode(row: row, code: code, dictionarySize: dictionarySize))
    }

    static func rowOutOfRange(row: Int, rowCount: Int) -> TableError {
        TableError(.rowOutOfRange(row: row, rowCount: rowCount))
    }

    static func invalidFormat(file: String, reason: String) -> TableError {
        TableError(.invalidFormat(file: file, reason: reason))
    }

    static func io(file: String, reason: String) -> TableError {
        TableError(.io(file: file, reason: reason))
    }

    /// The missing column's name, when the error is a lookup of a column that does not exist.
    public var missingColumn: String? {
        if case .noSuchColumn(let name) = kind { return name }
        return nil
    }

    public var description: String {
        switch kind {
        case .lengthMismatch(let column, let count, let expected):
            "column \(column) has \(count) rows, expected \(expected)"
        case .duplicateColumn(let name):
            "column \(name) appears twice"
        case .noSuchColumn(let name):
            "no column named \(name)"
        case .wrongType(let column, let type, let expected):
            "column \(column) is \(type.rawValue), expected \(expected.rawValue)"
        case .invalidCode(let row, let code, let size):
            "row \(row): string code \(code) outside a dictionary of \(size)"
        case .rowOutOfRange(let row, let rowCount):
            "row \(row) is outside a table of \(rowCount) rows"
        case .invalidFormat(let file, let reason):
            "\(file): \(reason)"
        case .io(let file, let reason):
            "\(file): \(reason)"
        }
    }
}
