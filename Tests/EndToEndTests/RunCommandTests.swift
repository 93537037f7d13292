import Foundation
import Testing
import TestSupport

/// `retrain run` / `resume` / `runs` / `logs` as cron and operators call them.
@Suite struct RunCommandTests {
    let retrain = BuiltProducts.executable("retrain")
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory(prefix: "retrain-run")
        try ShellStage.write("collect.sh", in: directory, body: #"cp "$PARAMS" "$OUT/data.json"; echo collected >&2"#)
        // train sleeps while the file `hold` exists, so a test can kill the coordinator mid-stage.
        try ShellStage.write("train.sh", in: directory, body: """
            echo $$ > "\(directory.path)/train.pid"
            while [ -e "\(directory.path)/hold" ]; do sleep 0.1; done
            cat "$INPUT_data/data.json" > "$OUT/model.json"
            echo '{"roc_auc": 0.9}' > "$OUT/metrics.json"
            echo '{"blessed": true, "reasons": []}' > "$OUT/blessing.json"
            """)
        try directory.write("""
            name: e2e
            model: e2e-model
            stages:
              collect: {run: ./collect.sh, params: {as_of: "${as_of}"}}
              train: {run: ./train.sh, inputs: {data: collect}}
            register: {from: train, promote: production}
            """, to: "pipeline.yaml")
    }

    func retrainProcess(_ arguments: [String]) -> ChildProcess {
        ChildProcess(retrain, arguments + ["--store", directory.child("store")], currentDirectory: directory.path)
    }

    func runs() throws -> [[String: Any]] {
        let list = try retrainProcess(["runs", "list", "--json"]).run()
        return try #require(try JSONSerialization.jsonObject(with: list.standardOutput) as? [[String: Any]])
    }

    /// Waits until the stage has written its pid (the shell creates the file before it
    /// writes the number, so existence alone is not enough).
    func waitForPID(_ path: String, seconds: Double = 120) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return pid
            }
            usleep(20_000)
        }
        return nil
    }

    @Test func runPrintsProgressOnStderrAndTheRecordWithJSON() throws {
        let result = try retrainProcess(["run", "--as-of", "2015-06-01", "--json"]).run()
        #expect(result.status == 0, "\(result.standardError)")
        let record = try #require(try JSONSerialization.jsonObject(with: result.standardOutput) as? [String: Any])
        #expect(record["status"] as? String == "succeeded")
        #expect(record["version"] as? Int == 1)
        #expect(result.standardError.contains("collect"))
        #expect(result.standardError.contains("register   ok"))
        let id = try #require(record["id"] as? String)
        let logs = try retrainProcess(["logs", id, "collect"]).run()
        #expect(logs.output == "collected\n")
        let show = try retrainProcess(["runs", "show", id]).run()
        #expect(show.output.contains("status    succeeded"))
        let again = try retrainProcess(["run", "--as-of", "2015-06-01"]).run()
        #expect(again.status == 0)
        #expect(again.standardError.contains("up to date"))
    }

    @Test func aCoordinatorKilledMidStageIsResumedAndTheStoreStaysSound() throws {
        try directory.write("", to: "hold")
        let coordinator = try retrainProcess(["run", "--as-of", "2015-06-01"]).start()
        let stagePID = try #require(waitForPID(directory.child("train.pid")))
        kill(coordinator.processIdentifier, SIGKILL)
        coordinator.waitUntilExit()
        // The stage dies with its coordinator (PR_SET_PDEATHSIG), even though nothing could clean up.
        let deadline = Date().addingTimeInterval(10)
        while ProcessState.isRunning(stagePID) && Date() < deadline { usleep(20_000) }
        #expect(!ProcessState.isRunning(stagePID))

        let killed = try #require(try runs().first)
        #expect(killed["status"] as? String == "running")
        let killedID = try #require(killed["id"] as? String)
        try FileManager.default.removeItem(atPath: directory.child("hold"))
        let resume = try retrainProcess(["resume", killedID, "--json"]).run()
        #expect(resume.status == 0, "\(resume.standardError)")
        let record = try #require(try JSONSerialization.jsonObject(with: resume.standardOutput) as? [String: Any])
        #expect(record["resumed_from"] as? String == killedID)
        #expect(record["status"] as? String == "succeeded")
        let stages = try #require(record["stages"] as? [[String: Any]])
        #expect(stages.first?["status"] as? String == "cached")
        #expect((stages.first?["note"] as? String)?.contains("reused from run \(killedID)") == true)
        #expect(stages.last?["status"] as? String == "succeeded")
        // The killed run is now recorded as failed, and the store verifies.
        #expect(try runs().first?["status"] as? String == "failed")
        #expect(try retrainProcess(["store", "verify"]).run().status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.child("store/work")).isEmpty)
    }

    @Test func twoConcurrentRunsOneExitsThreeNamingTheHolder() throws {
        try directory.write("", to: "hold")
        let first = try retrainProcess(["run", "--as-of", "2015-06-01"]).start()
        #expect(waitForPID(directory.child("train.pid")) != nil)
        let second = try retrainProcess(["run", "--as-of", "2015-06-01"]).run()
        #expect(second.status == 3)
        #expect(second.standardError.contains("already running"))
        #expect(second.standardError.contains("pid \(first.processIdentifier)"))
        try FileManager.default.removeItem(atPath: directory.child("hold"))
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        let statuses = try runs().map { $0["status"] as? String }
        #expect(Set(statuses.compactMap { $0 }) == ["succeeded", "skipped"])
    }

    @Test func sigtermStopsTheStageRecordsTheRunAsFailedAndExitsOne() throws {
        try directory.write("", to: "hold")
        let coordinator = try retrainProcess(["run", "--as-of", "2015-06-01"]).start()
        let stagePID = try #require(waitForPID(directory.child("train.pid")))
        kill(coordinator.processIdentifier, SIGTERM)
        coordinator.waitUntilExit()
        #expect(coordinator.terminationStatus == 1)
        #expect(!ProcessState.isRunning(stagePID))
        let record = try #require(try runs().first)
        #expect(record["status"] as? String == "failed")
        #expect((record["reason"] as? String)?.contains("interrupted") == true)
        #expect(record["failed_stage"] as? String == "train")
    }

    @Test func resumingARunThatSucceededIsRefused() throws {
        let result = try retrainProcess(["run", "--as-of", "2015-06-01", "--json"]).run()
        let id = try #require((try JSONSerialization.jsonObject(with: result.standardOutput) as? [String: Any])?["id"] as? String)
        let resume = try retrainProcess(["resume", id]).run()
        #expect(resume.status != 0)
        #expect(resume.standardError.contains("only a failed run can be resumed"))
        let unknown = try retrainProcess(["resume", "no-such-run"]).run()
        #expect(unknown.standardError.contains("no run 'no-such-run'"))
    }
}
