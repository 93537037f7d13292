import Foundation
import Pipeline
import Scheduler
import Synchronization

/// Collects what the scheduler reports, and lets a test wait for an event.
///
/// Waiting polls every few milliseconds with a generous real-time limit: the limit only stops a
/// broken test from hanging (it is long because, in a full `swift test` on two busy cores,
/// synchronous tests elsewhere can hold the cooperative pool for minutes); no test asserts on
/// how long anything took.
final class EventLog: Sendable {
    private let events = Mutex<[SchedulerEvent]>([])

    var report: @Sendable (SchedulerEvent) -> Void {
        { [self] event in self.events.withLock { $0.append(event) } }
    }

    var all: [SchedulerEvent] { events.withLock { $0 } }

    /// The number of events so far: pass it as `after` to wait only for newer ones.
    var count: Int { events.withLock { $0.count } }

    struct TimedOut: Error, CustomStringConvertible {
        var what: String
        var events: [SchedulerEvent]
        var description: String { "timed out waiting for \(what); events: \(events.map(EventLog.describe))" }
    }

    /// The first event from index `after` on for which `match` returns a value.
    func wait<T>(_ what: String, after: Int = 0, seconds: Double = 600, _ match: (SchedulerEvent) -> T?) async throws -> T {
        let limit = Date().addingTimeInterval(seconds)
        while true {
            let snapshot = all
            if snapshot.count > after, let found = snapshot[after...].lazy.compactMap(match).first { return found }
            guard Date() < limit else { throw TimedOut(what: what, events: snapshot) }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    func nextFire(after: Int = 0) async throws -> Date {
        try await wait("the next fire", after: after) { if case let .nextFire(_, fire, _, _) = $0 { fire } else { nil } }
    }

    func nextWake(after: Int = 0) async throws -> (fire: Date, wake: Date) {
        try await wait("the next fire", after: after) { if case let .nextFire(_, fire, wake, _) = $0 { (fire, wake) } else { nil } }
    }

    func finished(after: Int = 0) async throws -> RunRecord {
        try await wait("a finished run", after: after) { if case let .finished(_, _, record) = $0 { record } else { nil } }
    }

    func started(after: Int = 0) async throws -> Date {
        try await wait("a started run", after: after) { if case let .started(_, fire, _) = $0 { fire } else { nil } }
    }

    func skipped(after: Int = 0) async throws -> RunRecord {
        try await wait("a skipped fire", after: after) { if case let .skipped(_, _, record) = $0 { record } else { nil } }
    }

    func missed(after: Int = 0) async throws -> (DueFires, RunRecord) {
        try await wait("missed fires", after: after) { if case let .missed(_, fires, record) = $0 { (fires, record) } else { nil } }
    }

    static func describe(_ event: SchedulerEvent) -> String {
        switch event {
        case let .nextFire(_, fire, wake, _): return "nextFire(\(fire), wake \(wake))"
        case let .started(_, fire, isCatchUp): return "started(\(fire), catchUp \(isCatchUp))"
        case .progress: return "progress"
        case let .finished(_, fire, record): return "finished(\(fire), \(record.status.rawValue) \(record.reason ?? ""))"
        case let .runError(_, fire, reason): return "runError(\(fire), \(reason))"
        case let .skipped(_, fire, _): return "skipped(\(fire))"
        case let .missed(_, fires, _): return "missed(\(fires))"
        case let .reloaded(_, _, changed): return "reloaded(changed \(changed))"
        case let .reloadFailed(_, reason): return "reloadFailed(\(reason))"
        case let .waitingForRun(_, fire, deadline): return "waitingForRun(\(fire), until \(deadline))"
        case let .stoppingRun(_, fire): return "stoppingRun(\(fire))"
        case let .stateNotSaved(_, reason): return "stateNotSaved(\(reason))"
        case .stopped: return "stopped"
        }
    }
}
