import Artifacts
import Distribution
import Foundation
import Registry
import Testing
import TestSupport

/// Push and pull through a real docker-registry (distribution 2.8) on 127.0.0.1.
@Suite struct PushPullTests {
    @Test func pushThenPullGivesTheSameVersionWithItsLineage() async throws {
        let host = try TestRegistries.plain()
        let source = try ModelFixture()
        let version = try source.register(size: 10_000)
        let repository = try RemoteReference(host: host, repository: TestRegistries.uniqueRepository("roundtrip"))

        let pushed = try await withInsecureClient { client in
            try await client.push(version, from: source.store, to: repository, tags: ["1", "production"])
        }
        #expect(pushed.manifest == version.manifest.digest)
        #expect(Set(pushed.uploadedBlobs.map(\.digest)) == [version.bundle.digest, version.config.digest])
        #expect(pushed.updatedTags == ["1", "production"])

        let target = try ModelFixture()
        let pulled = try await withInsecureClient { client in
            #expect(try await client.currentDigest(of: repository.tagged("production")) == version.manifest.digest)
            return try await client.pull(repository.tagged("production"), into: target.registry)
        }
        #expect(pulled.isNew)
        #expect(pulled.version.model.value == "weather")
        #expect(pulled.version.version == 1)
        #expect(pulled.version.manifest == version.manifest)
        #expect(pulled.version.bundle == version.bundle)
        #expect(pulled.version.metadata == version.metadata)
        #expect(pulled.version.blessed)
        #expect(pulled.version.origin?.reference == "\(host)/\(repository.repository):production")
        #expect(pulled.version.origin?.version == 1)
        #expect(try target.store.read(version.bundle.digest) == source.store.read(version.bundle.digest))
        // The pulled store is an OCI layout that tags the version like the source does.
        let index = try String(contentsOfFile: target.store.root + "/index.json", encoding: .utf8)
        #expect(index.contains("weather:1"))
        #expect(index.contains(version.manifest.digest.description))
        #expect(try target.store.verify().isEmpty)
    }

    @Test func secondPushAndSecondPullChangeNothing() async throws {
        let host = try TestRegistries.plain()
        let source = try ModelFixture()
        let version = try source.register()
        let repository = try RemoteReference(host: host, repository: TestRegistries.uniqueRepository("again"))
        let target = try ModelFixture()
        let (second, first, again) = try await withInsecureClient { client in
            _ = try await client.push(version, from: source.store, to: repository, tags: ["1"])
            let second = try await client.push(version, from: source.store, to: repository, tags: ["1"])
            let first = try await client.pull(repository.tagged("1"), into: target.registry)
            let again = try await client.pull(repository.tagged("1"), into: target.registry)
            return (second, first, again)
        }
        #expect(second.uploadedBlobs.isEmpty)
        #expect(second.skippedBlobs.count == 2)
        #expect(second.updatedTags.isEmpty)
        #expect(second.unchangedTags == ["1"])
        #expect(first.isNew)
        #expect(!again.isNew)
        #expect(again.downloadedBlobs.isEmpty)
        #expect(again.version.version == first.version.version)
        #expect(try target.registry.versions(of: RegistryName("weather")).count == 1)
    }

    @Test func chunkedUploadOfALargerBlob() async throws {
        let host = try TestRegistries.plain()
        let source = try ModelFixture()
        let version = try source.register(size: 1_000_000)
        #expect(version.bundle.size > 3 * 300_000)
        let repository = try RemoteReference(host: host, repository: TestRegistries.uniqueRepository("chunked"))
        let target = try ModelFixture()
        let log = LogRecorder()
        let pulled = try await withInsecureClient(logger: log.logger(), { configuration in
            configuration.monolithicUploadLimit = 64 << 10
            configuration.chunkSize = 300_000
            configuration.readSize = 50_000
        }) { client in
            let pushed = try await client.push(version, from: source.store, to: repository, tags: ["1"])
            #expect(pushed.uploadedBlobs.contains(version.bundle))
            #expect(try await client.remoteBlobSize(version.bundle.digest, in: repository) == version.bundle.size)
            return try await client.pull(repository.tagged("1"), into: target.registry)
        }
        #expect(pulled.version.bundle == version.bundle)
        #expect(try target.store.read(version.bundle.digest) == source.store.read(version.bundle.digest))
        // The bundle went up in PATCHes of 300,000 bytes; the config (small) in one PUT.
        let chunks = log.recorded.filter { $0.hasPrefix("uploaded chunk") }
        #expect(chunks.count == Int((version.bundle.size + 299_999) / 300_000))
        #expect(chunks.last?.contains("\(version.bundle.size)/\(version.bundle.size)") == true)
    }

