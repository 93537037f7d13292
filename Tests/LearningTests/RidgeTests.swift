import Foundation
import Learning
import Testing

@Suite struct RidgeTests {
    @Test(arguments: 0..<3)
    func coefficientsPredictionsAndMetricsMatchScikitLearn(model index: Int) throws {
        let fixture = try Fixture.dataset("regression")
        let reference = fixture.models[index]
        let (table, train, holdout) = try fixture.splits()
        let transform = try ColumnTransform.fit(
            table.featureColumns(numeric: fixture.numeric, categorical: fixture.categorical, rows: train))
        let features = try transform.transform(
            table.featureColumns(numeric: fixture.numeric, categorical: fixture.categorical, rows: train))
        let targets = Array(try table.numbers(fixture.label)[train])
        let model = try Ridge(alpha: try #require(reference.params.alpha)).fit(features, targets: targets)

        let coefficientError = maxRelativeError(model.coefficients, reference.coef.rows[0], floor: 1e-6)
        #expect(coefficientError < 1e-9, "coefficients differ by \(coefficientError) relative")
        #expect(isClose(model.intercept, reference.intercept.values[0], relative: 1e-10))

        let holdoutFeatures = try transform.transform(
            table.featureColumns(numeric: fixture.numeric, categorical: fixture.categorical, rows: holdout))
        let predicted = try model.predict(holdoutFeatures)
        let expected = reference.holdoutPredictions.map { label -> Double in
            if case .number(let value) = label { return value }
            return .nan
        }
        #expect(maxRelativeError(predicted, expected, floor: 1e-6) < 1e-9)

        let truth = Array(try table.numbers(fixture.label)[holdout])
        #expect(isClose(RegressionMetrics.rmse(truth: truth, predicted: predicted), try #require(reference.metrics["rmse"]), relative: 1e-9))
        #expect(isClose(RegressionMetrics.mae(truth: truth, predicted: predicted), try #require(reference.metrics["mae"]), relative: 1e-9))
        #expect(isClose(RegressionMetrics.r2(truth: truth, predicted: predicted), try #require(reference.metrics["r2"]), relative: 1e-9))
    }

    @Test func singularSystemWithoutPenaltyThrows() throws {
        // A constant column has a zero row and column in the centred Gram matrix.
        let features = DenseMatrix(rows: [[1, 5], [2, 5], [3, 5]])
        #expect(throws: LearningError.self) { try Ridge(alpha: 0).fit(features, targets: [1, 2, 3]) }
        #expect(throws: LearningError.self) { try Ridge(alpha: -1).fit(features, targets: [1, 2, 3]) }
    }
}
