public import Artifacts
public import Foundation
public import Pipeline
import Scheduling

/// `retrain backfill`: runs a pipeline once for every fire time in `[from, to)`, in order, with
/// `as_of` set to each — the months a pipeline missed, trained as they would have been.
///
/// Runs go one after another and the backfill **stops at the first failed run**: later fires
/// would train on top of a gap (their evaluation compares against a champion the failed month
/// should have produced), so the operator fixes it, `retrain resume`s the failed run, and
/// backfills from the next fire. A rejected candidate, an up-to-date run and a skipped one
/// (no data in the window) are outcomes, not failures: the backfill goes on.
public struct Backfill: Sendable {
    public let pipeline: ScheduledPipeline
    /// More fire times than this in one range is a mistake (`* * * * *` over a year).
    public static let fireLimit = 1000

    /// One run of the backfill.
    public struct Step: Sendable {
        public var fire: Date
        public var record: RunRecord
    }

    public init(pipeline: ScheduledPipeline) {
        self.pipeline = pipeline
    }

    /// The fire times in `[from, to)`, in order.
    public func fireTimes(from: Date, to: Date, limit: Int = Backfill.fireLimit) throws -> [Date] {
        guard from < to else { throw SchedulerError.emptyRange(from: pipeline.format(from), to: pipeline.format(to)) }
        var fires: [Date] = []
        // Fire times are whole seconds; starting a second early includes a fire at `from` itself.
        for fire in pipeline.expression.fireTimes(after: from.addingTimeInterval(-1), in: pipeline.timeZone) {
            guard fire < to else { break }
            guard fire >= from else { continue }
            guard fires.count < limit else { throw SchedulerError.tooManyFires(count: limit + 1, limit: limit) }
            fires.append(fire)
        }
        return fires
    }

    /// Runs every fire in `fires` through the coordinator with `request` (its `asOf` set to each
    /// fire), calling `onStep` after each run; stops after a failed run or when cancelled.
    public func run(_ fires: [Date], store: BlobStore, request: RunRequest, onStep: (Step) -> Void = { _ in }) async throws -> [Step] {
        let coordinator = Coordinator(spec: pipeline.spec, store: store)
        var steps: [Step] = []
        for fire in fires {
            if Task.isCancelled { break }
            var request = request
            request.asOf = pipeline.format(fire)
            let step = Step(fire: fire, record: try await coordinator.run(request))
            steps.append(step)
            onStep(step)
            if step.record.status == .failed { break }
        }
        return steps
    }
}
