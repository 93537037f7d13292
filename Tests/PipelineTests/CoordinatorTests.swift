import Artifacts
import Foundation
@testable import Pipeline
import Registry
import Testing
import TestSupport

/// The coordinator against real child processes (shell-script stages) and a real store.
@Suite struct CoordinatorTests {
    let directory: TemporaryDirectory
    let store: BlobStore

    init() throws {
        directory = try TemporaryDirectory(prefix: "retrain-coordinator")
        store = try BlobStore(root: directory.child("store"))
    }

    /// collect → evaluate (blessing from $BLESSED, champion @production) → build.
    func writePipeline(_ extra: String = "", collect: String = "", evaluateBlessed: Bool = true) throws -> PipelineSpec {
        try ShellStage.write("collect.sh", in: directory, body: collect.isEmpty ? """
            echo "collecting as of $(cat "$PARAMS")" >&2
            cp "$PARAMS" "$OUT/data.json"
            echo '{"rows": 3}' > "$OUT/metrics.json"
            """ : collect)
        try ShellStage.write("evaluate.sh", in: directory, body: """
            echo '{"roc_auc": 0.91}' > "$OUT/metrics.json"
            echo '{"blessed": \(evaluateBlessed), "reasons": []}' > "$OUT/blessing.json"
            """)
        try ShellStage.write("build.sh", in: directory, body: #"cat "$INPUT_data/data.json" > "$OUT/model.json""#)
        let yaml = """
            name: demo
            model: demo-model
            stages:
              collect: {run: ./collect.sh, params: {as_of: "${as_of}"}, retry: {attempts: 3, backoff: 10ms}}
              evaluate: {run: ./evaluate.sh, inputs: {data: collect, champion: "@production"}}
              build: {run: ./build.sh, inputs: {data: collect, evaluation: evaluate}}
            register: {from: build, promote: production}
            \(extra)
            """
        try directory.write(yaml, to: "pipeline.yaml")
        return try PipelineSpec.load(file: directory.child("pipeline.yaml"))
    }

    func run(_ spec: PipelineSpec, asOf: String = "2015-06-01", environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> RunRecord {
        try await Coordinator(spec: spec, store: store).run(RunRequest(asOf: asOf, environment: environment, killGraceSeconds: 1))
    }

    @Test func aRunRegistersAndPromotesThenAnUnchangedRunIsUpToDate() async throws {
        let spec = try writePipeline()
        let first = try await run(spec)
        #expect(first.status == .succeeded)
        #expect(first.version == 1)
        #expect(first.promoted == "production")
        #expect(first.stages.map(\.status) == [.succeeded, .succeeded, .succeeded])
        let registry = try Registry(store: store)
        let version = try #require(try registry.resolve(model: RegistryName("demo-model"), alias: RegistryName("production", kind: "alias")))
        #expect(version.metadata["run_id"]?.stringValue == first.id)
        #expect(version.metadata["stages"]?["collect"]?["output"]?.stringValue == first.stage("collect")?.output?.description)
        #expect(version.metrics == ["roc_auc": 0.91])

        let second = try await run(spec)
        #expect(second.status == .upToDate)
        #expect(second.status.exitCode == 0)
        #expect(second.stages.map(\.status) == [.cached, .cached, .cached])
        #expect(second.stage("evaluate")?.note == "reproduces demo-model version 1")
        #expect(try registry.versions(of: RegistryName("demo-model")).count == 1)

        let nextMonth = try await run(spec, asOf: "2015-07-01")
        #expect(nextMonth.status == .succeeded)
        #expect(nextMonth.version == 2)
        #expect(nextMonth.stage("collect")?.status == .succeeded)
    }

    @Test func aStageThatFailsTwiceThenSucceedsRecordsThreeAttempts() async throws {
        let spec = try writePipeline(collect: """
            count=$(cat "\(directory.path)/count" 2>/dev/null || echo 0)
            count=$((count + 1)); echo $count > "\(directory.path)/count"
            if [ $count -lt 3 ]; then echo "transient failure $count" >&2; exit 1; fi
            cp "$PARAMS" "$OUT/data.json"
            """)
        let record = try await run(spec)
        #expect(record.status == .succeeded, "\(record.reason ?? "")")
        let collect = try #require(record.stage("collect"))
        #expect(collect.attempts.map(\.exitStatus) == [1, 1, 0])
        #expect(collect.attempts.first?.logTail.last == "transient failure 1")
        #expect(collect.attempts.allSatisfy { $0.log != nil })
        let log = try store.read(try #require(collect.attempts[1].log))
        #expect(String(decoding: log, as: UTF8.self).contains("transient failure 2"))
    }

    @Test func badDataIsNotRetriedFailsTheRunAndNotifiesByWebhookAndCommand() async throws {
        let receiver = try TestHTTPReceiver()
        let hookOutput = directory.child("hook.json")
        try directory.write("#!/bin/sh\ncat > \(hookOutput)\n", to: "notify.sh", mode: 0o755)
        let spec = try writePipeline("notify: {on: [failed], webhook: {url_env: TEST_WEBHOOK}, command: [./notify.sh]}", collect: """
            echo "data.csv line 7: column 'amount': 'abc' is not a number" >&2
            exit 65
            """)
        var environment = ProcessInfo.processInfo.environment
        environment["TEST_WEBHOOK"] = receiver.url
        let record = try await run(spec, environment: environment)
        #expect(record.status == .failed)
        #expect(record.status.exitCode == 1)
        #expect(record.failedStage == "collect")
        #expect(record.stage("collect")?.attempts.count == 1)
        #expect(record.reason?.contains("column 'amount'") == true)
        #expect(record.stage("evaluate")?.status == .skipped)

        let posts = receiver.wait(for: 1)
        #expect(posts.count == 1)
        let summary = try JSONDecoder().decode(JSONValue.self, from: try #require(posts.first?.body))
        #expect(summary["status"]?.stringValue == "failed")
        #expect(summary["failed_stage"]?.stringValue == "collect")
        #expect(summary["run_id"]?.stringValue == record.id)
        #expect(summary["log_tail"]?.arrayValue?.last?.stringValue?.contains("'abc' is not a number") == true)
        #expect(posts.first?.headers["content-type"] == "application/json")
        let hook = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: URL(fileURLWithPath: hookOutput)))
        #expect(hook == summary)
        #expect(record.notifications.map(\.succeeded) == [true, true])
        // The URL itself is never written to the record.
        let saved = try String(contentsOfFile: store.root + "/runs/\(record.id).json", encoding: .utf8)
        #expect(!saved.contains(receiver.url))
    }

    @Test func aFailingWebhookIsRecordedAndDoesNotChangeTheOutcome() async throws {
        let receiver = try TestHTTPReceiver(status: 500)
        let spec = try writePipeline("notify: {on: [failed], webhook: {url_env: TEST_WEBHOOK}}", collect: "exit 65")
        var environment = ProcessInfo.processInfo.environment
        environment["TEST_WEBHOOK"] = receiver.url
        let coordinator = Coordinator(spec: spec, store: store)
        let record = try await coordinator.run(RunRequest(asOf: "2015-06-01", environment: environment, killGraceSeconds: 1))
        #expect(record.status == .failed)
        #expect(record.notifications.first?.succeeded == false)
        #expect(receiver.requests.count == 3)
    }

    @Test func aTimedOutStageLeavesNothingOfItsProcessGroupRunning() async throws {
        let pids = directory.child("pids")
        let spec = try writePipeline(collect: """
            sleep 300 &
            echo $! >> \(pids)
            echo $$ >> \(pids)
            sleep 300
            """)
        var timed = spec
        timed.stages[0].timeoutSeconds = 1
        timed.stages[0].retry = RetryPolicy(attempts: 1)
        let record = try await run(timed)
        #expect(record.status == .failed)
        #expect(record.stage("collect")?.attempts.first?.timedOut == true)
        #expect(record.reason?.contains("timed out") == true)
        let recorded = try String(contentsOfFile: pids, encoding: .utf8).split(separator: "\n").compactMap { Int32($0) }
        #expect(recorded.count == 2)
        usleep(200_000)
        for pid in recorded { #expect(!ProcessState.isRunning(pid), "process \(pid) outlived its stage") }
    }

    @Test func noDataSkipsTheRun() async throws {
        let spec = try writePipeline(collect: "echo 'no rows between 2015-05-02 and 2015-06-01' >&2; exit 3")
        let record = try await run(spec)
        #expect(record.status == .skipped)
        #expect(record.status.exitCode == 3)
        #expect(record.stage("collect")?.attempts.count == 1)
        #expect(record.reason?.contains("no rows") == true)
    }

    @Test func aRejectedCandidateLeavesProductionWhereItWas() async throws {
        let spec = try writePipeline()
        let first = try await run(spec)
        #expect(first.version == 1)
        let rejecting = try writePipeline(evaluateBlessed: false)
        let second = try await run(rejecting, asOf: "2015-07-01")
        #expect(second.status == .rejected)
        #expect(second.status.exitCode == 2)
        #expect(second.version == nil)
        #expect(second.stage("build")?.status == .skipped)
        #expect(second.stage("evaluate")?.metrics?["roc_auc"]?.numberValue == 0.91)
        let registry = try Registry(store: store)
        #expect(try registry.versions(of: RegistryName("demo-model")).count == 1)
        #expect(try registry.resolve(model: RegistryName("demo-model"), alias: RegistryName("production", kind: "alias"))?.version == 1)
    }

    @Test func aChangedStageExecutableIsACacheMiss() async throws {
        let spec = try writePipeline()
        _ = try await run(spec)
        // Same data, same params: build hits the cache…
        let again = try await run(spec, asOf: "2015-06-01")
        #expect(again.stage("build")?.status == .cached)
        // …until its executable changes.
        let build = directory.child("build.sh")
        let handle = try #require(FileHandle(forWritingAtPath: build))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("# upgraded\n".utf8))
        try handle.close()
        let upgraded = try await run(spec, asOf: "2015-06-01")
        #expect(upgraded.stage("build")?.status == .succeeded, "\(upgraded.reason ?? "")")
        #expect(upgraded.stage("build")?.identity != again.stage("build")?.identity)
        #expect(upgraded.stage("collect")?.status == .cached)
    }

    @Test func aMissingExecutableFailsWithItsName() async throws {
        var spec = try writePipeline()
        spec.stages[0].run = "./no-such-stage.sh"
        await #expect {
            _ = try await run(spec)
        } throws: { error in
            "\(error)".contains("no-such-stage.sh")
        }
    }
}
