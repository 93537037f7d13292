public import Foundation

/// A serving bundle: the directory `retrain-build` writes and the prediction server loads.
///
/// ```
/// BUNDLE/
///   input_schema.json   the fields a request must carry, with types (InputSchema)
///   transform.json      the fitted feature transform (ColumnTransform)
///   model.json          the fitted model (FittedModel)
///   metadata.json       algorithm, params, data window, metrics, stage versions (BundleMetadata)
///   self_check.json     holdout instances and the predictions training made for them (SelfCheck)
///   MODEL_CARD.md       for people; never read by code
///   metrics.json        build's own figures (the skew check); never read by code
/// ```
///
/// Loading checks that the files agree with each other — the input schema is exactly the one
/// the transform implies, the model has as many features as the transform makes, the
/// metadata names the model's algorithm and classes — and then runs the self check: the
/// bundle must reproduce its recorded predictions. A bundle that loads is one that predicts
/// what evaluation measured.
public struct ServingBundle: Sendable {
    /// File names inside a bundle directory.
    public enum File {
        public static let inputSchema = "input_schema.json"
        public static let transform = "transform.json"
        public static let model = "model.json"
        public static let metadata = "metadata.json"
        public static let selfCheck = "self_check.json"
        public static let modelCard = "MODEL_CARD.md"
    }

    /// The compiled transform and model: call ``InferenceModule/predict(_:)-([[String:FeatureValue]])`` to score.
    public let module: InferenceModule
    public let metadata: BundleMetadata
    public let selfCheck: SelfCheck

    /// The fields a request instance must carry.
    public var inputSchema: InputSchema { module.inputSchema }

    /// Assembles a bundle in memory (build); checks that the parts agree.
    public init(module: InferenceModule, metadata: BundleMetadata, selfCheck: SelfCheck) throws(BundleError) {
        self.module = module
        self.metadata = metadata
        self.selfCheck = selfCheck
        try checkAgreement()
    }

    /// Loads a bundle directory, checks its files agree and (unless told not to) runs its
    /// self check.
    public init(contentsOfDirectory directory: URL, checkingItself: Bool = true) throws(BundleError) {
        let transform = try Self.decode(ColumnTransform.self, File.transform, in: directory)
        let model = try Self.decode(FittedModel.self, File.model, in: directory)
        let schema = try Self.decode(InputSchema.self, File.inputSchema, in: directory)
        let module: InferenceModule
        do {
            module = try InferenceModule(transform: transform, model: model)
        } catch {
            throw BundleError.invalid(file: File.model, reason: "does not fit \(File.transform): \(error)")
        }
        guard schema == module.inputSchema else {
            throw BundleError.invalid(
                file: File.inputSchema, reason: "does not match the fields \(File.transform) reads (\(Self.describe(module.inputSchema)))")
        }
        self.module = module
        self.metadata = try Self.decode(BundleMetadata.self, File.metadata, in: directory)
        self.selfCheck = try Self.decode(SelfCheck.self, File.selfCheck, in: directory)
        try checkAgreement()
        if checkingItself { try runSelfCheck() }
    }

    /// Scores the self-check instances — as records, and field by field as the server reads a
    /// plain request — and compares both with the recorded predictions.
    public func runSelfCheck() throws(BundleError) {
        let predicted: PredictionBatch
        do {
            predicted = try module.predict(selfCheck.instances)
        } catch {
            throw BundleError.selfCheckFailed("\(error)")
        }
        // Then the same instances read field by field, as the server reads a plain request.
        if let difference = predicted.firstDisagreement(with: selfCheck.expected, rowName: "instance")
            ?? module.fieldByFieldDisagreement(selfCheck.instances, expected: selfCheck.expected, rowName: "instance")
        {
            throw BundleError.selfCheckFailed(difference)
        }
    }

    /// Writes the JSON files (not the model card) into `directory`, which must exist.
    public func write(toDirectory directory: URL) throws(BundleError) {
        try Self.write(module.inputSchema, File.inputSchema, in: directory)
        try Self.write(module.transform, File.transform, in: directory)
        try Self.write(module.model, File.model, in: directory)
        try Self.write(metadata, File.metadata, in: directory)
        try Self.write(selfCheck, File.selfCheck, in: directory)
    }

    private func checkAgreement() throws(BundleError) {
        guard metadata.algorithm == module.model.algorithm else {
            throw BundleError.invalid(
                file: File.metadata, reason: "algorithm \(metadata.algorithm) but \(File.model) holds \(module.model.algorithm)")
        }
        guard (metadata.classes ?? []) == module.classes else {
            throw BundleError.invalid(file: File.metadata, reason: "classes differ from \(File.model)'s")
        }
        guard selfCheck.expected.classes == module.classes else {
            throw BundleError.invalid(file: File.selfCheck, reason: "classes differ from \(File.model)'s")
        }
    }

    private static func describe(_ schema: InputSchema) -> String {
        schema.fields.map { "\($0.name): \($0.type.rawValue)" }.joined(separator: ", ")
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ file: String, in directory: URL) throws(BundleError) -> T {
        let data: Data
        do {
            data = try Data(contentsOf: directory.appendingPathComponent(file))
        } catch {
            throw BundleError.unreadable(file: file, reason: (error as NSError).localizedDescription)
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw BundleError.invalid(file: file, reason: Self.summary(of: error))
        }
    }

    private static func write(_ value: some Encodable, _ file: String, in directory: URL) throws(BundleError) {
        do {
            try StableJSON.encode(value).write(to: directory.appendingPathComponent(file))
        } catch {
            throw BundleError.unwritable(file: file, reason: "\(error)")
        }
    }

    /// One line out of a `DecodingError`: the path and what was wrong.
    static func summary(of error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return text.isEmpty ? "" : "\(text): "
        }
        switch error {
        case .dataCorrupted(let context): return path(context) + context.debugDescription
        case .keyNotFound(let key, let context): return path(context) + "missing key \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return path(context) + context.debugDescription
        @unknown default: return "\(error)"
        }
    }
}
