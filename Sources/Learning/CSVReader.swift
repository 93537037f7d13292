import Foundation

/// Reads an RFC 4180 CSV file into table chunks, on several cores, with bounded memory.
///
/// The file is mapped and cut into byte ranges of `chunkSize`. Each worker starts its range
/// at the first line break after the cut — a guess, since a quoted field may span the cut —
/// and parses records while they start inside the range. Chunks are delivered strictly in
/// file order; a chunk whose start does not equal the previous chunk's end (the guess was
/// wrong) is parsed again from the right place before delivery, so the result is exactly a
/// sequential parse, whatever the number of threads or the chunk size. Pages behind the
/// delivered chunks are given back to the kernel, and at most `2 × threads` chunks are in
/// flight, so memory does not grow with the file.
///
/// RFC 4180 and the choices where it is silent: fields are separated by `,`, records by LF
/// or CRLF (the last may lack one); a field starting with `"` is quoted, `""` inside it is a
/// quote, and it may hold commas and line breaks; a quote inside an unquoted field is kept as
/// text; a UTF-8 byte order mark is skipped; blank lines are skipped (they are not records);
/// an empty unquoted field is missing, a quoted empty field (`""`) is the empty string.
/// Line numbers count LF bytes, as an editor does.
public final class CSVReader {
    /// Tuning and filtering for one `read`.
    public struct Options: Sendable {
        /// Worker threads; 1 parses on the calling thread.
        public var threads: Int
        /// Bytes per chunk.
        public var chunkSize: Int
        /// The timestamp column, if any: rows whose value there is missing or unreadable are
        /// rejected, and its values give the kept rows' first and last timestamps.
        public var timeColumn: Int?
        /// Keep only rows whose timestamp lies in this range (microseconds, lower bound in).
        public var timeRange: Range<Int64>?

        /// One thread per active core.
        public static var defaultThreads: Int { ProcessInfo.processInfo.activeProcessorCount }

        public init(
            threads: Int = Options.defaultThreads, chunkSize: Int = 8 << 20,
            timeColumn: Int? = nil, timeRange: Range<Int64>? = nil
        ) {
            self.threads = threads
            self.chunkSize = chunkSize
            self.timeColumn = timeColumn
            self.timeRange = timeRange
        }
    }

    /// The file's path, as given.
    public let path: String
    /// The column names from the header record.
    public let header: [String]

    private let file: MappedFile
    private let dataStart: Int
    private let dataLine: Int

    /// Maps the file and reads its header record.
    public init(path: String) throws(CSVError) {
        self.path = path
        file = try MappedFile(path: path)
        let base = file.base
        var position = 0
        if file.count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { position = 3 }
        var newlines = 0
        // Skip blank lines before the header.
        while position < file.count, base[position] == 0x0A || base[position] == 0x0D {
            if base[position] == 0x0A { newlines += 1 }
            position += 1
        }
        guard position < file.count else {
            throw CSVError.header(file: path, line: newlines + 1, reason: "no header record (the file is empty)")
        }
        let headerLine = newlines + 1
        let record = RecordScanner(base: base, end: file.count).record(at: position, newlines: &newlines)
        if let problem = record.problem {
            throw CSVError.header(file: path, line: headerLine, reason: "header: \(problem)")
        }
        var names: [String] = []
        var seen = Set<String>()
        for (index, bytes) in record.fields.enumerated() {
            guard let name = String(validating: bytes, as: UTF8.self) else {
                throw CSVError.header(file: path, line: headerLine, reason: "header column \(index + 1): invalid UTF-8")
            }
            guard !name.isEmpty else {
                throw CSVError.header(file: path, line: headerLine, reason: "header column \(index + 1) has no name")
            }
            guard seen.insert(name).inserted else {
                throw CSVError.header(file: path, line: headerLine, reason: "header names column \(name) twice")
            }
            names.append(name)
        }
        header = names
        dataStart = record.next
        dataLine = newlines + 1
    }

