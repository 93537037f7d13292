public import Artifacts
import Foundation
import Registry

/// Runs a pipeline: the batch training pattern's stages in dependency order, each from the
/// cache when its key matches, with retries and timeouts, recording every transition, then
/// registering (and promoting) a blessed candidate.
///
/// The decisions come from `RunStateMachine`; this type only performs them.
public struct Coordinator: Sendable {
    public let spec: PipelineSpec
    public let store: BlobStore

    public init(spec: PipelineSpec, store: BlobStore) {
        self.spec = spec
        self.store = store
    }

    /// Runs (or resumes) the pipeline and returns the final run record; the record's
    /// `status.exitCode` is what `retrain run` exits with.
    public func run(_ request: RunRequest) async throws -> RunRecord {
        let runs = try RunStore(store: store)
        let registry = try Registry(store: store)
        let runID = RunStore.makeRunID()
        var previous: RunRecord?
        if let resume = request.resume { previous = try runs.load(resume) }
        let asOf = try previous?.asOf ?? AsOf.normalize(request.asOf)
        var record = RunRecord(
            id: runID, pipeline: spec.name, pipelineFile: spec.directory + "/" + (spec.file as NSString).lastPathComponent, model: spec.model, asOf: asOf,
            runner: request.runner ?? spec.runner, status: .running, reason: nil, failedStage: nil, started: Date(), finished: nil,
            host: ProcessInfo.processInfo.hostName, pid: getpid(), resumedFrom: previous?.id,
            stages: spec.stageOrder.map(StageRecord.init(name:)), version: nil, promoted: nil, notifications: []
        )

        let lock: PipelineLock
        switch try PipelineLock.acquire(store: store, pipeline: spec.name, policy: spec.concurrency, wait: request.waitForLock, runID: runID) {
        case let .acquired(acquired):
            lock = acquired
        case let .held(holder):
            record.status = .skipped
            record.reason = "pipeline \(spec.name) is already running: \(holder)"
            record.finished = Date()
            for index in record.stages.indices { record.stages[index].status = .skipped }
            try runs.save(record)
            request.progress("skipped: \(record.reason ?? "")")
            return record
        }
        defer { withExtendedLifetime(lock) {} }

        if var previous, request.resume != nil {
            guard previous.status == .failed || previous.status == .running else {
                throw PipelineError.notResumable(previous.id, status: previous.status == .upToDate ? "was up to date" : previous.status.rawValue)
            }
            if previous.status == .running {
                // We hold the pipeline's lock, so the coordinator that wrote this record is gone.
                previous.status = .failed
                previous.reason = "the coordinator stopped before the run finished (killed?)"
                previous.finished = Date()
                try runs.save(previous)
            }
        }

        let work = try WorkDirectory(store: store, runID: runID)
        defer { work.remove() }
        var driver = RunDriver(
            spec: spec, store: store, registry: registry, runs: runs, request: request, record: record, work: work,
            runner: try makeRunner(request.runner ?? spec.runner)
        )
        return try await driver.drive(reusing: previous)
    }

    private func makeRunner(_ kind: PipelineSpec.RunnerKind) throws -> any StageRunner {
        switch kind {
        case .process:
            return ProcessStageRunner(resolver: ExecutableResolver(store: store))
        case .docker, .compose:
            return ContainerStageRunner(kind: kind, spec: spec, store: store)
        }
    }
}
