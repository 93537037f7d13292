/// Parses one byte range of a mapped CSV file into a `CSVChunk`, field by field, in place.
///
/// The hot path: numbers are parsed straight from the mapping by `DecimalParser` (the
/// parse itself finds the field's end), strings are interned from bytes, and nothing
/// allocates per field. Quoted fields are unescaped into a scratch buffer only when they
/// contain `""`. Records are parsed while they *start* before `limit`; the last one may run
/// past it, which is how a chunk ends on a record boundary without knowing it in advance.
final class CSVChunkParser {
    private enum Kind: UInt8 {
        case declaredNumber = 0
        case inferredNumber = 1
        case string = 2
        case timestamp = 3
    }

    /// Why a record is rejected; turned into text only when it is.
    private enum Failure {
        case fieldCount(Int)
        case unterminatedQuote(Int)
        case textAfterQuote(Int)
        case notANumber(Int, start: Int, end: Int)
        case unreadableTimestamp(Int, start: Int, end: Int)
        case missingTimestamp(Int)
        case invalidUTF8(Int)

        /// Whether the record is rejected even when its timestamp is outside the range:
        /// its shape or its timestamp is broken, so it cannot be placed in or out of it.
        var isStructural: Bool {
            switch self {
            case .fieldCount, .unterminatedQuote, .textAfterQuote, .unreadableTimestamp, .missingTimestamp: true
            case .notANumber, .invalidUTF8: false
            }
        }
    }

    private static let comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    private let base: UnsafePointer<UInt8>
    private let fileEnd: Int
    private let names: [String]
    private let types: [ColumnType]
    private let columnCount: Int
    private let kinds: UnsafeMutablePointer<UInt8>
    private let timeColumn: Int
    private let timeRange: Range<Int64>?
    private let tables: [ByteStringTable?]
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity = 256

    init(
        base: UnsafePointer<UInt8>, fileEnd: Int, names: [String], plans: [CSVColumnPlan],
        timeColumn: Int?, timeRange: Range<Int64>?
    ) {
        self.base = base
        self.fileEnd = fileEnd
        self.names = names
        self.types = plans.map(\.type)
        self.columnCount = plans.count
        kinds = .allocate(capacity: max(plans.count, 1))
        for (index, plan) in plans.enumerated() {
            let kind: Kind = switch plan.type {
            case .number: plan.isDeclared ? .declaredNumber : .inferredNumber
            case .string: .string
            case .timestamp: .timestamp
            }
            kinds[index] = kind.rawValue
        }
        self.timeColumn = timeColumn ?? -1
        self.timeRange = timeRange
        self.tables = plans.map { $0.type == .string ? ByteStringTable() : nil }
        scratch = .allocate(capacity: scratchCapacity)
    }

    deinit {
        kinds.deallocate()
        scratch.deallocate()
    }

    @inline(__always)
    private func isTerminator(_ position: Int) -> Bool {
        if position >= fileEnd { return true }
        let byte = base[position]
        if byte == Self.comma || byte == Self.lineFeed { return true }
        return byte == Self.carriageReturn && (position + 1 >= fileEnd || base[position + 1] == Self.lineFeed)
    }

    @inline(__always)
    private func scanUnquoted(_ start: Int) -> Int {
        var position = start
        while position < fileEnd {
            let byte = base[position]
            if byte == Self.comma || byte == Self.lineFeed { return position }
            if byte == Self.carriageReturn, position + 1 >= fileEnd || base[position + 1] == Self.lineFeed {
                return position
            }
            position += 1
        }
        return fileEnd
    }

    /// A field's extent: content bytes, where its terminator is, and what was odd about it.
    private struct FieldScan {
        var contentStart: Int
        var contentEnd: Int
        var next: Int
        var isQuoted = false
        var hasEscapes = false
        var isUnterminated = false
        var hasTextAfterQuote = false
    }

