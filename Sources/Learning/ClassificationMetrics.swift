import Foundation

/// Classification metrics as scikit-learn 1.9 defines them, for the evaluate stage.
///
/// - accuracy: fraction of exact matches (`accuracy_score`).
/// - precision, recall, f1 (`precision_recall_fscore_support`, `zero_division` left at its
///   default, i.e. 0 where a ratio is 0/0): ``Averaging/binary(positive:)`` scores one class,
///   ``Averaging/macro`` averages the per-class scores over the labels present in the true
///   or the predicted labels (scikit-learn's `unique_labels(y_true, y_pred)`). F1 is
///   `2·tp / (2·tp + fp + fn)` per class, so macro F1 is not the F1 of macro precision and recall.
/// - ROC AUC (`roc_auc_score`): binary from the positive class's scores, ties counted half
///   (the trapezoid over the ROC curve's distinct thresholds, computed exactly on integer
///   counts); multiclass one-vs-rest with a macro mean. `nil` where scikit-learn returns NaN
///   (one class only in the true labels).
/// - log loss (`log_loss(..., labels=classes)`): probabilities clipped to `[ε, 1 − ε]` with
///   ε the double machine epsilon, mean of `−log p(true class)`; not renormalised.
///
/// The evaluate stage uses the model's convention: with two classes the positive class is the
/// greater label (`classes[1]`, scikit-learn's `pos_label=1` for 0/1 labels); with more, macro.
public enum ClassificationMetrics {
    /// How per-class scores become one number.
    public enum Averaging: Sendable, Equatable {
        /// The score of one class (scikit-learn's `average="binary"` with that `pos_label`).
        case binary(positive: ClassLabel)
        /// Unweighted mean over the labels in the true or predicted labels.
        case macro
    }

    public static func accuracy(truth: [ClassLabel], predicted: [ClassLabel]) -> Double {
        precondition(truth.count == predicted.count, "label arrays must have equal lengths")
        guard !truth.isEmpty else { return .nan }
        var correct = 0
        for (a, b) in zip(truth, predicted) where a == b { correct += 1 }
        return Double(correct) / Double(truth.count)
    }

    public static func precision(truth: [ClassLabel], predicted: [ClassLabel], averaging: Averaging) -> Double {
        average(counts(truth: truth, predicted: predicted), averaging) { $0.ratio($0.truePositives, $0.predicted) }
    }

    public static func recall(truth: [ClassLabel], predicted: [ClassLabel], averaging: Averaging) -> Double {
        average(counts(truth: truth, predicted: predicted), averaging) { $0.ratio($0.truePositives, $0.actual) }
    }

    public static func f1(truth: [ClassLabel], predicted: [ClassLabel], averaging: Averaging) -> Double {
        average(counts(truth: truth, predicted: predicted), averaging) {
            $0.ratio(2 * $0.truePositives, $0.actual + $0.predicted)
        }
    }

    /// Binary ROC AUC of `scores` (higher means more likely `positive`).
    public static func rocAUC(truth: [ClassLabel], scores: [Double], positive: ClassLabel) -> Double? {
        precondition(truth.count == scores.count, "labels and scores must have equal lengths")
        guard Set(truth).count == 2 else { return nil }
        return binaryAUC(isPositive: truth.map { $0 == positive }, scores: scores)
    }

    /// Multiclass ROC AUC, one-vs-rest, macro mean; `probabilities` has one column per class in
    /// `classes` order. `nil` when a class is missing from `truth` (scikit-learn raises).
    public static func rocAUC(truth: [ClassLabel], probabilities: DenseMatrix, classes: [ClassLabel]) -> Double? {
        precondition(truth.count == probabilities.rows, "labels and probabilities must have equal lengths")
        precondition(classes.count == probabilities.columns, "one probability column per class")
        if classes.count == 2 {
            return rocAUC(truth: truth, scores: probabilities.column(1), positive: classes[1])
        }
        guard Set(truth) == Set(classes) else { return nil }
        var total = 0.0
        for (index, label) in classes.enumerated() {
            guard let auc = binaryAUC(isPositive: truth.map { $0 == label }, scores: probabilities.column(index))
            else { return nil }
            total += auc
        }
        return total / Double(classes.count)
    }

    /// Mean negative log-likelihood of the true class, probabilities clipped to [ε, 1 − ε].
    public static func logLoss(truth: [ClassLabel], probabilities: DenseMatrix, classes: [ClassLabel]) throws -> Double {
        precondition(truth.count == probabilities.rows, "labels and probabilities must have equal lengths")
        guard !truth.isEmpty else { throw LearningError.emptyInput("labels") }
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let eps = Double.ulpOfOne
        var losses = [Double]()
        losses.reserveCapacity(truth.count)
        for (row, label) in truth.enumerated() {
            guard let column = index[label] else { throw LearningError.unknownLabel(label.description) }
            let p = min(max(probabilities[row, column], eps), 1 - eps)
            losses.append(-log(p))
        }
        return PairwiseSum.mean(losses)
    }

    // MARK: Internals

    struct ClassCounts {
        var truePositives = 0
        var predicted = 0
        var actual = 0

        func ratio(_ numerator: Int, _ denominator: Int) -> Double {
            denominator == 0 ? 0 : Double(numerator) / Double(denominator)
        }
    }

    static func counts(truth: [ClassLabel], predicted: [ClassLabel]) -> [ClassLabel: ClassCounts] {
        precondition(truth.count == predicted.count, "label arrays must have equal lengths")
        var counts = [ClassLabel: ClassCounts]()
        for (a, b) in zip(truth, predicted) {
            counts[a, default: ClassCounts()].actual += 1
            counts[b, default: ClassCounts()].predicted += 1
            if a == b { counts[a, default: ClassCounts()].truePositives += 1 }
        }
        return counts
    }

    static func average(
        _ counts: [ClassLabel: ClassCounts], _ averaging: Averaging, score: (ClassCounts) -> Double
    ) -> Double {
        switch averaging {
        case .binary(let positive):
            return score(counts[positive] ?? ClassCounts())
        case .macro:
            let labels = counts.keys.sorted()
            guard !labels.isEmpty else { return .nan }
            var total = 0.0
            for label in labels { total += score(counts[label] ?? ClassCounts()) }
            return total / Double(labels.count)
        }
    }

    /// Area under the ROC curve with ties handled as scikit-learn's `roc_curve` + `auc`: one
    /// curve point per distinct score, trapezoids between them. Summed on integer counts
    /// (exact below 2⁵³) and divided once, so the result is the correctly rounded area.
    static func binaryAUC(isPositive: [Bool], scores: [Double]) -> Double? {
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        let positives = isPositive.reduce(0) { $0 + ($1 ? 1 : 0) }
        let negatives = isPositive.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        var area: Double = 0  // twice the area in units of (1 negative × 1 positive)
        var truePositives = 0
        var falsePositives = 0
        var previousTruePositives = 0
        var previousFalsePositives = 0
        var position = 0
        while position < order.count {
            let score = scores[order[position]]
            while position < order.count && scores[order[position]] == score {
                if isPositive[order[position]] { truePositives += 1 } else { falsePositives += 1 }
                position += 1
            }
            area += Double(falsePositives - previousFalsePositives) * Double(truePositives + previousTruePositives)
            previousTruePositives = truePositives
            previousFalsePositives = falsePositives
        }
        return area / (2 * Double(positives) * Double(negatives))
    }
}
