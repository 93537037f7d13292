public import Foundation

/// The scheduler's view of time: what time it is, and a way to wait for a moment.
///
/// Fire times are instants on the wall clock (a cron expression names wall-clock times), so
/// the clock speaks `Date`. The scheduler reads time only through this protocol, which lets
/// tests drive it with a clock they advance by hand: no test sleeps real time to reach a fire.
public protocol SchedulerClock: Sendable {
    /// The current instant.
    func now() -> Date
    /// Returns once `now()` has reached `deadline` (at once when it already has); throws
    /// `CancellationError` when the task is cancelled first.
    func sleep(until deadline: Date) async throws
}

/// The system's wall clock.
///
/// It sleeps in steps of at most a minute and reads the wall clock after each, so a machine
/// that was suspended, or a clock that was stepped (NTP, an operator), is noticed within a
/// minute instead of oversleeping by however long the monotonic clock stood still.
public struct WallClock: SchedulerClock {
    /// The longest single sleep before the wall clock is read again.
    public var step: Duration

    public init(step: Duration = .seconds(60)) {
        self.step = step
    }

    public func now() -> Date { Date() }

    public func sleep(until deadline: Date) async throws {
        while true {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return }
            try await Task.sleep(for: min(step, .milliseconds(Int64((remaining * 1000).rounded(.up)))))
        }
    }
}
