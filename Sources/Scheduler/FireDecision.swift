public import Foundation

/// What the scheduler does about the fires of one pipeline that are due: decided as a value,
/// without clocks, files or processes, so every rule is unit tested on its own.
///
/// The rules:
/// - Only the **latest** due fire can run. Older ones are given up as missed: a scheduler
///   that was down for a week never runs a burst of old fires.
/// - The latest fire runs when it is handled on time — within `onTimeTolerance` of the moment
///   the scheduler meant to wake for it (the fire plus its jitter) — or, with
///   `catch_up: {deadline: …}`, within the deadline of the fire. Otherwise it is missed too.
/// - A fire that would run while the scheduler's own run of the pipeline is still going is
///   skipped, never queued: the pipeline never runs twice at once from one scheduler.
public struct FireDecision: Sendable, Equatable {
    /// What becomes of the latest due fire.
    public enum Action: Sendable, Equatable {
        /// Run the pipeline with `as_of` = the fire; `isCatchUp` when it is late but within the deadline.
        case run(Date, isCatchUp: Bool)
        /// Record the fire as skipped: the run for `runningFire` is still going.
        case skip(Date, runningFire: Date)
        /// Nothing runs (the latest fire is part of `missed`).
        case none
    }

    /// Fires given up on; recorded as one skipped run record with reason "missed …".
    public var missed: DueFires?
    public var action: Action

    public init(missed: DueFires?, action: Action) {
        self.missed = missed
        self.action = action
    }

    /// Decides about `due` at `now`.
    /// - Parameters:
    ///   - plannedWake: when the scheduler meant to wake for `due.last` (fire + jitter), if it
    ///     was waiting for that fire; lateness is measured from it.
    ///   - catchUpDeadline: the pipeline's `catch_up.deadline` in seconds, if set.
    ///   - onTimeTolerance: how late a wake may be and still count as on time.
    ///   - runningFire: the fire whose run is in progress, if any.
    public static func decide(
        due: DueFires, now: Date, plannedWake: Date?, catchUpDeadline: Double?, onTimeTolerance: Double, runningFire: Date?
    ) -> FireDecision {
        let lateness = now.timeIntervalSince(plannedWake ?? due.last)
        let isOnTime = lateness <= onTimeTolerance
        let isWithinDeadline = catchUpDeadline.map { now.timeIntervalSince(due.last) <= $0 } ?? false
        guard isOnTime || isWithinDeadline else {
            return FireDecision(missed: due, action: .none)
        }
        if let runningFire {
            return FireDecision(missed: due.allButLast, action: .skip(due.last, runningFire: runningFire))
        }
        return FireDecision(missed: due.allButLast, action: .run(due.last, isCatchUp: !isOnTime))
    }
}
