/// The fitted transform and model, compiled for scoring request instances: what the
/// prediction server calls, what `retrain-build`'s skew check runs, and what
/// `retrain-evaluate` scores the champion with.
///
/// `predict` checks every instance against the ``InputSchema`` (each field present, of its
/// type or `null`, no unknown fields — errors name the instance and the field), encodes it
/// exactly as ``ColumnTransform`` encodes a table row (impute, scale, one-hot), and scores it
/// with the same ``LinearScorer`` arithmetic as batch prediction: a row scored here and the
/// same row scored in evaluation give the same bits.
///
/// Instances come whole (``FeatureRecord``s, dictionaries) or one field at a time through a
/// ``FeatureRowEncoder`` (``predict(encodingWith:)``: the server reading a request's bytes);
/// both encode through one ``FeatureLayout``. Scoring records allocates nothing per instance:
/// the encoded row and the decision values live in stack buffers reused across the batch; a
/// batch costs its two output arrays (and, through an encoder, its rows past 4 KiB). The value is
/// immutable and `Sendable`, so one module serves any number of concurrent requests.
public struct InferenceModule: Sendable {
    /// The fitted transform.
    public let transform: ColumnTransform
    /// The fitted model.
    public let model: FittedModel
    /// The fields an instance must carry.
    public let inputSchema: InputSchema

    private let layout: FeatureLayout
    private var numeric: [FeatureLayout.NumericSlot] { layout.numeric }
    private var categorical: [FeatureLayout.CategoricalSlot] { layout.categorical }
    private var featureCount: Int { layout.featureCount }
    private let weights: [Double]
    private let intercepts: [Double]
    /// Classes of a classifier; empty for a regressor.
    public let classes: [ClassLabel]

    /// Compiles `transform` and `model`; throws when their feature counts differ.
    public init(transform: ColumnTransform, model: FittedModel) throws(LearningError) {
        self.transform = transform
        self.model = model
        self.inputSchema = InputSchema(transform: transform)
        let layout = FeatureLayout(transform: transform)
        self.layout = layout
        let featureCount = layout.featureCount
        switch model {
        case .logisticRegression(let logistic):
            guard logistic.featureCount == featureCount else {
                throw LearningError.featureCountMismatch(expected: logistic.featureCount, actual: featureCount)
            }
            weights = logistic.coefficients.flatMap { $0 }
            intercepts = logistic.intercepts
            classes = logistic.classes
        case .ridge(let ridge):
            guard ridge.coefficients.count == featureCount else {
                throw LearningError.featureCountMismatch(expected: ridge.coefficients.count, actual: featureCount)
            }
            weights = ridge.coefficients
            intercepts = [ridge.intercept]
            classes = []
        }
    }

    /// Whether the model is a classifier (predictions are classes with probabilities).
    public var isClassifier: Bool { !classes.isEmpty }

    /// Scores one instance.
    public func predict(_ instance: FeatureRecord) throws(InferenceError) -> PredictionBatch {
        try predict(CollectionOfOne(instance))
    }

    /// Scores one instance.
    public func predict(_ instance: [String: FeatureValue]) throws(InferenceError) -> PredictionBatch {
        try predict(CollectionOfOne(instance))
    }

    /// Scores a batch of instances; the first invalid instance fails the whole batch.
    public func predict(_ instances: [FeatureRecord]) throws(InferenceError) -> PredictionBatch {
        try predict(instances[...])
    }

    /// Scores a batch of instances; the first invalid instance fails the whole batch.
    public func predict(_ instances: [[String: FeatureValue]]) throws(InferenceError) -> PredictionBatch {
        try predict(instances[...])
    }

    /// Scores a batch given as any collection of instances.
    public func predict<Instances: Collection>(
        _ instances: Instances
    ) throws(InferenceError) -> PredictionBatch where Instances.Element: FeatureInstance {
        var failure: InferenceError?
        var remaining = instances.makeIterator()
        let batch = score(count: instances.count) { position, scratch in
            guard let instance = remaining.next() else { return nil }
            do throws(InferenceError) {
                try encode(instance, instance: position, into: scratch)
            } catch {
                failure = error
                return nil
            }
            return UnsafePointer(scratch)
        }
        if let failure { throw failure }
        return batch
    }

