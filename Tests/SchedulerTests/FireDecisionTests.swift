import Foundation
import Pipeline
import Scheduler
import Testing

/// The scheduler's rules for due fires, as values: no clock, no files, no processes.
@Suite struct FireDecisionTests {
    let fire = Date(timeIntervalSince1970: 1_433_102_400)  // 2015-05-31T20:00:00Z

    func one(_ date: Date) -> DueFires { DueFires(first: date, last: date, previous: nil, count: 1) }

    @Test func anOnTimeFireRuns() {
        let decision = FireDecision.decide(due: one(fire), now: fire.addingTimeInterval(2), plannedWake: fire, catchUpDeadline: nil,
                                           onTimeTolerance: 60, runningFire: nil)
        #expect(decision == FireDecision(missed: nil, action: .run(fire, isCatchUp: false)))
    }

    @Test func lateBeyondTheToleranceWithoutCatchUpIsMissed() {
        let decision = FireDecision.decide(due: one(fire), now: fire.addingTimeInterval(61), plannedWake: fire, catchUpDeadline: nil,
                                           onTimeTolerance: 60, runningFire: nil)
        #expect(decision == FireDecision(missed: one(fire), action: .none))
    }

    @Test func lateWithinTheDeadlineIsCaughtUpAndBeyondItMissed() {
        let within = FireDecision.decide(due: one(fire), now: fire.addingTimeInterval(3600), plannedWake: nil, catchUpDeadline: 3600,
                                         onTimeTolerance: 60, runningFire: nil)
        #expect(within == FireDecision(missed: nil, action: .run(fire, isCatchUp: true)))
        let beyond = FireDecision.decide(due: one(fire), now: fire.addingTimeInterval(3601), plannedWake: nil, catchUpDeadline: 3600,
                                         onTimeTolerance: 60, runningFire: nil)
        #expect(beyond == FireDecision(missed: one(fire), action: .none))
    }

    @Test func latenessCountsFromThePlannedWakeSoJitterIsNotLateness() {
        let wake = fire.addingTimeInterval(600)
        let decision = FireDecision.decide(due: one(fire), now: wake.addingTimeInterval(5), plannedWake: wake, catchUpDeadline: nil,
                                           onTimeTolerance: 60, runningFire: nil)
        #expect(decision.action == .run(fire, isCatchUp: false))
    }

    @Test func onlyTheLatestOfManyDueFiresCanRun() {
        let due = DueFires(first: fire.addingTimeInterval(-4 * 3600), last: fire, previous: fire.addingTimeInterval(-3600), count: 5)
        let decision = FireDecision.decide(due: due, now: fire.addingTimeInterval(600), plannedWake: nil, catchUpDeadline: 3600,
                                           onTimeTolerance: 60, runningFire: nil)
        #expect(decision.action == .run(fire, isCatchUp: true))
        #expect(decision.missed == DueFires(first: fire.addingTimeInterval(-4 * 3600), last: fire.addingTimeInterval(-3600), previous: nil, count: 4))
    }

    @Test func aFireWhileARunGoesOnIsSkipped() {
        let running = fire.addingTimeInterval(-3600)
        let decision = FireDecision.decide(due: one(fire), now: fire, plannedWake: fire, catchUpDeadline: nil,
                                           onTimeTolerance: 60, runningFire: running)
        #expect(decision == FireDecision(missed: nil, action: .skip(fire, runningFire: running)))
    }
}

/// Which fires are due between two instants.
@Suite struct DueFiresTests {
    func pipeline(_ schedule: String, timezone: String = "UTC") throws -> ScheduledPipeline {
        try ScheduledPipeline(spec: PipelineSpec.parse(yaml: """
            name: demo
            model: demo-model
            schedule: "\(schedule)"
            timezone: \(timezone)
            stages:
              collect: {run: ./collect.sh}
            """, file: "pipeline.yaml", directory: "/tmp"))
    }

    func date(_ text: String) throws -> Date { try #require(ISO8601DateFormatter().date(from: text)) }

    @Test func noneWhenTheNextFireIsLater() throws {
        #expect(DueFires.of(try pipeline("0 5 1 * *"), after: try date("2015-06-01T05:00:00Z"), through: try date("2015-06-30T23:59:59Z")) == nil)
    }

    @Test func theBoundsAreExclusiveThenInclusive() throws {
        let due = try #require(DueFires.of(try pipeline("0 * * * *"), after: try date("2015-06-01T00:00:00Z"), through: try date("2015-06-01T03:00:00Z")))
        #expect(due == DueFires(first: try date("2015-06-01T01:00:00Z"), last: try date("2015-06-01T03:00:00Z"),
                                previous: try date("2015-06-01T02:00:00Z"), count: 3))
    }

    @Test func pastTheCountLimitTheLastTwoAreStillExact() throws {
        // Every minute for 30 days: 43,200 fires, counted only up to the limit.
        let due = try #require(DueFires.of(try pipeline("* * * * *"), after: try date("2015-06-01T00:00:00Z"),
                                           through: try date("2015-07-01T00:00:30Z"), countLimit: 1000))
        #expect(due.count == nil)
        #expect(due.first == (try date("2015-06-01T00:01:00Z")))
        #expect(due.last == (try date("2015-07-01T00:00:00Z")))
        #expect(due.previous == (try date("2015-06-30T23:59:00Z")))
        #expect(due.allButLast?.last == (try date("2015-06-30T23:59:00Z")))
    }

    @Test func daylightSavingAppliesInThePipelinesZone() throws {
        // 02:30 does not exist in New York on 2025-03-09: it fires at 03:00 EDT (07:00Z).
        let due = try #require(DueFires.of(try pipeline("30 2 * * *", timezone: "America/New_York"),
                                           after: try date("2025-03-08T12:00:00Z"), through: try date("2025-03-09T12:00:00Z")))
        #expect(due.last == (try date("2025-03-09T07:00:00Z")))
        #expect(due.count == 1)
    }
}
