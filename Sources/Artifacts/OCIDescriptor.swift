/// An OCI content descriptor: what a manifest or an index says about a blob it points at.
public struct OCIDescriptor: Hashable, Codable, Sendable {
    public var mediaType: String
    public var digest: Digest
    public var size: Int64
    public var artifactType: String?
    public var annotations: [String: String]?

    public init(mediaType: String, digest: Digest, size: Int64, artifactType: String? = nil, annotations: [String: String]? = nil) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.artifactType = artifactType
        self.annotations = annotations
    }
}

/// The media types retrain writes, in one place so store, registry and distribution agree.
public enum OCIMediaType {
    public static let imageManifest = "application/vnd.oci.image.manifest.v1+json"
    public static let imageIndex = "application/vnd.oci.image.index.v1+json"
    /// A bundle: a deterministic tar archive, gzip-compressed (an ordinary OCI layer).
    public static let layerTarGzip = "application/vnd.oci.image.layer.v1.tar+gzip"
    /// The artifact type of a model version's manifest.
    public static let modelArtifact = "application/vnd.retrain.model.v1"
    /// A model version's config: its metadata (lineage, metrics, blessing) as JSON.
    public static let modelConfig = "application/vnd.retrain.model.config.v1+json"
    /// The annotation OCI layouts use to tag a manifest in index.json (`MODEL:TAG`).
    public static let refNameAnnotation = "org.opencontainers.image.ref.name"
    public static let titleAnnotation = "org.opencontainers.image.title"
    public static let createdAnnotation = "org.opencontainers.image.created"
}

/// An OCI image manifest, as retrain writes it for a model version.
public struct OCIManifest: Hashable, Codable, Sendable {
    public var schemaVersion: Int = 2
    public var mediaType: String = OCIMediaType.imageManifest
    public var artifactType: String?
    public var config: OCIDescriptor
    public var layers: [OCIDescriptor]
    public var annotations: [String: String]?

    public init(artifactType: String?, config: OCIDescriptor, layers: [OCIDescriptor], annotations: [String: String]? = nil) {
        self.artifactType = artifactType
        self.config = config
        self.layers = layers
        self.annotations = annotations
    }
}

/// The OCI image index (`index.json` of a layout): the tagged manifests.
public struct OCIIndex: Hashable, Codable, Sendable {
    public var schemaVersion: Int = 2
    public var mediaType: String = OCIMediaType.imageIndex
    public var manifests: [OCIDescriptor]

    public init(manifests: [OCIDescriptor]) {
        self.manifests = manifests
    }
}
