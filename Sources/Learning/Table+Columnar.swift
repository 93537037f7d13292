public import Foundation

extension Table {
    /// Reads a table directory written by `TableWriter` (see `docs/columnar-format.md`).
    ///
    /// Every file's size is checked against the schema's row count, and every string code
    /// against its dictionary, so a truncated or mixed-up directory is an error naming the
    /// file rather than wrong data.
    public init(contentsOfDirectory directory: URL) throws(TableError) {
        let schema = try TableSchema.read(fromDirectory: directory)
        var columns: [Column] = []
        for (index, field) in schema.columns.enumerated() {
            let path = directory.appendingPathComponent(TableSchema.valuesFile(column: index, type: field.type)).path
            switch field.type {
            case .number:
                let values = try ColumnFile.readArray(path, count: schema.rows, of: Double.self)
                columns.append(Column(name: field.name, values: .number(values)))
            case .timestamp:
                let values = try ColumnFile.readArray(path, count: schema.rows, of: Int64.self)
                columns.append(Column(name: field.name, values: .timestamp(values)))
            case .string:
                let codes = try ColumnFile.readArray(path, count: schema.rows, of: Int32.self)
                let dictionaryPath = directory.appendingPathComponent(TableSchema.dictionaryFile(column: index)).path
                let dictionary = try Self.readDictionary(dictionaryPath)
                do {
                    columns.append(Column(name: field.name, values: .string(try StringColumn(dictionary: dictionary, codes: codes))))
                } catch {
                    throw TableError.invalidFormat(file: path, reason: error.description)
                }
            }
        }
        try self.init(columns: columns)
    }

    /// Reads only the schema of a table directory (names, types, rows), not its values.
    public static func schema(ofDirectory directory: URL) throws(TableError) -> TableSchema {
        try TableSchema.read(fromDirectory: directory)
    }

    /// Writes the table as a table directory; `directory` must exist.
    public func write(toDirectory directory: URL) throws(TableError) {
        let writer = try TableWriter(
            directory: directory, fields: columns.map { TableSchema.Field(name: $0.name, type: $0.type) }
        )
        try writer.append(self)
        try writer.finish()
    }

    static func readDictionary(_ path: String) throws(TableError) -> [String] {
        let bytes = try ColumnFile.readBytes(path)
        var values: [String] = []
        var offset = 0
        while offset < bytes.count {
            guard offset + 4 <= bytes.count else {
                throw TableError.invalidFormat(file: path, reason: "truncated entry length at byte \(offset)")
            }
            let length = Int(UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
                | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24)
            offset += 4
            guard offset + length <= bytes.count else {
                throw TableError.invalidFormat(file: path, reason: "truncated entry at byte \(offset)")
            }
            guard let value = String(validating: bytes[offset..<offset + length], as: UTF8.self) else {
                throw TableError.invalidFormat(file: path, reason: "invalid UTF-8 in entry \(values.count)")
            }
            values.append(value)
            offset += length
        }
        return values
    }
}
