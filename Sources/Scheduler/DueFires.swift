public import Foundation
import Scheduling

/// The fire times of a pipeline that fell due in `(after, through]`: the first, the last, the
/// one before the last, and how many.
///
/// Counting stops at `countLimit` fires (`* * * * *` after a year down is half a million); the
/// last two are then found by searching back from `through`, and `count` is nil ("many").
public struct DueFires: Sendable, Equatable {
    public var first: Date
    public var last: Date
    /// The fire before `last`, when there are at least two.
    public var previous: Date?
    /// How many fires, or nil when there were more than the count limit.
    public var count: Int?

    public init(first: Date, last: Date, previous: Date?, count: Int?) {
        self.first = first
        self.last = last
        self.previous = previous
        self.count = count
    }

    /// Every fire but the last (nil when there is only one): the ones a catch-up never runs.
    public var allButLast: DueFires? {
        guard let previous else { return nil }
        return DueFires(first: first, last: previous, previous: nil, count: count.map { $0 - 1 })
    }

    /// `"2015-06-01T05:00:00+09:00"`, or `"3 fires from … to …"`.
    public func summary(in pipeline: ScheduledPipeline) -> String {
        if count == 1 { return pipeline.format(last) }
        let howMany = count.map { "\($0) fires" } ?? "more than \(DueFires.countLimit) fires"
        return "\(howMany) from \(pipeline.format(first)) to \(pipeline.format(last))"
    }

    public static let countLimit = 10_000

    /// The fires of `pipeline` in `(after, through]`, or nil when there are none.
    public static func of(_ pipeline: ScheduledPipeline, after: Date, through: Date, countLimit: Int = DueFires.countLimit) -> DueFires? {
        var fires = pipeline.expression.fireTimes(after: after, in: pipeline.timeZone)
        guard let first = fires.next(), first <= through else { return nil }
        var due = DueFires(first: first, last: first, previous: nil, count: 1)
        while let next = fires.next(), next <= through {
            due.previous = due.last
            due.last = next
            due.count = (due.count ?? 0) + 1
            if (due.count ?? 0) >= countLimit {
                (due.previous, due.last) = lastTwo(of: pipeline, after: next, through: through, known: (due.previous, next))
                due.count = nil
                break
            }
        }
        return due
    }

    /// The last two fires in `(after, through]` (or the known ones when none lie later),
    /// searching windows back from `through` that double until one holds two fires.
    private static func lastTwo(of pipeline: ScheduledPipeline, after: Date, through: Date, known: (Date?, Date)) -> (Date?, Date) {
        var window: TimeInterval = 86_400
        while true {
            let start = max(after, through.addingTimeInterval(-window))
            var found: [Date] = []
            for fire in pipeline.expression.fireTimes(after: start, in: pipeline.timeZone) {
                guard fire <= through else { break }
                found.append(fire)
                if found.count > 2 { found.removeFirst() }
            }
            if found.count == 2 { return (found[0], found[1]) }
            if start == after {
                guard let only = found.first else { return known }
                return (known.1, only)
            }
            window *= 2
        }
    }
}
