import Foundation
import Learning
import TestSupport
import Testing

/// The serving path: request instances validated against the input schema, encoded and
/// scored — bit for bit what the batch path gives on the same rows.
@Suite struct InferenceModuleTests {
    /// Transform and model fitted on a fixture's train rows; the holdout as matrix and as instances.
    static func fitted(_ name: String) throws -> (module: InferenceModule, features: DenseMatrix, instances: [[String: FeatureValue]]) {
        let fixture = try Fixture.dataset(name)
        let (table, train, holdout) = try fixture.splits()
        let trainColumns = try table.featureColumns(numeric: fixture.numeric, categorical: fixture.categorical, rows: train)
        let transform = try ColumnTransform.fit(trainColumns)
        let x = try transform.transform(trainColumns)
        let model: FittedModel
        if name == "regression" {
            model = .ridge(try Ridge(alpha: 1).fit(x, targets: try table.numbers(fixture.label)[train].map { $0 }))
        } else {
            model = .logisticRegression(try LogisticRegression().fit(x, labels: try table.labels(fixture.label, rows: train)))
        }
        let holdoutColumns = try table.featureColumns(numeric: fixture.numeric, categorical: fixture.categorical, rows: holdout)
        var instances = [[String: FeatureValue]](repeating: [:], count: holdout.count)
        for column in holdoutColumns {
            switch column {
            case .numeric(let name, let values):
                for (row, value) in values.enumerated() { instances[row][name] = value.isNaN ? .null : .number(value) }
            case .categorical(let name, let values):
                for (row, value) in values.enumerated() { instances[row][name] = value.map(FeatureValue.string) ?? .null }
            }
        }
        return (try InferenceModule(transform: transform, model: model), try transform.transform(holdoutColumns), instances)
    }

    @Test(arguments: ["binary", "multiclass"])
    func instancesScoreExactlyAsTheBatchPath(_ name: String) throws {
        let (module, features, instances) = try Self.fitted(name)
        guard case .logisticRegression(let model) = module.model else { return }
        let served = try module.predict(instances)
        #expect(served.classes == model.classes)
        #expect(served.classIndices == (try model.predictClassIndices(features)))
        #expect(served.probabilities == (try model.predictProbabilities(features)).elements, "bit-identical")
        // One at a time gives the same as the batch.
        for (row, instance) in instances.enumerated() {
            let single = try module.predict(instance)
            #expect(single.classIndices == [served.classIndices[row]])
            #expect(Array(single.probabilities) == Array(served.probabilities(at: row)))
        }
    }

    @Test func regressionInstancesScoreExactlyAsTheBatchPath() throws {
        let (module, features, instances) = try Self.fitted("regression")
        guard case .ridge(let model) = module.model else { return }
        let served = try module.predict(instances)
        #expect(!served.isClassification)
        #expect(served.values == (try model.predict(features)))
        #expect(served.label(at: 0) == nil)
    }

    @Test func theInputSchemaListsTheTransformsFieldsWithTypes() throws {
        let (module, _, _) = try Self.fitted("binary")
        #expect(module.inputSchema.fields.map(\.name) == ["x1", "x2", "x3", "x4", "city"])
        #expect(module.inputSchema.fields.map(\.type) == [.number, .number, .number, .number, .string])
        #expect(module.inputSchema.field(named: "city")?.categories == ["Berlin", "Lisbon", "Oslo", "Zürich", "oslo"])
        let text = String(decoding: try module.inputSchema.jsonData(), as: UTF8.self)
        #expect(text.contains("\"format\" : \"retrain.input-schema.v1\""))
        #expect(try JSONDecoder().decode(InputSchema.self, from: module.inputSchema.jsonData()) == module.inputSchema)
    }

    @Test func invalidInstancesNameTheInstanceAndTheField() throws {
        let (module, _, instances) = try Self.fitted("binary")
        var missing = instances[0]
        missing["x3"] = nil
        #expect(throws: InferenceError.missingFeature("x3", type: .number, instance: 1)) {
            try module.predict([instances[1], missing])
        }
        #expect((try? module.predict(missing)) == nil)

