import ArgumentParser
import Artifacts
import Foundation
import Pipeline
import Reporting

/// `retrain run`: the command cron calls. Exit 0 succeeded or up to date, 1 failed,
/// 2 rejected by the evaluation gate, 3 skipped (lock held, or no data in the window).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline: collect, preprocess, train, evaluate, build, register.",
        discussion: "Exit status: 0 succeeded or up to date, 1 failed, 2 rejected by the evaluation gate, 3 skipped (another run holds the lock, or no data)."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var pipeline: PipelineOptions
    @Option(help: "End of the data window, ISO 8601 (default: now).") var asOf: String?
    @Option(help: "process, docker or compose (overrides the pipeline's runner).") var runner: String?
    @Flag(help: "Wait for a running run of this pipeline instead of exiting 3.") var wait = false
    @Flag(help: "Print the run record as JSON on stdout.") var json = false

    func run() async throws {
        let spec = try pipeline.load()
        let request = RunRequest(asOf: asOf, runner: try Self.runnerKind(runner), waitForLock: wait, heartbeat: true, progress: ProgressLines.printer())
        try await RunCommand.execute(spec: spec, store: store.openStore(), request: request, json: json)
    }

    /// Runs with SIGTERM/SIGINT turned into cancellation; exits with the run's status code.
    static func execute(spec: PipelineSpec, store: BlobStore, request: RunRequest, json: Bool) async throws {
        let coordinator = Coordinator(spec: spec, store: store)
        let task = Task { try await coordinator.run(request) }
        let interruption = RunInterruption(cancelling: task)
        let record = try await task.value
        withExtendedLifetime(interruption) {}
        try writeReportIfConfigured(spec: spec, store: store)
        if json { try printJSON(record) }
        if record.status.exitCode != 0 { throw ExitCode(record.status.exitCode) }
    }
}

extension RunCommand {
    /// `report: {path: …}` in pipeline.yaml: rewrite the report after every run, so cron keeps
    /// it current. A report that cannot be written is a warning, never the run's failure.
    static func writeReportIfConfigured(spec: PipelineSpec, store: BlobStore) throws {
        guard let path = spec.reportPath else { return }
        let target = path.hasPrefix("/") ? path : spec.directory + "/" + path
        do {
            try HTMLReport(data: ReportData.load(store: store, pipelines: [spec.name])).write(to: target)
        } catch {
            printError("warning: could not write the report to \(target): \(error)")
        }
    }

    static func runnerKind(_ text: String?) throws -> PipelineSpec.RunnerKind? {
        guard let text else { return nil }
        guard let kind = PipelineSpec.RunnerKind(rawValue: text) else { throw ValidationError("--runner must be process, docker or compose, not '\(text)'") }
        return kind
    }
}
