/// What a ``FittedModel`` predicts: class labels or numbers.
public enum Predictions: Sendable, Equatable {
    /// One predicted class per row (classifiers).
    case classes([ClassLabel])
    /// One predicted value per row (regressors).
    case values([Double])
}