    /// Guesses each column's type from the first `sampleRecords` records: `number` when every
    /// non-empty value is a number (a column with no values at all is a number of NaNs),
    /// `string` otherwise. The guess is checked against every value during `read`.
    public func inferTypes(sampleRecords: Int = 1000) -> [ColumnType] {
        var isNumber = Array(repeating: true, count: header.count)
        var scanner = RecordScanner(base: file.base, end: file.count)
        var position = dataStart
        var newlines = 0
        var seen = 0
        while position < file.count, seen < sampleRecords {
            let byte = file.base[position]
            if byte == 0x0A || (byte == 0x0D && position + 1 < file.count && file.base[position + 1] == 0x0A) {
                position += byte == 0x0A ? 1 : 2
                continue
            }
            let record = scanner.record(at: position, newlines: &newlines)
            position = record.next
            seen += 1
            guard record.problem == nil, record.fields.count == header.count else { continue }
            for (index, field) in record.fields.enumerated() where isNumber[index] {
                let isNumeric = field.withUnsafeBufferPointer { buffer -> Bool in
                    guard let base = buffer.baseAddress else { return true }
                    var start = 0
                    var end = buffer.count
                    while start < end, base[start] == 0x20 || base[start] == 0x09 { start += 1 }
                    while end > start, base[end - 1] == 0x20 || base[end - 1] == 0x09 { end -= 1 }
                    if start == end { return true }
                    guard let parsed = DecimalParser.parsePrefix(base, start, end) else { return false }
                    return parsed.end == end
                }
                if !isNumeric { isNumber[index] = false }
            }
        }
        scanner.reset()
        return isNumber.map { $0 ? .number : .string }
    }

    /// The average record length in the first records, for sizing chunk buffers.
    private func averageRecordLength() -> Int {
        let scanner = RecordScanner(base: file.base, end: file.count)
        var position = dataStart
        var newlines = 0
        var count = 0
        while position < file.count, count < 100 {
            position = scanner.record(at: position, newlines: &newlines).next
            count += 1
        }
        return count == 0 ? 64 : max(1, (position - dataStart) / count)
    }

    /// Reads every record with the given column plans, delivering chunks in file order.
    ///
    /// `deliver` runs on the calling thread; rejected records in a delivered chunk carry
    /// absolute line numbers. Throws what `deliver` throws, after stopping the workers.
    public func read(
        plans: [CSVColumnPlan], options: Options = Options(), deliver: (CSVChunk) throws -> Void
    ) throws -> CSVReadSummary {
        precondition(plans.count == header.count, "one plan per column")
        let chunkSize = max(options.chunkSize, 1024)
        let dataBytes = file.count - dataStart
        let chunkCount = max(1, (dataBytes + chunkSize - 1) / chunkSize)
        let averageLength = averageRecordLength()
        let rowsPerChunk = chunkSize / averageLength + chunkSize / averageLength / 8 + 16
        let context = ParseContext(
            file: file, names: header, plans: plans, timeColumn: options.timeColumn, timeRange: options.timeRange,
            dataStart: dataStart, chunkSize: chunkSize, chunkCount: chunkCount, rowsPerChunk: rowsPerChunk
        )
        let ownParser = context.makeParser()
        var summary = CSVReadSummary()
        var widen = Set<Int>()
        var expectedStart = dataStart
        var lineBase = dataLine
        var released = 0

        func accept(_ chunk: CSVChunk) throws {
            for index in chunk.rejected.indices {
                chunk.rejected[index].line += lineBase
            }
            lineBase += chunk.newlines
            expectedStart = chunk.end
            summary.records += chunk.recordCount
            summary.rows += chunk.rowCount
            summary.outsideRange += chunk.outsideRangeCount
            summary.rejected += chunk.rejected.count
            widen.formUnion(chunk.columnsToWiden)
            if chunk.rowCount > 0, options.timeColumn != nil {
                summary.minimumTimestamp = min(summary.minimumTimestamp ?? .max, chunk.minimumTimestamp)
                summary.maximumTimestamp = max(summary.maximumTimestamp ?? .min, chunk.maximumTimestamp)
            }
            try deliver(chunk)
            file.release(released..<chunk.end)
            released = chunk.end
        }

        if options.threads <= 1 || chunkCount == 1 {
            for index in 0..<chunkCount {
                try accept(ownParser.parse(
                    start: expectedStart, limit: max(context.limit(of: index), expectedStart), capacity: rowsPerChunk
                ))
            }
        } else {
            let schedule = ChunkSchedule(chunkCount: chunkCount, window: options.threads * 2)
            for _ in 0..<options.threads {
                let thread = Thread {
                    let parser = context.makeParser()
                    while let index = schedule.claim() {
                        let start = context.speculativeStart(of: index)
                        let chunk = parser.parse(
                            start: start, limit: max(context.limit(of: index), start), capacity: rowsPerChunk
                        )
                        schedule.complete(index, ChunkBox(chunk: chunk))
                    }
                }
                thread.stackSize = 1 << 20
                thread.start()
            }
            do {
                for index in 0..<chunkCount {
                    var chunk = schedule.take(index).chunk
                    if chunk.start != expectedStart {
                        chunk = ownParser.parse(
                            start: expectedStart, limit: max(context.limit(of: index), expectedStart), capacity: rowsPerChunk
                        )
                    }
                    try accept(chunk)
                    schedule.delivered(index)
                }
                schedule.finish()
            } catch {
                schedule.finish()
                throw error
            }
        }
        summary.columnsToWiden = widen.sorted()
        return summary
    }
}

