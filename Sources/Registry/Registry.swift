public import Artifacts
public import Foundation

/// Model versions, aliases and their history, kept beside the blobs in the store.
///
/// Layout under `<store>/registry/models/<model>/`:
/// - `versions/<N>.json` — one `ModelVersion` per registered version, written once;
/// - `aliases.json` — the `ModelAliases` (current aliases plus the append-only history),
///   replaced as a whole with temp + fsync + rename, so an alias move and its history line
///   land together or not at all.
///
/// Every change takes `locks/registry.lock` (an `flock`), so two processes registering or
/// promoting at once are serialised: numbers are never handed out twice, and concurrent
/// promotes are recorded in the order they happened. After each change `index.json` is
/// regenerated from the records, tagging `MODEL:VERSION` and `MODEL:ALIAS`.
public struct Registry: Sendable {
    public let store: BlobStore

    public init(store: BlobStore) throws {
        self.store = store
        try FileSystem.makeDirectories(modelsDirectory)
        try FileSystem.makeDirectories(store.root + "/locks")
    }

    var modelsDirectory: String { store.root + "/registry/models" }

    func directory(of model: RegistryName) -> String { modelsDirectory + "/" + model.value }

    func versionPath(_ version: Int, of model: RegistryName) -> String {
        directory(of: model) + "/versions/\(version).json"
    }

    func aliasesPath(of model: RegistryName) -> String { directory(of: model) + "/aliases.json" }

    // MARK: Reading

    /// Every model with at least one registered version, sorted by name.
    public func models() throws -> [RegistryName] {
        guard FileSystem.isDirectory(modelsDirectory) else { return [] }
        return try FileSystem.entries(of: modelsDirectory).compactMap { try? RegistryName($0) }
            .filter { FileSystem.isDirectory(directory(of: $0) + "/versions") }
            .sorted()
    }

    /// Every version of `model`, oldest first.
    public func versions(of model: RegistryName) throws -> [ModelVersion] {
        let directory = directory(of: model) + "/versions"
        guard FileSystem.isDirectory(directory) else { throw RegistryError.unknownModel(model.value) }
        let numbers = try FileSystem.entries(of: directory).compactMap { name -> Int? in
            guard name.hasSuffix(".json") else { return nil }
            return Int(name.dropLast(5))
        }
        return try numbers.sorted().map { try version($0, of: model) }
    }

    /// One version's record.
    public func version(_ version: Int, of model: RegistryName) throws -> ModelVersion {
        let path = versionPath(version, of: model)
        guard FileSystem.exists(path) else {
            guard FileSystem.isDirectory(directory(of: model) + "/versions") else { throw RegistryError.unknownModel(model.value) }
            throw RegistryError.unknownVersion(model.value, version)
        }
        return try Self.decode(ModelVersion.self, at: path)
    }

    /// The model's aliases and history (empty for a model that was never promoted).
    public func aliases(of model: RegistryName) throws -> ModelAliases {
        let path = aliasesPath(of: model)
        guard FileSystem.exists(path) else {
            guard FileSystem.isDirectory(directory(of: model) + "/versions") else { throw RegistryError.unknownModel(model.value) }
            return ModelAliases()
        }
        return try Self.decode(ModelAliases.self, at: path)
    }

    /// The version an alias points at, or nil when the model or the alias does not exist yet
    /// (a pipeline's first run has no champion).
    public func resolve(model: RegistryName, alias: RegistryName) throws -> ModelVersion? {
        guard FileSystem.isDirectory(directory(of: model) + "/versions") else { return nil }
        guard let number = try aliases(of: model).aliases[alias.value] else { return nil }
        return try version(number, of: model)
    }

    /// Checks that a version can be served: not pruned, and its bundle and manifest present.
    public func checkServable(_ record: ModelVersion) throws {
        if record.prunedAt != nil { throw RegistryError.pruned(record.model.value, record.version) }
        for blob in [record.bundle, record.manifest, record.config] where !store.contains(blob.digest) {
            throw RegistryError.missingBlob(record.model.value, record.version, blob.digest)
        }
    }

    // MARK: Changing