        var wrong = instances[0]
        wrong["x1"] = .string("3.5")
        #expect(throws: InferenceError.wrongType("x1", expected: .number, found: .string("3.5"), instance: 0)) {
            try module.predict(wrong)
        }
        wrong = instances[0]
        wrong["city"] = .number(3)
        #expect(throws: InferenceError.wrongType("city", expected: .string, found: .number(3), instance: 0)) {
            try module.predict(wrong)
        }
        wrong = instances[0]
        wrong["x2"] = .bool(true)
        #expect(throws: InferenceError.wrongType("x2", expected: .number, found: .bool(true), instance: 0)) {
            try module.predict(wrong)
        }
        wrong = instances[0]
        wrong["x2"] = .number(.infinity)
        #expect(throws: InferenceError.notFinite("x2", instance: 0)) { try module.predict(wrong) }

        var extra = instances[0]
        extra["zeta"] = .number(1)
        extra["label"] = .number(1)
        #expect(throws: InferenceError.unknownField("label", instance: 0)) { try module.predict(extra) }

        let messages = [
            InferenceError.missingFeature("x3", type: .number, instance: 4).description,
            InferenceError.wrongType("city", expected: .string, found: .array([]), instance: 0).description,
            InferenceError.unknownField("zeta", instance: 2).description,
        ]
        #expect(messages == [
            "instance 4: missing feature 'x3' (a number or null)",
            "instance 0: feature 'city' must be a string or null, got an array",
            "instance 2: unknown field 'zeta': the model does not read it",
        ])
    }

    /// The server hands the module records in the order the client sent the fields; the
    /// stages, records in the schema's order; a self-check, dictionaries. All score alike, and
    /// an invalid instance fails with the same error whatever its shape and order.
    @Test(arguments: ["binary", "multiclass", "regression"])
    func recordsScoreAndFailExactlyAsDictionariesInAnyFieldOrder(_ name: String) throws {
        let (module, _, instances) = try Self.fitted(name)
        let schemaOrder = module.inputSchema.fields.map(\.name)
        var generator = SplitMix64(state: 7)
        /// The instances as records, the fields in the schema's order (0), reversed (1), shuffled (2).
        func records(_ instances: [[String: FeatureValue]], order: Int) -> [FeatureRecord] {
            instances.map { instance in
                var names = schemaOrder + instance.keys.filter { !schemaOrder.contains($0) }.sorted()
                if order == 1 { names.reverse() }
                if order == 2 { names.shuffle(using: &generator) }
                return FeatureRecord(names.compactMap { name in instance[name].map { (name, $0) } })
            }
        }
        let expected = try module.predict(instances)
        for order in 0..<3 {
            #expect(try module.predict(records(instances, order: order)) == expected)
        }
        #expect(try module.predict(records([instances[3]], order: 2)[0]) == module.predict(instances[3]))

        let numeric = try #require(module.inputSchema.fields.first { $0.type == .number }).name
        var invalid: [[String: FeatureValue]] = []
        for change in 0..<5 {
            var instance = instances[change]
            switch change {
            case 0: instance[numeric] = nil
            case 1: instance[numeric] = .string("3.5")
            case 2: instance[numeric] = .number(.nan)
            case 3: instance["zeta"] = .number(1); instance["label"] = .null
            default: instance[schemaOrder.last!] = .array([])
            }
            invalid.append(instance)
        }
        for instance in invalid {
            let batch = [instances[0], instance]
            let fromDictionary = #expect(throws: InferenceError.self) { try module.predict(batch) }
            for order in 0..<3 {
                let fromRecord = #expect(throws: InferenceError.self) { try module.predict(records(batch, order: order)) }
                #expect(fromRecord == fromDictionary)
            }
        }
    }

    @Test func nullIsAMissingValueAndAnUnseenCategoryEncodesAsZeros() throws {
        let (module, _, instances) = try Self.fitted("binary")
        guard case .logisticRegression(let model) = module.model else { return }
        var instance = instances[0]
        instance["x2"] = .null
        instance["city"] = .string("Reykjavík")
        // null is imputed: the same as sending the training mean.
        var byHand = instance
        byHand["x2"] = .number(try #require(module.transform.imputer.statistics[1]))
        #expect(try module.predict(instance).probabilities == module.predict(byHand).probabilities)
        // An unseen city sets no indicator at all; a missing one sets the missing category's,
        // which training saw in this fixture.
        var missingCity = instance
        missingCity["city"] = .null
        #expect(try module.predict(missingCity).probabilities != module.predict(instance).probabilities)
        #expect(model.classes == [.number(0), .number(1)])
    }

    @Test func aBundleRoundTripsThroughItsDirectoryAndChecksItself() throws {
        let (module, _, instances) = try Self.fitted("multiclass")
        let expected = try module.predict(Array(instances.prefix(5)))
        let metadata = BundleMetadata(
            algorithm: "logistic_regression", params: ["train": .object(["C": .number(1)])], label: "species", labelType: "string",
            classes: module.classes, featureNames: module.transform.featureNames,
            dataWindow: .init(
                timestampColumn: "date", data: .init(first: "2020-01-01T00:00:00Z", last: "2021-03-25T00:00:00Z", rows: 450),
                train: .init(first: nil, last: nil, rows: 400), holdout: .init(first: nil, last: nil, rows: 50)),
            metrics: ["accuracy": 0.72], blessed: true, reasons: [], stages: ["retrain-build": "0.1.0"])
        let bundle = try ServingBundle(
            module: module, metadata: metadata, selfCheck: SelfCheck(instances: Array(instances.prefix(5)), expected: expected))
        let directory = try TemporaryDirectory(prefix: "retrain-bundle")
        let url = URL(fileURLWithPath: directory.path)
        try bundle.write(toDirectory: url)
        let loaded = try ServingBundle(contentsOfDirectory: url)
        #expect(loaded.metadata == metadata)
        #expect(loaded.inputSchema == module.inputSchema)
        #expect(try loaded.module.predict(instances) == module.predict(instances))

        // A model swapped for another one no longer reproduces the recorded predictions.
        let other = try LogisticRegression(c: 0.001).fit(
            try module.transform.transform(Fixture.table("multiclass.csv").featureColumns(
                numeric: ["x1", "x2", "x3"], categorical: ["color"], rows: 0..<400)),
            labels: try Fixture.table("multiclass.csv").labels("species", rows: 0..<400))
        try FittedModel.logisticRegression(other).jsonData().write(to: url.appendingPathComponent(ServingBundle.File.model))
        do {
            _ = try ServingBundle(contentsOfDirectory: url)
            Issue.record("a bundle with another model loaded")
        } catch {
            #expect(error.isSelfCheckFailure, "\(error)")
        }
        try FileManager.default.removeItem(at: url.appendingPathComponent(ServingBundle.File.metadata))
        do {
            _ = try ServingBundle(contentsOfDirectory: url)
            Issue.record("a bundle without metadata loaded")
        } catch {
            #expect(error.description.hasPrefix("cannot read metadata.json: "), "\(error)")
        }
    }
}
