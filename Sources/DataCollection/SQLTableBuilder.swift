import Learning

/// Turns query rows into typed columns with the same rules as the CSV reader.
///
/// Declared columns are strict (a value that does not fit rejects the row); the timestamp
/// column is strict and filters the window; other columns take their type from the first
/// non-null value (integers, reals and Booleans are numbers; dates and timestamps are
/// timestamps; text is a string) and become strings if a later value disagrees, existing
/// values rewritten as text (numbers in shortest form, timestamps in ISO 8601 UTC). A query
/// result is held in memory as columns (8 bytes a value), unlike CSV which streams.
final class SQLTableBuilder {
    private enum Storage {
        case unknown(count: Int)
        case number([Double])
        case timestamp([Int64])
        case string([String?])
    }

    private struct ColumnState {
        let name: String
        let declared: ColumnType?
        var storage: Storage
    }

    private var columns: [ColumnState]
    private let timeColumn: Int
    private let timeRange: Range<Int64>?
    private(set) var result = CollectResult()
    /// Rejected rows: result row number, reason, rendered record.
    private(set) var rejected: [(row: Int, reason: String, record: String)] = []

    init(names: [String], params: CollectParams) throws {
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw CollectError.badInput("query: the result names column \(name) twice")
        }
        guard let timeColumn = names.firstIndex(of: params.timestampColumn) else {
            throw CollectError.badInput("query: no column named \(params.timestampColumn) (timestamp_column); the result has \(names.joined(separator: ", "))")
        }
        for name in params.columns.keys.sorted() where !names.contains(name) {
            throw CollectError.badInput("query: no column named \(name) (declared in columns)")
        }
        self.timeColumn = timeColumn
        self.timeRange = params.timeRange
        columns = names.enumerated().map { index, name in
            let declared = index == timeColumn ? ColumnType.timestamp : params.columns[name]
            let storage: Storage = switch declared {
            case .number: .number([])
            case .timestamp: .timestamp([])
            case .string: .string([])
            case nil: .unknown(count: 0)
            }
            return ColumnState(name: name, declared: declared, storage: storage)
        }
    }

    private enum Converted {
        case number(Double)
        case timestamp(Int64)
        case string(String?)
        case missing
    }

    /// Adds one result row (`row` counts from 1).
    func append(_ values: [SQLValue], row: Int) throws {
        precondition(values.count == columns.count, "one value per column")
        var converted: [Converted] = []
        converted.reserveCapacity(values.count)
        var failure: String?
        var timeFailure: String?
        for (index, value) in values.enumerated() {
            if case .unsupported(let type) = value {
                throw CollectError.badInput("query: column \(columns[index].name) has type \(type), which collect cannot read")
            }
            switch convert(value, column: index) {
            case .success(let value):
                converted.append(value)
            case .failure(let reason):
                converted.append(.missing)
                if index == timeColumn { timeFailure = reason } else { failure = failure ?? reason }
            }
        }
        var timestamp: Int64 = 0
        if timeFailure == nil {
            if case .timestamp(let value) = converted[timeColumn] {
                timestamp = value
            } else {
                timeFailure = "column \(columns[timeColumn].name): missing timestamp"
            }
        }
        // A row whose timestamp is readable and outside the window is not part of the data,
        // whatever else is wrong with it; one whose timestamp is not readable is rejected.
        if timeFailure == nil, let timeRange, !timeRange.contains(timestamp) {
            result.outsideWindowRows += 1
            return
        }
        if let reason = timeFailure ?? failure {
            rejected.append((row, reason, values.map { RejectedRowsFile.field($0.rendered) }.joined(separator: ",")))
            result.rejectedRows += 1
            return
        }
        for (index, value) in converted.enumerated() {
            commit(value, column: index)
        }
        result.rows += 1
        result.include(timestamp: timestamp)
    }

    private enum Conversion {
        case success(Converted)
        case failure(String)
    }

    private func convert(_ value: SQLValue, column index: Int) -> Conversion {
        let name = columns[index].name
        if case .null = value { return .success(.missing) }
        switch columns[index].storage {
        case .unknown:
            switch value {
            case .integer, .real, .boolean: columns[index].storage = .number(Array(repeating: .nan, count: unknownCount(index)))
            case .timestamp: columns[index].storage = .timestamp(Array(repeating: Column.missingTimestamp, count: unknownCount(index)))
            default: columns[index].storage = .string(Array(repeating: nil, count: unknownCount(index)))
            }
            return convert(value, column: index)
        case .number:
            switch value {
            case .integer(let integer): return .success(.number(Double(integer)))
            case .real(let real): return .success(.number(real))
            case .boolean(let boolean): return .success(.number(boolean ? 1 : 0))
            case .text(let text):
                if let number = DecimalParser.parse(text.trimmingSpacesAndTabs()) { return .success(.number(number)) }
            default: break
            }
            if columns[index].declared == nil {
                widenToString(index)
                return convert(value, column: index)
            }
            return .failure("column \(name): not a number: \"\(value.rendered)\"")
        case .timestamp:
            switch value {
            case .timestamp(let micros): return .success(.timestamp(micros))
            case .integer(let seconds):
                let (micros, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000)
                if !overflow { return .success(.timestamp(micros)) }
            case .real(let seconds):
                if let micros = Int64(exactly: (seconds * 1_000_000).rounded(.towardZero)) { return .success(.timestamp(micros)) }
            case .text(let text):
                if let micros = TimestampParser.parse(text.trimmingSpacesAndTabs()) { return .success(.timestamp(micros)) }
            default: break
            }
            if columns[index].declared == nil {
                widenToString(index)
                return convert(value, column: index)
            }
            return .failure("column \(name): unreadable timestamp: \"\(value.rendered)\"")
        case .string:
            return .success(.string(value.rendered))
        }
    }

    private func unknownCount(_ index: Int) -> Int {
        if case .unknown(let count) = columns[index].storage { return count }
        return 0
    }

    private func widenToString(_ index: Int) {
        switch columns[index].storage {
        case .number(let values):
            columns[index].storage = .string(values.map { $0.isNaN ? nil : SQLValue.text(of: $0) })
        case .timestamp(let values):
            columns[index].storage = .string(values.map { $0 == Column.missingTimestamp ? nil : TimestampParser.format($0) })
        case .unknown(let count):
            columns[index].storage = .string(Array(repeating: nil, count: count))
        case .string:
            break
        }
    }

    private func commit(_ value: Converted, column index: Int) {
        switch (columns[index].storage, value) {
        case (.unknown(let count), _):
            columns[index].storage = .unknown(count: count + 1)
        case (.number(var values), .number(let number)):
            columns[index].storage = .unknown(count: 0)
            values.append(number)
            columns[index].storage = .number(values)
        case (.number(var values), _):
            columns[index].storage = .unknown(count: 0)
            values.append(.nan)
            columns[index].storage = .number(values)
        case (.timestamp(var values), .timestamp(let micros)):
            columns[index].storage = .unknown(count: 0)
            values.append(micros)
            columns[index].storage = .timestamp(values)
        case (.timestamp(var values), _):
            columns[index].storage = .unknown(count: 0)
            values.append(Column.missingTimestamp)
            columns[index].storage = .timestamp(values)
        case (.string(var values), .string(let text)):
            columns[index].storage = .unknown(count: 0)
            values.append(text)
            columns[index].storage = .string(values)
        case (.string(var values), _):
            columns[index].storage = .unknown(count: 0)
            values.append(nil)
            columns[index].storage = .string(values)
        }
    }

    /// The kept rows as a table; a column that only ever held nulls is a number column.
    func table() throws -> Table {
        try Table(columns: columns.map { state in
            switch state.storage {
            case .unknown(let count): .number(state.name, Array(repeating: .nan, count: count))
            case .number(let values): .number(state.name, values)
            case .timestamp(let values): Column(name: state.name, values: .timestamp(values))
            case .string(let values): .string(state.name, values)
            }
        })
    }
}

extension String {
    func trimmingSpacesAndTabs() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
