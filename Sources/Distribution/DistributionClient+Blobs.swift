public import Artifacts
import Logging
import AsyncHTTPClient
import NIOCore
import NIOHTTP1

extension DistributionClient {
    /// The size of the blob the registry holds under `digest` in the repository, or nil when
    /// it has none (HEAD; this is how a push skips what is already there).
    public func remoteBlobSize(_ digest: Digest, in reference: RemoteReference, access: RepositoryAccess = .pull) async throws -> Int64? {
        let url = try repositoryURL(of: reference) + "/blobs/" + digest.description
        let request = Request(method: .HEAD, url: url, timeout: configuration.requestTimeout, operation: "HEAD blob")
        let response = try await send(request, to: reference, access: access)
        if response.status == .notFound { return nil }
        try await expect(response, .ok, operation: "HEAD blob", url: url)
        return response.headers.first(name: "Content-Length").flatMap { Int64($0) } ?? 0
    }

    /// Uploads a stored blob, streaming it from disk: one POST to open an upload session,
    /// then either one PUT carrying the whole blob (up to `monolithicUploadLimit`) or PATCHes
    /// of `chunkSize` (or the registry's `OCI-Chunk-Min-Length`, if larger) and a closing PUT.
    /// The registry checks the digest at the closing PUT; if it refuses it, the local blob is
    /// rehashed so a corrupt store is named as the cause.
    public func uploadBlob(_ blob: StoredBlob, from store: BlobStore, to reference: RemoteReference) async throws {
        let uploads = try repositoryURL(of: reference) + "/blobs/uploads/"
        let start = Request(method: .POST, url: uploads, timeout: configuration.requestTimeout, operation: "POST blob upload")
        let opened = try await send(start, to: reference, access: .push)
        try await expect(opened, .accepted, operation: "POST blob upload", url: uploads)
        await Self.discard(opened)
        var location = try uploadLocation(of: opened, reference: reference, operation: "POST blob upload")
        let path = store.path(of: blob.digest)

        if blob.size > configuration.monolithicUploadLimit {
            let minimum = opened.headers.first(name: "OCI-Chunk-Min-Length").flatMap { Int64($0) } ?? 0
            let chunk = max(configuration.chunkSize, minimum)
            var offset: Int64 = 0
            while offset < blob.size {
                let length = min(chunk, blob.size - offset)
                let body = BlobFileSequence(path: path, offset: offset, length: length, pieceSize: configuration.readSize)
                var patch = Request(method: .PATCH, url: location, body: { .stream(body, length: .known(length)) },
                                    timeout: configuration.transferTimeout, operation: "PATCH blob chunk")
                patch.headers.add(name: "Content-Type", value: "application/octet-stream")
                patch.headers.add(name: "Content-Range", value: "\(offset)-\(offset + length - 1)")
                let response = try await send(patch, to: reference, access: .push)
                try await expect(response, .accepted, operation: "PATCH blob chunk", url: location)
                await Self.discard(response)
                location = try uploadLocation(of: response, reference: reference, operation: "PATCH blob chunk")
                offset += length
                logger.debug("uploaded chunk", metadata: ["digest": "\(blob.digest.short)", "bytes": "\(offset)/\(blob.size)"])
            }
        }

        let isMonolithic = blob.size <= configuration.monolithicUploadLimit
        let finish = location + (location.contains("?") ? "&" : "?") + "digest=" + Self.percentEncoded(blob.digest.description)
        let body = BlobFileSequence(path: path, offset: 0, length: blob.size, pieceSize: configuration.readSize)
        let size = blob.size
        var put = Request(method: .PUT, url: finish, timeout: configuration.transferTimeout, operation: "PUT blob")
        if isMonolithic { put.body = { .stream(body, length: .known(size)) } }
        put.headers.add(name: "Content-Type", value: "application/octet-stream")
        let response = try await send(put, to: reference, access: .push)
        guard response.status == .created || response.status == .noContent else {
            let detail = await Self.errorDetail(of: response)
            if detail.contains("DIGEST_INVALID") || detail.contains("SIZE_INVALID") { try store.verify(blob.digest) }
            throw DistributionError.unexpectedStatus("PUT blob", url: Self.withoutQuery(finish), status: Int(response.status.code), detail: detail)
        }
        await Self.discard(response)
    }

    /// GETs a blob into the store, hashing as it streams into a `BlobWriter`: the blob gets
    /// its name only if the bytes hash to `descriptor.digest` and number `descriptor.size`.
    /// A registry that sends more bytes than the descriptor says is cut off at that size.
    public func downloadBlob(_ descriptor: OCIDescriptor, from reference: RemoteReference, into store: BlobStore) async throws -> StoredBlob {
        let url = try repositoryURL(of: reference) + "/blobs/" + descriptor.digest.description
        let request = Request(method: .GET, url: url, timeout: configuration.transferTimeout, operation: "GET blob")
        let response = try await send(request, to: reference, access: .pull)
        try await expect(response, .ok, operation: "GET blob", url: url)
        if let header = response.headers.first(name: "Content-Length"), let length = Int64(header), length != descriptor.size {
            throw DistributionError.sizeMismatch("blob \(descriptor.digest) from \(reference.host)", expected: descriptor.size, actual: length)
        }
        let writer = try BlobWriter(store: store)
        var received: Int64 = 0
        for try await buffer in response.body {
            received += Int64(buffer.readableBytes)
            guard received <= descriptor.size else {
                throw DistributionError.sizeMismatch("blob \(descriptor.digest) from \(reference.host)", expected: descriptor.size, actual: received)
            }
            try buffer.withUnsafeReadableBytes { try writer.write($0) }
        }
        guard received == descriptor.size else {
            throw DistributionError.sizeMismatch("blob \(descriptor.digest) from \(reference.host)", expected: descriptor.size, actual: received)
        }
        return try writer.commit(expecting: descriptor.digest)
    }

    private func uploadLocation(of response: HTTPClientResponse, reference: RemoteReference, operation: String) throws -> String {
        guard let location = response.headers.first(name: "Location") else {
            throw DistributionError.invalidResponse(operation, url: reference.description, "no Location header for the upload")
        }
        return try resolve(location: location, against: reference, purpose: operation)
    }
}
