import Artifacts
import Foundation

/// A stage's cache key: SHA-256 of its name, its executable's identity, its params (after
/// `${as_of}`/`${run_id}` substitution) and its input digests, in canonical JSON.
enum CacheKey {
    private struct Material: Encodable {
        var stage: String
        var identity: String
        var params: JSONValue
        var inputs: [String: Digest]
    }

    static func make(stage: String, identity: String, params: JSONValue, inputs: [String: Digest]) throws -> String {
        let bytes = try JSONValue.canonicalData(Material(stage: stage, identity: identity, params: params, inputs: inputs))
        return Digest(of: Array(bytes)).hex
    }
}

/// Replaces `${as_of}` and `${run_id}` in every string of a stage's params.
enum ParamsTemplate {
    static func substitute(_ value: JSONValue, asOf: String, runID: String) -> JSONValue {
        switch value {
        case let .string(text):
            // The standard library's `replacing`, not Foundation's `replacingOccurrences` (NSString).
            guard text.utf8.contains(UInt8(ascii: "$")) else { return value }
            return .string(text.replacing("${as_of}", with: asOf).replacing("${run_id}", with: runID))
        case let .array(items):
            return .array(items.map { substitute($0, asOf: asOf, runID: runID) })
        case let .object(fields):
            return .object(fields.mapValues { substitute($0, asOf: asOf, runID: runID) })
        default:
            return value
        }
    }
}
