import Artifacts
import Foundation
import Pipeline
import Scheduler
import TestSupport

/// A scheduled shell-stage pipeline in a temporary directory, a real store, a test clock and
/// an event log: what every scheduler test starts from.
///
/// collect copies its params (`as_of`) into its output and, while the file `hold` exists,
/// waits, so a test can keep a run going; it writes its pid to `collect.pid` first.
final class SchedulerFixture: Sendable {
    let directory: TemporaryDirectory
    let store: BlobStore
    let clock: TestClock
    let events = EventLog()

    init(now: String) throws {
        directory = try TemporaryDirectory(prefix: "retrain-scheduler")
        store = try BlobStore(root: directory.child("store"))
        clock = TestClock(now: try Self.date(now))
        try ShellStage.write("collect.sh", in: directory, body: """
            echo $$ > "\(directory.path)/collect.pid"
            while [ -e "\(directory.path)/hold" ]; do sleep 0.05; done
            cp "$PARAMS" "$OUT/data.json"
            """)
        try ShellStage.write("train.sh", in: directory, body: """
            cat "$INPUT_data/data.json" > "$OUT/model.json"
            echo '{"roc_auc": 0.9}' > "$OUT/metrics.json"
            echo '{"blessed": true, "reasons": []}' > "$OUT/blessing.json"
            """)
    }

    var pipelineFile: String { directory.child("pipeline.yaml") }

    /// Writes `pipeline.yaml` with `schedule`, `timezone` and any extra top-level lines.
    func writePipeline(schedule: String = "0 5 1 * *", timezone: String = "Asia/Seoul", extra: String = "", params: String = "") throws {
        try directory.write("""
            name: demo
            model: demo-model
            schedule: "\(schedule)"
            timezone: \(timezone)
            stages:
              collect: {run: ./collect.sh, params: {as_of: "${as_of}"\(params)}}
              train: {run: ./train.sh, inputs: {data: collect}}
            register: {from: train, promote: production}
            \(extra)
            """, to: "pipeline.yaml")
    }

    func makeService(graceSeconds: Double = 600, drawJitter: @escaping @Sendable (Double) -> Double = { _ in 0 }) throws -> SchedulerService {
        try SchedulerService(
            pipelineFiles: [pipelineFile], store: store, clock: clock,
            configuration: SchedulerConfiguration(graceSeconds: graceSeconds, drawJitter: drawJitter, stageKillGraceSeconds: 1),
            report: events.report
        )
    }

    func hold() throws { try directory.write("", to: "hold") }
    func release() throws { try FileManager.default.removeItem(atPath: directory.child("hold")) }

    /// The pid the current collect wrote, once it has (a run is then in its stage).
    func collectPID(seconds: Double = 600) async throws -> Int32 {
        let limit = Date().addingTimeInterval(seconds)
        while Date() < limit {
            if let text = try? String(contentsOfFile: directory.child("collect.pid"), encoding: .utf8),
               let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) { return pid }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw SchedulerError.other("collect never started")
    }

    func records() throws -> [RunRecord] {
        let runs = try RunStore(store: store)
        return try runs.ids().map(runs.load)
    }

    func state() throws -> SchedulerState? {
        try SchedulerStateStore(store: store).load("demo")
    }

    /// Writes a state file as a scheduler that handled everything through `handledThrough` would have.
    func writeState(handledThrough: String, schedule: String = "0 5 1 * *", timezone: String = "Asia/Seoul") throws {
        let at = try Self.date(handledThrough)
        try SchedulerStateStore(store: store).save(SchedulerState(
            pipeline: "demo", schedule: schedule, timezone: timezone, handledThrough: at, lastFire: at, lastOutcome: "succeeded", updated: at
        ))
    }

    static func date(_ text: String) throws -> Date {
        guard let date = ISO8601DateFormatter().date(from: text) else { throw SchedulerError.badTime(option: "test", text) }
        return date
    }
}
