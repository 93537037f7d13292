/// The rows one piece of a CSV file produced, column by column, ready to append to a table.
///
/// Values live in one column-major block: column `c`'s rows are the `rowCount` slots from
/// `c × capacity`, as `Double` bits, `Int64` microseconds or string codes. Strings are coded
/// against the chunk's own dictionary (`localDictionaries`), which `TableWriter` merges.
public final class CSVChunk {
    /// Rows kept (read, in the time range, not rejected).
    public internal(set) var rowCount = 0
    /// Records read, kept or not (blank lines are not records).
    public internal(set) var recordCount = 0
    /// Records skipped because their timestamp is outside the time range.
    public internal(set) var outsideRangeCount = 0
    /// Records set aside, with absolute line numbers once delivered.
    public internal(set) var rejected: [CSVRejectedRecord] = []
    /// The smallest and largest kept timestamp, when there is a time column.
    public internal(set) var minimumTimestamp = Int64.max
    public internal(set) var maximumTimestamp = Int64.min
    /// Columns whose inferred type a value contradicted.
    public internal(set) var columnsToWiden = Set<Int>()

    /// Bytes of the file this chunk parsed (for progress: bytes read so far).
    public var byteCount: Int { end - start }

    let types: [ColumnType]
    var storage: UnsafeMutablePointer<UInt64>
    var capacity: Int
    var localDictionaries: [[String]] = []
    /// Byte offsets: where parsing started and where the last record ended.
    var start = 0
    var end = 0
    /// Line breaks seen from `start` to `end`.
    var newlines = 0

    init(types: [ColumnType], capacity: Int) {
        self.types = types
        self.capacity = max(capacity, 16)
        storage = .allocate(capacity: max(types.count, 1) * self.capacity)
    }

    deinit {
        storage.deallocate()
    }

    /// The column's slot block.
    @inline(__always)
    func slots(_ column: Int) -> UnsafeMutablePointer<UInt64> {
        storage + column * capacity
    }

    func grow() {
        let newCapacity = capacity * 2
        let grown = UnsafeMutablePointer<UInt64>.allocate(capacity: max(types.count, 1) * newCapacity)
        for column in types.indices {
            (grown + column * newCapacity).update(from: storage + column * capacity, count: rowCount)
        }
        storage.deallocate()
        storage = grown
        capacity = newCapacity
    }

    /// Appends this chunk's rows to `writer`, whose fields must have the chunk's types.
    public func append(to writer: TableWriter) throws(TableError) {
        for (column, type) in types.enumerated() {
            let base = UnsafeRawPointer(slots(column))
            switch type {
            case .number:
                try writer.appendNumbers(
                    UnsafeBufferPointer(start: base.assumingMemoryBound(to: Double.self), count: rowCount), column: column
                )
            case .timestamp:
                try writer.appendTimestamps(
                    UnsafeBufferPointer(start: base.assumingMemoryBound(to: Int64.self), count: rowCount), column: column
                )
            case .string:
                let slots = slots(column)
                let codes = [Int32](unsafeUninitializedCapacity: rowCount) { buffer, initialized in
                    for row in 0..<rowCount {
                        buffer[row] = Int32(truncatingIfNeeded: Int64(bitPattern: slots[row]))
                    }
                    initialized = rowCount
                }
                var failure: TableError?
                codes.withUnsafeBufferPointer { buffer in
                    do throws(TableError) {
                        try writer.appendStrings(codes: buffer, localDictionary: localDictionaries[column], column: column)
                    } catch {
                        failure = error
                    }
                }
                if let failure { throw failure }
            }
        }
    }

    /// The chunk as an in-memory table with the given column names.
    public func table(names: [String]) throws(TableError) -> Table {
        var columns: [Column] = []
        for (column, type) in types.enumerated() {
            let slots = slots(column)
            switch type {
            case .number:
                columns.append(.number(names[column], (0..<rowCount).map { Double(bitPattern: slots[$0]) }))
            case .timestamp:
                columns.append(Column(name: names[column], values: .timestamp((0..<rowCount).map { Int64(bitPattern: slots[$0]) })))
            case .string:
                let codes = (0..<rowCount).map { Int32(truncatingIfNeeded: Int64(bitPattern: slots[$0])) }
                columns.append(Column(name: names[column], values: .string(
                    StringColumn(uncheckedDictionary: localDictionaries[column], codes: codes)
                )))
            }
        }
        return try Table(columns: columns)
    }
}
