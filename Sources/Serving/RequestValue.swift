/// One JSON value of a prediction request instance, as the server parsed it.
///
/// Stands in for the inference type's own value until the serving bundle's inference code
/// lands in `Learning`; the case names match it so the parser does not change when it does.
/// Arrays, objects and Booleans are kept only so that the model's error can say what was sent.
public enum RequestValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([RequestValue])
    case object([String: RequestValue])

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
}
