import ArgumentParser
import Foundation
import Artifacts
import Registry

/// `retrain models diff MODEL A B`: params, metrics and data of two versions side by side.
struct ModelsDiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diff", abstract: "Compare two versions' params and metrics.")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The model name.") var model: String
    @Argument(help: "The first version.") var a: Int
    @Argument(help: "The second version.") var b: Int
    @Flag(help: "Print JSON for scripts.") var json = false
    @Flag(help: "Show equal values too.") var all = false

    struct Line: Encodable {
        var key: String
        var a: JSONValue?
        var b: JSONValue?
    }

    func run() async throws {
        let registry = try options.openRegistry()
        let model = try parseName(model, kind: "model")
        let first = try registry.version(a, of: model)
        let second = try registry.version(b, of: model)
        var left: [String: JSONValue] = [:], right: [String: JSONValue] = [:]
        Self.flatten(first.metadata, prefix: "", into: &left)
        Self.flatten(second.metadata, prefix: "", into: &right)
        left["blessed"] = .bool(first.blessed); right["blessed"] = .bool(second.blessed)
        left["bundle"] = .string(first.bundle.digest.description); right["bundle"] = .string(second.bundle.digest.description)
        let keys = Set(left.keys).union(right.keys).filter { $0 != "version" }.sorted { Self.order($0) < Self.order($1) }
        let lines = keys.compactMap { key -> Line? in
            (all || left[key] != right[key]) ? Line(key: key, a: left[key], b: right[key]) : nil
        }
        if json { return try printJSON(lines) }
        var rows = [["", "v\(a)", "v\(b)", ""]]
        for line in lines {
            var change = ""
            if let x = line.a?.numberValue, let y = line.b?.numberValue, line.key.hasPrefix("metrics.") {
                change = (y - x >= 0 ? "+" : "") + formatNumber(y - x)
            }
            rows.append([line.key, Self.text(line.a), Self.text(line.b), change])
        }
        print(lines.isEmpty ? "v\(a) and v\(b) have the same params and metrics" : formatTable(rows))
    }

    /// Metrics first, then params, then the rest.
    static func order(_ key: String) -> String {
        key.hasPrefix("metrics.") ? "0" + key : key.hasPrefix("params.") ? "1" + key : "2" + key
    }

    static func flatten(_ value: JSONValue, prefix: String, into result: inout [String: JSONValue]) {
        if case let .object(object) = value {
            for (key, child) in object { flatten(child, prefix: prefix.isEmpty ? key : prefix + "." + key, into: &result) }
        } else {
            result[prefix] = value
        }
    }

    static func text(_ value: JSONValue?) -> String {
        switch value {
        case nil: return "-"
        case let .number(number)?: return formatNumber(number)
        case let .string(string)?: return string.hasPrefix("sha256:") && string.count > 19 ? String(string.prefix(19)) + "…" : string
        case let value?: return String(decoding: (try? JSONValue.canonicalData(value)) ?? .init(), as: UTF8.self)
        }
    }
}
