public import Artifacts
public import Learning

/// A model the server can answer with: what ``ModelLoader`` makes of a serving bundle.
///
/// The server never scores anything itself. It reads the request into the model's encoder
/// (`predict(encodingWith:)`) or parses it into records (`predict(_:)`), and writes back what
/// comes out; checking an instance against the input schema belongs to the model too, so that
/// the server and `retrain-build`'s skew check (which runs both entry points) run the very same
/// code. Implementations are immutable and safe to call from many requests at once.
public protocol ServableModel: Sendable {
    /// The fields an instance must carry, in the model's order.
    var inputFields: [InputField] { get }
    /// The classes of a classifier, in probability order; empty for a regressor.
    var classes: [ClassLabel] { get }
    /// The bundle's own description (`metadata.json`): algorithm, data window, metrics…
    var bundleMetadata: JSONValue { get }
    /// Scores `instances`; the first invalid one fails the batch with a 400 naming it and the field.
    func predict(_ instances: [FeatureRecord]) throws(ServingError) -> ModelPredictions
    /// Scores instances given one field at a time: `fill` sets them through the encoder (the
    /// server reading a request's bytes) and returns whether it got through them all. Nil when
    /// it gave up, or when the model takes only records: the server then parses records and
    /// calls ``predict(_:)``, which names what is wrong.
    func predict(encodingWith fill: (inout FeatureRowEncoder) -> Bool) -> ModelPredictions?
}

extension ServableModel {
    /// A model that takes only records.
    public func predict(encodingWith fill: (inout FeatureRowEncoder) -> Bool) -> ModelPredictions? { nil }
}

/// One field of a request instance, as `GET /v1/model` and `/openapi.json` describe it.
public struct InputField: Sendable, Hashable {
    /// The JSON type a field's value must have (`null` is always allowed: it means missing).
    public enum FieldType: String, Sendable, Hashable {
        case number
        case string
    }

    public var name: String
    public var type: FieldType
    /// The categories seen in training (string fields); others are accepted and encode as unseen.
    public var categories: [String]?

    public init(name: String, type: FieldType, categories: [String]? = nil) {
        self.name = name
        self.type = type
        self.categories = categories
    }
}

/// What a model predicted for a batch of instances.
///
/// Flat arrays, as the inference code produces them: a 1,000-instance answer is two arrays,
/// not a thousand small objects.
public enum ModelPredictions: Sendable, Equatable {
    /// A classifier's: the predicted class index per instance (into ``ServableModel/classes``)
    /// and the class probabilities, `count × classes.count`, row-major.
    case classification(classIndices: [Int], probabilities: [Double])
    /// A regressor's: one value per instance.
    case regression([Double])

    /// A batch of the inference module's predictions.
    public init(_ batch: PredictionBatch) {
        self = batch.isClassification
            ? .classification(classIndices: batch.classIndices, probabilities: batch.probabilities)
            : .regression(batch.values)
    }

    /// The number of instances predicted.
    public var count: Int {
        switch self {
        case .classification(let indices, _): indices.count
        case .regression(let values): values.count
        }
    }

    /// Whether these are `instances` predictions of a model with `classCount` classes (0 for a
    /// regressor): the right kind, one per instance, class indices in range, a full
    /// probability matrix. The server checks this before writing an answer, so a faulty model
    /// is a logged 500, never an out-of-bounds crash.
    public func isConsistent(instances: Int, classCount: Int) -> Bool {
        switch self {
        case .classification(let indices, let probabilities):
            classCount > 0 && indices.count == instances && probabilities.count == instances * classCount
                && indices.allSatisfy { (0..<classCount).contains($0) }
        case .regression(let values):
            classCount == 0 && values.count == instances
        }
    }
}
