public import Artifacts
import Logging
public import Foundation
public import Registry

/// What a pull did.
public struct PullResult: Sendable {
    /// The local version (new, or the one that already had this manifest).
    public var version: ModelVersion
    public var manifest: Digest
    /// False when the store already had this manifest as a version of the model: nothing
    /// was downloaded beyond the manifest and nothing was registered.
    public var isNew: Bool
    public var downloadedBlobs: [StoredBlob]
}

extension DistributionClient {
    /// Pulls the model version `reference` names (a tag or a digest) into `registry`'s store
    /// and registers it with its lineage (see `Registry.importVersion` for numbering).
    ///
    /// Every byte is checked before it is named: the manifest against the reference's digest
    /// (or the registry's `Docker-Content-Digest`), each blob against the manifest's digest
    /// and size while it streams to disk. A mismatch leaves nothing registered and no blob
    /// under a wrong name. A manifest that is not a retrain model version is refused before
    /// any blob is fetched.
    ///
    /// - Parameter model: the local model name; by default the `model` in the version's
    ///   config, else the repository's last path component.
    public func pull(_ reference: RemoteReference, into registry: Registry, model: RegistryName? = nil, now: Date = Date()) async throws -> PullResult {
        let store = registry.store
        let fetched = try await fetchManifest(reference)
        if !fetched.mediaType.isEmpty && fetched.mediaType != OCIMediaType.imageManifest {
            throw DistributionError.unsupportedManifest(reference.description, "the registry serves it as \(fetched.mediaType), expected \(OCIMediaType.imageManifest)")
        }
        let manifest = try Registry.decodeModelManifest(fetched.bytes, digest: fetched.digest)
        try Registry.validateModelManifest(manifest, digest: fetched.digest)
        var downloaded: [StoredBlob] = []

        // The config first: it is small, and it names the model.
        if !store.contains(manifest.config.digest) {
            downloaded.append(try await downloadBlob(manifest.config, from: reference, into: store))
        }
        let config = try? JSONValue.decoder().decode(JSONValue.self, from: Data(store.read(manifest.config.digest)))
        let originModel = config?["model"]?.stringValue
        let originVersion = config?["version"]?.numberValue.flatMap { $0 >= 1 && $0 == $0.rounded() && $0 < 1e9 ? Int($0) : nil }
        let name = try model ?? Self.defaultModelName(config: originModel, repository: reference.repository)

        if let present = try registry.version(withManifest: fetched.digest, of: name), present.prunedAt == nil {
            try registry.checkServable(present)
            logger.debug("already present", metadata: ["model": "\(name)", "version": "\(present.version)"])
            return PullResult(version: present, manifest: fetched.digest, isNew: false, downloadedBlobs: downloaded)
        }
        for layer in manifest.layers where !store.contains(layer.digest) {
            downloaded.append(try await downloadBlob(layer, from: reference, into: store))
        }
        let stored = try store.put(bytes: fetched.bytes)
        guard stored.digest == fetched.digest else { throw ArtifactsError.digestMismatch(expected: fetched.digest, actual: stored.digest) }
        let origin = VersionOrigin(reference: reference.description, model: originModel, version: originVersion, pulledAt: now)
        let imported = try registry.importVersion(model: name, manifest: stored, origin: origin, now: now)
        return PullResult(version: imported.version, manifest: fetched.digest, isNew: imported.isNew, downloadedBlobs: downloaded)
    }

    static func defaultModelName(config: String?, repository: String) throws -> RegistryName {
        if let config, let name = try? RegistryName(config) { return name }
        let last = String(repository.split(separator: "/").last ?? Substring(repository))
        guard let name = try? RegistryName(last) else {
            throw DistributionError.invalidArgument("cannot name the model after '\(last)'; pass --model NAME")
        }
        return name
    }
}
