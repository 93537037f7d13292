/// What ``InferenceModule`` reads an instance through: its named values, looked up by the
/// schema's fields. Two shapes carry instances: ``FeatureRecord`` (what the server parses and
/// the stages build) and `[String: FeatureValue]` (a decoded self-check, a library caller);
/// both run the same encoding code.
public protocol FeatureInstance {
    /// The number of fields.
    var count: Int { get }
    /// The value of `name`, nil when absent; `hint` is the position to try first, where the
    /// schema expects the field (a dictionary ignores it).
    func value(named name: String, at hint: Int) -> FeatureValue?
    /// Every field's name, for naming an unknown one.
    var names: [String] { get }
}

extension Dictionary: FeatureInstance where Key == String, Value == FeatureValue {
    public func value(named name: String, at hint: Int) -> FeatureValue? {
        self[name]
    }

    public var names: [String] { Array(keys) }
}
