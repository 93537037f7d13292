import ArgumentParser
import Artifacts
import Foundation
import Logging
import Pipeline
import Scheduler
import ServiceLifecycle
import UnixSignals

/// `retrain schedule`: the long-running scheduler (compose's `scheduler` service).
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Run pipelines on their schedules until stopped (SIGTERM or SIGINT).",
        discussion: """
            Each pipeline runs at the fire times of its `schedule` in its `timezone`, with --as-of the fire time. \
            Missed fires follow `catch_up`; a fire during a running run is recorded as skipped. The last fire handled \
            is kept in <store>/scheduler/<pipeline>.json. SIGHUP, or a change to a pipeline file, reloads it. \
            SIGTERM lets a running pipeline finish for up to --grace, then stops it; the exit status is 0.
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var pipelines: PipelineFilesOptions
    @Option(help: "On SIGTERM/SIGINT, how long a running pipeline may go on before it is stopped (e.g. 30s, 10m).")
    var grace = "10m"
    @Option(help: "How often the pipeline files are checked for changes (e.g. 5s; 0s: only on SIGHUP).")
    var watchInterval = "5s"
    @Option(help: "process, docker or compose (overrides each pipeline's runner).") var runner: String?
    @OptionGroup var log: LogOptions

    func validate() throws {
        guard HumanDuration.seconds(grace) != nil else { throw ValidationError("--grace '\(grace)' is not a duration such as 30s or 10m") }
        guard HumanDuration.seconds(watchInterval) != nil else { throw ValidationError("--watch-interval '\(watchInterval)' is not a duration such as 5s") }
    }

    func run() async throws {
        // SIGHUP's default action ends the process: ignore it until the reload service traps it
        // (stages inherit the ignored SIGHUP, as under nohup; they are stopped with SIGTERM).
        signal(SIGHUP, SIG_IGN)
        let logger = log.makeLogger(label: "retrain.schedule")
        let graceSeconds = HumanDuration.seconds(grace) ?? 600
        let watchSeconds = HumanDuration.seconds(watchInterval) ?? 5
        let blobStore = try store.openStore()
        let scheduler = try SchedulerService(
            pipelineFiles: pipelines.files, store: blobStore,
            configuration: SchedulerConfiguration(graceSeconds: graceSeconds, runner: try RunCommand.runnerKind(runner)),
            logger: logger, report: { event in
                event.log(to: logger)
                // `report: {path}` in pipeline.yaml: rewritten after every run, as `retrain run` does.
                if case let .finished(_, _, record) = event, let spec = try? PipelineSpec.load(file: record.pipelineFile) {
                    try? RunCommand.writeReportIfConfigured(spec: spec, store: blobStore)
                }
            }
        )
        let reload = ReloadService(scheduler: scheduler, pollInterval: watchSeconds > 0 ? .milliseconds(Int64(watchSeconds * 1000)) : nil)
        logger.info("scheduling \(scheduler.pipelines.map(\.name).joined(separator: ", ")) with store \(store.storeRoot); SIGHUP reloads, SIGTERM stops (grace \(grace))")
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [
                .init(service: scheduler, serviceName: "scheduler"),
                .init(service: reload, serviceName: "reload"),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        ))
        try await group.run()
        logger.info("stopped")
    }
}
