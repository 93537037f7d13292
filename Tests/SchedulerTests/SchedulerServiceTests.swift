import Artifacts
import Foundation
import Pipeline
import Scheduler
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing
import TestSupport

/// The scheduler service with a test clock and real coordinator runs of shell-script stages.
@Suite struct SchedulerServiceTests {
    /// 2015-06-01 05:00 in Seoul (+09:00, no daylight saving), and the months after.
    static let june = "2015-05-31T20:00:00Z"
    static let july = "2015-06-30T20:00:00Z"
    static let august = "2015-07-31T20:00:00Z"

    @Test func aFireRunsThePipelineAtItsTimeWithAsOfTheFireAndIsRemembered() async throws {
        let fixture = try SchedulerFixture(now: "2015-05-20T00:00:00Z")
        try fixture.writePipeline()
        try await testGracefulShutdown { trigger in
            let service = try fixture.makeService()
            async let done: Void = service.run()
            // The next fire is logged at start, in the pipeline's zone.
            #expect(try await fixture.events.nextFire() == SchedulerFixture.date(Self.june))
            #expect(try fixture.records().isEmpty)

            let mark = fixture.events.count
            fixture.clock.advance(to: try SchedulerFixture.date(Self.june))
            let record = try await fixture.events.finished(after: mark)
            #expect(record.status == .succeeded, "\(record.reason ?? "")")
            #expect(record.asOf == Self.june)
            #expect(record.stage("collect")?.params?["as_of"]?.stringValue == Self.june)
            #expect(record.version == 1)
            // …and logged again after the run.
            #expect(try await fixture.events.nextFire(after: mark) == SchedulerFixture.date(Self.july))

            let state = try #require(try fixture.state())
            #expect(state.handledThrough == (try SchedulerFixture.date(Self.june)))
            #expect(state.lastOutcome == "succeeded")
            #expect(state.lastRun == record.id)
            trigger.triggerGracefulShutdown()
            try await done
        }
        #expect(try fixture.records().map(\.asOf) == [Self.june])
        let text = try String(contentsOfFile: fixture.store.root + "/scheduler/demo.json", encoding: .utf8)
        #expect(text.contains(#""handled_through" : "2015-05-31T20:00:00Z""#))
    }

    @Test func aFireDuringTheSchedulersOwnRunIsRecordedAsSkippedNotQueued() async throws {
        let fixture = try SchedulerFixture(now: "2015-05-31T23:30:00Z")
        try fixture.writePipeline(schedule: "0 * * * *", timezone: "UTC")
        try fixture.hold()
        try await testGracefulShutdown { trigger in
            let service = try fixture.makeService()
            async let done: Void = service.run()
            let first = try await fixture.events.nextFire()
            #expect(first == (try SchedulerFixture.date("2015-06-01T00:00:00Z")))
            fixture.clock.advance(to: first)
            _ = try await fixture.collectPID()

            // The next hour comes while the first run is held in its collect stage.
            let mark = fixture.events.count
            fixture.clock.advance(to: first.addingTimeInterval(3600))
            let skipped = try await fixture.events.skipped(after: mark)
            #expect(skipped.status == .skipped)
            #expect(skipped.asOf == "2015-06-01T01:00:00Z")
            #expect(skipped.reason?.contains("for 2015-06-01T00:00:00+00:00 is still running") == true)
            #expect(skipped.stages.allSatisfy { $0.status == .skipped })

            try fixture.release()
            let finished = try await fixture.events.finished(after: mark)
            #expect(finished.status == .succeeded)
            #expect(finished.asOf == "2015-06-01T00:00:00Z")
            #expect(try await fixture.events.nextFire(after: mark) == first.addingTimeInterval(7200))
            trigger.triggerGracefulShutdown()
            try await done
        }
        // One run and one skipped record: the 01:00 fire never ran, before or after.
        let records = try fixture.records()
        #expect(records.map(\.status).sorted { $0.rawValue < $1.rawValue } == [.skipped, .succeeded])
        #expect(try fixture.state()?.lastOutcome == "skipped")
    }

