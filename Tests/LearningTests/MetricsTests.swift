import Foundation
import Learning
import Testing

/// The metric functions on scikit-learn's edge cases, inputs taken verbatim from the fixture.
@Suite struct MetricsTests {
    struct ClassificationCase: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let truth: [ClassLabel]
        let predicted: [ClassLabel]
        let probabilities: [[Double]]
        let classes: [ClassLabel]
        let accuracy: Double
        let precision: Double
        let recall: Double
        let f1: Double
        let rocAuc: Double
        let logLoss: Double
        var testDescription: String { name }

        enum CodingKeys: String, CodingKey {
            case name, truth, predicted, probabilities, classes, accuracy, precision, recall, f1
            case rocAuc = "roc_auc"
            case logLoss = "log_loss"
        }
    }

    struct RegressionCase: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let truth: [Double]
        let predicted: [Double]
        let rmse: Double
        let mae: Double
        let r2: Double
        var testDescription: String { name }
    }

    struct File: Decodable {
        let classification: [ClassificationCase]
        let regression: [RegressionCase]
    }

    static let file: File? = try? JSONDecoder().decode(File.self, from: Fixture.data("metrics.json"))

    @Test func fixtureLoads() {
        #expect(Self.file != nil)
        #expect((Self.file?.classification.count ?? 0) >= 4)
    }

    @Test(arguments: file?.classification ?? [])
    func classification(_ c: ClassificationCase) throws {
        let averaging: ClassificationMetrics.Averaging = c.classes.count == 2 ? .binary(positive: c.classes[1]) : .macro
        #expect(ClassificationMetrics.accuracy(truth: c.truth, predicted: c.predicted) == c.accuracy)
        #expect(isClose(ClassificationMetrics.precision(truth: c.truth, predicted: c.predicted, averaging: averaging), c.precision, relative: 1e-15))
        #expect(isClose(ClassificationMetrics.recall(truth: c.truth, predicted: c.predicted, averaging: averaging), c.recall, relative: 1e-15))
        #expect(isClose(ClassificationMetrics.f1(truth: c.truth, predicted: c.predicted, averaging: averaging), c.f1, relative: 1e-15))
        let probabilities = DenseMatrix(rows: c.probabilities)
        let auc = try #require(ClassificationMetrics.rocAUC(truth: c.truth, probabilities: probabilities, classes: c.classes))
        #expect(isClose(auc, c.rocAuc, relative: 1e-12), "\(auc) vs \(c.rocAuc)")
        let logLoss = try ClassificationMetrics.logLoss(truth: c.truth, probabilities: probabilities, classes: c.classes)
        #expect(isClose(logLoss, c.logLoss, relative: 1e-12), "\(logLoss) vs \(c.logLoss)")
    }

    @Test(arguments: file?.regression ?? [])
    func regression(_ c: RegressionCase) {
        #expect(isClose(RegressionMetrics.rmse(truth: c.truth, predicted: c.predicted), c.rmse, relative: 1e-14))
        #expect(isClose(RegressionMetrics.mae(truth: c.truth, predicted: c.predicted), c.mae, relative: 1e-14))
        #expect(isClose(RegressionMetrics.r2(truth: c.truth, predicted: c.predicted), c.r2, relative: 1e-14))
    }

    @Test func rocAUCCountsTiesHalfAndIsUndefinedForOneClass() {
        let truth: [ClassLabel] = [.number(0), .number(1), .number(0), .number(1)]
        // One tie between a positive and a negative: (3 + 0.5) / 4.
        #expect(ClassificationMetrics.rocAUC(truth: truth, scores: [0.1, 0.5, 0.5, 0.9], positive: .number(1)) == 0.875)
        #expect(ClassificationMetrics.rocAUC(truth: [.number(1), .number(1)], scores: [0.2, 0.3], positive: .number(1)) == nil)
    }
}
