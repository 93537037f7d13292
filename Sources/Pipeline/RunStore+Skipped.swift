public import Foundation

extension RunStore {
    /// Records a run that never started: status `skipped`, every stage skipped, and why.
    ///
    /// The scheduler writes these for fires it did not run (a fire that came while its own run
    /// of the pipeline was still going, or fires missed while it was down), so `retrain runs
    /// list` shows every fire, run or not, in one place.
    @discardableResult
    public func recordSkipped(spec: PipelineSpec, asOf: String, reason: String, now: Date = Date()) throws -> RunRecord {
        var stages = spec.stageOrder.map(StageRecord.init(name:))
        for index in stages.indices { stages[index].status = .skipped }
        let record = RunRecord(
            id: RunStore.makeRunID(now: now), pipeline: spec.name,
            pipelineFile: spec.directory + "/" + (spec.file as NSString).lastPathComponent, model: spec.model,
            asOf: try AsOf.normalize(asOf), runner: spec.runner, status: .skipped, reason: reason, failedStage: nil,
            started: now, finished: now, host: ProcessInfo.processInfo.hostName, pid: getpid(), resumedFrom: nil,
            stages: stages, version: nil, promoted: nil, notifications: []
        )
        try save(record)
        return record
    }
}
