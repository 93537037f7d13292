public import Foundation

/// The fields a prediction request must carry, with their types: `input_schema.json` of a
/// serving bundle.
///
/// It is derived from the fitted ``ColumnTransform`` (its numeric columns are `number`
/// fields, its categorical columns `string` fields, in that order), so it cannot disagree with
/// what the transform reads. Every field is required in every instance; `null` is allowed and
/// means "missing" (numbers are imputed with the training mean, strings take the missing
/// category or all zeros), exactly as a missing cell was treated in training. String fields
/// list the categories seen in training, for clients; other strings are accepted and encode
/// as all zeros (`handle_unknown="ignore"`).
public struct InputSchema: Sendable, Codable, Equatable {
    /// Identifies this JSON layout.
    public static let format = "retrain.input-schema.v1"

    /// The type a field's value must have.
    public enum FieldType: String, Sendable, Codable, Equatable {
        /// A JSON number (or `null`).
        case number
        /// A JSON string (or `null`).
        case string
    }

    /// One field of a request instance.
    public struct Field: Sendable, Codable, Equatable {
        public let name: String
        public let type: FieldType
        /// Training categories of a string field (without the missing one); nil for numbers.
        public let categories: [String]?

        public init(name: String, type: FieldType, categories: [String]? = nil) {
            self.name = name
            self.type = type
            self.categories = categories
        }
    }

    /// The fields, in the transform's order (numeric, then categorical).
    public let fields: [Field]

    public init(fields: [Field]) {
        self.fields = fields
    }

    /// The schema a transform reads.
    public init(transform: ColumnTransform) {
        self.fields = transform.numericColumns.map { Field(name: $0, type: .number) }
            + transform.categoricalColumns.enumerated().map { index, name in
                Field(name: name, type: .string, categories: transform.encoder.categories[index].compactMap { $0 })
            }
    }

    /// The field called `name`, or nil.
    public func field(named name: String) -> Field? {
        fields.first { $0.name == name }
    }

    private enum CodingKeys: String, CodingKey { case format, fields }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let format = try container.decode(String.self, forKey: .format)
        guard format == Self.format else {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: container, debugDescription: "unsupported input schema format '\(format)'")
        }
        fields = try container.decode([Field].self, forKey: .fields)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.format, forKey: .format)
        try container.encode(fields, forKey: .fields)
    }

    /// The deterministic `input_schema.json` bytes.
    public func jsonData() throws -> Data {
        try StableJSON.encode(self)
    }
}
