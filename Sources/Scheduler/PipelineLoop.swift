import Artifacts
import Foundation
import Logging
import Pipeline
import Scheduling
import ServiceLifecycle

/// One pipeline's life under the scheduler: wait for the next fire, decide about the fires
/// that are due (`FireDecision`), run through the coordinator, record skips and misses, keep
/// the state file current, take reloads, and stop gracefully.
///
/// The fire clock ticks independently of runs: a run goes on in a child task while the loop
/// keeps waiting, so a fire that comes during the run is seen at its time and recorded as
/// skipped (never queued). All waiting goes through the injected clock.
struct PipelineLoop {
    enum Message: Sendable {
        case reload(ScheduledPipeline)
        case shutdown
        case runFinished(fire: Date, result: Result<RunRecord, any Error>)
    }

    private(set) var pipeline: ScheduledPipeline
    let inbox: Inbox<Message>
    let store: BlobStore
    let runs: RunStore
    let states: SchedulerStateStore
    let clock: any SchedulerClock
    let configuration: SchedulerConfiguration
    let logger: Logger
    let report: @Sendable (SchedulerEvent) -> Void

    private var state: SchedulerState
    /// The fire the loop waits for, and when it wakes for it (the fire plus jitter).
    private var planned: (fire: Date, wake: Date)?
    /// The fire whose run is in progress.
    private var running: Date?
    private var isShuttingDown = false
    private var graceDeadline: Date?

    init(pipeline: ScheduledPipeline, state: SchedulerState?, inbox: Inbox<Message>, store: BlobStore, runs: RunStore,
         clock: any SchedulerClock, configuration: SchedulerConfiguration, logger: Logger,
         report: @escaping @Sendable (SchedulerEvent) -> Void) {
        self.pipeline = pipeline
        self.inbox = inbox
        self.store = store
        self.runs = runs
        self.states = SchedulerStateStore(store: store)
        self.clock = clock
        self.configuration = configuration
        self.logger = logger
        self.report = report
        // First start with this store: fires before now are not the scheduler's to catch up.
        self.state = state ?? SchedulerState(
            pipeline: pipeline.name, schedule: pipeline.expression.source, timezone: pipeline.timeZoneName,
            handledThrough: clock.now(), updated: clock.now()
        )
        self.isNew = state == nil
    }

    private let isNew: Bool

    mutating func run() async {
        // Stopped before it began: no catch-up run that would only be waited for and stopped.
        guard !Task.isShuttingDownGracefully else { return report(.stopped(pipeline: pipeline.name)) }
        if isNew { save() }
        await withTaskGroup(of: Void.self) { group in
            handleDueFires(&group)
            loop: while true {
                if !isShuttingDown, planned == nil { plan() }
                switch await inbox.next(orUntil: isShuttingDown ? graceDeadline : planned?.wake, clock: clock) {
                case .cancelled:
                    break loop
                case .deadline:
                    if isShuttingDown {
                        if let running { report(.stoppingRun(pipeline: pipeline.name, fire: running)) }
                        break loop
                    }
                    handleDueFires(&group)
                case let .message(.runFinished(fire, result)):
                    finish(fire, result)
                    if isShuttingDown { break loop }
                    if let planned { reportNextFire(planned) }
                case let .message(.reload(new)):
                    apply(new, &group)
                case .message(.shutdown):
                    isShuttingDown = true
                    guard let running else { break loop }
                    let deadline = clock.now().addingTimeInterval(configuration.graceSeconds)
                    graceDeadline = deadline
                    report(.waitingForRun(pipeline: pipeline.name, fire: running, deadline: deadline))
                }
            }
            // Stops a run still going (grace over, or the task was cancelled): the coordinator
            // stops the stage's process group and records the run as failed, "interrupted".
            group.cancelAll()
            while await group.next() != nil {}
            while let message = inbox.poll() {
                if case let .runFinished(fire, result) = message { finish(fire, result) }
            }
        }
        report(.stopped(pipeline: pipeline.name))
    }

    // MARK: Deciding

    /// Plans the wait for the next fire after everything handled so far.
    private mutating func plan() {
        guard let fire = pipeline.nextFire(after: state.handledThrough) else {
            logger.debug("no further fire time", metadata: ["pipeline": "\(pipeline.name)"])
            return
        }
        let jitter = pipeline.spec.jitterSeconds.map { $0 > 0 ? configuration.drawJitter($0) : 0 } ?? 0
        let next = (fire: fire, wake: fire.addingTimeInterval(jitter))
        planned = next
        reportNextFire(next)
    }

    private func reportNextFire(_ next: (fire: Date, wake: Date)) {
        report(.nextFire(pipeline: pipeline.name, fire: next.fire, wake: next.wake, timeZone: pipeline.timeZone))
    }

    /// Deals with every fire due by now: runs the latest, skips it, or records misses.
    private mutating func handleDueFires(_ group: inout TaskGroup<Void>) {
        let now = clock.now()
        guard let due = DueFires.of(pipeline, after: state.handledThrough, through: now) else { return }
        let plannedWake = planned.flatMap { $0.fire == due.last ? $0.wake : nil }
        let decision = FireDecision.decide(
            due: due, now: now, plannedWake: plannedWake, catchUpDeadline: pipeline.spec.catchUpDeadlineSeconds,
            onTimeTolerance: configuration.onTimeToleranceSeconds, runningFire: running
        )
        logger.debug("fires due", metadata: ["pipeline": "\(pipeline.name)", "decision": "\(decision)"])
        state.lastFire = due.last
        state.lastRun = nil
        // Sets `lastRun` to the missed record: right when nothing else happens to the last fire.
        if let missed = decision.missed { recordMissed(missed, now: now) }
        switch decision.action {
        case let .run(fire, isCatchUp):
            start(fire, isCatchUp: isCatchUp, &group)
            state.lastOutcome = "started"
            state.lastRun = nil
        case let .skip(fire, runningFire):
            state.lastOutcome = recordSkipped(fire, runningFire: runningFire, now: now)
        case .none:
            state.lastOutcome = "missed"
        }
        state.handledThrough = due.last
        state.updated = now
        save()
        if let planned, planned.fire <= due.last { self.planned = nil }
    }