/// Everything a worker needs to parse chunks; shared read-only between threads.
private struct ParseContext: @unchecked Sendable {
    // @unchecked Sendable: `file` is an immutable read-only mapping (itself Sendable) and
    // every other member is a value; workers only read them.
    let file: MappedFile
    let names: [String]
    let plans: [CSVColumnPlan]
    let timeColumn: Int?
    let timeRange: Range<Int64>?
    let dataStart: Int
    let chunkSize: Int
    let chunkCount: Int
    let rowsPerChunk: Int

    func makeParser() -> CSVChunkParser {
        CSVChunkParser(
            base: file.base, fileEnd: file.count, names: names, plans: plans,
            timeColumn: timeColumn, timeRange: timeRange
        )
    }

    /// Where chunk `index` starts if no quoted field spans its cut: after the first line
    /// feed at or after the byte before the cut.
    func speculativeStart(of index: Int) -> Int {
        if index == 0 { return dataStart }
        if index >= chunkCount { return file.count }
        var position = dataStart + index * chunkSize - 1
        let base = file.base
        while position < file.count, base[position] != 0x0A { position += 1 }
        return min(position + 1, file.count)
    }

    /// Where records of chunk `index` must start before.
    func limit(of index: Int) -> Int {
        index + 1 >= chunkCount ? file.count : speculativeStart(of: index + 1)
    }
}

/// Moves a parsed chunk from a worker to the delivering thread.
private struct ChunkBox: @unchecked Sendable {
    // @unchecked Sendable: a worker hands the chunk over through `ChunkSchedule` (under its
    // lock) and never touches it again, so exactly one thread owns it at a time.
    let chunk: CSVChunk
}

/// Which chunks are claimed, parsed and delivered; the lock between workers and deliverer.
private final class ChunkSchedule: @unchecked Sendable {
    // @unchecked Sendable: every stored property is read and written only while holding
    // `condition`.
    private let condition = NSCondition()
    private let chunkCount: Int
    private let window: Int
    private var nextToClaim = 0
    private var deliveredCount = 0
    private var isFinished = false
    private var results: [Int: ChunkBox] = [:]
    private var runningWorkers = 0

    init(chunkCount: Int, window: Int) {
        self.chunkCount = chunkCount
        self.window = max(window, 1)
    }

    /// The next chunk to parse, or nil when there is none; waits while too far ahead.
    func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while !isFinished, nextToClaim < chunkCount, nextToClaim >= deliveredCount + window {
            condition.wait()
        }
        guard !isFinished, nextToClaim < chunkCount else { return nil }
        let index = nextToClaim
        nextToClaim += 1
        runningWorkers += 1
        return index
    }

    func complete(_ index: Int, _ box: ChunkBox) {
        condition.lock()
        results[index] = box
        runningWorkers -= 1
        condition.broadcast()
        condition.unlock()
    }

    func take(_ index: Int) -> ChunkBox {
        condition.lock()
        defer { condition.unlock() }
        while results[index] == nil {
            condition.wait()
        }
        return results.removeValue(forKey: index) ?? ChunkBox(chunk: CSVChunk(types: [], capacity: 0))
    }

    func delivered(_ index: Int) {
        condition.lock()
        deliveredCount = index + 1
        condition.broadcast()
        condition.unlock()
    }

    /// Stops the workers from claiming more and waits for the ones still parsing.
    func finish() {
        condition.lock()
        isFinished = true
        condition.broadcast()
        while runningWorkers > 0 {
            condition.wait()
        }
        results.removeAll()
        condition.unlock()
    }
}
