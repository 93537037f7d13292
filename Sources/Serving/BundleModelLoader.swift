public import Artifacts
import Foundation
public import Learning

/// Loads serving bundles with `Learning`'s inference code — the very code `retrain-build`'s
/// skew check ran against evaluate's predictions.
///
/// `ServingBundle(contentsOfDirectory:)` reads the bundle's files, checks that they agree
/// (input schema, transform, model, metadata) and runs the self check: the holdout instances
/// recorded at build time must be predicted as they were then. Any failure refuses the bundle.
public struct BundleModelLoader: ModelLoader {
    public init() {}

    public func load(bundleDirectory directory: String) throws -> any ServableModel {
        let bundle = try ServingBundle(contentsOfDirectory: URL(fileURLWithPath: directory, isDirectory: true))
        return try BundleModel(bundle: bundle)
    }
}

/// A loaded serving bundle as the server calls it.
public struct BundleModel: ServableModel {
    /// The compiled transform and model.
    public let module: InferenceModule
    public let inputFields: [InputField]
    public let classes: [ClassLabel]
    public let bundleMetadata: JSONValue

    public init(bundle: ServingBundle) throws {
        module = bundle.module
        classes = bundle.module.classes
        inputFields = bundle.inputSchema.fields.map { field in
            InputField(name: field.name, type: field.type == .number ? .number : .string, categories: field.categories)
        }
        // metadata.json as the client sees it: its own JSON, re-read as a generic value.
        bundleMetadata = try JSONValue.decoder().decode(JSONValue.self, from: JSONEncoder().encode(bundle.metadata))
    }

    public func predict(_ instances: [FeatureRecord]) throws(ServingError) -> ModelPredictions {
        let batch: PredictionBatch
        do {
            batch = try module.predict(instances)
        } catch {
            throw .invalidInstance(error.description, field: error.field, instance: error.instance)
        }
        return ModelPredictions(batch)
    }

    public func predict(encodingWith fill: (inout FeatureRowEncoder) -> Bool) -> ModelPredictions? {
        module.predict(encodingWith: fill).map(ModelPredictions.init)
    }
}
