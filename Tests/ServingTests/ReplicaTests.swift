import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TestSupport

/// `retrain-serve --registry`: a replica on "another machine" (its own empty store) following
/// a tag in a real docker-registry on 127.0.0.1, moved by `retrain promote --push` and
/// `retrain rollback --push` on the training side.
@Suite("retrain-serve, replica following a registry tag", .serialized)
struct ReplicaTests {
    /// A docker-registry of this test's own, so the test can stop it.
    final class PrivateRegistry: Sendable {
        let directory: TemporaryDirectory
        let address: String

        static var scripts: String {
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("scripts/services").path
        }

        init() throws {
            directory = try TemporaryDirectory(prefix: "retrain-replica-registry")
            let result = try ChildProcess(Self.scripts + "/registry-start", [directory.child("registry")]).run()
            guard result.status == 0 else {
                throw WeatherFixture.Failure(description: "registry-start failed (\(result.status)): \(result.standardError)")
            }
            address = String(decoding: result.standardOutput, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func stop() throws {
            _ = try ChildProcess(Self.scripts + "/registry-stop", [directory.child("registry")]).run()
        }

        deinit { try? stop() }
    }

    /// Runs `retrain ARGS` on the training store and requires exit 0.
    static func retrain(_ arguments: [String], store: String) throws {
        let result = try ChildProcess(BuiltProducts.executable("retrain"), arguments + ["--store", store]).run()
        try #require(result.status == 0, "retrain \(arguments.joined(separator: " ")): \(result.standardError)")
    }

    static let body = ByteBuffer(bytes: Array(#"{"instances":[{"precipitation":0.0,"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":"drizzle"}]}"#.utf8))

    @Test func followsPromoteAndRollbackWithOnly200sAndKeepsServingWhenTheRegistryIsDown() async throws {
        let fixture = try WeatherFixture.shared.get()
        let training = try fixture.copyStore()
        let (first, second) = (fixture.runs[0].version, fixture.runs[1].version)
        let registry = try PrivateRegistry()
        let remote = "\(registry.address)/models/weather"
        let model = WeatherFixture.model

        try Self.retrain(["promote", model, "\(first)", "--force", "--push", remote, "--insecure"], store: training.store)

        let replicaStore = try TemporaryDirectory(prefix: "retrain-replica-store")
        let server = try LiveServer(
            store: replicaStore.child("store"), model: model,
            extra: ["--registry", "\(remote):production", "--insecure"])
        try await LiveServerTests.waitUntilReady(server)

        let loop = PredictionLoop(server: server, body: Self.body)
        _ = try await loop.reach(first)
        try await loop.settle()

        try Self.retrain(["promote", model, "\(second)", "--force", "--push", remote, "--insecure"], store: training.store)
        let promoted = try await loop.reach(second)
        try await loop.settle()
        try Self.retrain(["rollback", model, "--push", remote, "--insecure"], store: training.store)
        let rolledBack = try await loop.reach(first)
        // The issue's figure (within 3 s) is reported, not asserted (no wall-clock asserts).
        print("retrain-serve --registry: promote reached the replica in \(promoted), rollback in \(rolledBack)")

        // The registry goes down: the replica keeps answering with the version it has.
        try registry.stop()
        let noticed = try await LiveServer.eventually(attempts: 1000) { server.logText.contains("cannot read the model source") }
        #expect(noticed, "the replica logs that the registry is unreachable: \(server.logText)")
        try await loop.settle()
        try await loop.stop()

        let seen = loop.all
        #expect(seen.allSatisfy { $0.status == 200 }, "every request was answered: \(seen.filter { $0.status != 200 }.prefix(3))")
        #expect(loop.versionRuns == [first, second, first])

        let metrics = LiveServerTests.text(try await server.withClient { client in try await client.get("/metrics") })
        let errors = metrics.split(separator: "\n").first { $0.hasPrefix("retrain_serve_source_errors_total ") }
        let count = errors.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
        #expect(count > 0, "the unreachable registry shows in /metrics: \(errors ?? "no source_errors line")")
        #expect(metrics.contains("retrain_serve_model_reload_failures_total 0"))

        // The replica's store now holds both versions with their lineage, as `retrain pull` leaves them.
        let list = try ChildProcess(BuiltProducts.executable("retrain"), ["models", "list", "--store", replicaStore.child("store")]).run()
        #expect(list.status == 0, "\(list.standardError)")
        #expect(String(decoding: list.standardOutput, as: UTF8.self).contains(model))
        server.terminate()
        #expect(server.waitForExit() == 0)
    }

    @Test func aReplicaStartedBeforeTheFirstPushWaitsAndThenServes() async throws {
        let fixture = try WeatherFixture.shared.get()
        let training = try fixture.copyStore()
        let registry = try PrivateRegistry()
        let remote = "\(registry.address)/models/weather"
        let replicaStore = try TemporaryDirectory(prefix: "retrain-replica-store")
        let server = try LiveServer(
            store: replicaStore.child("store"), model: WeatherFixture.model,
            extra: ["--registry", "\(remote):production", "--insecure"])
        let unready = try await server.withClient { client in try await client.get("/readyz") }
        #expect(unready.status == .serviceUnavailable)
        let predict = try await server.withClient { client in
            try await client.post("/v1/predict", headers: LiveServerTests.jsonHeaders, body: Self.body)
        }
        #expect(predict.status == .serviceUnavailable)

        try Self.retrain(["promote", WeatherFixture.model, "\(fixture.runs[0].version)", "--force", "--push", remote, "--insecure"], store: training.store)
        try await LiveServerTests.waitUntilReady(server)
        let answer = try await server.withClient { client in
            try await client.post("/v1/predict", headers: LiveServerTests.jsonHeaders, body: Self.body)
        }
        #expect(answer.status == .ok)
        #expect(LiveServerTests.version(answer) == fixture.runs[0].version)
        server.terminate()
        #expect(server.waitForExit() == 0)
    }
}
