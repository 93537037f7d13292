import Artifacts
import Foundation
import Learning
import Logging
import Registry
import ServiceLifecycle
import Testing
import TestSupport

@testable import Serving

/// The hot swap's decisions, against a real store and registry: what is loaded when the
/// alias moves, what is refused, and that a refusal never takes the serving model away.
///
/// The loader here reads the label `RegistryFixture` writes into each bundle: the watcher's
/// job (fetch, verify, load, swap, refuse) does not depend on what a model computes.
@Suite("Model watcher")
struct ModelWatcherTests {
    /// A model that is nothing but the label of its bundle.
    struct LabelModel: ServableModel {
        let label: String
        var inputFields: [InputField] { [] }
        var classes: [ClassLabel] { [] }
        var bundleMetadata: JSONValue { .object(["label": .string(label)]) }
        func predict(_ instances: [FeatureRecord]) throws(ServingError) -> ModelPredictions {
            .regression(instances.map { _ in 0 })
        }
    }

    /// Loads `model.txt`; refuses bundles whose label starts with "bad".
    struct LabelLoader: ModelLoader {
        func load(bundleDirectory directory: String) throws -> any ServableModel {
            let label = try String(contentsOfFile: directory + "/model.txt", encoding: .utf8).trimmingCharacters(in: .whitespaces)
            if label.hasPrefix("bad") { throw ServingError.failed("self check failed for \(label)") }
            return LabelModel(label: label)
        }
    }

    struct Setup {
        let fixture: RegistryFixture
        let holder = ModelHolder()
        let metrics = ServingMetrics()
        let watcher: ModelWatcher<LocalRegistrySource>

        init(selection: LocalRegistrySource.Selection? = nil) throws {
            fixture = try RegistryFixture()
            let source = LocalRegistrySource(
                registry: fixture.registry, model: try RegistryName("weather"),
                selection: try selection ?? .alias(RegistryName("production", kind: "alias")))
            watcher = ModelWatcher(source: source, loader: LabelLoader(), holder: holder, metrics: metrics, logger: Logger(label: "test"))
        }

        var servedLabel: String? {
            (holder.current?.model as? LabelModel)?.label
        }

        func promote(_ version: Int) throws {
            try fixture.registry.promote(
                model: try RegistryName("weather"), version: version, alias: try RegistryName("production", kind: "alias"),
                actor: "test", reason: nil)
        }

        func metricsText() -> String { String(decoding: metrics.render(), as: UTF8.self) }
    }

    @Test func loadsThePromotedVersionAndFollowsPromoteAndRollback() async throws {
        let setup = try Setup()
        var state = ModelWatcher<LocalRegistrySource>.State()
        await setup.watcher.checkOnce(&state)
        #expect(setup.holder.current == nil)
        guard case .failure(let reason) = setup.holder.currentOrReason else { Issue.record("a model is loaded"); return }
        #expect(reason.description.contains("weather has no alias 'production' yet"))

        try setup.fixture.register(label: "one")
        try setup.fixture.register(label: "two")
        try setup.promote(1)
        await setup.watcher.checkOnce(&state)
        #expect(setup.servedLabel == "one")
        #expect(setup.holder.current?.identity.version == 1)
        #expect(setup.holder.current?.identity.alias == "production")

        let first = try #require(setup.holder.current)
        await setup.watcher.checkOnce(&state)
        #expect(setup.holder.current === first, "an unchanged alias loads nothing")

        try setup.promote(2)
        await setup.watcher.checkOnce(&state)
        #expect(setup.servedLabel == "two")
        #expect((first.model as? LabelModel)?.label == "one", "a request holding the old model still has it whole")

        try setup.fixture.registry.rollback(
            model: try RegistryName("weather"), alias: try RegistryName("production", kind: "alias"), actor: "test", reason: nil)
        await setup.watcher.checkOnce(&state)
        #expect(setup.servedLabel == "one")
        let text = setup.metricsText()
        #expect(text.contains("retrain_serve_model_reloads_total 3"))
        #expect(text.contains("retrain_serve_model_version 1"))
        #expect(text.contains("retrain_serve_model_loaded 1"))
        #expect(text.contains(#"retrain_serve_model_info{model="weather",version="1",digest="\#(first.identity.digest)"} 1"#))
        #expect(!text.contains(#"version="2""#), "the replaced model's info series is gone")
    }

