/// What a model predicted for a batch of rows: a class and class probabilities per row
/// (classifiers), or a value per row (regressors).
///
/// Flat storage — one array of class indices and one row-major array of probabilities — so
/// a 1,000-instance request costs two allocations, not one per instance. The prediction
/// server writes `predictions` from ``label(at:)`` or ``value(at:)`` and `probabilities`
/// from ``probabilities(at:)`` in ``classes`` order.
public struct PredictionBatch: Sendable, Equatable {
    /// The classes of a classifier (probability columns follow them); empty for a regressor.
    public let classes: [ClassLabel]
    /// Predicted class index (into ``classes``) per row; empty for a regressor.
    public let classIndices: [Int]
    /// Class probabilities, `count × classes.count`, row-major; empty for a regressor.
    public let probabilities: [Double]
    /// Predicted value per row; empty for a classifier.
    public let values: [Double]

    /// A classifier's predictions.
    public init(classes: [ClassLabel], classIndices: [Int], probabilities: [Double]) {
        precondition(probabilities.count == classIndices.count * classes.count, "one probability per row and class")
        self.classes = classes
        self.classIndices = classIndices
        self.probabilities = probabilities
        self.values = []
    }

    /// A regressor's predictions.
    public init(values: [Double]) {
        self.classes = []
        self.classIndices = []
        self.probabilities = []
        self.values = values
    }

    /// Whether these are a classifier's predictions.
    public var isClassification: Bool { !classes.isEmpty }

    /// The number of rows.
    public var count: Int { isClassification ? classIndices.count : values.count }

    /// The predicted class of row `index` (nil for a regressor).
    public func label(at index: Int) -> ClassLabel? {
        isClassification ? classes[classIndices[index]] : nil
    }

    /// The predicted value of row `index` (nil for a classifier).
    public func value(at index: Int) -> Double? {
        isClassification ? nil : values[index]
    }

    /// The class probabilities of row `index`, in ``classes`` order (empty for a regressor).
    public func probabilities(at index: Int) -> ArraySlice<Double> {
        let k = classes.count
        return probabilities[(index * k)..<((index + 1) * k)]
    }

    /// The predicted labels of all rows (classifiers).
    public var labels: [ClassLabel] { classIndices.map { classes[$0] } }

    /// The first row where `self` and `other` disagree, described; nil when they agree.
    ///
    /// Agreement means: the same classes, the same predicted class on every row, and
    /// probabilities (or regression values) within `tolerance` — absolute for probabilities,
    /// relative to `max(1, |value|)` for values. The tolerance only forgives rounding: a
    /// training path and a serving path that compute the same thing agree to the last bit
    /// here, and anything else (a changed transform, another model) moves predictions far
    /// more than 1e-9.
    /// `rowName` is how the message names a row (`row`, `holdout row`, `instance`).
    public func firstDisagreement(with other: PredictionBatch, tolerance: Double = 1e-9, rowName: String = "row") -> String? {
        guard count == other.count else { return "\(count) predictions against \(other.count)" }
        guard classes == other.classes else {
            return "classes \(classes.map(\.description)) against \(other.classes.map(\.description))"
        }
        if !isClassification {
            for row in 0..<count where abs(values[row] - other.values[row]) > tolerance * max(1, abs(other.values[row])) || values[row].isNaN {
                return "\(rowName) \(row): predicted \(values[row]) against \(other.values[row])"
            }
            return nil
        }
        let k = classes.count
        for row in 0..<count {
            if classIndices[row] != other.classIndices[row] {
                return "\(rowName) \(row): predicted class \(classes[classIndices[row]]) against \(classes[other.classIndices[row]])"
            }
            for c in 0..<k {
                let a = probabilities[row * k + c]
                let b = other.probabilities[row * k + c]
                if !(abs(a - b) <= tolerance) {
                    return "\(rowName) \(row): probability of class \(classes[c]) \(a) against \(b)"
                }
            }
        }
        return nil
    }
}
