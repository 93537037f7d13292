import Artifacts
import Foundation
import Yams

/// A node of a YAML document together with where it is (file, line) and which key path led to
/// it, so every validation error can say `pipeline.yaml:12: stages.train.retry: …`.
struct YAMLValue {
    let node: Node
    let file: String
    let path: String

    var line: Int? { node.mark?.line }

    func error(_ reason: String) -> PipelineError {
        .spec(file, line: line, key: path, reason)
    }

    func child(_ node: Node, key: String) -> YAMLValue {
        YAMLValue(node: node, file: file, path: path.isEmpty ? key : path + "." + key)
    }

    /// The entries of a mapping, refusing keys outside `allowed` (nil: any key) by name.
    func mapping(allowed: Set<String>? = nil) throws -> [(key: String, value: YAMLValue)] {
        guard case let .mapping(mapping) = node else { throw error("expected a mapping") }
        var seen = Set<String>()
        return try mapping.map { pair in
            guard let key = pair.key.string else { throw child(pair.key, key: "?").error("keys must be strings") }
            let value = child(pair.value, key: key)
            if let allowed, !allowed.contains(key) {
                throw PipelineError.spec(file, line: pair.key.mark?.line, key: value.path, "unknown key (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            guard seen.insert(key).inserted else { throw PipelineError.spec(file, line: pair.key.mark?.line, key: value.path, "duplicate key") }
            return (key, value)
        }
    }

    func string() throws -> String {
        guard case let .scalar(scalar) = node else { throw error("expected a string") }
        return scalar.string
    }

    func int() throws -> Int {
        guard case let .scalar(scalar) = node, scalar.style == .plain, let value = integer(scalar.string) else { throw error("expected an integer, got '\(node.string ?? "…")'") }
        return value
    }

    func bool() throws -> Bool {
        guard case let .scalar(scalar) = node, let value = Self.bool(scalar) else { throw error("expected true or false, got '\(node.string ?? "…")'") }
        return value
    }

    /// A plain scalar that YAML 1.1 reads as a boolean (what Yams's default resolver matches).
    /// Documents are composed with the basic resolver, which tags every scalar a string, so
    /// Yams's own `Node.bool` would always say nil.
    static func bool(_ scalar: Node.Scalar) -> Bool? {
        guard scalar.style == .plain else { return nil }
        switch scalar.string {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return true
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return false
        default: return nil
        }
    }

    /// Whether a plain scalar can be a number (`12`, `-0.5`, `1_000`, `.inf`): it starts with a
    /// digit, a sign, a dot or an underscore. This keeps words Swift's `Double(_:)` would take
    /// (`inf`, `nan`) strings, as YAML means them.
    static func mayBeNumber(_ scalar: Node.Scalar) -> Bool {
        guard let first = scalar.string.utf8.first else { return false }
        return (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
            || [UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_")].contains(first)
    }

    /// The number a plain scalar is by Yams's `Node.int`, else its `Node.float` — YAML 1.1:
    /// `_` separators, `0x`/`0o`/`0b` and a leading `0` (octal) for integers, `.inf` and `.nan`
    /// — in plain Swift: Yams removes the underscores with Foundation's `replacingOccurrences`,
    /// whose first use cost each run's start about a millisecond. Sexagesimal (`1:30`) is left
    /// to Yams.
    func number(_ text: String) -> Double? {
        let plain = Self.withoutUnderscores(text)
        if plain.utf8.contains(UInt8(ascii: ":")) { return node.int.map(Double.init) ?? node.float }
        if let integer = integer(text) { return Double(integer) }
        switch text.lowercased() {
        case ".inf", "+.inf": return .infinity
        case "-.inf": return -.infinity
        case ".nan": return .nan
        default: return Double(plain)
        }
    }

    /// The integer a plain scalar is by Yams's `Node.int` (see ``number(_:)``).
    func integer(_ text: String) -> Int? {
        let plain = Self.withoutUnderscores(text)
        if plain.utf8.contains(UInt8(ascii: ":")) { return node.int }
        if plain == "0" { return 0 }
        let negative = plain.hasPrefix("-")
        let body = plain.dropFirst(negative || plain.hasPrefix("+") ? 1 : 0)
        if let (prefix, radix) = [("0x", 16), ("0b", 2), ("0o", 8), ("0", 8)].first(where: { body.hasPrefix($0.0) }) {
            return Int((negative ? "-" : "") + body.dropFirst(prefix.count), radix: radix)
        }
        return Int(plain)
    }

    private static func withoutUnderscores(_ text: String) -> String {
        text.utf8.contains(UInt8(ascii: "_")) ? String(text.filter { $0 != "_" }) : text
    }

    /// `30s`, `20m`, `12h`, `90d`, `2w` (or a bare number of seconds).
    func duration() throws -> Double {
        let text = try string()
        if let seconds = HumanDuration.seconds(text) ?? Double(text) { return seconds }
        throw error("expected a duration like 30s, 20m, 12h or 2w, got '\(text)'")
    }

    func strings() throws -> [String] {
        guard case let .sequence(sequence) = node else { throw error("expected a list") }
        return try sequence.enumerated().map { index, item in try child(item, key: "\(index)").string() }
    }

    /// Any YAML value as JSON: plain scalars by the YAML core schema (int, float, bool, null),
    /// quoted scalars always strings.
    func json() throws -> JSONValue {
        switch node {
        case let .scalar(scalar):
            if scalar.style == .plain {
                if node.null != nil { return .null }
                if let value = Self.bool(scalar) { return .bool(value) }
                if Self.mayBeNumber(scalar), let value = number(scalar.string) { return .number(value) }
            }
            return .string(scalar.string)
        case let .sequence(sequence):
            return .array(try sequence.enumerated().map { try child($1, key: "\($0)").json() })
        case .mapping:
            var object: [String: JSONValue] = [:]
            for (key, value) in try mapping() { object[key] = try value.json() }
            return .object(object)
        case .alias:
            throw error("YAML aliases are not supported")
        }
    }
}
