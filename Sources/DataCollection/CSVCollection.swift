import Foundation
import Learning
import ProgressReporting
import StageContract

/// Reads a CSV source (a file, or a directory of `*.csv` files) into the output table.
///
/// All files must have the same header. Column types: declared ones as declared, the
/// timestamp column as a timestamp, the rest guessed from the first 1,000 records of each
/// file; when a later value contradicts a guess the whole source is read again with that
/// column as a string, so the output never depends on how much was sampled.
struct CSVCollection {
    let path: String
    let params: CollectParams
    let output: URL
    let threads: Int
    let chunkSize: Int
    let progress: (String) -> Void

    /// The files to read, with the names `rejected.csv` gives them.
    func files() throws -> [(path: String, name: String)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CollectError.failure("source \(path) does not exist")
        }
        guard isDirectory.boolValue else {
            return [(path, URL(fileURLWithPath: path).lastPathComponent)]
        }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw CollectError.failure("cannot list source directory \(path): \(error.localizedDescription)")
        }
        return entries
            .filter { $0.lowercased().hasSuffix(".csv") && !$0.hasPrefix(".") }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            .map { (URL(fileURLWithPath: path).appendingPathComponent($0).path, $0) }
    }

    /// Collects into `output`; returns what was read and the first five rejections.
    func collect() throws -> (result: CollectResult, firstRejections: [String]) {
        let files = try files()
        guard !files.isEmpty else {
            throw CollectError.noData("source directory \(path) holds no .csv files")
        }
        var readers: [(reader: CSVReader, name: String)] = []
        for file in files {
            do {
                readers.append((try CSVReader(path: file.path), file.name))
            } catch {
                throw error.isIOError ? CollectError.failure(error.description) : CollectError.badInput(error.description)
            }
        }
        let header = readers[0].reader.header
        for (reader, name) in readers.dropFirst() where reader.header != header {
            throw CollectError.badInput(
                "\(name):1: header \(reader.header.joined(separator: ",")) differs from \(readers[0].name)'s \(header.joined(separator: ","))"
            )
        }
        guard let timeColumn = header.firstIndex(of: params.timestampColumn) else {
            throw CollectError.badInput("\(readers[0].name):1: no column named \(params.timestampColumn) (timestamp_column)")
        }
        for name in params.columns.keys.sorted() where !header.contains(name) {
            throw CollectError.badInput("\(readers[0].name):1: no column named \(name) (declared in columns)")
        }
        var inferred = Array(repeating: ColumnType.number, count: header.count)
        for (reader, _) in readers {
            for (index, type) in reader.inferTypes().enumerated() where type == .string {
                inferred[index] = .string
            }
        }
        var plans = header.enumerated().map { index, name -> CSVColumnPlan in
            if index == timeColumn { return CSVColumnPlan(type: .timestamp, isDeclared: true) }
            if let declared = params.columns[name] { return CSVColumnPlan(type: declared, isDeclared: true) }
            return CSVColumnPlan(type: inferred[index], isDeclared: false)
        }
        while true {
            let attempt = try read(readers, header: header, plans: plans, timeColumn: timeColumn)
            if attempt.widen.isEmpty { return (attempt.result, attempt.firstRejections) }
            for index in attempt.widen {
                plans[index] = CSVColumnPlan(type: .string, isDeclared: false)
            }
            progress("columns \(attempt.widen.map { header[$0] }.joined(separator: ", ")) hold text beyond the sample: reading again with them as strings")
            try removeOutputs()
        }
    }

    private func removeOutputs() throws {
        for name in ["columns", "rejected.csv", "schema.json"] {
            let url = output.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path) {
                try FileManager.default.removeItem(at: url)
            }
        }
    }

    private func read(
        _ readers: [(reader: CSVReader, name: String)], header: [String], plans: [CSVColumnPlan], timeColumn: Int
    ) throws -> (result: CollectResult, firstRejections: [String], widen: Set<Int>) {
        let writer: TableWriter
        do {
            writer = try TableWriter(
                directory: output, fields: zip(header, plans).map { TableSchema.Field(name: $0, type: $1.type) }
            )
        } catch {
            throw CollectError.failure(error.description)
        }
        let rejected = try RejectedRowsFile(directory: output)
        var result = CollectResult()
        var widen = Set<Int>()
        // Rows and bytes read so far, on stderr: an updating line on a terminal, a plain line
        // every few seconds in a log (the coordinator's heartbeat relays the latest one).
        let line = ProgressLine(task: "retrain-collect")
        defer { line.clear() }
        var recordsRead = 0
        var bytesRead: Int64 = 0
        for (reader, name) in readers {
            let options = CSVReader.Options(
                threads: threads, chunkSize: chunkSize, timeColumn: timeColumn, timeRange: params.timeRange
            )
            let summary = try reader.read(plans: plans, options: options) { chunk in
                recordsRead += chunk.recordCount
                bytesRead += Int64(chunk.byteCount)
                line.update("\(name): \(recordsRead) rows, \(ProgressLine.bytes(bytesRead)) read, \(ProgressLine.rate(bytesRead, seconds: line.elapsed))")
                for record in chunk.rejected {
                    try rejected.append(source: name, line: record.line, reason: record.reason, record: record.text)
                }
                if widen.isEmpty, chunk.columnsToWiden.isEmpty {
                    try chunk.append(to: writer)
                }
                widen.formUnion(chunk.columnsToWiden)
            }
            result.rows += summary.rows
            result.rejectedRows += summary.rejected
            result.outsideWindowRows += summary.outsideRange
            if let first = summary.minimumTimestamp { result.include(timestamp: first) }
            if let last = summary.maximumTimestamp { result.include(timestamp: last) }
            progress("\(name): \(summary.rows) rows kept, \(summary.rejected) rejected, \(summary.outsideRange) outside the window")
        }
        try rejected.close()
        if widen.isEmpty {
            do {
                try writer.finish()
            } catch {
                throw CollectError.failure(error.description)
            }
        }
        return (result, rejected.firstFive, widen)
    }
}
