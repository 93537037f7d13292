/// A parsed JSON value together with the line it starts on.
///
/// The params decoder keeps lines so that every error can point at the place in the params
/// file a person has to fix.
struct JSONNode: Sendable {
    /// One member of an object, in document order.
    struct Member: Sendable {
        let key: String
        let line: Int
        let value: JSONNode
    }

    enum Value: Sendable {
        case null
        case bool(Bool)
        /// The number's text as written, so integers decode exactly.
        case number(String)
        case string(String)
        case array([JSONNode])
        case object([Member])
    }

    let value: Value
    let line: Int

    /// A short name of the value's kind for messages: "a string", "an object"…
    var kindDescription: String {
        switch value {
        case .null: "null"
        case .bool: "a Boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
