import Artifacts
import Foundation
import Registry
import Testing
import TestSupport

/// `Registry.importVersion`: what a pull does once the blobs are in the store.
@Suite struct RegistryImportTests {
    /// Two stores: `trainer` registers, `replica` imports by copying the blobs across.
    final class Stores {
        let directory: TemporaryDirectory
        let trainer: Registry
        let replica: Registry

        init() throws {
            directory = try TemporaryDirectory(prefix: "retrain-import")
            trainer = try Registry(store: BlobStore(root: directory.child("trainer")))
            replica = try Registry(store: BlobStore(root: directory.child("replica")))
        }

        func register(_ registry: Registry, blessed: Bool = true) throws -> ModelVersion {
            var random = SystemRandomNumberGenerator()
            let bundle = try registry.store.put(bytes: (0..<256).map { _ in UInt8.random(in: 0...255, using: &random) })
            return try registry.register(model: RegistryName("weather"), bundle: bundle.digest,
                                         metadata: .object(["blessed": .bool(blessed), "metrics": .object(["rmse": .number(2)])]))
        }

        /// Copies a version's three blobs from the trainer's store, as a pull would.
        func copy(_ version: ModelVersion) throws -> StoredBlob {
            for blob in [version.bundle, version.config] { _ = try replica.store.put(bytes: trainer.store.read(blob.digest)) }
            return try replica.store.put(bytes: trainer.store.read(version.manifest.digest))
        }

        func origin(_ version: Int) -> VersionOrigin {
            VersionOrigin(reference: "registry.example/weather:\(version)", model: "weather", version: version, pulledAt: Date(timeIntervalSince1970: 1_800_000_000))
        }
    }

    @Test func keepsTheOriginNumberAndTheBlobsByteForByte() throws {
        let stores = try Stores()
        _ = try stores.register(stores.trainer)
        let two = try stores.register(stores.trainer, blessed: false)
        let manifest = try stores.copy(two)
        let imported = try stores.replica.importVersion(model: RegistryName("weather"), manifest: manifest, origin: stores.origin(2))
        #expect(imported.isNew)
        #expect(imported.version.version == 2)
        #expect(imported.version.manifest == two.manifest)
        #expect(imported.version.config == two.config)
        #expect(imported.version.bundle == two.bundle)
        #expect(imported.version.metadata == two.metadata)
        #expect(!imported.version.blessed)
        #expect(imported.version.origin == stores.origin(2))
        // Created is the trainer's time (from the manifest), not the import's.
        #expect(abs(imported.version.created.timeIntervalSince(two.created)) < 1)
        let index = try String(contentsOfFile: stores.replica.store.root + "/index.json", encoding: .utf8)
        #expect(index.contains("weather:2"))
        // A second import is a no-op.
        let again = try stores.replica.importVersion(model: RegistryName("weather"), manifest: manifest, origin: stores.origin(2))
        #expect(!again.isNew)
        #expect(try stores.replica.versions(of: RegistryName("weather")).map(\.version) == [2])
    }

    @Test func aTakenNumberGivesTheNextFreeOne() throws {
        let stores = try Stores()
        let remote = try stores.register(stores.trainer)
        _ = try stores.register(stores.replica)
        _ = try stores.register(stores.replica)
        let imported = try stores.replica.importVersion(model: RegistryName("weather"), manifest: stores.copy(remote), origin: stores.origin(1))
        #expect(imported.version.version == 3)
        #expect(imported.version.origin?.version == 1)
        #expect(try stores.register(stores.replica).version == 4)
    }

    @Test func aPrunedVersionIsRestoredNotDuplicated() throws {
        let stores = try Stores()
        let remote = try stores.register(stores.trainer)
        let manifest = try stores.copy(remote)
        _ = try stores.replica.importVersion(model: RegistryName("weather"), manifest: manifest, origin: stores.origin(1))
        for _ in 0..<3 { _ = try stores.register(stores.replica) }
        let policy = GarbageCollectionPolicy(keepVersions: 1, keepRunsSeconds: 0, historyEntries: 0, graceSeconds: 0)
        let report = try stores.replica.collectGarbage(policy: policy, dryRun: false)
        #expect(report.prunedVersions.contains("weather:1"))
        #expect(!stores.replica.store.contains(remote.bundle.digest))

        let again = try stores.copy(remote)
        let restored = try stores.replica.importVersion(model: RegistryName("weather"), manifest: again, origin: stores.origin(1))
        #expect(restored.isNew)
        #expect(restored.version.version == 1)
        #expect(restored.version.prunedAt == nil)
        #expect(try stores.replica.versions(of: RegistryName("weather")).count == 4)
        try stores.replica.checkServable(restored.version)
    }

    @Test func aManifestThatIsNotAModelIsRefusedAndNothingIsRegistered() throws {
        let stores = try Stores()
        let store = stores.replica.store
        let config = try store.put(bytes: Array(#"{"architecture":"amd64"}"#.utf8))
        let layer = try store.put(bytes: [1, 2, 3])
        let manifest = OCIManifest(
            artifactType: nil,
            config: OCIDescriptor(mediaType: "application/vnd.oci.image.config.v1+json", digest: config.digest, size: config.size),
            layers: [OCIDescriptor(mediaType: OCIMediaType.layerTarGzip, digest: layer.digest, size: layer.size)]
        )
        let blob = try store.put(bytes: Array(JSONValue.canonicalData(manifest)))
        #expect(throws: RegistryError.self) {
            try stores.replica.importVersion(model: RegistryName("weather"), manifest: blob, origin: stores.origin(1))
        }
        #expect(try stores.replica.models().isEmpty)
    }

    @Test func aMissingBlobIsRefused() throws {
        let stores = try Stores()
        let remote = try stores.register(stores.trainer)
        _ = try stores.replica.store.put(bytes: stores.trainer.store.read(remote.config.digest))
        let manifest = try stores.replica.store.put(bytes: stores.trainer.store.read(remote.manifest.digest))
        do {
            _ = try stores.replica.importVersion(model: RegistryName("weather"), manifest: manifest, origin: stores.origin(1))
            Issue.record("imported a version whose bundle is missing")
        } catch {
            #expect("\(error)".contains(remote.bundle.digest.description))
        }
        #expect(try stores.replica.models().isEmpty)
    }
}
