public import Foundation

/// Where a pulled version came from: the remote reference and the model name and number it
/// had there (read from its config), so a version renumbered on import can still be traced.
public struct VersionOrigin: Hashable, Codable, Sendable {
    /// The reference it was pulled by, e.g. `registry.example/models/weather:production`.
    public var reference: String
    /// The model name recorded in the version's config where it was registered.
    public var model: String?
    /// The version number recorded in the version's config where it was registered.
    public var version: Int?
    public var pulledAt: Date

    public init(reference: String, model: String?, version: Int?, pulledAt: Date) {
        self.reference = reference
        self.model = model
        self.version = version
        self.pulledAt = pulledAt
    }
}
