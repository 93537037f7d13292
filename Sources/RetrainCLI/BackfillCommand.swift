import ArgumentParser
import Artifacts
import Foundation
import Pipeline
import Scheduler
import Scheduling

/// `retrain backfill`: runs a pipeline once per fire time in a range, oldest first.
struct BackfillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Run a pipeline once for every fire time of its schedule in [--from, --to), in order, with --as-of each.",
        discussion: """
            Prints a line per run on stdout (fire time, status, run id). Stops at the first failed run and exits 1: \
            fix the cause, `retrain resume RUN`, then backfill from the next fire time. A rejected candidate, an \
            up-to-date run or one with no data is not a failure. Waits for a run of the pipeline that holds its lock. \
            Times without an offset are read in the pipeline's time zone.
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var pipeline: PipelineOptions
    @Option(help: ArgumentHelp("The first instant of the range (ISO 8601; included).", valueName: "ISO8601")) var from: String
    @Option(help: ArgumentHelp("The end of the range (ISO 8601; excluded).", valueName: "ISO8601")) var to: String
    @Option(help: "process, docker or compose (overrides the pipeline's runner).") var runner: String?
    @Flag(help: "Only print the fire times that would run.") var dryRun = false

    func run() async throws {
        let scheduled = try ScheduledPipeline(spec: pipeline.load())
        guard let start = ISO8601Timestamp.date(from: from, in: scheduled.timeZone) else { throw SchedulerError.badTime(option: "--from", from) }
        guard let end = ISO8601Timestamp.date(from: to, in: scheduled.timeZone) else { throw SchedulerError.badTime(option: "--to", to) }
        let backfill = Backfill(pipeline: scheduled)
        let fires = try backfill.fireTimes(from: start, to: end)
        guard !fires.isEmpty else {
            return printError("no fire time of '\(scheduled.expression.source)' (\(scheduled.timeZoneName)) in [\(scheduled.format(start)), \(scheduled.format(end)))")
        }
        if dryRun { return fires.forEach { print(scheduled.format($0)) } }

        let request = RunRequest(runner: try RunCommand.runnerKind(runner), waitForLock: true, heartbeat: true, progress: ProgressLines.printer())
        let blobStore = try store.openStore()
        let task = Task {
            try await backfill.run(fires, store: blobStore, request: request) { step in
                // Unbuffered, so a line shows as soon as its run ends even when stdout is a pipe.
                FileHandle.standardOutput.write(Data((Self.line(step, in: scheduled) + "\n").utf8))
            }
        }
        let interruption = RunInterruption(cancelling: task)
        let steps = try await task.value
        withExtendedLifetime(interruption) {}
        // `report: {path}`: once for the whole backfill, not after every month.
        try RunCommand.writeReportIfConfigured(spec: scheduled.spec, store: blobStore)

        let counts = Dictionary(grouping: steps, by: \.record.status).mapValues(\.count)
        let summary = RunStatus.allCases.compactMap { status in counts[status].map { "\($0) \(status.rawValue.replacingOccurrences(of: "_", with: " "))" } }
        printError("backfill: \(steps.count) of \(fires.count) fire times run (\(summary.joined(separator: ", ")))")
        guard steps.count < fires.count || steps.last?.record.status == .failed else { return }
        if let failed = steps.last, failed.record.status == .failed {
            printError("stopped at \(scheduled.format(failed.fire)): run \(failed.record.id) failed\(failed.record.reason.map { ": \($0)" } ?? "")")
        } else {
            printError("interrupted")
        }
        if steps.count < fires.count {
            let next = fires[steps.count]
            printError("not run: \(fires.count - steps.count) fire times from \(scheduled.format(next)); after a fix: retrain resume RUN, then retrain backfill --from \(scheduled.format(next)) --to \(to)")
        }
        throw ExitCode(1)
    }

    static func line(_ step: Backfill.Step, in pipeline: ScheduledPipeline) -> String {
        let record = step.record
        var text = "\(pipeline.format(step.fire))  \(record.status.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0))  \(record.id)"
        if let version = record.version { text += "  \(record.model) version \(version)\(record.promoted.map { " -> \($0)" } ?? "")" }
        if record.status != .succeeded, record.status != .upToDate, let reason = record.reason { text += "  \(reason)" }
        return text
    }
}
