public import Artifacts
import Logging
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Foundation

/// A manifest as a registry served it: the exact bytes (their digest is the manifest's
/// identity) and the media type it was served with.
public struct FetchedManifest: Sendable {
    public var bytes: [UInt8]
    public var digest: Digest
    public var mediaType: String
}

extension DistributionClient {
    /// What we accept when reading manifests. Registries (distribution 2.8 among them) hide
    /// OCI manifests from clients that do not list the OCI type.
    static let manifestAccept = [
        OCIMediaType.imageManifest,
        OCIMediaType.imageIndex,
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
    ].joined(separator: ", ")

    /// Manifests are small; anything larger than this is not one of ours.
    static let manifestLimit = 4 << 20

    /// The digest of the manifest `reference`'s tag (or digest) names right now, by HEAD.
    ///
    /// This is what a replica following a tag polls: one small request, no body. When the
    /// registry does not send `Docker-Content-Digest`, the manifest is fetched and hashed.
    /// A tag the registry does not know is an error (HTTP 404 with the registry's reason).
    public func currentDigest(of reference: RemoteReference) async throws -> Digest {
        guard let digest = try await manifestDigestIfPresent(of: reference, access: .pull) else {
            throw DistributionError.unexpectedStatus("HEAD manifest", url: try repositoryURL(of: reference) + "/manifests/" + (reference.manifestReference ?? ""),
                                                     status: 404, detail: "MANIFEST_UNKNOWN: \(reference) does not exist")
        }
        return digest
    }

    /// Like `currentDigest`, but nil when the tag does not exist (a push deciding whether
    /// to PUT, a replica waiting for the first push).
    public func manifestDigestIfPresent(of reference: RemoteReference, access: RepositoryAccess = .pull) async throws -> Digest? {
        guard let name = reference.manifestReference else {
            throw DistributionError.invalidArgument("\(reference) names neither a tag nor a digest")
        }
        let url = try repositoryURL(of: reference) + "/manifests/" + name
        var request = Request(method: .HEAD, url: url, timeout: configuration.requestTimeout, operation: "HEAD manifest")
        request.headers.add(name: "Accept", value: Self.manifestAccept)
        let response = try await send(request, to: reference, access: access)
        if response.status == .notFound { return nil }
        try await expect(response, .ok, operation: "HEAD manifest", url: url)
        if let header = response.headers.first(name: "Docker-Content-Digest") {
            guard let digest = try? Digest(parsing: header) else {
                throw DistributionError.invalidResponse("HEAD manifest", url: url, "Docker-Content-Digest '\(header)' is not a sha256 digest")
            }
            return digest
        }
        return try await fetchManifest(reference, access: access).digest
    }

    /// GETs a manifest and checks its bytes: against the digest when the reference has one,
    /// and against the registry's `Docker-Content-Digest` when it sends one.
    public func fetchManifest(_ reference: RemoteReference, access: RepositoryAccess = .pull) async throws -> FetchedManifest {
        guard let name = reference.manifestReference else {
            throw DistributionError.invalidArgument("\(reference) names neither a tag nor a digest")
        }
        let url = try repositoryURL(of: reference) + "/manifests/" + name
        var request = Request(method: .GET, url: url, timeout: configuration.requestTimeout, operation: "GET manifest")
        request.headers.add(name: "Accept", value: Self.manifestAccept)
        let response = try await send(request, to: reference, access: access)
        try await expect(response, .ok, operation: "GET manifest", url: url)
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: Self.manifestLimit)
        } catch {
            throw DistributionError.invalidResponse("GET manifest", url: url, "larger than \(Self.manifestLimit) bytes, or cut short (\(error))")
        }
        let bytes = Array(body.readableBytesView)
        let digest = Digest(of: bytes)
        if let pinned = reference.digest, pinned != digest {
            throw ArtifactsError.digestMismatch(expected: pinned, actual: digest)
        }
        if let header = response.headers.first(name: "Docker-Content-Digest"), let claimed = try? Digest(parsing: header), claimed != digest {
            throw DistributionError.invalidResponse("GET manifest", url: url, "Docker-Content-Digest says \(claimed) but the bytes hash to \(digest)")
        }
        let mediaType = response.headers.first(name: "Content-Type").map { String($0.split(separator: ";")[0]).trimmingCharacters(in: .whitespaces) } ?? ""
        return FetchedManifest(bytes: bytes, digest: digest, mediaType: mediaType)
    }

    /// PUTs manifest bytes under `tagOrDigest` with their media type; returns the digest the
    /// registry stored (checked against ours when it says).
    @discardableResult
    public func putManifest(_ bytes: [UInt8], mediaType: String, to reference: RemoteReference, as tagOrDigest: String) async throws -> Digest {
        let digest = Digest(of: bytes)
        let url = try repositoryURL(of: reference) + "/manifests/" + tagOrDigest
        let buffer = ByteBuffer(bytes: bytes)
        var request = Request(method: .PUT, url: url, body: { .bytes(buffer) }, timeout: configuration.requestTimeout, operation: "PUT manifest")
        request.headers.add(name: "Content-Type", value: mediaType)
        let response = try await send(request, to: reference, access: .push)
        try await expect(response, .created, .ok, operation: "PUT manifest", url: url)
        await Self.discard(response)
        if let header = response.headers.first(name: "Docker-Content-Digest"), let stored = try? Digest(parsing: header), stored != digest {
            throw DistributionError.invalidResponse("PUT manifest", url: url, "the registry stored \(stored) for a manifest whose digest is \(digest)")
        }
        return digest
    }
}
