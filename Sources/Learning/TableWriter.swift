public import Foundation

/// Writes a table directory piece by piece, so a table never has to be whole in memory.
///
/// The CSV reader hands over one chunk of rows at a time; each column's values are appended
/// to its file as they come. String columns are merged into one dictionary in order of first
/// appearance, which depends only on the data, not on how it was cut into chunks. `finish`
/// writes the dictionaries and, last, `schema.json`: a directory without it is not a table.
public final class TableWriter {
    /// The table directory.
    public let directory: URL
    /// The columns being written.
    public let fields: [TableSchema.Field]
    /// Rows appended so far.
    public private(set) var rowCount = 0

    private var files: [ColumnFile]
    private var dictionaries: [[String]]
    private var dictionaryIndex: [[String: Int32]]
    private var columnRows: [Int]

    /// Creates `columns/` in `directory` (which must exist) and one file per column.
    public init(directory: URL, fields: [TableSchema.Field]) throws(TableError) {
        self.directory = directory
        self.fields = fields
        let columnsDirectory = directory.appendingPathComponent("columns")
        do {
            try FileManager.default.createDirectory(at: columnsDirectory, withIntermediateDirectories: true)
        } catch {
            throw TableError.io(file: columnsDirectory.path, reason: "cannot create: \(error.localizedDescription)")
        }
        var files: [ColumnFile] = []
        for (index, field) in fields.enumerated() {
            let path = directory.appendingPathComponent(TableSchema.valuesFile(column: index, type: field.type)).path
            files.append(try ColumnFile.create(path))
        }
        self.files = files
        self.dictionaries = Array(repeating: [], count: fields.count)
        self.dictionaryIndex = Array(repeating: [:], count: fields.count)
        self.columnRows = Array(repeating: 0, count: fields.count)
    }

    /// Appends numbers (NaN for missing) to number column `column`.
    public func appendNumbers(_ values: UnsafeBufferPointer<Double>, column: Int) throws(TableError) {
        try expect(column, .number)
        try files[column].write(UnsafeRawBufferPointer(values))
        columnRows[column] += values.count
    }

    /// Appends timestamps (`Column.missingTimestamp` for missing) to timestamp column `column`.
    public func appendTimestamps(_ values: UnsafeBufferPointer<Int64>, column: Int) throws(TableError) {
        try expect(column, .timestamp)
        try files[column].write(UnsafeRawBufferPointer(values))
        columnRows[column] += values.count
    }

    /// Appends strings to string column `column`, given as codes into `localDictionary`
    /// (`StringColumn.missing` for missing); they are renumbered into the table's dictionary.
    public func appendStrings(
        codes: UnsafeBufferPointer<Int32>, localDictionary: [String], column: Int
    ) throws(TableError) {
        try expect(column, .string)
        // Only values some row uses join the dictionary: a chunk's dictionary may also hold
        // values of rows it rejected or filtered out.
        var isUsed = [Bool](repeating: false, count: localDictionary.count)
        for row in 0..<codes.count where codes[row] >= 0 {
            isUsed[Int(codes[row])] = true
        }
        var mapping = [Int32](repeating: StringColumn.missing, count: localDictionary.count)
        for (local, value) in localDictionary.enumerated() where isUsed[local] {
            if let global = dictionaryIndex[column][value] {
                mapping[local] = global
            } else {
                let global = Int32(dictionaries[column].count)
                dictionaries[column].append(value)
                dictionaryIndex[column][value] = global
                mapping[local] = global
            }
        }
        let remapped = [Int32](unsafeUninitializedCapacity: codes.count) { buffer, initialized in
            for row in 0..<codes.count {
                let code = codes[row]
                buffer[row] = code < 0 ? StringColumn.missing : mapping[Int(code)]
            }
            initialized = codes.count
        }
        try files[column].write(remapped)
        columnRows[column] += codes.count
    }

    /// Appends every row of `table`, whose columns must match `fields` by name and type.
    public func append(_ table: Table) throws(TableError) {
        guard table.columns.count == fields.count else {
            throw TableError.invalidFormat(file: directory.path, reason: "table has \(table.columns.count) columns, writer \(fields.count)")
        }
        for (index, column) in table.columns.enumerated() {
            guard column.name == fields[index].name else {
                throw TableError.noSuchColumn(column.name)
            }
            switch column.values {
            case .number(let values):
                try withBuffer(values) { (buffer) throws(TableError) in try appendNumbers(buffer, column: index) }
            case .timestamp(let values):
                try withBuffer(values) { (buffer) throws(TableError) in try appendTimestamps(buffer, column: index) }
            case .string(let strings):
                try withBuffer(strings.codes) { (buffer) throws(TableError) in
                    try appendStrings(codes: buffer, localDictionary: strings.dictionary, column: index)
                }
            }
        }
    }

    private func withBuffer<T>(
        _ values: [T], _ body: (UnsafeBufferPointer<T>) throws(TableError) -> Void
    ) throws(TableError) {
        var failure: TableError?
        values.withUnsafeBufferPointer { buffer in
            do throws(TableError) {
                try body(buffer)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    private func expect(_ column: Int, _ type: ColumnType) throws(TableError) {
        guard fields.indices.contains(column), fields[column].type == type else {
            let actual = fields.indices.contains(column) ? fields[column].type : type
            throw TableError.wrongType(column: fields.indices.contains(column) ? fields[column].name : "#\(column)", type: actual, expected: type)
        }
    }

    /// Closes the column files, writes the dictionaries and `schema.json`.
    public func finish() throws(TableError) {
        let rows = columnRows.first ?? 0
        for (index, count) in columnRows.enumerated() where count != rows {
            throw TableError.lengthMismatch(column: fields[index].name, count: count, expected: rows)
        }
        for file in files {
            try file.close()
        }
        for (index, field) in fields.enumerated() where field.type == .string {
            var bytes: [UInt8] = []
            for value in dictionaries[index] {
                var length = UInt32(value.utf8.count).littleEndian
                withUnsafeBytes(of: &length) { bytes.append(contentsOf: $0) }
                bytes.append(contentsOf: value.utf8)
            }
            let path = directory.appendingPathComponent(TableSchema.dictionaryFile(column: index)).path
            let file = try ColumnFile.create(path)
            try file.write(bytes)
            try file.close()
        }
        rowCount = rows
        let schema = TableSchema(rows: rows, columns: fields)
        let url = directory.appendingPathComponent("schema.json")
        // Not Data.write(to:), which fsyncs: a table is written into a stage's scratch output,
        // made durable when the coordinator ingests it into the store.
        let file = try ColumnFile.create(url.path)
        try file.write(Array(try Self.serialized(schema, path: url.path)))
        try file.close()
    }

    private static func serialized(_ schema: TableSchema, path: String) throws(TableError) -> Data {
        do {
            return try schema.serialized()
        } catch {
            throw TableError.io(file: path, reason: "cannot write: \(error.localizedDescription)")
        }
    }
}