    // MARK: Doing

    private mutating func start(_ fire: Date, isCatchUp: Bool, _ group: inout TaskGroup<Void>) {
        running = fire
        let name = pipeline.name
        let report = self.report
        let request = RunRequest(
            asOf: pipeline.format(fire), runner: configuration.runner, waitForLock: false, environment: configuration.environment,
            killGraceSeconds: configuration.stageKillGraceSeconds, progress: { line in report(.progress(pipeline: name, line: line)) }
        )
        let coordinator = Coordinator(spec: pipeline.spec, store: store)
        let inbox = self.inbox
        report(.started(pipeline: name, fire: fire, isCatchUp: isCatchUp))
        group.addTask {
            let result: Result<RunRecord, any Error>
            do {
                result = .success(try await coordinator.run(request))
            } catch {
                result = .failure(error)
            }
            inbox.post(.runFinished(fire: fire, result: result))
        }
    }

    private mutating func finish(_ fire: Date, _ result: Result<RunRecord, any Error>) {
        if running == fire { running = nil }
        let outcome: String
        switch result {
        case let .success(record):
            report(.finished(pipeline: pipeline.name, fire: fire, record: record))
            outcome = record.status.rawValue
            if state.lastFire == fire { state.lastRun = record.id }
        case let .failure(error):
            report(.runError(pipeline: pipeline.name, fire: fire, reason: "\(error)"))
            outcome = "error"
        }
        guard state.lastFire == fire else { return }
        state.lastOutcome = outcome
        state.updated = clock.now()
        save()
    }

    /// A fire that came while the scheduler's own run was going: a skipped run record.
    private mutating func recordSkipped(_ fire: Date, runningFire: Date, now: Date) -> String {
        let reason = "the scheduler's run of \(pipeline.name) for \(pipeline.format(runningFire)) is still running; "
            + "the fire at \(pipeline.format(fire)) is skipped, not queued"
        do {
            let record = try runs.recordSkipped(spec: pipeline.spec, asOf: pipeline.format(fire), reason: reason)
            state.lastRun = record.id
            report(.skipped(pipeline: pipeline.name, fire: fire, record: record))
        } catch {
            report(.stateNotSaved(pipeline: pipeline.name, reason: "cannot record the skipped fire: \(error)"))
        }
        return "skipped"
    }

    /// Fires given up on: one skipped run record, reason "missed: …", whatever their number.
    private mutating func recordMissed(_ missed: DueFires, now: Date) {
        let deadline = pipeline.spec.catchUpDeadlineSeconds.map { "catch_up deadline \(Self.duration($0))" } ?? "no catch_up deadline"
        let reason = "missed: \(missed.summary(in: pipeline)) fell due while the scheduler was not running or the machine slept "
            + "(\(deadline)); not run"
        do {
            let record = try runs.recordSkipped(spec: pipeline.spec, asOf: pipeline.format(missed.last), reason: reason)
            state.lastRun = record.id
            report(.missed(pipeline: pipeline.name, fires: missed, record: record))
        } catch {
            report(.stateNotSaved(pipeline: pipeline.name, reason: "cannot record the missed fires: \(error)"))
        }
    }

    /// Takes a changed pipeline file without losing the pipeline's place: fires handled stay
    /// handled; with a new schedule, fires of it before now are not owed (it was not in force).
    private mutating func apply(_ new: ScheduledPipeline, _ group: inout TaskGroup<Void>) {
        guard new.name == pipeline.name else {
            report(.reloadFailed(file: new.spec.file, reason: "the pipeline's name changed from '\(pipeline.name)' to '\(new.name)'; restart the scheduler to rename a pipeline"))
            return
        }
        let now = clock.now()
        // Settle what the old schedule owes first, so a reload racing a fire does not lose it.
        if let planned, planned.wake <= now { handleDueFires(&group) }
        let isScheduleChanged = !new.hasSameSchedule(as: pipeline)
        let isJitterChanged = new.spec.jitterSeconds != pipeline.spec.jitterSeconds
        pipeline = new
        if isScheduleChanged {
            state.handledThrough = max(state.handledThrough, now)
            state.schedule = new.expression.source
            state.timezone = new.timeZoneName
            state.updated = now
            save()
        }
        report(.reloaded(pipeline: new.name, file: new.spec.file, isScheduleChanged: isScheduleChanged))
        if isScheduleChanged || isJitterChanged {
            planned = nil
        } else if let planned, !isShuttingDown {
            reportNextFire(planned)
        }
    }

    private func save() {
        do {
            try states.save(state)
        } catch {
            report(.stateNotSaved(pipeline: pipeline.name, reason: "\(states.path(of: pipeline.name)): \(error)"))
        }
    }

    static func duration(_ seconds: Double) -> String {
        for (unit, size) in [("w", 604_800.0), ("d", 86_400), ("h", 3600), ("m", 60)] where seconds >= size && seconds.truncatingRemainder(dividingBy: size) == 0 {
            return "\(Int(seconds / size))\(unit)"
        }
        return seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
    }
}
