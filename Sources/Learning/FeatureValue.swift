/// A JSON value, as a prediction request carries it for one feature.
///
/// The prediction server parses `{"instances": [{"feature": value, …}, …]}` into
/// ``FeatureRecord``s and hands them to ``InferenceModule``, which checks every value
/// against the ``InputSchema``: numbers for number fields, strings for string fields, `null`
/// for a missing value (imputed as in training). Arrays, objects and Booleans are kept only so
/// that the error can say what was sent instead. Bundle metadata also uses it for free-form
/// params.
public enum FeatureValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([FeatureValue])
    case object([String: FeatureValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([FeatureValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: FeatureValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            // Integral values as integers, so `3` stays `3` and not `3.0` in written JSON.
            if value.rounded() == value, abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The member `key` of an object; nil for a missing key or a value that is not an object.
    public subscript(key: String) -> FeatureValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// What kind of JSON value this is, for messages: "a number", "a string", "null"…
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a Boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .number(let value): String(value)
        case .string(let value): "\"\(value)\""
        case .array(let values): "[" + values.map(\.description).joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.keys.sorted().map { "\"\($0)\":\(members[$0]?.description ?? "null")" }.joined(separator: ",") + "}"
        }
    }
}
