/// One named input column of the feature transform: numbers (NaN = missing) or strings (nil = missing).
///
/// The transform works on columns, as they come out of a columnar table, and writes the
/// feature matrix directly; it never materialises rows of mixed types.
public enum FeatureColumn: Sendable, Equatable {
    /// Imputed with the training mean, then standardised.
    case numeric(name: String, values: [Double])
    /// One-hot encoded over the sorted training categories.
    case categorical(name: String, values: [String?])

    public var name: String {
        switch self {
        case .numeric(let name, _), .categorical(let name, _): name
        }
    }

    public var count: Int {
        switch self {
        case .numeric(_, let values): values.count
        case .categorical(_, let values): values.count
        }
    }
}
