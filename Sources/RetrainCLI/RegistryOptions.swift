import ArgumentParser
import Artifacts
import Foundation
import Registry

extension StoreOptions {
    func openRegistry() throws -> Registry {
        try Registry(store: openStore())
    }
}

/// Who is acting, for the history: `--actor`, else `$RETRAIN_ACTOR`, else `user@host`.
func resolveActor(_ explicit: String?) -> String {
    if let explicit, !explicit.isEmpty { return explicit }
    let environment = ProcessInfo.processInfo.environment
    if let actor = environment["RETRAIN_ACTOR"], !actor.isEmpty { return actor }
    let user = environment["USER"] ?? environment["LOGNAME"] ?? NSUserName()
    return "\(user)@\(ProcessInfo.processInfo.hostName)"
}

/// Parses a model or alias name for the CLI, turning the registry's error into a usage error.
func parseName(_ text: String, kind: String) throws -> RegistryName {
    do { return try RegistryName(text, kind: kind) } catch { throw ValidationError(error.description) }
}

/// Prints an encodable value as pretty, key-sorted JSON on stdout (the `--json` outputs).
func printJSON(_ value: some Encodable) throws {
    print(String(decoding: try JSONValue.canonicalData(value, pretty: true), as: UTF8.self))
}

/// `2026-11-30T05:00:00Z`.
func formatTime(_ date: Date) -> String { date.formatted(.iso8601) }

/// A fixed-width text table, columns separated by two spaces.
func formatTable(_ rows: [[String]]) -> String {
    guard let width = rows.map(\.count).max() else { return "" }
    var widths = [Int](repeating: 0, count: width)
    for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
    return rows.map { row in
        row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
            .joined(separator: "  ")
    }.joined(separator: "\n")
}

/// A metric value for people: up to 4 decimals, no trailing zeros.
func formatNumber(_ value: Double) -> String {
    if value.rounded() == value && abs(value) < 1e12 { return String(Int64(value)) }
    var text = String(format: "%.4f", value)
    while text.hasSuffix("0") { text.removeLast() }
    return text
}
