/// A problem that stops the scheduler, a backfill or `retrain crontab` from starting: one line
/// naming the pipeline file and the field, time or state file at fault.
public struct SchedulerError: Error, CustomStringConvertible, Equatable, Sendable {
    private enum Kind: Equatable, Sendable {
        case noSchedule(file: String)
        case badSchedule(file: String, schedule: String, reason: String)
        case duplicateName(name: String, files: [String])
        case badTime(option: String, text: String)
        case emptyRange(from: String, to: String)
        case tooManyFires(count: Int, limit: Int)
        case badState(path: String, reason: String)
        case other(String)
    }

    private let kind: Kind
    private init(_ kind: Kind) { self.kind = kind }

    public var description: String {
        switch kind {
        case let .noSchedule(file):
            return "\(file): schedule: is required to schedule this pipeline (a cron expression such as \"0 5 1 * *\")"
        case let .badSchedule(file, schedule, reason):
            return "\(file): schedule: '\(schedule)': \(reason)"
        case let .duplicateName(name, files):
            return "pipeline name '\(name)' is used by more than one file (\(files.joined(separator: ", "))): each scheduled pipeline needs its own name"
        case let .badTime(option, text):
            return "\(option) '\(text)' is not an ISO 8601 date or date-time (e.g. 2015-01-01 or 2015-01-01T05:00:00+09:00)"
        case let .emptyRange(from, to):
            return "--from \(from) is not before --to \(to)"
        case let .tooManyFires(count, limit):
            return "the range holds \(count) or more fire times, over the limit of \(limit): narrow --from/--to"
        case let .badState(path, reason):
            return "\(path): \(reason)"
        case let .other(reason):
            return reason
        }
    }

    /// The pipeline file has no `schedule`.
    public static func noSchedule(file: String) -> SchedulerError { SchedulerError(.noSchedule(file: file)) }
    /// The pipeline's `schedule` does not parse, or never fires.
    public static func badSchedule(file: String, schedule: String, reason: String) -> SchedulerError {
        SchedulerError(.badSchedule(file: file, schedule: schedule, reason: reason))
    }
    /// Two scheduled pipeline files share a name (the lock, the run records and the state file are per name).
    public static func duplicateName(_ name: String, files: [String]) -> SchedulerError { SchedulerError(.duplicateName(name: name, files: files)) }
    /// An option's value is not an ISO 8601 time.
    public static func badTime(option: String, _ text: String) -> SchedulerError { SchedulerError(.badTime(option: option, text: text)) }
    /// A backfill range that holds no instant.
    public static func emptyRange(from: String, to: String) -> SchedulerError { SchedulerError(.emptyRange(from: from, to: to)) }
    /// A backfill range with more fire times than a backfill will run.
    public static func tooManyFires(count: Int, limit: Int) -> SchedulerError { SchedulerError(.tooManyFires(count: count, limit: limit)) }
    /// The scheduler's state file cannot be read.
    public static func badState(path: String, _ reason: String) -> SchedulerError { SchedulerError(.badState(path: path, reason: reason)) }
    public static func other(_ reason: String) -> SchedulerError { SchedulerError(.other(reason)) }
}
