public import Foundation
import Learning
import StageContract

/// Runs collect: reads the source into the output directory, then decides the exit.
///
/// Output: the table (`schema.json`, `columns/`), `rejected.csv` and `metrics.json`
/// (`rows`, `rejected_rows`, `outside_window_rows`, `first_timestamp`, `last_timestamp`).
/// The rejected fraction is rejected ÷ (kept + rejected): rows outside the window are not
/// part of the data, so they count neither way. Over `max_rejected_fraction` exits 65 with
/// the first five rejections; no kept rows exits 3.
public struct Collector: Sendable {
    public let params: CollectParams
    public let output: URL
    /// Threads and chunk size for CSV; the output does not depend on them.
    public var threads = CSVReader.Options.defaultThreads
    public var chunkSize = 8 << 20
    /// Where `url_env` is looked up.
    public var environment = ProcessInfo.processInfo.environment

    public init(params: CollectParams, output: URL) {
        self.params = params
        self.output = output
    }

    /// Collects into `output` (which must exist) and returns what was read; throws a
    /// `CollectError` carrying the exit code when the stage must fail.
    public func run(progress: @escaping (String) -> Void = { _ in }) async throws -> CollectResult {
        var result: CollectResult
        var firstFive: [String]
        switch params.source {
        case .csv(let path):
            let collection = CSVCollection(
                path: path, params: params, output: output, threads: threads, chunkSize: chunkSize, progress: progress
            )
            result = try collection.collect()
            firstFive = try Self.firstRejections(in: output)
        case .sqlite(let path, let query):
            let builder = try await SQLiteCollection(path: path, query: query, params: params).collect()
            (result, firstFive) = try write(builder)
        case .postgres(let variable, let query):
            let builder = try await PostgresCollection(
                urlEnvironment: variable, query: query, params: params, environment: environment
            ).collect()
            (result, firstFive) = try write(builder)
        }
        var metrics = Metrics()
        metrics["rows"] = .integer(result.rows)
        metrics["rejected_rows"] = .integer(result.rejectedRows)
        metrics["outside_window_rows"] = .integer(result.outsideWindowRows)
        metrics["first_timestamp"] = .string(result.firstTimestamp.map(TimestampParser.format) ?? "")
        metrics["last_timestamp"] = .string(result.lastTimestamp.map(TimestampParser.format) ?? "")
        try metrics.write(toDirectory: output)
        let considered = result.rows + result.rejectedRows
        if result.rejectedRows > 0 {
            let fraction = Double(result.rejectedRows) / Double(considered)
            if fraction > params.maxRejectedFraction {
                throw CollectError.badInput(
                    "\(result.rejectedRows) of \(considered) rows rejected (\(Self.percent(fraction)) > max_rejected_fraction \(Self.percent(params.maxRejectedFraction))): "
                        + firstFive.joined(separator: "; ")
                )
            }
        }
        if result.rows == 0 {
            throw CollectError.noData("no rows in the window\(windowDescription)")
        }
        progress("\(result.rows) rows, \(result.rejectedRows) rejected, \(result.outsideWindowRows) outside the window")
        return result
    }

    private var windowDescription: String {
        guard let range = params.timeRange else { return "" }
        let lower = range.lowerBound == Int64.min ? "" : TimestampParser.format(range.lowerBound)
        return " [\(lower), \(TimestampParser.format(range.upperBound)))"
    }

    static func percent(_ fraction: Double) -> String {
        let value = (fraction * 10_000).rounded() / 100
        return "\(SQLValue.text(of: value))%"
    }

    private func write(_ builder: SQLTableBuilder) throws -> (CollectResult, [String]) {
        let rejected = try RejectedRowsFile(directory: output)
        for row in builder.rejected {
            try rejected.append(source: "query", line: row.row, reason: row.reason, record: row.record)
        }
        try rejected.close()
        do {
            try builder.table().write(toDirectory: output)
        } catch let error as TableError {
            throw CollectError.failure(error.description)
        }
        return (builder.result, rejected.firstFive)
    }

    /// The first five entries of `rejected.csv`, as `file:line: reason`.
    static func firstRejections(in directory: URL) throws -> [String] {
        // The CSV path streams rejections straight to the file; read the first five back.
        let url = directory.appendingPathComponent("rejected.csv")
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        let reader = try CSVReader(path: url.path)
        var entries: [String] = []
        let plans = Array(repeating: CSVColumnPlan(type: .string, isDeclared: true), count: reader.header.count)
        _ = try reader.read(plans: plans, options: CSVReader.Options(threads: 1)) { chunk in
            guard entries.count < 5 else { return }
            let table = try chunk.table(names: reader.header)
            let sources = try table.strings("source")
            let lines = try table.strings("line")
            let reasons = try table.strings("reason")
            for row in 0..<table.rowCount where entries.count < 5 {
                entries.append("\(sources[row] ?? ""):\(lines[row] ?? ""): \(reasons[row] ?? "")")
            }
        }
        return entries
    }
}
