public import Artifacts
import Foundation
import NIOPosix
public import Registry

/// Follows a model in a store on this machine: an alias (the default), a fixed version, or a
/// pinned bundle digest (for an image with the model baked in).
///
/// Polling an alias reads `registry/models/<model>/aliases.json`, which promote and rollback
/// replace atomically by rename, so a poll never sees half a move; at the default 250 ms
/// interval that is four reads of a small file a second. Fetching extracts the bundle from the
/// store, which verifies its digest.
public struct LocalRegistrySource: ModelSource {
    /// Which bundle of the model to serve.
    public enum Selection: Sendable, Hashable {
        case alias(RegistryName)
        case version(Int)
        case digest(Digest)
    }

    /// A registered version (alias or version selection) or a bare bundle (digest selection).
    public struct Pointer: Hashable, Sendable, CustomStringConvertible {
        public var version: Int?
        public var digest: Digest

        public var description: String {
            (version.map { "version \($0)" } ?? "bundle") + " (\(digest.short))"
        }
    }

    public let registry: Registry
    public let model: RegistryName
    public let selection: Selection

    public init(registry: Registry, model: RegistryName, selection: Selection) {
        self.registry = registry
        self.model = model
        self.selection = selection
    }

    public var description: String {
        let what: String
        switch selection {
        case .alias(let alias): what = "alias '\(alias)' of \(model)"
        case .version(let version): what = "\(model) version \(version)"
        case .digest(let digest): what = "bundle \(digest) as \(model)"
        }
        return what + " in the store \(registry.store.root)"
    }

    public func poll() async throws -> ModelSourceState<Pointer> {
        switch selection {
        case .alias(let alias):
            guard let record = try registry.resolve(model: model, alias: alias) else {
                return .empty(reason: "\(model) has no alias '\(alias)' yet in the store \(registry.store.root)")
            }
            return .pointing(Pointer(version: record.version, digest: record.bundle.digest))
        case .version(let number):
            do {
                let record = try registry.version(number, of: model)
                return .pointing(Pointer(version: record.version, digest: record.bundle.digest))
            } catch let error as RegistryError where error == .unknownVersion(model.value, number) || error == .unknownModel(model.value) {
                return .empty(reason: "\(error) in the store \(registry.store.root)")
            }
        case .digest(let digest):
            guard registry.store.contains(digest) else {
                return .empty(reason: "bundle \(digest) is not in the store \(registry.store.root)")
            }
            return .pointing(Pointer(version: nil, digest: digest))
        }
    }

    public func fetch(_ pointer: Pointer, into directory: String) async throws -> ModelIdentity {
        let registry = self.registry
        let model = self.model
        let alias: String? = if case .alias(let name) = selection { name.value } else { nil }
        // Extraction reads and hashes the whole bundle: keep it off the cooperative pool.
        return try await NIOThreadPool.singleton.runIfActive {
            var record: ModelVersion?
            if let version = pointer.version {
                record = try registry.version(version, of: model)
            } else {
                // A pinned digest may still be a registered version; say which when it is.
                record = (try? registry.versions(of: model))?.last { $0.bundle.digest == pointer.digest }
            }
            if let record { try registry.checkServable(record) }
            try registry.store.extract(pointer.digest, into: directory)
            return ModelIdentity(
                name: model.value, version: record?.version, digest: pointer.digest, alias: alias, lineage: record?.metadata)
        }
    }
}
