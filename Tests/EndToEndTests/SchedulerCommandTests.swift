import Foundation
import Testing
import TestSupport

/// `retrain crontab`, `retrain backfill` and `retrain schedule` as operators run them.
@Suite struct SchedulerCommandTests {
    let retrain = BuiltProducts.executable("retrain")
    let directory: TemporaryDirectory
    /// The temporary directory without the `//` NSTemporaryDirectory leaves in it.
    let root: String

    init() throws {
        directory = try TemporaryDirectory(prefix: "retrain-schedule")
        root = (directory.path as NSString).standardizingPath
        try ShellStage.write("collect.sh", in: directory, body: """
            echo $$ > "\(root)/collect.pid"
            while [ -e "\(root)/hold" ]; do sleep 0.05; done
            if grep -q 2015-03 "$PARAMS"; then echo "the March extract is corrupt" >&2; exit 1; fi
            cp "$PARAMS" "$OUT/data.json"
            """)
        try writePipeline(schedule: "0 5 1 * *", timezone: "Asia/Seoul")
    }

    func writePipeline(schedule: String, timezone: String, extra: String = "") throws {
        try directory.write("""
            name: demo
            model: demo-model
            schedule: "\(schedule)"
            timezone: \(timezone)
            stages:
              collect: {run: ./collect.sh, params: {as_of: "${as_of}"}}
            \(extra)
            """, to: "pipeline.yaml")
    }

    func retrainProcess(_ arguments: [String]) -> ChildProcess {
        ChildProcess(retrain, arguments + ["--store", directory.child("store")], currentDirectory: directory.path)
    }

    func runs() async throws -> [[String: Any]] {
        let list = try await retrainProcess(["runs", "list", "--json"]).result()
        return try #require(try JSONSerialization.jsonObject(with: list.standardOutput) as? [[String: Any]])
    }

    @Test func crontabPrintsAZoneAndAJobLineReadyToPaste() async throws {
        let result = try await retrainProcess(["crontab", "--pipeline", "pipeline.yaml", "--retrain", "/usr/local/bin/retrain"]).result()
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.output == """
            # retrain: paste at the END of the crontab (crontab -e). CRON_TZ (cronie) applies to every line below it;
            # Debian/Ubuntu cron ignores CRON_TZ and uses the system time zone.

            # retrain pipeline demo (\(root)/pipeline.yaml): 0 5 1 * * in Asia/Seoul
            CRON_TZ=Asia/Seoul
            0 5 1 * * cd \(root) && /usr/local/bin/retrain run --pipeline \(root)/pipeline.yaml --store \(root)/store --as-of "$(date -u +\\%Y-\\%m-\\%dT\\%H:\\%M:00Z)" >> \(root)/store/logs/retrain-demo.log 2>&1

            """)
        // The log directory exists, so the first cron run can append to it.
        #expect(FileManager.default.fileExists(atPath: root + "/store/logs"))

