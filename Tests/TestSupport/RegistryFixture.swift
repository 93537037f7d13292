public import Artifacts
public import Foundation
public import Registry

/// A temporary store with a registry, and helpers to register small real bundles.
public final class RegistryFixture: Sendable {
    public let directory: TemporaryDirectory
    public let store: BlobStore
    public let registry: Registry

    public init() throws {
        directory = try TemporaryDirectory(prefix: "retrain-registry")
        store = try BlobStore(root: directory.child("store"))
        registry = try Registry(store: store)
    }

    /// Stores a small bundle (its content is `label`, padded to `size` bytes) and registers it.
    @discardableResult
    public func register(_ model: String = "weather", label: String, size: Int = 0, blessed: Bool = true, metrics: [String: Double] = ["roc_auc": 0.8], now: Date = Date()) throws -> ModelVersion {
        try directory.write(label + String(repeating: " ", count: max(0, size - label.count)), to: "bundles/\(label)/model.txt")
        let blob = try store.put(directory: directory.child("bundles/\(label)"))
        let metadata = JSONValue.object([
            "blessed": .bool(blessed),
            "metrics": .object(metrics.mapValues { .number($0) }),
            "run_id": .string("run-\(label)"),
        ])
        return try registry.register(model: try RegistryName(model), bundle: blob.digest, metadata: metadata, now: now)
    }
}