    @Test func pullByDigestAndAnUnknownDigest() async throws {
        let host = try TestRegistries.plain()
        let source = try ModelFixture()
        let version = try source.register()
        let repository = try RemoteReference(host: host, repository: TestRegistries.uniqueRepository("digest"))
        let target = try ModelFixture()
        try await withInsecureClient { client in
            _ = try await client.push(version, from: source.store, to: repository, tags: [])
            let pulled = try await client.pull(repository.pinned(to: version.manifest.digest), into: target.registry)
            #expect(pulled.version.manifest == version.manifest)
            let other = try Digest(parsing: "sha256:" + String(repeating: "0", count: 64))
            await #expect(throws: DistributionError.self) { try await client.pull(repository.pinned(to: other), into: target.registry) }
        }
    }

    @Test func aTagMoveIsSeenByHead() async throws {
        let host = try TestRegistries.plain()
        let source = try ModelFixture()
        let first = try source.register()
        let second = try source.register()
        let repository = try RemoteReference(host: host, repository: TestRegistries.uniqueRepository("follow"))
        try await withInsecureClient { client in
            let production = try repository.tagged("production")
            await #expect(throws: DistributionError.self) { try await client.currentDigest(of: production) }
            _ = try await client.push(first, from: source.store, to: repository, tags: ["production"])
            #expect(try await client.currentDigest(of: production) == first.manifest.digest)
            _ = try await client.push(second, from: source.store, to: repository, tags: ["production"])
            #expect(try await client.currentDigest(of: production) == second.manifest.digest)
        }
    }

    @Test func versionNumbersWhenTheStoreAlreadyHasVersionsOfTheModel() async throws {
        let host = try TestRegistries.plain()
        let trainer = try ModelFixture()
        let remoteOne = try trainer.register()
        try trainer.register()
        try trainer.register()
        let remoteFour = try trainer.register()
        let repository = try RemoteReference(host: host, repository: TestRegistries.uniqueRepository("numbers"))

        let replica = try ModelFixture()
        let localOne = try replica.register()
        try replica.register()
        let (pulledOne, pulledFour) = try await withInsecureClient { client in
            _ = try await client.push(remoteOne, from: trainer.store, to: repository, tags: ["1"])
            _ = try await client.push(remoteFour, from: trainer.store, to: repository, tags: ["4"])
            return (try await client.pull(repository.tagged("1"), into: replica.registry),
                    try await client.pull(repository.tagged("4"), into: replica.registry))
        }
        // 1 is taken here by a different version: the next free number, origin recorded.
        #expect(pulledOne.version.version == 3)
        #expect(pulledOne.version.origin?.version == 1)
        #expect(pulledOne.version.metadata["version"]?.numberValue == 1)
        // 4 is free here: the trainer's number is kept.
        #expect(pulledFour.version.version == 4)
        let versions = try replica.registry.versions(of: RegistryName("weather"))
        #expect(versions.map(\.version) == [1, 2, 3, 4])
        #expect(versions[0].manifest == localOne.manifest)
        // Local registration continues after the highest number.
        #expect(try replica.register().version == 5)
    }

    @Test func pullIntoAnotherModelName() async throws {
        let host = try TestRegistries.plain()
        let source = try ModelFixture()
        let version = try source.register()
        let repository = try RemoteReference(host: host, repository: TestRegistries.uniqueRepository("rename"))
        let target = try ModelFixture()
        let pulled = try await withInsecureClient { client in
            _ = try await client.push(version, from: source.store, to: repository, tags: ["1"])
            return try await client.pull(repository.tagged("1"), into: target.registry, model: RegistryName("forecast"))
        }
        #expect(pulled.version.model.value == "forecast")
        #expect(pulled.version.origin?.model == "weather")
        #expect(try target.registry.models().map(\.value) == ["forecast"])
    }

    @Test func aCorruptedBlobOnTheRegistryIsRefusedAndNothingIsRegistered() async throws {
        let host = try TestRegistries.plain()
        let storage = try TestRegistries.plainStorage()
        let source = try ModelFixture()
        let version = try source.register(size: 50_000)
        let repository = try RemoteReference(host: host, repository: TestRegistries.uniqueRepository("corrupt"))
        _ = try await withInsecureClient { client in
            try await client.push(version, from: source.store, to: repository, tags: ["1"])
        }
        // Flip one byte of the bundle in the registry's own storage (same size, wrong bytes).
        let hex = version.bundle.digest.hex
        let path = "\(storage)/docker/registry/v2/blobs/sha256/\(hex.prefix(2))/\(hex)/data"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count / 2] ^= 0xff
        try bytes.write(to: URL(fileURLWithPath: path))

