public import Artifacts

/// Which model a loaded bundle is: the answer to "what is serving?" in every response.
public struct ModelIdentity: Sendable, Hashable {
    /// The registry model name.
    public var name: String
    /// The registry version, when the bundle is a registered version (a pinned digest may not be).
    public var version: Int?
    /// The serving bundle's digest.
    public var digest: Digest
    /// The alias followed, when the source follows one.
    public var alias: String?
    /// The registry's lineage record of the version (run, data window, metrics…), when known.
    public var lineage: JSONValue?

    public init(name: String, version: Int?, digest: Digest, alias: String? = nil, lineage: JSONValue? = nil) {
        self.name = name
        self.version = version
        self.digest = digest
        self.alias = alias
        self.lineage = lineage
    }

    /// "weather version 3 (sha256:ab12…)".
    public var summary: String {
        "\(name) " + (version.map { "version \($0)" } ?? "bundle") + " (\(digest.short))"
    }
}
