import Artifacts
import Foundation
import Registry
import Testing
import TestSupport

@Suite struct RegistryTests {
    let weather = try! RegistryName("weather")
    let production = try! RegistryName("production", kind: "alias")

    @Test func versionsAreNumberedPerModelFromOne() throws {
        let fixture = try RegistryFixture()
        #expect(try fixture.register(label: "a").version == 1)
        #expect(try fixture.register(label: "b").version == 2)
        #expect(try fixture.register("other", label: "c").version == 1)
        #expect(try fixture.register(label: "d").version == 3)
        #expect(try fixture.registry.versions(of: weather).map(\.version) == [1, 2, 3])
        #expect(try fixture.registry.models().map(\.value) == ["other", "weather"])
    }

    @Test func aVersionIsAnOCIManifestWithItsMetadataAsConfig() throws {
        let fixture = try RegistryFixture()
        let record = try fixture.register(label: "a", metrics: ["roc_auc": 0.91])
        let manifest = try JSONValue.decoder().decode(OCIManifest.self, from: Data(fixture.store.read(record.manifest.digest)))
        #expect(manifest.artifactType == "application/vnd.retrain.model.v1")
        #expect(manifest.layers.map(\.digest) == [record.bundle.digest])
        #expect(manifest.layers.first?.mediaType == "application/vnd.oci.image.layer.v1.tar+gzip")
        let config = try JSONDecoder().decode(JSONValue.self, from: Data(fixture.store.read(manifest.config.digest)))
        #expect(config["metrics"]?["roc_auc"]?.numberValue == 0.91)
        #expect(config["model"]?.stringValue == "weather")
        #expect(config["version"]?.numberValue == 1)
        #expect(record.metrics == ["roc_auc": 0.91])
    }

    @Test func indexTagsEveryVersionAndAlias() throws {
        let fixture = try RegistryFixture()
        let first = try fixture.register(label: "a")
        try fixture.register(label: "b")
        try fixture.registry.promote(model: weather, version: 1, alias: production, actor: "t", reason: nil)
        let index = try JSONValue.decoder().decode(OCIIndex.self, from: Data(contentsOf: URL(fileURLWithPath: fixture.store.root + "/index.json")))
        let tags = Dictionary(uniqueKeysWithValues: index.manifests.compactMap { d in d.annotations?["org.opencontainers.image.ref.name"].map { ($0, d.digest) } })
        #expect(Set(tags.keys) == ["weather:1", "weather:2", "weather:production"])
        #expect(tags["weather:production"] == first.manifest.digest)
    }

    @Test func promoteRefusesUnblessedUnlessForcedAndRecordsTheForce() throws {
        let fixture = try RegistryFixture()
        try fixture.register(label: "bad", blessed: false)
        #expect(throws: RegistryError.notBlessed("weather", 1)) {
            try fixture.registry.promote(model: weather, version: 1, alias: production, actor: "t", reason: nil)
        }
        #expect(try fixture.registry.aliases(of: weather).history.isEmpty)
        let entry = try fixture.registry.promote(model: weather, version: 1, alias: production, actor: "ops", reason: "hotfix", force: true)
        #expect(entry?.forced == true)
        #expect(try fixture.registry.aliases(of: weather).history.last?.forced == true)
    }

    @Test func rollbackWalksBackThroughTheLineageNeverInACircle() throws {
        let fixture = try RegistryFixture()
        for label in ["a", "b", "c"] { try fixture.register(label: label) }
        for version in 1...3 { try fixture.registry.promote(model: weather, version: version, alias: production, actor: "t", reason: "v\(version)") }
        #expect(try fixture.registry.rollback(model: weather, alias: production, actor: "t", reason: nil).to == 2)
        #expect(try fixture.registry.rollback(model: weather, alias: production, actor: "t", reason: nil).to == 1)
        #expect(throws: RegistryError.nothingToRollBackTo("weather", "production")) {
            try fixture.registry.rollback(model: weather, alias: production, actor: "t", reason: nil)
        }
        // A promote after rollbacks starts a new lineage on top of where the alias stands.
        try fixture.registry.promote(model: weather, version: 3, alias: production, actor: "t", reason: nil)
        #expect(try fixture.registry.rollback(model: weather, alias: production, actor: "t", reason: nil).to == 1)
        #expect(try fixture.registry.rollback(model: weather, alias: production, to: 2, actor: "t", reason: "pinned").to == 2)
        #expect(try fixture.registry.resolve(model: weather, alias: production)?.version == 2)
    }

    @Test func promotingTheCurrentVersionChangesNothing() throws {
        let fixture = try RegistryFixture()
        try fixture.register(label: "a")
        #expect(try fixture.registry.promote(model: weather, version: 1, alias: production, actor: "t", reason: nil) != nil)
        #expect(try fixture.registry.promote(model: weather, version: 1, alias: production, actor: "t", reason: nil) == nil)
        #expect(try fixture.registry.aliases(of: weather).history.count == 1)
    }

    @Test func unknownThingsAndBadNamesAreNamedAndChangeNothing() throws {
        let fixture = try RegistryFixture()
        try fixture.register(label: "a")
        let before = try Data(contentsOf: URL(fileURLWithPath: fixture.store.root + "/index.json"))
        #expect(throws: RegistryError.unknownModel("nope")) {
            try fixture.registry.promote(model: try RegistryName("nope"), version: 1, alias: production, actor: "t", reason: nil)
        }
        #expect(throws: RegistryError.unknownVersion("weather", 9)) {
            try fixture.registry.promote(model: weather, version: 9, alias: production, actor: "t", reason: nil)
        }
        #expect(throws: RegistryError.unknownAlias("weather", "production")) {
            try fixture.registry.rollback(model: weather, alias: production, actor: "t", reason: nil)
        }
        for bad in ["", "Weather", "../etc", "a/b", "-lead", ".hidden", String(repeating: "a", count: 65), "sp ace"] {
            #expect(throws: RegistryError.invalidName(bad, kind: "model")) { try RegistryName(bad) }
        }
        #expect(try RegistryName(String(repeating: "a", count: 64)).value.count == 64)
        #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.store.root + "/index.json")) == before)
    }

    @Test func aVersionWhoseBlobIsMissingCannotBePromoted() throws {
        let fixture = try RegistryFixture()
        let record = try fixture.register(label: "a")
        try FileManager.default.removeItem(atPath: fixture.store.path(of: record.bundle.digest))
        #expect(throws: RegistryError.missingBlob("weather", 1, record.bundle.digest)) {
            try fixture.registry.promote(model: weather, version: 1, alias: production, actor: "t", reason: nil)
        }
        #expect(try fixture.registry.aliases(of: weather).aliases.isEmpty)
    }

    @Test func registeringAMissingBundleIsRefused() throws {
        let fixture = try RegistryFixture()
        let digest = Digest(of: Array("nothing".utf8))
        #expect(throws: ArtifactsError.blobNotFound(digest)) {
            try fixture.registry.register(model: weather, bundle: digest, metadata: .object([:]))
        }
        #expect(try fixture.registry.models().isEmpty)
    }

    @Test func concurrentRegistrationsNeverShareANumber() async throws {
        let fixture = try RegistryFixture()
        let numbers = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<12 { group.addTask { try fixture.register(label: "c\(i)").version } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(numbers.sorted() == Array(1...12))
    }
}
