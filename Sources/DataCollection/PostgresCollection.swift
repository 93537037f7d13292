import Foundation
import Learning
import Logging
import PostgresNIO

/// Runs the query on a PostgreSQL server and turns its rows into the output table.
///
/// The connection URL (`postgres://user:password@host:port/database`) comes from the
/// environment variable the params name. It is a secret: messages name the variable, never
/// its value, and the driver's logger is silenced. TLS is not offered yet: `sslmode` other
/// than `disable`/`prefer`/`allow` is refused rather than silently ignored.
struct PostgresCollection {
    let urlEnvironment: String
    let query: String
    let params: CollectParams
    let environment: [String: String]

    func configuration() throws -> PostgresConnection.Configuration {
        guard let text = environment[urlEnvironment], !text.isEmpty else {
            throw CollectError.failure("environment variable \(urlEnvironment) (url_env) is not set")
        }
        guard let components = URLComponents(string: text),
              components.scheme == "postgres" || components.scheme == "postgresql",
              let host = components.host, !host.isEmpty
        else {
            throw CollectError.badInput("$\(urlEnvironment) is not a postgres://user:password@host:port/database URL")
        }
        let user = components.percentEncodedUser.flatMap { $0.removingPercentEncoding } ?? "postgres"
        let password = components.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
        let database = String(components.path.drop(while: { $0 == "/" }))
        let sslMode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "disable"
        guard ["disable", "allow", "prefer"].contains(sslMode) else {
            throw CollectError.badInput("$\(urlEnvironment): sslmode=\(sslMode) is not supported (TLS is not available yet)")
        }
        return PostgresConnection.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: password,
            database: database.isEmpty ? nil : database, tls: .disable
        )
    }

    func collect() async throws -> SQLTableBuilder {
        let configuration = try configuration()
        let logger = Logger(label: "retrain-collect.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        } catch {
            throw describe(error, connecting: true)
        }
        var builder: SQLTableBuilder?
        do {
            let rows = try await connection.query(PostgresQuery(unsafeSQL: query), logger: logger)
            var rowNumber = 0
            for try await row in rows {
                var names: [String] = []
                var values: [SQLValue] = []
                for cell in row {
                    names.append(cell.columnName)
                    values.append(try Self.value(cell))
                }
                if builder == nil {
                    builder = try SQLTableBuilder(names: names, params: params)
                }
                rowNumber += 1
                try builder?.append(values, row: rowNumber)
            }
        } catch let error as CollectError {
            try? await connection.close()
            throw error
        } catch {
            try? await connection.close()
            throw describe(error, connecting: false)
        }
        try? await connection.close()
        guard let builder else {
            throw CollectError.noData("the query returned no rows")
        }
        return builder
    }

    /// An error message that names the variable, not the URL, and picks the exit code:
    /// server-side rejections of the query are bad input; connection trouble may pass.
    private func describe(_ error: any Error, connecting: Bool) -> CollectError {
        guard let error = error as? PSQLError else {
            return CollectError.failure("postgres ($\(urlEnvironment)): \(connecting ? "cannot connect" : "query failed")")
        }
        if let info = error.serverInfo, let message = info[.message] {
            let state = info[.sqlState] ?? ""
            let retryable = ["08", "40", "53", "57", "58"].contains(String(state.prefix(2)))
            let text = "postgres ($\(urlEnvironment)): \(message)\(state.isEmpty ? "" : " (SQLSTATE \(state))")"
            return retryable ? CollectError.failure(text) : CollectError.badInput(text)
        }
        var reason = "\(error.code)"
        if let underlying = error.underlying as? any CustomStringConvertible, error.code == .connectionError {
            // NIO's connection errors name host and port, which the URL also holds; say
            // only that the connection failed, and the kind of failure.
            let text = underlying.description
            reason = text.contains("refused") ? "connection refused" : "connection error"
        }
        return CollectError.failure("postgres ($\(urlEnvironment)): \(connecting ? "cannot connect" : "query failed"): \(reason)")
    }

    static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8, .oid:
            return .integer(try cell.decode(Int64.self))
        case .float4, .float8:
            return .real(try cell.decode(Double.self))
        case .numeric:
            // Through its decimal text, so the double is the one strtod gives for it.
            let text = try cell.decode(Decimal.self).description
            guard let number = DecimalParser.parse(text) else { return .unsupported("numeric \(text)") }
            return .real(number)
        case .bool:
            return .boolean(try cell.decode(Bool.self))
        case .timestamp, .timestamptz, .date:
            let date = try cell.decode(Date.self)
            return .timestamp(Int64((date.timeIntervalSince1970 * 1_000_000).rounded()))
        case .text, .varchar, .bpchar, .name, .uuid, .json, .jsonb:
            return .text(try cell.decode(String.self))
        default:
            return .unsupported(cell.dataType.knownSQLName ?? "oid \(cell.dataType.rawValue)")
        }
    }
}
