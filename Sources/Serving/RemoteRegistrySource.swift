public import Artifacts
public import Distribution
import Foundation
import NIOPosix
public import Registry

/// Follows a tag in a remote OCI registry: a serving replica on a machine other than the one
/// that trains (`retrain-serve --registry registry.example/models/weather:production`).
///
/// Polling is one HEAD of the tag (the registry answers with the manifest digest), so the
/// ``Pointer`` is that digest. When it moves, ``fetch(_:into:)`` pulls exactly that manifest
/// (pinned by digest, so a tag moving again mid-pull cannot mix versions) and its blobs into
/// the local store, verifying every digest and registering the version with its lineage as
/// `retrain pull` does, then extracts the bundle, which verifies it once more. A version
/// pulled before (a rollback to it) costs only the manifest request. A registry that cannot
/// be reached throws from ``poll()``: the watcher keeps the current model serving and counts
/// the failure. A tag that does not exist yet is "nothing to serve yet", not a failure, so a
/// replica may start before the first push.
public struct RemoteRegistrySource: ModelSource {
    public typealias Pointer = Digest

    public let client: DistributionClient
    public let reference: RemoteReference
    /// The local registry the versions are pulled into (the replica's own store).
    public let registry: Registry
    /// The local model name; nil keeps the name recorded where the version was trained.
    public let model: RegistryName?

    public init(client: DistributionClient, reference: RemoteReference, registry: Registry, model: RegistryName?) {
        self.client = client
        self.reference = reference
        self.registry = registry
        self.model = model
    }

    public var description: String {
        "\(reference) (pulled into the store \(registry.store.root))"
    }

    public func poll() async throws -> ModelSourceState<Digest> {
        guard let digest = try await client.manifestDigestIfPresent(of: reference) else {
            return .empty(reason: "\(reference) does not exist in the registry yet")
        }
        return .pointing(digest)
    }

    public func fetch(_ pointer: Digest, into directory: String) async throws -> ModelIdentity {
        let pulled = try await client.pull(reference.pinned(to: pointer), into: registry, model: model)
        let record = pulled.version
        let registry = self.registry
        // Extraction reads and hashes the whole bundle: keep it off the cooperative pool.
        try await NIOThreadPool.singleton.runIfActive {
            try registry.checkServable(record)
            try registry.store.extract(record.bundle.digest, into: directory)
        }
        return ModelIdentity(
            name: record.model.value, version: record.version, digest: record.bundle.digest, alias: reference.tag,
            lineage: record.metadata)
    }
}
