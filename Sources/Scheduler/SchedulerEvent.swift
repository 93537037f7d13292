public import Foundation
public import Pipeline

/// Something the scheduler did or decided, reported as it happens.
///
/// The library logs nothing above debug: `retrain schedule` turns these into its log lines
/// (the next fire of each pipeline at start and after each run, runs, skips, misses), and tests
/// wait on them instead of on the wall clock.
public enum SchedulerEvent: Sendable {
    /// The pipeline's next fire, and when the scheduler will wake for it (the fire plus jitter).
    case nextFire(pipeline: String, fire: Date, wake: Date, timeZone: TimeZone)
    /// A run started for `fire` (`isCatchUp`: late, within `catch_up.deadline`).
    case started(pipeline: String, fire: Date, isCatchUp: Bool)
    /// A progress line of the running pipeline (one per stage transition).
    case progress(pipeline: String, line: String)
    /// The run for `fire` ended (its record says how).
    case finished(pipeline: String, fire: Date, record: RunRecord)
    /// The coordinator could not run the pipeline at all (store unreadable, …).
    case runError(pipeline: String, fire: Date, reason: String)
    /// A fire came while the scheduler's run of the pipeline was still going: recorded, not run.
    case skipped(pipeline: String, fire: Date, record: RunRecord)
    /// Fires that fell due while the scheduler was down or the machine slept, given up on.
    case missed(pipeline: String, fires: DueFires, record: RunRecord)
    /// The pipeline file was read again; `isScheduleChanged` when its fire times changed.
    case reloaded(pipeline: String, file: String, isScheduleChanged: Bool)
    /// The pipeline file changed but could not be used; the scheduler keeps the version it has.
    case reloadFailed(file: String, reason: String)
    /// Shutting down: waiting for the run of `fire` to finish, at most until `deadline`.
    case waitingForRun(pipeline: String, fire: Date, deadline: Date)
    /// The grace period is over: the run of `fire` is being stopped.
    case stoppingRun(pipeline: String, fire: Date)
    /// The state file could not be written; the scheduler carries on with what it has in memory.
    case stateNotSaved(pipeline: String, reason: String)
    /// The pipeline's loop has ended (shutdown).
    case stopped(pipeline: String)
}