    @inline(__always)
    private func scanField(_ start: Int, _ newlines: inout Int) -> FieldScan {
        guard start < fileEnd, base[start] == Self.quote else {
            let end = scanUnquoted(start)
            return FieldScan(contentStart: start, contentEnd: end, next: end)
        }
        var position = start + 1
        var hasEscapes = false
        while true {
            while position < fileEnd, base[position] != Self.quote {
                if base[position] == Self.lineFeed { newlines += 1 }
                position += 1
            }
            if position >= fileEnd {
                var scan = FieldScan(contentStart: start + 1, contentEnd: fileEnd, next: fileEnd)
                scan.isQuoted = true
                scan.isUnterminated = true
                return scan
            }
            if position + 1 < fileEnd, base[position + 1] == Self.quote {
                hasEscapes = true
                position += 2
                continue
            }
            break
        }
        var scan = FieldScan(contentStart: start + 1, contentEnd: position, next: position + 1)
        scan.isQuoted = true
        scan.hasEscapes = hasEscapes
        if !isTerminator(position + 1) {
            scan.hasTextAfterQuote = true
            scan.next = scanUnquoted(position + 1)
        }
        return scan
    }

    /// The field's content, unescaped into the scratch buffer when it holds `""`.
    @inline(__always)
    private func content(_ scan: FieldScan) -> (UnsafePointer<UInt8>, Int, Int) {
        guard scan.hasEscapes else { return (base, scan.contentStart, scan.contentEnd) }
        let length = scan.contentEnd - scan.contentStart
        if length > scratchCapacity {
            scratch.deallocate()
            scratchCapacity = length * 2
            scratch = .allocate(capacity: scratchCapacity)
        }
        var written = 0
        var position = scan.contentStart
        while position < scan.contentEnd {
            let byte = base[position]
            scratch[written] = byte
            written += 1
            position += byte == Self.quote ? 2 : 1
        }
        return (UnsafePointer(scratch), 0, written)
    }