    /// Registers a serving bundle as the next version of `model` (1, 2, 3 … per model).
    ///
    /// - Parameter metadata: the lineage; `blessed` (a Boolean) and `metrics` (an object) are
    ///   read from it, everything else is kept as given.
    public func register(model: RegistryName, bundle digest: Digest, metadata: JSONValue, now: Date = Date()) throws -> ModelVersion {
        guard case var .object(fields) = metadata else {
            throw RegistryError.invalidMetadata(file: "metadata", "must be a JSON object")
        }
        guard let bundle = store.blob(digest) else { throw ArtifactsError.blobNotFound(digest) }
        return try withLock {
            let existing = FileSystem.isDirectory(directory(of: model) + "/versions") ? try versions(of: model) : []
            let number = (existing.map(\.version).max() ?? 0) + 1
            fields["model"] = .string(model.value)
            fields["version"] = .number(Double(number))
            let config = try store.put(bytes: Array(JSONValue.canonicalData(JSONValue.object(fields))))
            let manifest = OCIManifest(
                artifactType: OCIMediaType.modelArtifact,
                config: OCIDescriptor(mediaType: OCIMediaType.modelConfig, digest: config.digest, size: config.size),
                layers: [OCIDescriptor(mediaType: OCIMediaType.layerTarGzip, digest: bundle.digest, size: bundle.size,
                                       annotations: [OCIMediaType.titleAnnotation: "bundle.tar.gz"])],
                annotations: [OCIMediaType.createdAnnotation: Self.timestamp(now), "dev.retrain.model": model.value, "dev.retrain.version": "\(number)"]
            )
            let manifestBlob = try store.put(bytes: Array(JSONValue.canonicalData(manifest)))
            let record = ModelVersion(
                model: model, version: number, created: now, bundle: bundle, manifest: manifestBlob, config: config,
                blessed: fields["blessed"]?.boolValue ?? false, metadata: .object(fields), prunedAt: nil
            )
            try FileSystem.makeDirectories(directory(of: model) + "/versions")
            try write(record, to: versionPath(number, of: model))
            try regenerateIndex()
            return record
        }
    }

    /// Points `alias` at `version`, recording who, when and why. Refuses a version that was not
    /// blessed unless `force` (and records the force). Returns nil when the alias is already there.
    @discardableResult
    public func promote(model: RegistryName, version number: Int, alias: RegistryName, actor: String, reason: String?, force: Bool = false, now: Date = Date()) throws -> AliasHistoryEntry? {
        try withLock {
            let record = try version(number, of: model)
            try checkServable(record)
            if !record.blessed && !force { throw RegistryError.notBlessed(model.value, number) }
            var state = try aliases(of: model)
            let current = state.aliases[alias.value]
            if current == number { return nil }
            let entry = AliasHistoryEntry(time: now, actor: actor, action: .promote, alias: alias, from: current, to: number,
                                          reason: reason, forced: force && !record.blessed)
            try move(alias, to: number, recording: entry, in: &state, of: model)
            return entry
        }
    }

    /// Moves `alias` back to the version that held it before the current one (per its history),
    /// or to `target`. Repeated rollbacks walk further back.
    @discardableResult
    public func rollback(model: RegistryName, alias: RegistryName, to target: Int? = nil, actor: String, reason: String?, now: Date = Date()) throws -> AliasHistoryEntry {
        try withLock {
            var state = try aliases(of: model)
            guard let current = state.aliases[alias.value] else { throw RegistryError.unknownAlias(model.value, alias.value) }
            let lineage = state.lineage(of: alias)
            let destination: Int
            if let target {
                destination = target
            } else {
                guard lineage.count >= 2 else { throw RegistryError.nothingToRollBackTo(model.value, alias.value) }
                destination = lineage[lineage.count - 2]
            }
            let record = try version(destination, of: model)
            try checkServable(record)
            let entry = AliasHistoryEntry(time: now, actor: actor, action: .rollback, alias: alias, from: current, to: destination, reason: reason)
            try move(alias, to: destination, recording: entry, in: &state, of: model)
            return entry
        }
    }

    private func move(_ alias: RegistryName, to number: Int, recording entry: AliasHistoryEntry, in state: inout ModelAliases, of model: RegistryName) throws {
        state.aliases[alias.value] = number
        state.history.append(entry)
        try write(state, to: aliasesPath(of: model))
        try regenerateIndex()
    }

    // MARK: Plumbing

    /// Runs `body` holding the registry's exclusive lock.
    func withLock<T>(_ body: () throws -> T) throws -> T {
        let file = try SystemFile.openLockFile(store.root + "/locks/registry.lock")
        _ = try file.lock(exclusive: true, wait: true)
        return try body()
    }

    func write(_ value: some Encodable, to path: String) throws {
        try FileSystem.makeDirectories(FileSystem.parentDirectory(of: path))
        try FileSystem.writeAtomically(Array(JSONValue.canonicalData(value, pretty: true)) + [0x0a], to: path)
    }

    static func decode<T: Decodable>(_ type: T.Type, at path: String) throws -> T {
        let bytes = try FileSystem.readFile(path)
        do {
            return try JSONValue.decoder().decode(T.self, from: Data(bytes))
        } catch {
            throw RegistryError.corruptRecord(path, "\(error)")
        }
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