    /// Scores instances given one field at a time: `fill` sets them through the encoder and
    /// returns whether it got through them all. Nil when `fill` gave up (the instances then go
    /// through ``predict(_:)`` as records for their error), when it set no instance, or
    /// when the model has more fields than the encoder takes (``FeatureRowEncoder/maxFields``).
    public func predict(encodingWith fill: (inout FeatureRowEncoder) -> Bool) -> PredictionBatch? {
        guard takesFieldByField else { return nil }
        let roomRows = max(1, Self.encoderStackDoubles / max(featureCount, 1))
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: roomRows * max(featureCount, 1)) { room in
            var encoder = FeatureRowEncoder(layout: layout, room: room)
            guard fill(&encoder), encoder.count > 0 else { return nil }
            return score(count: encoder.count) { position, _ in encoder.row(position) }
        }
    }

    /// Whether this model takes instances field by field (``predict(encodingWith:)``): at most
    /// ``FeatureRowEncoder/maxFields`` input fields.
    public var takesFieldByField: Bool { layout.fieldCount <= FeatureRowEncoder.maxFields }

    /// Scores `instances` field by field through a ``FeatureRowEncoder`` — names and strings as
    /// UTF-8, in each instance's order — as the prediction server reads a plain request; nil when
    /// the encoder refuses one (or the model does not take fields one by one). The build's skew
    /// check and a bundle's self-check run this beside ``predict(_:)``, so the path the server
    /// answers most requests with is checked against training's predictions too.
    public func predictFieldByField<Instance: FeatureInstance>(_ instances: [Instance]) -> PredictionBatch? {
        predict { encoder in
            for instance in instances {
                encoder.beginInstance()
                for (position, name) in instance.names.enumerated() {
                    var name = name
                    let found = name.withUTF8 { encoder.field(named: UnsafeRawBufferPointer($0), expectedAt: position) }
                    guard let field = found, let value = instance.value(named: name, at: position) else { return false }
                    let taken: Bool
                    switch value {
                    case .number(let number): taken = encoder.setNumber(number, field: field)
                    case .string(var text): taken = text.withUTF8 { encoder.setString(UnsafeRawBufferPointer($0), field: field) }
                    case .null: taken = encoder.setNull(field: field)
                    case .bool, .array, .object: taken = false
                    }
                    guard taken else { return false }
                }
                guard encoder.endInstance() else { return false }
            }
            return true
        }
    }

    /// What is wrong when `instances`, read field by field, do not predict `expected` (nil when
    /// they do, or when the model does not take fields one by one): the check the build's skew
    /// check and a bundle's self-check add to their records check.
    public func fieldByFieldDisagreement<Instance: FeatureInstance>(
        _ instances: [Instance], expected: PredictionBatch, rowName: String
    ) -> String? {
        guard takesFieldByField else { return nil }
        guard let predicted = predictFieldByField(instances) else {
            return "the \(rowName)s are refused when read field by field, as the server reads a request"
        }
        return predicted.firstDisagreement(with: expected, rowName: rowName).map { "read field by field: \($0)" }
    }

    /// The stack room (in doubles, 4 KiB) an encoder's first rows go into.
    private static let encoderStackDoubles = 512

    /// Scores `count` rows: `row` gives row `position`, encoding it into `scratch` (room for
    /// one row) or pointing at it where it already is; nil stops the batch.
    private func score(
        count n: Int, row: (_ position: Int, _ scratch: UnsafeMutablePointer<Double>) -> UnsafePointer<Double>?
    ) -> PredictionBatch {
        let outputs = intercepts.count
        let k = classes.count
        var classIndices = [Int].zeros(isClassifier ? n : 0)
        var probabilities = [Double].zeros(n * k)
        var values = [Double].zeros(isClassifier ? 0 : n)
        classIndices.withUnsafeMutableBufferPointer { classIndexBuffer in
            probabilities.withUnsafeMutableBufferPointer { probabilityBuffer in
                values.withUnsafeMutableBufferPointer { valueBuffer in
                    withUnsafeTemporaryAllocation(of: Double.self, capacity: featureCount + max(outputs, 1)) { scratch in
                        guard let scratchRow = scratch.baseAddress else { return }
                        let decision = scratchRow + featureCount
                        weights.withContiguousElementPointer { w in
                            intercepts.withContiguousElementPointer { b in
                                for position in 0..<n {
                                    guard let encoded = row(position, scratchRow) else { return }
                                    LinearScorer.decide(
                                        row: encoded, weights: w, intercepts: b, features: featureCount, outputs: outputs,
                                        into: decision)
                                    if k > 0, let p = probabilityBuffer.baseAddress {
                                        classIndexBuffer[position] = LinearScorer.classIndex(decision: decision, outputs: outputs)
                                        LinearScorer.probabilities(decision: decision, outputs: outputs, into: p + position * k)
                                    } else if k == 0 {
                                        valueBuffer[position] = decision[0]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return isClassifier
            ? PredictionBatch(classes: classes, classIndices: classIndices, probabilities: probabilities)
            : PredictionBatch(values: values)
    }

    /// Checks an instance against the schema without scoring it.
    public func validate(_ instance: some FeatureInstance, instance position: Int = 0) throws(InferenceError) {
        try withUnsafeTemporaryAllocation(of: Double.self, capacity: featureCount) { (row) throws(InferenceError) in
            guard let base = row.baseAddress else { return }
            try encode(instance, instance: position, into: base)
        }
    }

    /// Writes the feature row of `instance` into `row` (``featureCount`` doubles), as
    /// ``ColumnTransform/transform(_:)`` writes a table row.
    private func encode(
        _ instance: some FeatureInstance, instance position: Int, into row: UnsafeMutablePointer<Double>
    ) throws(InferenceError) {
        for (hint, slot) in numeric.enumerated() {
            guard let value = instance.value(named: slot.name, at: hint) else {
                throw InferenceError.missingFeature(slot.name, type: .number, instance: position)
            }
            switch value {
            case .number(let given):
                guard given.isFinite else { throw InferenceError.notFinite(slot.name, instance: position) }
                slot.write(given, into: row)
            case .null:
                slot.write(nil, into: row)
            default:
                throw InferenceError.wrongType(slot.name, expected: .number, found: value, instance: position)
            }
        }
        for (column, slot) in categorical.enumerated() {
            guard let value = instance.value(named: slot.name, at: numeric.count + column) else {
                throw InferenceError.missingFeature(slot.name, type: .string, instance: position)
            }
            let category: Int?
            switch value {
            case .string(let text): category = transform.encoder.categoryIndex(of: text, column: slot.column)
            case .null: category = transform.encoder.categoryIndex(of: nil, column: slot.column)
            default: throw InferenceError.wrongType(slot.name, expected: .string, found: value, instance: position)
            }
            slot.write(category: category, into: row)
        }
        if instance.count != numeric.count + categorical.count {
            // Every schema field is present, so there are extra keys; name the first in byte order.
            let unknown = instance.names.filter { !layout.fieldNames.contains($0) }
                .min { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) } ?? ""
            throw InferenceError.unknownField(unknown, instance: position)
        }
    }
}
