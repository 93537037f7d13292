public import Foundation

/// The fire times of a cron expression in a time zone, one after another, computed lazily.
///
/// Each element is `nextFireTime(after:in:)` of the one before, so the sequence follows the
/// daylight-saving rules documented there. It ends only when the expression never fires.
public struct CronFireTimes: Sequence, IteratorProtocol, Sendable {
    public let expression: CronExpression
    public let timeZone: TimeZone
    private var cursor: Date?

    init(expression: CronExpression, timeZone: TimeZone, after date: Date) {
        self.expression = expression
        self.timeZone = timeZone
        self.cursor = date
    }

    public mutating func next() -> Date? {
        guard let cursor else { return nil }
        let fire = expression.nextFireTime(after: cursor, in: timeZone)
        self.cursor = fire
        return fire
    }
}
