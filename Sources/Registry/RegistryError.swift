public import Artifacts

/// What can go wrong in the registry: one line naming the model, version, alias or name at fault.
public struct RegistryError: Error, CustomStringConvertible, Equatable, Sendable {
    private enum Kind: Equatable, Sendable {
        case invalidName(kind: String, name: String)
        case unknownModel(String)
        case unknownVersion(model: String, version: Int)
        case unknownAlias(model: String, alias: String)
        case notBlessed(model: String, version: Int)
        case missingBlob(model: String, version: Int, digest: Digest)
        case pruned(model: String, version: Int)
        case nothingToRollBackTo(model: String, alias: String)
        case invalidMetadata(file: String, reason: String)
        case corruptRecord(path: String, reason: String)
        case notAModelManifest(digest: Digest, reason: String)
    }

    private let kind: Kind
    private init(_ kind: Kind) { self.kind = kind }

    public var description: String {
        switch kind {
        case let .invalidName(kind, name):
            return "invalid \(kind) name '\(name)': use 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit"
        case let .unknownModel(model):
            return "unknown model '\(model)': no version of it is registered"
        case let .unknownVersion(model, version):
            return "model '\(model)' has no version \(version)"
        case let .unknownAlias(model, alias):
            return "model '\(model)' has no alias '\(alias)'"
        case let .notBlessed(model, version):
            return "\(model) version \(version) was not blessed by its evaluation; use --force to promote it anyway (the force is recorded)"
        case let .missingBlob(model, version, digest):
            return "\(model) version \(version) is broken: blob \(digest) is missing from the store"
        case let .pruned(model, version):
            return "\(model) version \(version) was pruned by gc; its bundle is gone"
        case let .nothingToRollBackTo(model, alias):
            return "\(model):\(alias) has no earlier version to roll back to"
        case let .invalidMetadata(file, reason):
            return "\(file): \(reason)"
        case let .corruptRecord(path, reason):
            return "\(path) is corrupt: \(reason)"
        case let .notAModelManifest(digest, reason):
            return "manifest \(digest) is not a retrain model version: \(reason)"
        }
    }

    public static func invalidName(_ name: String, kind: String) -> RegistryError { RegistryError(.invalidName(kind: kind, name: name)) }
    public static func unknownModel(_ model: String) -> RegistryError { RegistryError(.unknownModel(model)) }
    public static func unknownVersion(_ model: String, _ version: Int) -> RegistryError { RegistryError(.unknownVersion(model: model, version: version)) }
    public static func unknownAlias(_ model: String, _ alias: String) -> RegistryError { RegistryError(.unknownAlias(model: model, alias: alias)) }
    public static func notBlessed(_ model: String, _ version: Int) -> RegistryError { RegistryError(.notBlessed(model: model, version: version)) }
    public static func missingBlob(_ model: String, _ version: Int, _ digest: Digest) -> RegistryError { RegistryError(.missingBlob(model: model, version: version, digest: digest)) }
    public static func pruned(_ model: String, _ version: Int) -> RegistryError { RegistryError(.pruned(model: model, version: version)) }
    public static func nothingToRollBackTo(_ model: String, _ alias: String) -> RegistryError { RegistryError(.nothingToRollBackTo(model: model, alias: alias)) }
    public static func invalidMetadata(file: String, _ reason: String) -> RegistryError { RegistryError(.invalidMetadata(file: file, reason: reason)) }
    public static func corruptRecord(_ path: String, _ reason: String) -> RegistryError { RegistryError(.corruptRecord(path: path, reason: reason)) }
    public static func notAModelManifest(_ digest: Digest, _ reason: String) -> RegistryError { RegistryError(.notAModelManifest(digest: digest, reason: reason)) }
}
