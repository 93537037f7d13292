/// A prediction request instance the model cannot score, naming the instance and the field.
///
/// These are client errors: the prediction server answers them with 400 and this
/// `description` as the message. A struct over a private enum so that new cases do not break
/// callers; ``field`` and ``instance`` let a server build a structured error body.
public struct InferenceError: Error, CustomStringConvertible, Equatable, Sendable {
    private enum Kind: Equatable, Sendable {
        case missingFeature(InputSchema.FieldType)
        case wrongType(expected: InputSchema.FieldType, found: String)
        case notFinite
        case unknownField
    }

    private let kind: Kind
    /// The field at fault.
    public let field: String
    /// The position of the instance in the request (0 for a single instance).
    public let instance: Int

    private init(_ kind: Kind, field: String, instance: Int) {
        self.kind = kind
        self.field = field
        self.instance = instance
    }

    /// A field of the input schema is absent from the instance.
    public static func missingFeature(_ field: String, type: InputSchema.FieldType, instance: Int) -> InferenceError {
        InferenceError(.missingFeature(type), field: field, instance: instance)
    }

    /// A field's value is not of the schema's type (nor `null`).
    public static func wrongType(_ field: String, expected: InputSchema.FieldType, found: FeatureValue, instance: Int) -> InferenceError {
        InferenceError(.wrongType(expected: expected, found: found.kindDescription), field: field, instance: instance)
    }

    /// A number field holds infinity or NaN (JSON cannot, but a lenient parser may produce them).
    public static func notFinite(_ field: String, instance: Int) -> InferenceError {
        InferenceError(.notFinite, field: field, instance: instance)
    }

    /// The instance carries a field the model does not read.
    public static func unknownField(_ field: String, instance: Int) -> InferenceError {
        InferenceError(.unknownField, field: field, instance: instance)
    }

    /// Whether the instance lacks a field of the schema.
    public var isMissingFeature: Bool { if case .missingFeature = kind { true } else { false } }
    /// Whether a field's value has the wrong type or is not finite.
    public var isWrongType: Bool {
        switch kind {
        case .wrongType, .notFinite: true
        default: false
        }
    }
    /// Whether the instance carries a field the model does not read.
    public var isUnknownField: Bool { kind == .unknownField }

    public var description: String {
        let prefix = "instance \(instance): "
        switch kind {
        case .missingFeature(let type):
            return prefix + "missing feature '\(field)' (a \(type.rawValue) or null)"
        case .wrongType(let expected, let found):
            return prefix + "feature '\(field)' must be a \(expected.rawValue) or null, got \(found)"
        case .notFinite:
            return prefix + "feature '\(field)' must be a finite number"
        case .unknownField:
            return prefix + "unknown field '\(field)': the model does not read it"
        }
    }
}
