public import Artifacts
import Foundation
public import Logging
import Pipeline
public import ServiceLifecycle

/// `retrain schedule`: runs each pipeline at its fire times through the coordinator, as a
/// swift-service-lifecycle `Service`.
///
/// For each pipeline it sleeps until the next fire in the pipeline's `timezone` (plus its
/// `jitter`), runs it with `as_of` = the fire, and remembers the fire in a state file
/// (`SchedulerState`), so a restart picks up where it stopped. Fires that fell due while it
/// was down follow `catch_up` (`FireDecision`). A fire during the scheduler's own run of the
/// pipeline is recorded as skipped, never queued; a run started elsewhere holds the pipeline's
/// lock, and the coordinator records the fire as skipped naming that run.
///
/// On graceful shutdown (SIGTERM/SIGINT in a `ServiceGroup`) it stops waiting, lets a running
/// pipeline finish for up to `graceSeconds`, then cancels it — the coordinator stops the stage
/// and records the run as failed, "interrupted" — and returns.
public struct SchedulerService: Service {
    /// The pipeline files, as given (reload reads them again).
    public let files: [String]
    /// The pipelines as first loaded.
    public let pipelines: [ScheduledPipeline]
    private let states: [SchedulerState?]
    private let inboxes: [Inbox<PipelineLoop.Message>]
    private let store: BlobStore
    private let runs: RunStore
    private let clock: any SchedulerClock
    private let configuration: SchedulerConfiguration
    private let logger: Logger
    private let report: @Sendable (SchedulerEvent) -> Void

    /// Loads and checks every pipeline file and its state before anything runs, so a bad file
    /// stops the scheduler at once with a message naming it.
    public init(
        pipelineFiles: [String], store: BlobStore, clock: any SchedulerClock = WallClock(),
        configuration: SchedulerConfiguration = SchedulerConfiguration(), logger: Logger = Logger(label: "retrain.scheduler"),
        report: @escaping @Sendable (SchedulerEvent) -> Void = { _ in }
    ) throws {
        guard !pipelineFiles.isEmpty else { throw SchedulerError.other("no pipeline to schedule") }
        let pipelines = try pipelineFiles.map(ScheduledPipeline.load(file:))
        for (name, group) in Dictionary(grouping: pipelines, by: \.name) where group.count > 1 {
            throw SchedulerError.duplicateName(name, files: group.map(\.spec.file))
        }
        let stateStore = SchedulerStateStore(store: store)
        states = try pipelines.map { try stateStore.load($0.name) }
        files = pipelineFiles
        self.pipelines = pipelines
        inboxes = pipelines.map { _ in Inbox() }
        self.store = store
        runs = try RunStore(store: store)
        self.clock = clock
        self.configuration = configuration
        self.logger = logger
        self.report = report
    }

    /// Runs until graceful shutdown or cancellation. A service value runs once: make a new one
    /// to start again (it reads the state files afresh).
    public func run() async throws {
        let inboxes = self.inboxes
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                for index in pipelines.indices {
                    let (pipeline, state, inbox) = (pipelines[index], states[index], inboxes[index])
                    group.addTask { [store, runs, clock, configuration, logger, report] in
                        var loop = PipelineLoop(
                            pipeline: pipeline, state: state, inbox: inbox, store: store, runs: runs, clock: clock,
                            configuration: configuration, logger: logger, report: report
                        )
                        await loop.run()
                    }
                }
            }
        } onGracefulShutdown: {
            for inbox in inboxes { inbox.post(.shutdown) }
        }
    }

    /// Reads pipeline files again (all of them, or those in `only`) and hands each pipeline its
    /// new version. A file that no longer loads is reported and the pipeline keeps its old one.
    public func reload(only: [String]? = nil) {
        for (index, file) in files.enumerated() where only?.contains(file) ?? true {
            do {
                inboxes[index].post(.reload(try ScheduledPipeline.load(file: file)))
            } catch {
                report(.reloadFailed(file: file, reason: "\(error)"))
            }
        }
    }
}