    @Test func aFireWhileAnotherProcessHoldsTheLockIsSkippedByTheCoordinatorNamingTheHolder() async throws {
        let fixture = try SchedulerFixture(now: "2015-05-31T19:00:00Z")
        try fixture.writePipeline()
        try fixture.hold()
        // An operator's `retrain run` of the same pipeline, still in its collect stage.
        let spec = try PipelineSpec.load(file: fixture.pipelineFile)
        let store = fixture.store
        let manual = Task { try await Coordinator(spec: spec, store: store).run(RunRequest(asOf: "2015-05-01", killGraceSeconds: 1)) }
        _ = try await fixture.collectPID()
        try await testGracefulShutdown { trigger in
            let service = try fixture.makeService()
            async let done: Void = service.run()
            let fire = try await fixture.events.nextFire()
            fixture.clock.advance(to: fire)
            let record = try await fixture.events.finished()
            #expect(record.status == .skipped)
            #expect(record.asOf == Self.june)
            #expect(record.reason?.contains("already running") == true)
            #expect(record.reason?.contains("pid \(getpid())") == true)
            trigger.triggerGracefulShutdown()
            try await done
        }
        try fixture.release()
        #expect(try await manual.value.status == .succeeded)
    }

    @Test func aMissedFireWithinTheCatchUpDeadlineRunsOnceAtStart() async throws {
        // Down from just after the June fire until 30 minutes after the July one.
        let fixture = try SchedulerFixture(now: "2015-06-30T20:30:00Z")
        try fixture.writePipeline(extra: "catch_up: {deadline: 1h}")
        try fixture.writeState(handledThrough: Self.june)
        try await testGracefulShutdown { trigger in
            let service = try fixture.makeService()
            async let done: Void = service.run()
            #expect(try await fixture.events.wait("a catch-up run") { event -> Bool? in
                if case let .started(_, _, isCatchUp) = event { isCatchUp } else { nil }
            })
            let record = try await fixture.events.finished()
            #expect(record.status == .succeeded)
            #expect(record.asOf == Self.july)
            #expect(try await fixture.events.nextFire() == SchedulerFixture.date(Self.august))
            trigger.triggerGracefulShutdown()
            try await done
        }
        #expect(try fixture.records().map(\.asOf) == [Self.july])
        #expect(try fixture.state()?.handledThrough == SchedulerFixture.date(Self.july))
    }

    // Without the rule it would start the run and wait (on a clock nobody moves) for its grace period.
    @Test(.timeLimit(.minutes(10))) func aSchedulerStoppedBeforeItStartsCatchesNothingUp() async throws {
        let fixture = try SchedulerFixture(now: "2015-06-30T20:30:00Z")
        try fixture.writePipeline(extra: "catch_up: {deadline: 1h}")
        try fixture.writeState(handledThrough: Self.june)
        try await testGracefulShutdown { trigger in
            trigger.triggerGracefulShutdown()
            try await fixture.makeService().run()
        }
        #expect(try fixture.records().isEmpty)
        #expect(try fixture.state()?.handledThrough == SchedulerFixture.date(Self.june))
    }

    @Test func aMissedFireBeyondTheCatchUpDeadlineIsRecordedAsMissedAndNotRun() async throws {
        let fixture = try SchedulerFixture(now: "2015-06-30T22:00:01Z")
        try fixture.writePipeline(extra: "catch_up: {deadline: 1h}")
        try fixture.writeState(handledThrough: Self.june)
        try await testGracefulShutdown { trigger in
            let service = try fixture.makeService()
            async let done: Void = service.run()
            let (fires, record) = try await fixture.events.missed()
            #expect(fires == DueFires(first: try SchedulerFixture.date(Self.july), last: try SchedulerFixture.date(Self.july), previous: nil, count: 1))
            #expect(record.status == .skipped)
            #expect(record.asOf == Self.july)
            #expect(record.reason == "missed: 2015-07-01T05:00:00+09:00 fell due while the scheduler was not running or the machine slept (catch_up deadline 1h); not run")
            #expect(try await fixture.events.nextFire() == SchedulerFixture.date(Self.august))
            trigger.triggerGracefulShutdown()
            try await done
        }
        #expect(try fixture.records().map(\.status) == [.skipped])
        let state = try #require(try fixture.state())
        #expect(state.lastOutcome == "missed")
        #expect(state.lastRun == (try fixture.records().first?.id))
        #expect(state.handledThrough == (try SchedulerFixture.date(Self.july)))
    }

    @Test func manyMissedFiresRunOnlyTheLatestOnceNeverABurst() async throws {
        // Hourly; down from 00:00 to 05:10 with a one-hour deadline: 01:00 … 04:00 are missed,
        // 05:00 runs once.
        let fixture = try SchedulerFixture(now: "2015-06-01T05:10:00Z")
        try fixture.writePipeline(schedule: "0 * * * *", timezone: "UTC", extra: "catch_up: {deadline: 1h}")
        try fixture.writeState(handledThrough: "2015-06-01T00:00:00Z", schedule: "0 * * * *", timezone: "UTC")
        try await testGracefulShutdown { trigger in
            let service = try fixture.makeService()
            async let done: Void = service.run()
            let (fires, missed) = try await fixture.events.missed()
            #expect(fires.count == 4)
            #expect(missed.asOf == "2015-06-01T04:00:00Z")
            #expect(missed.reason?.hasPrefix("missed: 4 fires from 2015-06-01T01:00:00+00:00 to 2015-06-01T04:00:00+00:00") == true)
            let record = try await fixture.events.finished()
            #expect(record.asOf == "2015-06-01T05:00:00Z")
            #expect(try await fixture.events.nextFire() == SchedulerFixture.date("2015-06-01T06:00:00Z"))
            trigger.triggerGracefulShutdown()
            try await done
        }
        #expect(try fixture.records().map(\.status).sorted { $0.rawValue < $1.rawValue } == [.skipped, .succeeded])
    }

    @Test func withoutCatchUpALateFireIsMissedButAnOnTimeOneRuns() async throws {
        let fixture = try SchedulerFixture(now: "2015-06-30T20:05:00Z")
        try fixture.writePipeline()
        try fixture.writeState(handledThrough: Self.june)
        try await testGracefulShutdown { trigger in
            let service = try fixture.makeService()
            async let done: Void = service.run()
            let (_, record) = try await fixture.events.missed()
            #expect(record.reason?.contains("(no catch_up deadline)") == true)
            // The machine sleeps through August's fire and wakes 30 s after it: still on time.
            let mark = fixture.events.count
            fixture.clock.advance(to: try SchedulerFixture.date(Self.august).addingTimeInterval(30))
            let august = try await fixture.events.finished(after: mark)
            #expect(august.asOf == Self.august)
            trigger.triggerGracefulShutdown()
            try await done
        }
    }

    @Test func aRestartNeitherRepeatsNorLosesAFire() async throws {
        let fixture = try SchedulerFixture(now: "2015-05-31T19:59:00Z")
        try fixture.writePipeline(extra: "catch_up: {deadline: 1h}")
        try await testGracefulShutdown { trigger in
            let service = try fixture.makeService()
            async let done: Void = service.run()
            let fire = try await fixture.events.nextFire()
            fixture.clock.advance(to: fire)
            _ = try await fixture.events.finished()
            trigger.triggerGracefulShutdown()
            try await done
        }
        // Restarted mid-June: the June fire is not run again; July is next.
        fixture.clock.advance(to: try SchedulerFixture.date("2015-06-15T00:00:00Z"))
        let mark = fixture.events.count
        try await testGracefulShutdown { trigger in
            let service = try fixture.makeService()
            async let done: Void = service.run()
            #expect(try await fixture.events.nextFire(after: mark) == SchedulerFixture.date(Self.july))
            trigger.triggerGracefulShutdown()
            try await done
        }
        #expect(try fixture.records().count == 1)
    }

    @Test func jitterDelaysTheWakeButNotTheAsOf() async throws {
        let fixture = try SchedulerFixture(now: "2015-05-20T00:00:00Z")
        try fixture.writePipeline(extra: "jitter: 10m")
        try await testGracefulShutdown { trigger in
            let service = try fixture.makeService(drawJitter: { $0 })
            async let done: Void = service.run()
            let (fire, wake) = try await fixture.events.nextWake()
            #expect(fire == (try SchedulerFixture.date(Self.june)))
            #expect(wake == fire.addingTimeInterval(600))
            fixture.clock.advance(to: wake)
            let record = try await fixture.events.finished()
            #expect(record.asOf == Self.june)
            trigger.triggerGracefulShutdown()
            try await done
        }
    }

    @Test func shutdownDuringARunLetsItFinishWithinTheGracePeriod() async throws {
        let fixture = try SchedulerFixture(now: "2015-05-31T19:59:00Z")
        try fixture.writePipeline()
        try fixture.hold()
        try await testGracefulShutdown { trigger in
            let service = try fixture.makeService(graceSeconds: 600)
            async let done: Void = service.run()
            fixture.clock.advance(to: try await fixture.events.nextFire())
            _ = try await fixture.collectPID()
            trigger.triggerGracefulShutdown()
            _ = try await fixture.events.wait("waiting for the run") { if case .waitingForRun = $0 { true } else { nil } }
            try fixture.release()
            try await done
        }
        #expect(try fixture.records().map(\.status) == [.succeeded])
    }

    @Test func shutdownDuringARunStopsItAfterTheGracePeriodAndRecordsTheInterruption() async throws {
        let fixture = try SchedulerFixture(now: "2015-05-31T19:59:00Z")
        try fixture.writePipeline()
        try fixture.hold()
        try await testGracefulShutdown { trigger in
            let service = try fixture.makeService(graceSeconds: 600)
            async let done: Void = service.run()
            fixture.clock.advance(to: try await fixture.events.nextFire())
            let stagePID = try await fixture.collectPID()
            trigger.triggerGracefulShutdown()
            let deadline = try await fixture.events.wait("waiting for the run") { event -> Date? in
                if case let .waitingForRun(_, _, deadline) = event { deadline } else { nil }
            }
            #expect(deadline == (try SchedulerFixture.date(Self.june)).addingTimeInterval(600))
            fixture.clock.advance(to: deadline)
            try await done
            #expect(!ProcessState.isRunning(stagePID))
        }
        let record = try #require(try fixture.records().first)
        #expect(record.status == .failed)
        #expect(record.reason?.contains("interrupted") == true)
        #expect(record.failedStage == "collect")
        #expect(fixture.events.all.contains { if case .stoppingRun = $0 { true } else { false } })
        #expect(try fixture.state()?.lastOutcome == "failed")
    }

    @Test func cancellingTheSchedulerStopsARunningPipelineAtOnce() async throws {
        let fixture = try SchedulerFixture(now: "2015-05-31T19:59:00Z")
        try fixture.writePipeline()
        try fixture.hold()
        let service = try fixture.makeService()
        let task = Task { try await service.run() }
        fixture.clock.advance(to: try await fixture.events.nextFire())
        _ = try await fixture.collectPID()
        task.cancel()
        try await task.value
        #expect(try fixture.records().first?.status == .failed)
        #expect(try fixture.records().first?.reason?.contains("interrupted") == true)
    }

    @Test func aReloadWithTheSameScheduleKeepsThePlaceAndUsesTheNewFile() async throws {
        let fixture = try SchedulerFixture(now: "2015-05-31T19:59:00Z")
        try fixture.writePipeline()
        try await testGracefulShutdown { trigger in
            let service = try fixture.makeService()
            async let done: Void = service.run()
            fixture.clock.advance(to: try await fixture.events.nextFire())
            _ = try await fixture.events.finished()
            fixture.clock.advance(to: try SchedulerFixture.date("2015-06-10T00:00:00Z"))

            try fixture.writePipeline(params: ", note: v2")
            let mark = fixture.events.count
            service.reload()
            #expect(try await fixture.events.wait("the reload", after: mark) { event -> Bool? in
                if case let .reloaded(_, _, isScheduleChanged) = event { isScheduleChanged } else { nil }
            } == false)
            // June is not run again; July is still next, and runs with the new params.
            #expect(try await fixture.events.nextFire(after: mark) == SchedulerFixture.date(Self.july))
            fixture.clock.advance(to: try SchedulerFixture.date(Self.july))
            let july = try await fixture.events.finished(after: mark)
            #expect(july.asOf == Self.july)
            #expect(july.stage("collect")?.params?["note"]?.stringValue == "v2")
            trigger.triggerGracefulShutdown()
            try await done
        }
        #expect(try fixture.records().map(\.asOf) == [Self.june, Self.july])
    }

    @Test func aReloadWithANewScheduleOwesNothingFromBeforeIt() async throws {
        let fixture = try SchedulerFixture(now: "2015-05-31T19:59:00Z")
        try fixture.writePipeline(extra: "catch_up: {deadline: 1w}")
        try await testGracefulShutdown { trigger in
            let service = try fixture.makeService()
            async let done: Void = service.run()
            fixture.clock.advance(to: try await fixture.events.nextFire())
            _ = try await fixture.events.finished()
            fixture.clock.advance(to: try SchedulerFixture.date("2015-06-10T00:00:00Z"))

            // Daily at 05:00 from now on: the days since June 1 were not in the schedule then,
            // so nothing is caught up or recorded as missed, even with a week's deadline.
            try fixture.writePipeline(schedule: "0 5 * * *", extra: "catch_up: {deadline: 1w}")
            let mark = fixture.events.count
            service.reload()
            #expect(try await fixture.events.nextFire(after: mark) == SchedulerFixture.date("2015-06-10T20:00:00Z"))
            trigger.triggerGracefulShutdown()
            try await done
        }
        #expect(try fixture.records().count == 1)
        #expect(try fixture.state()?.schedule == "0 5 * * *")
    }

    @Test func aBrokenPipelineFileOnReloadIsReportedAndTheOldOneKept() async throws {
        let fixture = try SchedulerFixture(now: "2015-05-20T00:00:00Z")
        try fixture.writePipeline()
        try await testGracefulShutdown { trigger in
            let service = try fixture.makeService()
            async let done: Void = service.run()
            _ = try await fixture.events.nextFire()
            try fixture.directory.write("name: demo\nschedule: \"0 5 32 * *\"\n", to: "pipeline.yaml")
            service.reload()
            let reason = try await fixture.events.wait("the failed reload") { event -> String? in
                if case let .reloadFailed(_, reason) = event { reason } else { nil }
            }
            #expect(reason.contains("pipeline.yaml"))
            fixture.clock.advance(to: try SchedulerFixture.date(Self.june))
            #expect(try await fixture.events.finished().asOf == Self.june)
            trigger.triggerGracefulShutdown()
            try await done
        }
    }

    @Test func aPipelineWithoutAScheduleOrWithTwoFilesOfOneNameIsRefusedAtStart() throws {
        let fixture = try SchedulerFixture(now: "2015-05-20T00:00:00Z")
        try fixture.directory.write("""
            name: demo
            model: demo-model
            stages:
              collect: {run: ./collect.sh}
            """, to: "pipeline.yaml")
        #expect(throws: SchedulerError.noSchedule(file: fixture.pipelineFile)) { try fixture.makeService() }
        try fixture.writePipeline(schedule: "0 5 30 2 *")
        let error = #expect(throws: SchedulerError.self) { try fixture.makeService() }
        #expect(error?.description.contains("never fires") == true)
        try fixture.writePipeline()
        try FileManager.default.copyItem(atPath: fixture.pipelineFile, toPath: fixture.directory.child("copy.yaml"))
        let duplicate = #expect(throws: SchedulerError.self) {
            try SchedulerService(pipelineFiles: [fixture.pipelineFile, fixture.directory.child("copy.yaml")], store: fixture.store)
        }
        #expect(duplicate?.description.hasPrefix("pipeline name 'demo' is used by more than one file") == true)
    }
}
