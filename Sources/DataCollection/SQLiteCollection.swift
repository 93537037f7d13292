import Foundation
import Learning
import Logging
import SQLiteNIO

/// Runs the query on an SQLite file and turns its rows into the output table.
///
/// The file must exist: SQLite would otherwise create an empty database and the error
/// would be a confusing "no such table".
struct SQLiteCollection {
    let path: String
    let query: String
    let params: CollectParams

    func collect() async throws -> SQLTableBuilder {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CollectError.failure("source \(path) does not exist")
        }
        let absolute = URL(fileURLWithPath: path).path
        let logger = Logger(label: "retrain-collect.sqlite", factory: { _ in SwiftLogNoOpLogHandler() })
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: .file(path: absolute), logger: logger)
        } catch {
            throw CollectError.failure("\(path): cannot open: \(error)")
        }
        let state = SQLRowState(params: params)
        do {
            try await connection.query(query, []) { row in
                state.append(names: row.columns.map(\.name), values: row.columns.map { Self.value($0.data) })
            }
        } catch let error as SQLiteError {
            try? await connection.close()
            switch error.reason {
            case .busy, .locked, .ioError, .cantOpen, .full, .interrupt, .noMemory:
                throw CollectError.failure("\(path): \(error.message)")
            default:
                throw CollectError.badInput("\(path): query failed: \(error.message)")
            }
        } catch {
            try? await connection.close()
            throw CollectError.failure("\(path): query failed: \(error)")
        }
        try? await connection.close()
        return try state.finish()
    }

    static func value(_ data: SQLiteData) -> SQLValue {
        switch data {
        case .integer(let value): .integer(Int64(value))
        case .float(let value): .real(value)
        case .text(let value): .text(value)
        case .blob: .unsupported("blob")
        case .null: .null
        }
    }
}

/// The builder behind a lock: SQLiteNIO calls back for each row on its own thread.
final class SQLRowState: @unchecked Sendable {
    // @unchecked Sendable: every stored property is accessed only while holding `lock`.
    private let lock = NSLock()
    private let params: CollectParams
    private var builder: SQLTableBuilder?
    private var error: (any Error)?
    private var rowNumber = 0

    init(params: CollectParams) {
        self.params = params
    }

    func append(names: [String], values: [SQLValue]) {
        lock.lock()
        defer { lock.unlock() }
        guard error == nil else { return }
        do {
            if builder == nil {
                builder = try SQLTableBuilder(names: names, params: params)
            }
            rowNumber += 1
            try builder?.append(values, row: rowNumber)
        } catch {
            self.error = error
        }
    }

    /// The builder, or the first error a row raised; nil builder means the query gave no rows.
    func finish() throws -> SQLTableBuilder {
        lock.lock()
        defer { lock.unlock() }
        if let error { throw error }
        guard let builder else {
            throw CollectError.noData("the query returned no rows")
        }
        return builder
    }
}
