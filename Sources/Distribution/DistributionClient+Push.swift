public import Artifacts
import Logging
public import Registry

/// What a push did: which blobs went up, which the registry already had, which tags moved.
public struct PushResult: Sendable {
    public var manifest: Digest
    public var uploadedBlobs: [StoredBlob] = []
    public var skippedBlobs: [StoredBlob] = []
    /// Tags that were missing or pointed elsewhere and now name the manifest.
    public var updatedTags: [String] = []
    /// Tags that already named the manifest (nothing was sent for them).
    public var unchangedTags: [String] = []
}

extension DistributionClient {
    /// Pushes a model version to `repository` (its tag and digest, if any, are ignored):
    /// every blob the registry lacks (HEAD first, in parallel, streaming uploads), then the
    /// manifest — its exact stored bytes, with the OCI manifest media type — under each of
    /// `tags`, skipping tags that already name it. With no tags, the manifest is put by digest.
    ///
    /// The tags are asked first: when every one already names this manifest, the registry
    /// holds its blobs too (a registry accepts a manifest only once it has every blob it
    /// references), so pushing an unchanged version costs one HEAD per tag and nothing else.
    public func push(_ version: ModelVersion, from store: BlobStore, to repository: RemoteReference, tags: [String]) async throws -> PushResult {
        for tag in tags where !RemoteReference.isValidTag(tag) {
            throw DistributionError.invalidArgument("'\(tag)' is not a valid tag")
        }
        let manifestBytes = try store.read(version.manifest.digest)
        let manifest = try Registry.decodeModelManifest(manifestBytes, digest: version.manifest.digest)
        let blobs = ([manifest.config] + manifest.layers).map { StoredBlob(digest: $0.digest, size: $0.size) }
        for blob in blobs where !store.contains(blob.digest) { throw ArtifactsError.blobNotFound(blob.digest) }
        let digest = version.manifest.digest
        var result = PushResult(manifest: digest)
        let base = try RemoteReference(host: repository.host, repository: repository.repository)
        try await prepareAuthentication(for: base, access: .push)

        let tagsToMove = try await withThrowingTaskGroup(of: (String, Bool).self) { group in
            for tag in tags {
                group.addTask { (tag, try await self.manifestDigestIfPresent(of: try base.tagged(tag), access: .push) == digest) }
            }
            var moving: [String] = []
            for try await (tag, unchanged) in group {
                if unchanged { result.unchangedTags.append(tag) } else { moving.append(tag) }
            }
            return moving.sorted()
        }
        result.unchangedTags.sort()
        if !tags.isEmpty, tagsToMove.isEmpty {
            result.skippedBlobs = blobs
            return result
        }

        try await withThrowingTaskGroup(of: (StoredBlob, Bool).self) { group in
            for blob in blobs {
                group.addTask {
                    if try await self.remoteBlobSize(blob.digest, in: base, access: .push) != nil { return (blob, false) }
                    try await self.uploadBlob(blob, from: store, to: base)
                    self.logger.debug("uploaded blob", metadata: ["digest": "\(blob.digest.short)", "bytes": "\(blob.size)"])
                    return (blob, true)
                }
            }
            for try await (blob, uploaded) in group {
                if uploaded { result.uploadedBlobs.append(blob) } else { result.skippedBlobs.append(blob) }
            }
        }

        if tags.isEmpty {
            try await putManifest(manifestBytes, mediaType: manifest.mediaType, to: base, as: digest.description)
            return result
        }
        for tag in tagsToMove {
            try await putManifest(manifestBytes, mediaType: manifest.mediaType, to: base, as: tag)
            result.updatedTags.append(tag)
        }
        return result
    }
}