        let target = try ModelFixture()
        do {
            _ = try await withInsecureClient { client in try await client.pull(repository.tagged("1"), into: target.registry) }
            Issue.record("a corrupted bundle was accepted")
        } catch let error as ArtifactsError {
            #expect(error.description.contains(version.bundle.digest.description))
            #expect(error.description.contains("corrupt"))
        }
        #expect(try target.registry.models().isEmpty)
        #expect(!target.store.contains(version.bundle.digest))
        #expect(!target.store.contains(version.manifest.digest))
        #expect(try directoryEntries(target.store.root + "/tmp").isEmpty)
    }

    @Test func aManifestCorruptedOnTheRegistryIsRefusedByTagAndByDigest() async throws {
        let host = try TestRegistries.plain()
        let storage = try TestRegistries.plainStorage()
        let source = try ModelFixture()
        let version = try source.register()
        let repository = try RemoteReference(host: host, repository: TestRegistries.uniqueRepository("corrupt-manifest"))
        _ = try await withInsecureClient { client in
            try await client.push(version, from: source.store, to: repository, tags: ["1"])
        }
        // Still valid JSON, so the registry serves it; but no longer the bytes of its digest.
        let hex = version.manifest.digest.hex
        let path = "\(storage)/docker/registry/v2/blobs/sha256/\(hex.prefix(2))/\(hex)/data"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("dev.retrain.model"))
        try text.replacingOccurrences(of: "dev.retrain.model", with: "dev.retrain.modem").write(toFile: path, atomically: false, encoding: .utf8)

        let target = try ModelFixture()
        try await withInsecureClient { client in
            do {
                _ = try await client.pull(repository.tagged("1"), into: target.registry)
                Issue.record("a corrupted manifest was accepted by tag")
            } catch let error as DistributionError {
                #expect(error.description.contains("Docker-Content-Digest says \(version.manifest.digest)"))
            }
            do {
                _ = try await client.pull(repository.pinned(to: version.manifest.digest), into: target.registry)
                Issue.record("a corrupted manifest was accepted by digest")
            } catch let error as ArtifactsError {
                #expect(error.description.contains(version.manifest.digest.description))
            }
        }
        #expect(try target.registry.models().isEmpty)
        #expect(!target.store.contains(version.bundle.digest))
    }

    @Test func aManifestThatIsNotAModelIsRefusedBeforeItsLayersAreFetched() async throws {
        let host = try TestRegistries.plain()
        let source = try ModelFixture()
        let version = try source.register()
        let repository = try RemoteReference(host: host, repository: TestRegistries.uniqueRepository("image"))
        // An ordinary image manifest over the same blobs: config type is not ours.
        let manifest = OCIManifest(
            artifactType: nil,
            config: OCIDescriptor(mediaType: "application/vnd.oci.image.config.v1+json", digest: version.config.digest, size: version.config.size),
            layers: [OCIDescriptor(mediaType: OCIMediaType.layerTarGzip, digest: version.bundle.digest, size: version.bundle.size)]
        )
        let bytes = Array(try JSONValue.canonicalData(manifest))
        let target = try ModelFixture()
        try await withInsecureClient { client in
            _ = try await client.push(version, from: source.store, to: repository, tags: [])
            try await client.putManifest(bytes, mediaType: OCIMediaType.imageManifest, to: repository, as: "image")
            do {
                _ = try await client.pull(repository.tagged("image"), into: target.registry)
                Issue.record("an image manifest was pulled as a model")
            } catch let error as RegistryError {
                #expect(error.description.contains("config media type 'application/vnd.oci.image.config.v1+json'"))
            }
        }
        #expect(!target.store.contains(version.bundle.digest))
        #expect(try target.registry.models().isEmpty)
    }

    @Test func insecureIsRefusedForAHostThatIsNotLoopbackBeforeAnyRequest() async throws {
        for text in ["registry.example/models/weather:1", "10.0.0.1:5000/weather:1", "127.0.0.2:5000/weather:1"] {
            let reference = try RemoteReference(parsing: text)
            do {
                _ = try await withInsecureClient { client in try await client.currentDigest(of: reference) }
                Issue.record("--insecure reached \(text)")
            } catch let error as DistributionError {
                #expect(error.description.contains("loopback"))
                #expect(error.description.contains(reference.host))
            }
        }
    }

    @Test func withoutInsecureTheClientSpeaksTLSAndAPlainRegistryFails() async throws {
        let host = try TestRegistries.plain()
        let reference = try RemoteReference(parsing: "\(host)/\(TestRegistries.uniqueRepository("tls")):1")
        let configuration = DistributionClient.Configuration()
        await #expect(throws: DistributionError.self) {
            try await DistributionClient.withClient(configuration: configuration) { client in
                try await client.currentDigest(of: reference)
            }
        }
    }
}

/// The names in a directory (to check no temporary file is left behind).
func directoryEntries(_ path: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: path)
}