        try directory.write("services: {}\n", to: "compose.yaml")
        let compose = try await retrainProcess(["crontab", "--pipeline", "pipeline.yaml", "--compose"]).result()
        #expect(compose.status == 0, "\(compose.standardError)")
        #expect(compose.output.contains(" -f \(root)/compose.yaml run --rm --entrypoint retrain pipeline run --pipeline pipeline.yaml --as-of "))
        #expect(compose.output.contains("0 5 1 * * cd \(root) && "))
    }

    @Test func backfillRunsEveryFireInTheRangeInOrderAndStopsAtAFailure() async throws {
        let dryRun = try await retrainProcess(["backfill", "--pipeline", "pipeline.yaml", "--from", "2015-01-01", "--to", "2015-03-01", "--dry-run"]).result()
        #expect(dryRun.output == "2015-01-01T05:00:00+09:00\n2015-02-01T05:00:00+09:00\n")
        #expect(try await runs().isEmpty)

        let result = try await retrainProcess(["backfill", "--pipeline", "pipeline.yaml", "--from", "2015-01-01", "--to", "2015-03-01"]).result()
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("2015-01-01T05:00:00+09:00  succeeded") == true)
        #expect(lines.last?.hasPrefix("2015-02-01T05:00:00+09:00  succeeded") == true)
        #expect(result.standardError.contains("backfill: 2 of 2 fire times run (2 succeeded)"))
        #expect(try await runs().compactMap { $0["as_of"] as? String } == ["2014-12-31T20:00:00Z", "2015-01-31T20:00:00Z"])

        // April 1 in Seoul (as_of 2015-03-31T20:00:00Z) fails: May is not run, and the exit status says so.
        let failing = try await retrainProcess(["backfill", "--pipeline", "pipeline.yaml", "--from", "2015-02-15", "--to", "2015-05-15"]).result()
        #expect(failing.status == 1)
        #expect(failing.output.split(separator: "\n").map { String($0.prefix(36)) } == [
            "2015-03-01T05:00:00+09:00  succeeded", "2015-04-01T05:00:00+09:00  failed   ",
        ])
        #expect(failing.standardError.contains("stopped at 2015-04-01T05:00:00+09:00: run "))
        #expect(failing.standardError.contains("not run: 1 fire times from 2015-05-01T05:00:00+09:00"))
        #expect(try await runs().count == 4)
    }

    /// The default store is relative (`./artifacts`) while stages run in the pipeline's own
    /// directory: the paths handed to stages must not depend on that.
    @Test func backfillWorksWithARelativeStoreNamedFromAnotherDirectory() async throws {
        let parent = try TemporaryDirectory(prefix: "retrain-relative")
        try FileManager.default.createDirectory(atPath: parent.child("weather"), withIntermediateDirectories: true)
        for name in ["collect.sh", "pipeline.yaml"] {
            try FileManager.default.copyItem(atPath: directory.child(name), toPath: parent.child("weather/" + name))
        }
        // …and the report the pipeline asks for is written, relative to the pipeline.
        let yaml = try String(contentsOfFile: parent.child("weather/pipeline.yaml"), encoding: .utf8)
        try parent.write(yaml + "\nreport: {path: report.html}\n", to: "weather/pipeline.yaml")
        let result = try await ChildProcess(retrain, ["backfill", "--pipeline", "weather/pipeline.yaml", "--store", "artifacts", "--from", "2015-01-01", "--to", "2015-02-01"],
                                      currentDirectory: parent.path).result()
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.output.hasPrefix("2015-01-01T05:00:00+09:00  succeeded"))
        #expect(FileManager.default.fileExists(atPath: parent.child("artifacts/runs")))
        #expect(FileManager.default.fileExists(atPath: parent.child("weather/report.html")))
    }

    /// A real `retrain schedule` process: it catches up the fire it missed an hour ago, takes a
    /// SIGHUP, and on SIGTERM stops the run it cannot wait for (`--grace 0s`) and exits 0.
    @Test func scheduleCatchesUpReloadsOnSighupAndStopsOnSigtermWithStatusZero() async throws {
        // Hourly at the minute half an hour from now: the last fire was ~30 minutes ago, clearly
        // missed whenever the test runs, and the next is ~30 minutes off.
        let now = Int(Date().timeIntervalSince1970)
        let minute = (now / 60 % 60 + 30) % 60
        let lastFire = (now - minute * 60) / 3600 * 3600 + minute * 60
        let schedule = "\(minute) * * * *"
        try writePipeline(schedule: schedule, timezone: "UTC", extra: "catch_up: {deadline: 2h}")
        // As a scheduler that handled everything up to the fire before last would have left it.
        let hour = Date(timeIntervalSince1970: Double(lastFire - 3600))
        let stamp = hour.formatted(.iso8601)
        try directory.write(#"{"handled_through": "\#(stamp)", "pipeline": "demo", "schedule": "\#(schedule)", "timezone": "UTC", "updated": "\#(stamp)"}"#,
                            to: "store/scheduler/demo.json")
        try directory.write("", to: "hold")
        let log = try directory.write("", to: "schedule.log")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: retrain)
        process.arguments = ["schedule", "--pipeline", "pipeline.yaml", "--store", directory.child("store"), "--grace", "0s"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        // The missed fire runs at once; its collect stage is held.
        func stagePID() -> Int32? {
            (try? String(contentsOfFile: root + "/collect.pid", encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        #expect(try await waitFor { stagePID() != nil })
        let stage = try #require(stagePID())
        // Until the reload service has its handler in place a SIGHUP is ignored, so send it until it lands.
        var isReloaded = false
        let limit = Date().addingTimeInterval(600)
        while !isReloaded, Date() < limit {
            kill(process.processIdentifier, SIGHUP)
            try await Task.sleep(for: .milliseconds(100))
            isReloaded = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("reloaded pipeline.yaml")
        }
        #expect(isReloaded)
        kill(process.processIdentifier, SIGTERM)
        #expect(try await waitFor { !process.isRunning })
        #expect(process.terminationStatus == 0)
        #expect(!ProcessState.isRunning(stage))

        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(text.contains("catching up a missed fire"))
        #expect(text.contains("next fire "))
        #expect(text.contains("grace period over"))
        let caughtUp = hour.addingTimeInterval(3600).formatted(.iso8601)
        let record = try #require(try await runs().first { $0["as_of"] as? String == caughtUp })
        #expect(record["status"] as? String == "failed")
        #expect((record["reason"] as? String)?.contains("interrupted") == true)
        let state = try String(contentsOfFile: root + "/store/scheduler/demo.json", encoding: .utf8)
        #expect(state.contains(#""handled_through" : "\#(caughtUp)""#))
    }

    /// Polls `condition` without holding a thread; the limit only keeps a broken test from hanging.
    func waitFor(seconds: Double = 600, _ condition: () -> Bool) async throws -> Bool {
        let limit = Date().addingTimeInterval(seconds)
        while Date() < limit {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }
}
