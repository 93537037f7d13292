import ArgumentParser
import Artifacts
import Foundation
import Pipeline

/// `retrain runs list|show`: what ran, when, and how it ended.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List runs, or show one run's stages, attempts and log tails.",
        subcommands: [RunsListCommand.self, RunsShowCommand.self]
    )
}

struct RunsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List runs, oldest first.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Only runs of this pipeline.") var pipeline: String?
    @Flag(help: "Print JSON for scripts.") var json = false

    func run() async throws {
        let runs = try RunStore(store: store.openStore())
        let records = try runs.ids().compactMap { try? runs.load($0) }.filter { pipeline == nil || $0.pipeline == pipeline }
        if json { return try printJSON(records) }
        if records.isEmpty { return print("no runs yet") }
        print(formatTable([["RUN", "PIPELINE", "STATUS", "AS OF", "TOOK", "VERSION", "REASON"]] + records.map { record in
            [record.id, record.pipeline, record.status.rawValue, record.asOf,
             record.finished.map { String(format: "%.1fs", $0.timeIntervalSince(record.started)) } ?? "-",
             record.version.map(String.init) ?? "-", record.reason ?? ""]
        }))
    }
}

struct RunsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one run: every stage, attempt, exit status and log tail.")

    @OptionGroup var store: StoreOptions
    @Argument(help: "The run id.") var runID: String
    @Flag(help: "Print the run record as JSON.") var json = false

    func run() async throws {
        let record = try RunStore(store: store.openStore()).load(runID)
        if json { return try printJSON(record) }
        print("run       \(record.id)\(record.resumedFrom.map { " (resumes \($0))" } ?? "")")
        print("pipeline  \(record.pipeline) (\(record.pipelineFile))")
        print("status    \(record.status.rawValue)\(record.reason.map { ": \($0)" } ?? "")")
        print("as of     \(record.asOf)")
        if let version = record.version { print("version   \(record.model) \(version)\(record.promoted.map { " -> \($0)" } ?? "")") }
        for stage in record.stages {
            var took = ""
            if let started = stage.started, let finished = stage.finished { took = String(format: "%.1fs", finished.timeIntervalSince(started)) }
            print("\n\(stage.name): \(stage.status.rawValue) \(took)\(stage.note.map { "  (\($0))" } ?? "")")
            if let output = stage.output { print("  output  \(output)") }
            for attempt in stage.attempts {
                let end = attempt.timedOut ? "timed out" : attempt.signal.map { "signal \($0)" } ?? attempt.exitStatus.map { "exit \($0)" } ?? "running"
                print("  attempt \(attempt.number): \(end)\(attempt.log.map { "  log \($0.short)…" } ?? "")")
                for line in attempt.logTail.suffix(attempt.exitStatus == 0 ? 0 : 20) { print("    | \(line)") }
            }
        }
        for notification in record.notifications { print("\nnotified  \(notification.kind): \(notification.succeeded ? "ok" : "failed") (\(notification.detail))") }
    }
}

/// `retrain logs RUN_ID STAGE`: a stage's whole log (stdout and stderr), from the store.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Print a stage's log from a run (the last attempt unless --attempt).")

    @OptionGroup var store: StoreOptions
    @Argument(help: "The run id.") var runID: String
    @Argument(help: "The stage.") var stage: String
    @Option(help: "Which attempt (1, 2, …).") var attempt: Int?

    func run() async throws {
        let store = try self.store.openStore()
        let record = try RunStore(store: store).load(runID)
        guard let stageRecord = record.stage(stage) else {
            throw ValidationError("run \(runID) has no stage '\(stage)' (stages: \(record.stages.map(\.name).joined(separator: ", ")))")
        }
        let chosen = attempt.flatMap { number in stageRecord.attempts.first { $0.number == number } } ?? stageRecord.attempts.last
        guard let log = chosen?.log else {
            throw ValidationError("stage '\(stage)' of run \(runID) has no log (\(stageRecord.status.rawValue)\(stageRecord.note.map { ": \($0)" } ?? ""))")
        }
        try store.copy(log, toDescriptor: 1)
    }
}
