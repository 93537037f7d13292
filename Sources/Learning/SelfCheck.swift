/// `self_check.json` of a serving bundle: a few holdout instances and the predictions the
/// training side made for them.
///
/// Loading a bundle scores these instances and compares (``ServingBundle``), so a bundle
/// whose files were changed or mixed up after build refuses to load — in the prediction
/// server's hot swap, before it can answer a request.
public struct SelfCheck: Sendable, Codable, Equatable {
    /// Identifies this JSON layout.
    public static let format = "retrain.self-check.v1"

    /// Request instances, as a client would send them.
    public let instances: [[String: FeatureValue]]
    /// What the training side predicted for them.
    public let expected: PredictionBatch

    public init(instances: [[String: FeatureValue]], expected: PredictionBatch) {
        precondition(instances.count == expected.count, "one expected prediction per instance")
        self.instances = instances
        self.expected = expected
    }

    private enum CodingKeys: String, CodingKey { case format, instances, classes, predictions, probabilities, values }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let format = try container.decode(String.self, forKey: .format)
        guard format == Self.format else {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: container, debugDescription: "unsupported self check format '\(format)'")
        }
        instances = try container.decode([[String: FeatureValue]].self, forKey: .instances)
        if let values = try container.decodeIfPresent([Double].self, forKey: .values) {
            expected = PredictionBatch(values: values)
        } else {
            let classes = try container.decode([ClassLabel].self, forKey: .classes)
            let labels = try container.decode([ClassLabel].self, forKey: .predictions)
            let probabilities = try container.decode([[Double]].self, forKey: .probabilities)
            var indices = [Int]()
            for label in labels {
                guard let index = classes.firstIndex(of: label) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .predictions, in: container, debugDescription: "prediction \(label) is not one of the classes")
                }
                indices.append(index)
            }
            guard probabilities.count == labels.count, probabilities.allSatisfy({ $0.count == classes.count }) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .probabilities, in: container, debugDescription: "one probability per instance and class")
            }
            expected = PredictionBatch(classes: classes, classIndices: indices, probabilities: probabilities.flatMap { $0 })
        }
        guard expected.count == instances.count else {
            throw DecodingError.dataCorruptedError(
                forKey: .instances, in: container, debugDescription: "one expected prediction per instance")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.format, forKey: .format)
        try container.encode(instances, forKey: .instances)
        if expected.isClassification {
            try container.encode(expected.classes, forKey: .classes)
            try container.encode(expected.labels, forKey: .predictions)
            try container.encode((0..<expected.count).map { Array(expected.probabilities(at: $0)) }, forKey: .probabilities)
        } else {
            try container.encode(expected.values, forKey: .values)
        }
    }
}
