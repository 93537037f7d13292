/// What a ``FittedModel`` predicts: class labels or numbers.
public enum Predictions: Sendable, Equatable {
    case classes([ClassLabel])
    case values([Double])
}
