/// A class of a classifier, kept as it was given: a number or a string.
///
/// Encodes as a bare JSON number or string, so `"classes":[0,1]` and
/// `"classes":["no","yes"]` both read naturally in `model.json`. Ordering follows
/// scikit-learn's `np.unique`: numbers numerically, strings by Unicode scalar values
/// (Python's code point order, not Swift's canonical `String` ordering). A label set never
/// mixes the two (``LearningError/mixedLabels``); across kinds, numbers sort first.
public enum ClassLabel: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// A numeric label (0/1, 3.5, …); JSON number.
    case number(Double)
    /// A text label; JSON string.
    case string(String)

    public static func < (lhs: ClassLabel, rhs: ClassLabel) -> Bool {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)): a < b
        case (.string(let a), .string(let b)): CategoryKey.utf8Precedes(a, b)
        case (.number, .string): true
        case (.string, .number): false
        }
    }

    public static func == (lhs: ClassLabel, rhs: ClassLabel) -> Bool {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): CategoryKey.utf8Equal(a, b)
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .number(let value):
            hasher.combine(0 as UInt8)
            hasher.combine(value == 0 ? 0 : value)  // -0 and 0 are one class
        case .string(let value):
            hasher.combine(1 as UInt8)
            CategoryKey.hashUTF8(value, into: &hasher)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        }
    }

    /// The label as scikit-learn would print it: integral numbers without a fraction.
    public var description: String {
        switch self {
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
            return String(value)
        case .string(let value): return value
        }
    }
}
