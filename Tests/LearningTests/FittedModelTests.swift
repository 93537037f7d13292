import Foundation
import Learning
import Testing

@Suite struct FittedModelTests {
    static func logisticModel() throws -> (FittedModel, DenseMatrix) {
        let fixture = try Fixture.dataset("multiclass")
        let (table, train, holdout) = try fixture.splits()
        let columns = try table.featureColumns(numeric: fixture.numeric, categorical: fixture.categorical, rows: train)
        let transform = try ColumnTransform.fit(columns)
        let model = try LogisticRegression().fit(transform.transform(columns), labels: table.labels(fixture.label, rows: train))
        let holdoutFeatures = try transform.transform(
            table.featureColumns(numeric: fixture.numeric, categorical: fixture.categorical, rows: holdout))
        return (.logisticRegression(model), holdoutFeatures)
    }

    @Test func logisticModelRoundTripsThroughJSONWithIdenticalPredictions() throws {
        let (model, holdout) = try Self.logisticModel()
        let data = try model.jsonData()
        let decoded = try JSONDecoder().decode(FittedModel.self, from: data)
        #expect(decoded == model)
        #expect(try decoded.jsonData() == data)
        #expect(try decoded.predict(holdout) == model.predict(holdout))
        #expect(try decoded.predictProbabilities(holdout) == model.predictProbabilities(holdout))
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"algorithm\" : \"logistic_regression\""))
        #expect(text.contains("\"classes\" : [\n      \"cat\",\n      \"dog\",\n      \"emu\"\n    ]"))
        #expect(text.contains("\"train_loss\""))
    }

    @Test func ridgeModelRoundTripsAndPredictsValues() throws {
        let features = DenseMatrix(rows: [[1, 0], [0, 1], [1, 1], [2, 1]])
        let model = FittedModel.ridge(try Ridge(alpha: 0.5).fit(features, targets: [1, 2, 3, 4.5]))
        let decoded = try JSONDecoder().decode(FittedModel.self, from: model.jsonData())
        #expect(decoded == model)
        guard case .values(let values) = try decoded.predict(features) else {
            Issue.record("ridge must predict values")
            return
        }
        #expect(values.count == 4)
        #expect(try decoded.predictProbabilities(features) == nil)
    }

    @Test func numericClassesEncodeAsNumbers() throws {
        let features = DenseMatrix(rows: [[0], [1], [2], [3]])
        let model = FittedModel.logisticRegression(try LogisticRegression().fit(features, labels: [0.0, 0, 1, 1]))
        let text = String(decoding: try model.jsonData(), as: UTF8.self)
        #expect(text.contains("\"classes\" : [\n      0,\n      1\n    ]"))
        #expect(try model.predict(features) == .classes([.number(0), .number(0), .number(1), .number(1)]))
    }

    @Test func rejectsUnknownAlgorithmFormatAndWidth() throws {
        let unknown = Data(#"{"format":"retrain.model.v1","algorithm":"svm","model":{}}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(FittedModel.self, from: unknown) }
        let future = Data(#"{"format":"retrain.model.v9","algorithm":"ridge","model":{}}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(FittedModel.self, from: future) }
        let (model, _) = try Self.logisticModel()
        #expect(throws: LearningError.featureCountMismatch(expected: 6, actual: 2)) {
            try model.predict(DenseMatrix(rows: 1, columns: 2))
        }
    }
}