    @Test func aBundleTheLoaderRefusesKeepsTheOldModelServing() async throws {
        let setup = try Setup()
        var state = ModelWatcher<LocalRegistrySource>.State()
        try setup.fixture.register(label: "good")
        try setup.fixture.register(label: "bad-self-check")
        try setup.promote(1)
        await setup.watcher.checkOnce(&state)
        try setup.promote(2)
        await setup.watcher.checkOnce(&state)
        #expect(setup.servedLabel == "good")
        await setup.watcher.checkOnce(&state)
        let text = setup.metricsText()
        #expect(text.contains("retrain_serve_model_reload_failures_total 1"), "a refused pointer is not retried every poll")
        #expect(text.contains("retrain_serve_model_version 1"))
    }

    @Test func aCorruptBlobIsRefusedByTheDigestCheck() async throws {
        let setup = try Setup()
        var state = ModelWatcher<LocalRegistrySource>.State()
        try setup.fixture.register(label: "good")
        let second = try setup.fixture.register(label: "corrupt", size: 4096)
        try setup.promote(1)
        await setup.watcher.checkOnce(&state)
        // Flip one byte in the middle of the second bundle's blob.
        let path = setup.fixture.store.path(of: second.bundle.digest)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count / 2] ^= 0x01
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        try bytes.write(to: URL(fileURLWithPath: path))
        try setup.promote(2)
        await setup.watcher.checkOnce(&state)
        #expect(setup.servedLabel == "good")
        #expect(setup.metricsText().contains("retrain_serve_model_reload_failures_total 1"))
    }

    @Test func withoutAModelTheRefusalIsTheReason() async throws {
        let setup = try Setup()
        var state = ModelWatcher<LocalRegistrySource>.State()
        try setup.fixture.register(label: "bad-only")
        try setup.promote(1)
        await setup.watcher.checkOnce(&state)
        #expect(setup.holder.current == nil)
        guard case .failure(let reason) = setup.holder.currentOrReason else { Issue.record("a model is loaded"); return }
        #expect(reason.description.contains("version 1"))
        #expect(reason.description.contains("was refused: internal error: self check failed for bad-only"))
    }

    @Test func aPinnedVersionNeverMoves() async throws {
        let setup = try Setup(selection: .version(2))
        var state = ModelWatcher<LocalRegistrySource>.State()
        await setup.watcher.checkOnce(&state)
        guard case .failure(let reason) = setup.holder.currentOrReason else { Issue.record("a model is loaded"); return }
        #expect(reason.description.contains("model 'weather' has no version 2") || reason.description.contains("unknown model 'weather'"))
        try setup.fixture.register(label: "one")
        try setup.fixture.register(label: "two")
        try setup.promote(1)
        await setup.watcher.checkOnce(&state)
        #expect(setup.servedLabel == "two")
        #expect(setup.holder.current?.identity.alias == nil)
    }

    @Test func aPinnedDigestIsServedAndNamedByItsVersion() async throws {
        let fixture = try RegistryFixture()
        try fixture.register(label: "one")
        let two = try fixture.register(label: "two")
        let holder = ModelHolder()
        let source = LocalRegistrySource(registry: fixture.registry, model: try RegistryName("weather"), selection: .digest(two.bundle.digest))
        let watcher = ModelWatcher(source: source, loader: LabelLoader(), holder: holder, metrics: ServingMetrics(), logger: Logger(label: "test"))
        var state = ModelWatcher<LocalRegistrySource>.State()
        await watcher.checkOnce(&state)
        #expect((holder.current?.model as? LabelModel)?.label == "two")
        #expect(holder.current?.identity.version == 2)
        #expect(holder.current?.identity.digest == two.bundle.digest)
    }

    @Test func runsAsAServiceAndStopsOnGracefulShutdown() async throws {
        let setup = try Setup()
        try setup.fixture.register(label: "one")
        try setup.promote(1)
        let services = ServiceGroup(services: [setup.watcher], logger: Logger(label: "test"))
        let holder = setup.holder
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            // The first poll loads the model; wait for it (bounded, so a broken watcher fails
            // instead of hanging the suite).
            for _ in 0..<1000 where holder.current == nil { try await Task.sleep(for: .milliseconds(10)) }
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
        }
        #expect(setup.servedLabel == "one")
    }
}
