public import Artifacts
public import Foundation

extension Registry {
    /// What `importVersion` did.
    public struct ImportResult: Sendable {
        public var version: ModelVersion
        /// False when the store already had this manifest as a version of the model (a no-op).
        public var isNew: Bool
    }

    /// Registers a version whose manifest, config and bundle are already in the store exactly
    /// as another store made them — a pull from a remote registry.
    ///
    /// The blobs are kept byte for byte, so the manifest digest here equals the digest at the
    /// origin and in the remote registry: that is how a second pull of the same version is
    /// recognised (and is a no-op), and why the config's `model` and `version` still say
    /// what they said where the version was trained.
    ///
    /// Numbering: the version keeps its origin number N (the config's `version`) when this
    /// model has no version N yet, so a replica's `weather:3` is the trainer's `weather:3`;
    /// when N is taken by a different manifest (this store registered its own versions), it
    /// becomes the next free number, and `origin` records the original. Numbers are never
    /// reused either way. A version that gc pruned here is restored rather than duplicated.
    public func importVersion(model: RegistryName, manifest: StoredBlob, origin: VersionOrigin, now: Date = Date()) throws -> ImportResult {
        let decoded = try Self.decodeModelManifest(try store.read(manifest.digest), digest: manifest.digest)
        try Self.validateModelManifest(decoded, digest: manifest.digest)
        for descriptor in [decoded.config] + decoded.layers {
            guard let blob = store.blob(descriptor.digest) else { throw ArtifactsError.blobNotFound(descriptor.digest) }
            guard blob.size == descriptor.size else {
                throw RegistryError.notAModelManifest(manifest.digest, "blob \(descriptor.digest) is \(blob.size) bytes, the manifest says \(descriptor.size)")
            }
        }
        let configBytes = try store.read(decoded.config.digest)
        guard let metadata = try? JSONValue.decoder().decode(JSONValue.self, from: Data(configBytes)), metadata.objectValue != nil else {
            throw RegistryError.notAModelManifest(manifest.digest, "its config \(decoded.config.digest) is not a JSON object")
        }
        let originNumber = metadata["version"]?.numberValue.flatMap { $0 >= 1 && $0 == $0.rounded() && $0 < 1e9 ? Int($0) : nil }
        let created = decoded.annotations?[OCIMediaType.createdAnnotation].flatMap { try? Date($0, strategy: .iso8601) } ?? now

        return try withLock {
            let existing = FileSystem.isDirectory(directory(of: model) + "/versions") ? try versions(of: model) : []
            if var present = existing.first(where: { $0.manifest.digest == manifest.digest }) {
                guard present.prunedAt != nil else { return ImportResult(version: present, isNew: false) }
                present.prunedAt = nil
                try write(present, to: versionPath(present.version, of: model))
                try regenerateIndex()
                return ImportResult(version: present, isNew: true)
            }
            let taken = Set(existing.map(\.version))
            let number: Int
            if let originNumber, !taken.contains(originNumber) {
                number = originNumber
            } else {
                number = (taken.max() ?? 0) + 1
            }
            let record = ModelVersion(
                model: model, version: number, created: created,
                bundle: StoredBlob(digest: decoded.layers[0].digest, size: decoded.layers[0].size),
                manifest: manifest,
                config: StoredBlob(digest: decoded.config.digest, size: decoded.config.size),
                blessed: metadata["blessed"]?.boolValue ?? false, metadata: metadata, prunedAt: nil, origin: origin
            )
            try FileSystem.makeDirectories(directory(of: model) + "/versions")
            try write(record, to: versionPath(number, of: model))
            try regenerateIndex()
            return ImportResult(version: record, isNew: true)
        }
    }

    /// The version of `model` whose manifest is `digest`, if this store has one.
    public func version(withManifest digest: Digest, of model: RegistryName) throws -> ModelVersion? {
        guard FileSystem.isDirectory(directory(of: model) + "/versions") else { return nil }
        return try versions(of: model).first { $0.manifest.digest == digest }
    }

    /// Decodes manifest bytes as an OCI image manifest, or says why they are not one.
    public static func decodeModelManifest(_ bytes: [UInt8], digest: Digest) throws -> OCIManifest {
        do {
            return try JSONValue.decoder().decode(OCIManifest.self, from: Data(bytes))
        } catch {
            throw RegistryError.notAModelManifest(digest, "not an OCI image manifest")
        }
    }

    /// Checks that a manifest describes a model version as `register` writes them: an OCI
    /// image manifest whose config is retrain metadata and whose one layer is a gzip bundle.
    /// A pull checks this before downloading anything large.
    public static func validateModelManifest(_ manifest: OCIManifest, digest: Digest) throws {
        guard manifest.mediaType == OCIMediaType.imageManifest else {
            throw RegistryError.notAModelManifest(digest, "media type '\(manifest.mediaType)', expected \(OCIMediaType.imageManifest)")
        }
        guard manifest.config.mediaType == OCIMediaType.modelConfig else {
            throw RegistryError.notAModelManifest(digest, "config media type '\(manifest.config.mediaType)', expected \(OCIMediaType.modelConfig)")
        }
        guard manifest.layers.count == 1, manifest.layers[0].mediaType == OCIMediaType.layerTarGzip else {
            throw RegistryError.notAModelManifest(digest, "expected exactly one \(OCIMediaType.layerTarGzip) layer (the bundle), found \(manifest.layers.map(\.mediaType))")
        }
        guard manifest.config.size <= 1 << 20 else {
            throw RegistryError.notAModelManifest(digest, "its config claims \(manifest.config.size) bytes; metadata is never that large")
        }
    }
}
