public import Artifacts
public import Foundation
import Learning
import NIOCore

/// A model that passed loading, with what every response needs about it prepared once.
///
/// Immutable: a request takes the current `LoadedModel` when it starts and uses that one to
/// the end, so a swap in the middle of a request cannot mix two models in one answer.
public final class LoadedModel: Sendable {
    public let identity: ModelIdentity
    public let model: any ServableModel
    public let loadedAt: Date

    /// `"model":{"name","version","digest"}` of a prediction response, as JSON bytes.
    let responseModelField: [UInt8]
    /// The parts of a prediction answer that are the same in every answer of this model.
    let answerParts: PredictionResponseWriter.Parts

    public init(identity: ModelIdentity, model: any ServableModel, loadedAt: Date = Date()) {
        self.identity = identity
        self.model = model
        self.loadedAt = loadedAt
        var field = JSONWriter(capacity: 160)
        field.beginObject()
        field.key("name")
        field.string(identity.name)
        field.key("version")
        if let version = identity.version { field.integer(version) } else { field.null() }
        field.key("digest")
        field.string(identity.digest.description)
        field.endObject()
        responseModelField = Array(field.buffer.readableBytesView)
        answerParts = PredictionResponseWriter.Parts(classes: model.classes, modelField: responseModelField)
    }

    /// The description `GET /v1/model` answers with.
    public var description: JSONValue {
        let lineage = identity.lineage
        let bundle = model.bundleMetadata
        var fields: [String: JSONValue] = [
            "name": .string(identity.name),
            "version": identity.version.map { .number(Double($0)) } ?? .null,
            "digest": .string(identity.digest.description),
            "loaded_at": .string(JSONValue.timestamp(loadedAt)),
            "task": .string(model.classes.isEmpty ? "regression" : "classification"),
            "input_schema": .object([
                "fields": .array(model.inputFields.map(\.jsonValue)),
            ]),
            "bundle": bundle,
        ]
        if let alias = identity.alias { fields["alias"] = .string(alias) }
        if !model.classes.isEmpty {
            fields["classes"] = .array(model.classes.map(\.jsonValue))
        }
        // The registry's lineage is what the operator promoted; the bundle's metadata says
        // the same for a pinned digest that was never registered.
        fields["data_window"] = lineage?["data_window"] ?? bundle["data_window"] ?? .null
        fields["metrics"] = lineage?["metrics"] ?? bundle["metrics"] ?? .object([:])
        if let run = lineage?["run_id"] { fields["run_id"] = run }
        return .object(fields)
    }
}

extension ClassLabel {
    /// The label as a JSON value: a number stays a number, a string a string.
    var jsonValue: JSONValue {
        switch self {
        case .number(let value): .number(value)
        case .string(let text): .string(text)
        }
    }
}

extension InputField {
    var jsonValue: JSONValue {
        var fields: [String: JSONValue] = ["name": .string(name), "type": .string(type.rawValue), "nullable": .bool(true)]
        if let categories { fields["categories"] = .array(categories.map { .string($0) }) }
        return .object(fields)
    }
}
