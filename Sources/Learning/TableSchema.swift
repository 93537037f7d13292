public import Foundation

/// The contents of a table directory's `schema.json`: the columns, their types, the rows.
///
/// It is the one file a reader needs to find and size every column file; see
/// `docs/columnar-format.md`. Written with sorted keys so equal tables give equal bytes.
public struct TableSchema: Codable, Sendable, Hashable {
    /// One column: its name and type, in table order.
    public struct Field: Codable, Sendable, Hashable {
        public var name: String
        public var type: ColumnType

        public init(name: String, type: ColumnType) {
            self.name = name
            self.type = type
        }
    }

    /// The format's name, always `retrain-columnar`.
    public static let formatName = "retrain-columnar"
    /// The version of the format this code reads and writes.
    public static let currentVersion = 1

    public var format: String
    public var version: Int
    public var rows: Int
    public var columns: [Field]

    public init(rows: Int, columns: [Field]) {
        self.format = Self.formatName
        self.version = Self.currentVersion
        self.rows = rows
        self.columns = columns
    }

    /// The file holding column `index`'s values, relative to the table directory.
    public static func valuesFile(column index: Int, type: ColumnType) -> String {
        switch type {
        case .number: "columns/\(index).f64"
        case .timestamp: "columns/\(index).i64"
        case .string: "columns/\(index).codes.i32"
        }
    }

    /// The dictionary file of string column `index`, relative to the table directory.
    public static func dictionaryFile(column index: Int) -> String {
        "columns/\(index).dict"
    }

    /// The JSON bytes: sorted keys, two-space indentation, a final newline.
    public func serialized() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// Reads `schema.json` from a table directory.
    public static func read(fromDirectory directory: URL) throws(TableError) -> TableSchema {
        let url = directory.appendingPathComponent("schema.json")
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TableError.io(file: url.path, reason: "cannot read: \(error.localizedDescription)")
        }
        let schema: TableSchema
        do {
            schema = try JSONDecoder().decode(TableSchema.self, from: data)
        } catch {
            throw TableError.invalidFormat(file: url.path, reason: "not a table schema: \(error)")
        }
        guard schema.format == formatName, schema.version == currentVersion else {
            throw TableError.invalidFormat(
                file: url.path, reason: "format \(schema.format) version \(schema.version) is not \(formatName) \(currentVersion)"
            )
        }
        guard schema.rows >= 0 else {
            throw TableError.invalidFormat(file: url.path, reason: "negative row count")
        }
        return schema
    }
}
