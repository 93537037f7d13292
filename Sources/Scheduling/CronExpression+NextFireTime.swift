public import Foundation

extension CronExpression {
    /// The first fire time strictly after `date` in `timeZone`, or nil if the expression
    /// never fires (`0 0 30 2 *`).
    ///
    /// The expression is read on the zone's wall clock. Where daylight saving (or any other
    /// offset change) skips or repeats wall-clock time, two rules apply:
    ///
    /// - **Spring forward (a gap).** A *fixed time* — minute and hour each a single value,
    ///   such as `30 2 * * *` — that does not exist on a day it should fire fires once, at the
    ///   first instant after the gap (New York, 2nd Sunday of March: 03:00 EDT; Lord Howe,
    ///   first Sunday of October: 02:30). Any other expression fires only at instants whose
    ///   wall-clock time matches, so its times inside the gap do not happen that day.
    /// - **Fall back (an overlap).** A fixed time whose wall-clock time happens twice fires
    ///   once, at the first occurrence. Any other expression (wildcards, steps, lists, ranges
    ///   in minute or hour) keeps firing in real time through both passes: `*/30 * * * *`
    ///   fires at 01:00 and 01:30 in daylight time, then again at 01:00 and 01:30 in standard.
    ///
    /// The search jumps field by field over wall-clock time within each stretch of constant
    /// offset and hops from one offset change to the next, so a sparse expression costs a
    /// few steps per month searched, never a step per minute.
    public func nextFireTime(after date: Date, in timeZone: TimeZone) -> Date? {
        guard !neverFires, let after = ZoneOffsets.seconds(of: date) else { return nil }
        let zone = ZoneOffsets(timeZone: timeZone)
        let horizon = after + Int64(Self.searchYears) * 366 * 86_400

        // Real time is cut by offset changes into stretches [start, transition) of one offset.
        // `lower` is the earliest instant still allowed within the current stretch.
        var lower = after + 1
        var offset = zone.offset(at: lower)
        // For a fixed time: wall-clock times before this (in the current stretch) already
        // happened before the last fall-back, so they are repeats and do not fire again.
        var repeatsEnd = isFixedTime ? repeatedWallTimesEnd(before: lower, offset: offset, zone: zone) : nil

        while lower <= horizon {
            let transition = zone.transition(after: lower)
            let wallStart = max(lower + offset, repeatsEnd ?? .min)
            if let wall = firstMatchingWallTime(atOrAfter: wallStart, before: transition.map { $0 + offset }) {
                return Date(timeIntervalSince1970: Double(wall - offset))
            }
            guard let transition else { return nil }
            let newOffset = zone.offset(at: transition)
            if isFixedTime, newOffset > offset,
                firstMatchingWallTime(atOrAfter: transition + offset, before: transition + newOffset) != nil
            {
                // Spring forward skipped the fixed time: fire at the first instant after the gap.
                return Date(timeIntervalSince1970: Double(transition))
            }
            repeatsEnd = isFixedTime && newOffset < offset ? transition + offset : nil
            lower = transition
            offset = newOffset
        }
        return nil
    }

    /// The fire times after `date` in `timeZone`, in order, lazily.
    public func fireTimes(after date: Date, in timeZone: TimeZone) -> CronFireTimes {
        CronFireTimes(expression: self, timeZone: timeZone, after: date)
    }

    /// Where the wall-clock times repeated by a fall-back shortly before `instant` end, if
    /// `instant` lies in such a repeat. Looks back one day, longer than any overlap in use.
    private func repeatedWallTimesEnd(before instant: Int64, offset: Int64, zone: ZoneOffsets) -> Int64? {
        guard let fallBack = zone.lastTransition(after: instant - 86_400, through: instant) else {
            return nil
        }
        let offsetBefore = zone.offset(at: fallBack - 1)
        guard offsetBefore > offset else { return nil }
        return fallBack + offsetBefore
    }
}
