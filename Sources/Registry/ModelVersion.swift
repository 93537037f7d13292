public import Artifacts
public import Foundation

/// One registered version of a model: its serving bundle, its OCI manifest and its lineage.
///
/// Written once, when the version is registered, and never changed afterwards except for
/// `prunedAt`, which gc sets when it removes the bundle (the record and its lineage stay, so
/// history keeps making sense and numbers are never reused).
public struct ModelVersion: Hashable, Codable, Sendable {
    public var model: RegistryName
    public var version: Int
    public var created: Date
    /// The serving bundle (the build stage's output).
    public var bundle: StoredBlob
    /// The OCI manifest that tags this version in `index.json`.
    public var manifest: StoredBlob
    /// The OCI config blob: `metadata` as canonical JSON.
    public var config: StoredBlob
    /// Whether the evaluation gate blessed it (promote refuses unblessed versions unless forced).
    public var blessed: Bool
    /// The lineage metadata as given: run id, pipeline, data window, input digests, params,
    /// metrics, stage executables' digests …
    public var metadata: JSONValue
    public var prunedAt: Date?
    /// Where the version came from when it was pulled from a remote registry rather than
    /// registered here (absent for local versions).
    public var origin: VersionOrigin? = nil

    /// The holdout metrics, taken from `metadata.metrics` (numbers only).
    public var metrics: [String: Double] {
        var result: [String: Double] = [:]
        for (key, value) in metadata["metrics"]?.objectValue ?? [:] {
            if let number = value.numberValue { result[key] = number }
        }
        return result
    }
}
