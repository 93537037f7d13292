import Foundation
import Learning
import StageContract

/// Evaluate's holdout predictions as a table directory (`predictions/`), for build's skew
/// check: a `prediction` column (the class, or the value of a regressor) and, for a
/// classifier, one `probability:<class>` number column per class in the model's class order.
enum PredictionsTable {
    static let directory = "predictions"

    static func write(_ predictions: PredictionBatch, to url: URL) throws {
        var columns = [Column]()
        if predictions.isClassification {
            let labels = predictions.labels
            if case .string = predictions.classes.first {
                columns.append(.string("prediction", labels.map(\.description)))
            } else {
                columns.append(.number("prediction", labels.map { if case .number(let v) = $0 { v } else { .nan } }))
            }
            let k = predictions.classes.count
            for (index, label) in predictions.classes.enumerated() {
                columns.append(.number(
                    "probability:\(label.description)",
                    (0..<predictions.count).map { predictions.probabilities[$0 * k + index] }))
            }
        } else {
            columns.append(.number("prediction", predictions.values))
        }
        try Table(columns: columns).write(toDirectory: url)
    }

    /// Reads the predictions back; `classes` are the model's (empty for a regressor).
    static func read(from url: URL, classes: [ClassLabel]) throws -> PredictionBatch {
        let table = try Table(contentsOfDirectory: url)
        guard let prediction = table.column(named: "prediction") else {
            throw StageFailure.badInput("\(directory)/ has no column 'prediction'")
        }
        guard !classes.isEmpty else {
            guard let values = prediction.numbers, table.columns.count == 1 else {
                throw StageFailure.badInput("\(directory)/ does not hold a regressor's predictions")
            }
            return PredictionBatch(values: values)
        }
        guard table.columns.count == classes.count + 1 else {
            throw StageFailure.badInput("\(directory)/ has \(table.columns.count - 1) probability columns, the model has \(classes.count) classes")
        }
        let labels = HoldoutMetric.classLabels(prediction)
        var indices = [Int]()
        indices.reserveCapacity(labels.count)
        for (row, label) in labels.enumerated() {
            guard let index = classes.firstIndex(of: label) else {
                throw StageFailure.badInput("\(directory)/ row \(row): \(label) is not one of the model's classes")
            }
            indices.append(index)
        }
        let k = classes.count
        var probabilities = [Double](repeating: 0, count: table.rowCount * k)
        for index in 0..<k {
            guard let values = table.columns[index + 1].numbers else {
                throw StageFailure.badInput("\(directory)/ column \(table.columns[index + 1].name) is not numbers")
            }
            for row in 0..<table.rowCount { probabilities[row * k + index] = values[row] }
        }
        return PredictionBatch(classes: classes, classIndices: indices, probabilities: probabilities)
    }
}
