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
        guard case .scalar = node, let value = node.int else { throw error("expected an integer, got '\(node.string ?? "…")'") }
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
                if let value = node.int { return .number(Double(value)) }
                if let value = node.float { return .number(value) }
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
