public import Foundation
public import Pipeline
public import Scheduling

/// A pipeline together with its parsed schedule: what the scheduler, `retrain crontab` and
/// `retrain backfill` work from.
///
/// Built only through `init(spec:)`, which checks that the pipeline has a `schedule`, that it
/// parses and that it fires at all, so a value of this type always has fire times.
public struct ScheduledPipeline: Sendable {
    public let spec: PipelineSpec
    public let expression: CronExpression
    public let timeZone: TimeZone

    public init(spec: PipelineSpec) throws {
        guard let schedule = spec.schedule else { throw SchedulerError.noSchedule(file: spec.file) }
        do {
            expression = try CronExpression(schedule)
        } catch {
            throw SchedulerError.badSchedule(file: spec.file, schedule: schedule, reason: error.description)
        }
        guard !expression.neverFires else {
            throw SchedulerError.badSchedule(file: spec.file, schedule: schedule, reason: "never fires: no month has the days it names")
        }
        // PipelineSpec.load already checked the name.
        guard let zone = TimeZone(identifier: spec.timezone) else {
            throw SchedulerError.badSchedule(file: spec.file, schedule: schedule, reason: "unknown time zone '\(spec.timezone)'")
        }
        self.spec = spec
        timeZone = zone
    }

    /// Loads and checks a pipeline file.
    public static func load(file: String) throws -> ScheduledPipeline {
        try ScheduledPipeline(spec: PipelineSpec.load(file: file))
    }

    public var name: String { spec.name }

    /// The time zone as the pipeline names it (Foundation calls UTC "GMT"; cron and people do not).
    public var timeZoneName: String { spec.timezone }

    /// The first fire time strictly after `date`.
    public func nextFire(after date: Date) -> Date? {
        expression.nextFireTime(after: date, in: timeZone)
    }

    /// `date` as ISO 8601 on the pipeline's wall clock, with its offset (`2015-06-01T05:00:00+09:00`).
    public func format(_ date: Date) -> String {
        ISO8601Timestamp.string(from: date, in: timeZone)
    }

    /// Whether the two have the same fire times (schedule and time zone).
    func hasSameSchedule(as other: ScheduledPipeline) -> Bool {
        expression == other.expression && timeZoneName == other.timeZoneName
    }
}
