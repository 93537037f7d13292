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
/// Scoring allocates nothing per instance: the encoded row and the decision values live in
/// stack buffers reused across the batch; a batch costs its two output arrays. The value is
/// immutable and `Sendable`, so one module serves any number of concurrent requests.
public struct InferenceModule: Sendable {
    /// The fitted transform.
    public let transform: ColumnTransform
    /// The fitted model.
    public let model: FittedModel
    /// The fields an instance must carry.
    public let inputSchema: InputSchema

    private struct NumericSlot: Sendable {
        let name: String
        /// Output column, or -1 for a column the imputer dropped (all missing in training).
        let output: Int
        let fill: Double
        let mean: Double
        let scale: Double
    }

    private struct CategoricalSlot: Sendable {
        let name: String
        /// Column index in the transform's encoder.
        let column: Int
        /// First output column of this field's indicators.
        let offset: Int
        let width: Int
    }

    private let numeric: [NumericSlot]
    private let categorical: [CategoricalSlot]
    private let fieldNames: Set<String>
    private let featureCount: Int
    private let weights: [Double]
    private let intercepts: [Double]
    /// Classes of a classifier; empty for a regressor.
    public let classes: [ClassLabel]

    /// Compiles `transform` and `model`; throws when their feature counts differ.
    public init(transform: ColumnTransform, model: FittedModel) throws(LearningError) {
        self.transform = transform
        self.model = model
        self.inputSchema = InputSchema(transform: transform)
        let kept = transform.imputer.keptColumns
        var outputOf = [Int](repeating: -1, count: transform.numericColumns.count)
        for (output, source) in kept.enumerated() { outputOf[source] = output }
        numeric = transform.numericColumns.enumerated().map { source, name in
            let output = outputOf[source]
            return NumericSlot(
                name: name, output: output, fill: transform.imputer.statistics[source] ?? 0,
                mean: output >= 0 ? transform.scaler.means[output] : 0,
                scale: output >= 0 ? transform.scaler.scales[output] : 1)
        }
        var offset = kept.count
        var slots = [CategoricalSlot]()
        for (column, name) in transform.categoricalColumns.enumerated() {
            let width = transform.encoder.width(column: column)
            slots.append(CategoricalSlot(name: name, column: column, offset: offset, width: width))
            offset += width
        }
        categorical = slots
        featureCount = offset
        fieldNames = Set(transform.numericColumns + transform.categoricalColumns)
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
        let n = instances.count
        let outputs = intercepts.count
        let k = classes.count
        var classIndices = [Int].zeros(isClassifier ? n : 0)
        var probabilities = [Double].zeros(n * k)
        var values = [Double].zeros(isClassifier ? 0 : n)
        var failure: InferenceError?
        classIndices.withUnsafeMutableBufferPointer { classIndexBuffer in
            probabilities.withUnsafeMutableBufferPointer { probabilityBuffer in
                values.withUnsafeMutableBufferPointer { valueBuffer in
                    withUnsafeTemporaryAllocation(of: Double.self, capacity: featureCount + max(outputs, 1)) { scratch in
                        guard let row = scratch.baseAddress else { return }
                        let decision = row + featureCount
                        weights.withContiguousElementPointer { w in
                            intercepts.withContiguousElementPointer { b in
                                for (position, instance) in instances.enumerated() {
                                    do throws(InferenceError) {
                                        try encode(instance, instance: position, into: row)
                                    } catch {
                                        failure = error
                                        return
                                    }
                                    LinearScorer.decide(
                                        row: row, weights: w, intercepts: b, features: featureCount, outputs: outputs,
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
        if let failure { throw failure }
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
            let number: Double
            switch value {
            case .number(let given):
                guard given.isFinite else { throw InferenceError.notFinite(slot.name, instance: position) }
                number = given
            case .null:
                number = slot.fill
            default:
                throw InferenceError.wrongType(slot.name, expected: .number, found: value, instance: position)
            }
            if slot.output >= 0 { row[slot.output] = (number - slot.mean) / slot.scale }
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
            (row + slot.offset).update(repeating: 0, count: slot.width)
            if let category { row[slot.offset + category] = 1 }
        }
        if instance.count != numeric.count + categorical.count {
            // Every schema field is present, so there are extra keys; name the first in byte order.
            let unknown = instance.names.filter { !fieldNames.contains($0) }
                .min { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) } ?? ""
            throw InferenceError.unknownField(unknown, instance: position)
        }
    }
}