    private static func trimmed(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (Int, Int) {
        var start = start
        var end = end
        while start < end, base[start] == 0x20 || base[start] == 0x09 { start += 1 }
        while end > start, base[end - 1] == 0x20 || base[end - 1] == 0x09 { end -= 1 }
        return (start, end)
    }

    /// Parses records starting in `start..<limit`.
    func parse(start: Int, limit: Int, capacity: Int) -> CSVChunk {
        let chunk = CSVChunk(types: types, capacity: capacity)
        chunk.start = start
        var position = start
        var newlines = 0
        let nan = Double.nan.bitPattern
        while position < limit, position < fileEnd {
            let first = base[position]
            if first == Self.lineFeed {
                position += 1
                newlines += 1
                continue
            }
            if first == Self.carriageReturn, position + 1 < fileEnd, base[position + 1] == Self.lineFeed {
                position += 2
                newlines += 1
                continue
            }
            let recordStart = position
            let recordLine = newlines
            chunk.recordCount += 1
            if chunk.rowCount == chunk.capacity { chunk.grow() }
            let row = chunk.rowCount
            var field = 0
            var failure: Failure?
            var recordEnd = position
            while true {
                if field < columnCount {
                    let slot = chunk.slots(field) + row
                    let kind = kinds[field]
                    var handled = false
                    if kind <= Kind.inferredNumber.rawValue, position < fileEnd, base[position] != Self.quote {
                        if let parsed = DecimalParser.parsePrefix(base, position, fileEnd), isTerminator(parsed.end) {
                            slot.pointee = parsed.value.bitPattern
                            position = parsed.end
                            handled = true
                        } else if isTerminator(position) {
                            slot.pointee = nan
                            handled = true
                        }
                    }
                    if !handled {
                        let scan = scanField(position, &newlines)
                        position = scan.next
                        if scan.isUnterminated {
                            failure = failure ?? .unterminatedQuote(field)
                        } else if scan.hasTextAfterQuote {
                            failure = failure ?? .textAfterQuote(field)
                        }
                        let (text, contentStart, contentEnd) = content(scan)
                        switch Kind(rawValue: kind) ?? .string {
                        case .declaredNumber, .inferredNumber:
                            let (valueStart, valueEnd) = Self.trimmed(text, contentStart, contentEnd)
                            if valueStart == valueEnd {
                                slot.pointee = nan
                            } else if let parsed = DecimalParser.parsePrefix(text, valueStart, valueEnd), parsed.end == valueEnd {
                                slot.pointee = parsed.value.bitPattern
                            } else if kind == Kind.declaredNumber.rawValue {
                                slot.pointee = nan
                                failure = failure ?? .notANumber(field, start: scan.contentStart, end: scan.contentEnd)
                            } else {
                                slot.pointee = nan
                                chunk.columnsToWiden.insert(field)
                            }
                        case .string:
                            if contentStart == contentEnd, !scan.isQuoted {
                                slot.pointee = UInt64(bitPattern: Int64(StringColumn.missing))
                            } else if let code = tables[field]?.code(text, contentStart, contentEnd) {
                                slot.pointee = UInt64(code)
                            } else {
                                slot.pointee = UInt64(bitPattern: Int64(StringColumn.missing))
                                failure = failure ?? .invalidUTF8(field)
                            }
                        case .timestamp:
                            let (valueStart, valueEnd) = Self.trimmed(text, contentStart, contentEnd)
                            if valueStart == valueEnd {
                                slot.pointee = UInt64(bitPattern: Column.missingTimestamp)
                                if field == timeColumn { failure = failure ?? .missingTimestamp(field) }
                            } else if let micros = TimestampParser.parse(text, valueStart, valueEnd) {
                                slot.pointee = UInt64(bitPattern: micros)
                            } else {
                                slot.pointee = UInt64(bitPattern: Column.missingTimestamp)
                                failure = failure ?? .unreadableTimestamp(field, start: scan.contentStart, end: scan.contentEnd)
                            }
                        }
                    }
                } else {
                    let scan = scanField(position, &newlines)
                    position = scan.next
                }
                if position >= fileEnd {
                    recordEnd = fileEnd
                    break
                }
                let terminator = base[position]
                if terminator == Self.comma {
                    position += 1
                    field += 1
                    continue
                }
                recordEnd = position
                if terminator == Self.lineFeed {
                    position += 1
                    newlines += 1
                } else if position + 1 < fileEnd {
                    position += 2
                    newlines += 1
                } else {
                    position += 1
                }
                break
            }
            if field + 1 != columnCount, failure?.isStructural != true {
                failure = .fieldCount(field + 1)
            }
            var inRange = true
            var timestamp: Int64 = 0
            if timeColumn >= 0, failure?.isStructural != true {
                timestamp = Int64(bitPattern: chunk.slots(timeColumn)[row])
                if let timeRange, !timeRange.contains(timestamp) {
                    inRange = false
                }
            }
            if let failure, failure.isStructural || inRange {
                chunk.rejected.append(CSVRejectedRecord(
                    line: recordLine, reason: describe(failure),
                    text: String(decoding: UnsafeBufferPointer(start: base + recordStart, count: recordEnd - recordStart), as: UTF8.self)
                ))
            } else if !inRange {
                chunk.outsideRangeCount += 1
            } else {
                chunk.rowCount += 1
                if timeColumn >= 0 {
                    if timestamp < chunk.minimumTimestamp { chunk.minimumTimestamp = timestamp }
                    if timestamp > chunk.maximumTimestamp { chunk.maximumTimestamp = timestamp }
                }
            }
        }
        chunk.end = position
        chunk.newlines = newlines
        chunk.localDictionaries = tables.map { $0?.strings() ?? [] }
        return chunk
    }

    private func quotedValue(_ start: Int, _ end: Int) -> String {
        let limit = min(end, start + 40)
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: limit - start), as: UTF8.self)
        return "\"" + text + (limit < end ? "…" : "") + "\""
    }

    private func describe(_ failure: Failure) -> String {
        switch failure {
        case .fieldCount(let count):
            "\(count) fields, expected \(columnCount)"
        case .unterminatedQuote(let field):
            "column \(names[field]): quoted field not closed before the end of the file"
        case .textAfterQuote(let field):
            "column \(names[field]): text after the closing quote"
        case .notANumber(let field, let start, let end):
            "column \(names[field]): not a number: \(quotedValue(start, end))"
        case .unreadableTimestamp(let field, let start, let end):
            "column \(names[field]): unreadable timestamp: \(quotedValue(start, end))"
        case .missingTimestamp(let field):
            "column \(names[field]): missing timestamp"
        case .invalidUTF8(let field):
            "column \(names[field]): invalid UTF-8"
        }
    }
}
