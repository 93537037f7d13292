import Foundation
import Learning
import Testing

@Suite struct LogisticRegressionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let dataset: String
        let model: Int
        var testDescription: String { "\(dataset)#\(model)" }
    }

    static let cases = ["binary", "multiclass"].flatMap { name in (0..<4).map { Case(dataset: name, model: $0) } }

    /// Fits our model on the fixture's train rows (through our transform).
    static func fit(_ fixture: DatasetFixture, _ reference: DatasetFixture.ModelFixture) throws
        -> (model: LogisticRegressionModel, holdout: DenseMatrix, truth: [ClassLabel])
    {
        let (table, train, holdout) = try fixture.splits()
        let transform = try ColumnTransform.fit(
            table.featureColumns(numeric: fixture.numeric, categorical: fixture.categorical, rows: train))
        let features = try transform.transform(
            table.featureColumns(numeric: fixture.numeric, categorical: fixture.categorical, rows: train))
        let estimator = LogisticRegression(
            c: try #require(reference.params.C), maxIterations: try #require(reference.params.maxIter),
            tolerance: try #require(reference.params.tol))
        let model = try estimator.fit(features, labels: try table.labels(fixture.label, rows: train))
        let holdoutFeatures = try transform.transform(
            table.featureColumns(numeric: fixture.numeric, categorical: fixture.categorical, rows: holdout))
        return (model, holdoutFeatures, try table.labels(fixture.label, rows: holdout))
    }

    @Test(arguments: cases)
    func coefficientsMatchScikitLearn(_ testCase: Case) throws {
        let fixture = try Fixture.dataset(testCase.dataset)
        let reference = fixture.models[testCase.model]
        let (model, _, _) = try Self.fit(fixture, reference)

        #expect(model.classes == reference.classes)
        let expectedRows = reference.coef.rows
        #expect(model.coefficients.count == expectedRows.count)
        for (ours, theirs) in zip(model.coefficients, expectedRows) {
            let error = maxRelativeError(ours, theirs, floor: 1e-3)
            #expect(error < 1e-4, "coefficients differ by \(error) relative: \(ours) vs \(theirs)")
        }
        let interceptError = maxRelativeError(model.intercepts, reference.intercept.values, floor: 1e-3)
        #expect(interceptError < 1e-4, "intercepts differ by \(interceptError) relative")
        #expect(model.fit.iterations == reference.nIter)
        #expect(model.fit.converged == reference.converged)
        let loss = try #require(reference.trainLoss)
        #expect(isClose(model.fit.trainLoss, loss, relative: 1e-9), "\(model.fit.trainLoss) vs \(loss)")
    }

    @Test(arguments: cases)
    func predictionsAndProbabilitiesMatchScikitLearn(_ testCase: Case) throws {
        let fixture = try Fixture.dataset(testCase.dataset)
        let reference = fixture.models[testCase.model]
        let (model, holdout, _) = try Self.fit(fixture, reference)
        #expect(try model.predict(holdout) == reference.holdoutPredictions)
        let probabilities = try model.predictProbabilities(holdout)
        let expected = DenseMatrix(rows: try #require(reference.holdoutProbabilities))
        #expect(probabilities.rows == expected.rows && probabilities.columns == expected.columns)
        #expect(maxRelativeError(probabilities.elements, expected.elements, floor: 1e-6) < 1e-4)
        for row in 0..<probabilities.rows {
            let sum = (0..<probabilities.columns).reduce(0.0) { $0 + probabilities[row, $1] }
            #expect(abs(sum - 1) < 1e-12)
        }
    }

    @Test(arguments: ["binary", "multiclass"])
    func holdoutMetricsMatchScikitLearn(dataset name: String) throws {
        let fixture = try Fixture.dataset(name)
        let reference = fixture.models[0]
        let (model, holdout, truth) = try Self.fit(fixture, reference)
        let predicted = try model.predict(holdout)
        let probabilities = try model.predictProbabilities(holdout)
        let averaging: ClassificationMetrics.Averaging =
            model.classes.count == 2 ? .binary(positive: model.classes[1]) : .macro
        let expected = reference.metrics
        #expect(ClassificationMetrics.accuracy(truth: truth, predicted: predicted) == expected["accuracy"])
        #expect(
            isClose(
                ClassificationMetrics.precision(truth: truth, predicted: predicted, averaging: averaging),
                try #require(expected["precision"]), relative: 1e-12))
        #expect(
            isClose(
                ClassificationMetrics.recall(truth: truth, predicted: predicted, averaging: averaging),
                try #require(expected["recall"]), relative: 1e-12))
        #expect(
            isClose(
                ClassificationMetrics.f1(truth: truth, predicted: predicted, averaging: averaging),
                try #require(expected["f1"]), relative: 1e-12))
        let auc = try #require(
            ClassificationMetrics.rocAUC(truth: truth, probabilities: probabilities, classes: model.classes))
        #expect(isClose(auc, try #require(expected["roc_auc"]), relative: 1e-6))
        let logLoss = try ClassificationMetrics.logLoss(
            truth: truth, probabilities: probabilities, classes: model.classes)
        #expect(isClose(logLoss, try #require(expected["log_loss"]), relative: 1e-6))
    }

    @Test func fittingTwiceGivesIdenticalBytes() throws {
        let fixture = try Fixture.dataset("multiclass")
        let first = try Self.fit(fixture, fixture.models[2]).model
        let second = try Self.fit(fixture, fixture.models[2]).model
        #expect(try FittedModel.logisticRegression(first).jsonData() == FittedModel.logisticRegression(second).jsonData())
    }

    @Test func nonConvergenceIsReportedNotThrown() throws {
        let fixture = try Fixture.dataset("binary")
        let model = try Self.fit(fixture, fixture.models[3]).model
        #expect(model.fit.converged == false)
        #expect(model.fit.iterations == 3)
        #expect(model.fit.stopReason.contains("iterations"))
    }

    @Test func rejectsASingleClassAndBadParameters() throws {
        let features = DenseMatrix(rows: [[1], [2], [3]])
        #expect(throws: LearningError.singleClass("1")) {
            try LogisticRegression().fit(features, labels: [1.0, 1, 1])
        }
        #expect(throws: LearningError.self) { try LogisticRegression(c: 0).fit(features, labels: [0.0, 1, 1]) }
        #expect(throws: LearningError.mixedLabels) {
            try LogisticRegression().fit(features, labels: [.number(0), .string("a"), .number(1)])
        }
        #expect(throws: LearningError.lengthMismatch("label", expected: 3, actual: 2)) {
            try LogisticRegression().fit(features, labels: [0.0, 1])
        }
    }

    @Test func separableDataDoesNotBlowUp() throws {
        // Perfectly separable: the penalty keeps the optimum finite; the fit must converge.
        let features = DenseMatrix(rows: (0..<40).map { [Double($0) - 19.5] })
        let labels = (0..<40).map { $0 < 20 ? 0.0 : 1.0 }
        let model = try LogisticRegression(c: 100).fit(features, labels: labels)
        #expect(model.fit.converged)
        #expect(model.coefficients[0][0].isFinite && model.coefficients[0][0] > 0)
        #expect(try model.predict(features) == labels.map(ClassLabel.number))
    }
}

@Suite struct LabelEncodingTests {
    @Test func manyClassesAndNaNLabels() throws {
        // 40 classes pass the linear-search limit; the classes come out sorted numerically.
        let labels = (0..<400).map { Double(($0 * 7) % 40) }
        let features = DenseMatrix(rows: labels.map { [$0 / 40] })
        let model = try LogisticRegression(maxIterations: 5).fit(features, labels: labels)
        #expect(model.classes == (0..<40).map { ClassLabel.number(Double($0)) })
        #expect(model.coefficients.count == 40)
        #expect(throws: LearningError.invalidLabel("NaN")) {
            try LogisticRegression().fit(DenseMatrix(rows: [[0], [1], [2]]), labels: [0, .nan, 1])
        }
        #expect(throws: LearningError.invalidLabel("NaN")) {
            try LogisticRegression().fit(
                DenseMatrix(rows: [[0], [1], [2]]), labels: [.number(0), .number(.nan), .number(.nan)])
        }
        let strings = try LogisticRegression().fit(DenseMatrix(rows: [[0], [1], [2], [3]]), labels: ["b", "a", "b", "B"])
        #expect(strings.classes == [.string("B"), .string("a"), .string("b")])
    }
}
