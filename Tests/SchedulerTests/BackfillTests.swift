import Foundation
import Pipeline
import Scheduler
import Testing
import TestSupport

/// `retrain backfill`'s library half: fire times in a range, run in order with `as_of` each.
@Suite struct BackfillTests {
    let fixture: SchedulerFixture

    init() throws {
        fixture = try SchedulerFixture(now: "2015-01-01T00:00:00Z")
    }

    func backfill() throws -> Backfill {
        Backfill(pipeline: try ScheduledPipeline.load(file: fixture.pipelineFile))
    }

    func date(_ text: String) throws -> Date { try SchedulerFixture.date(text) }

    @Test func theFireTimesAreThoseInAHalfOpenRangeInThePipelinesZone() throws {
        try fixture.writePipeline()
        let backfill = try backfill()
        // From Jan 1 05:00 Seoul (a fire: included) to May 1 05:00 Seoul (a fire: excluded).
        let fires = try backfill.fireTimes(from: try date("2014-12-31T20:00:00Z"), to: try date("2015-04-30T20:00:00Z"))
        #expect(fires.map(backfill.pipeline.format) == [
            "2015-01-01T05:00:00+09:00", "2015-02-01T05:00:00+09:00", "2015-03-01T05:00:00+09:00", "2015-04-01T05:00:00+09:00",
        ])
        #expect(throws: SchedulerError.emptyRange(from: "2015-01-01T05:00:00+09:00", to: "2015-01-01T05:00:00+09:00")) {
            try backfill.fireTimes(from: try date("2014-12-31T20:00:00Z"), to: try date("2014-12-31T20:00:00Z"))
        }
        #expect(throws: SchedulerError.tooManyFires(count: 11, limit: 10)) {
            try backfill.fireTimes(from: try date("2014-01-01T00:00:00Z"), to: try date("2016-01-01T00:00:00Z"), limit: 10)
        }
    }

    @Test func aBackfillRunsOncePerFireInOrderWithAsOfEach() async throws {
        try fixture.writePipeline()
        let backfill = try backfill()
        let fires = try backfill.fireTimes(from: try date("2015-01-01T00:00:00Z"), to: try date("2015-06-01T00:00:00Z"))
        #expect(fires.count == 5)
        var seen: [Date] = []
        let steps = try await backfill.run(fires, store: fixture.store, request: RunRequest(killGraceSeconds: 1)) { seen.append($0.fire) }
        #expect(seen == fires)
        #expect(steps.map(\.record.status) == Array(repeating: .succeeded, count: 5))
        #expect(steps.map(\.record.asOf) == [
            "2015-01-31T20:00:00Z", "2015-02-28T20:00:00Z", "2015-03-31T20:00:00Z", "2015-04-30T20:00:00Z", "2015-05-31T20:00:00Z",
        ])
        #expect(steps.map(\.record.version) == [1, 2, 3, 4, 5])
        // One run record per fire, and nothing else.
        #expect(try fixture.records().map(\.asOf) == steps.map(\.record.asOf))
        // A second backfill of the same range changes nothing: every month is up to date.
        let again = try await backfill.run(fires, store: fixture.store, request: RunRequest(killGraceSeconds: 1))
        #expect(again.map(\.record.status) == Array(repeating: .upToDate, count: 5))
    }

    @Test func aBackfillStopsAtTheFirstFailureButNotAtARejection() async throws {
        try fixture.writePipeline()
        // Fires (Seoul) Feb 1 … May 1: March's candidate is rejected (not blessed), April fails.
        try ShellStage.write("collect.sh", in: fixture.directory, body: """
            if grep -q 2015-03-31 "$PARAMS"; then echo "the April extract is corrupt" >&2; exit 1; fi
            cp "$PARAMS" "$OUT/data.json"
            """)
        try ShellStage.write("train.sh", in: fixture.directory, body: """
            cat "$INPUT_data/data.json" > "$OUT/model.json"
            echo '{"roc_auc": 0.5}' > "$OUT/metrics.json"
            if grep -q 2015-02-28 "$INPUT_data/data.json"; then blessed=false; else blessed=true; fi
            echo "{\\"blessed\\": $blessed, \\"reasons\\": [\\"roc_auc 0.5 < 0.6\\"]}" > "$OUT/blessing.json"
            """)
        let backfill = try backfill()
        let fires = try backfill.fireTimes(from: try date("2015-01-01T00:00:00Z"), to: try date("2015-06-01T00:00:00Z"))
        let steps = try await backfill.run(fires, store: fixture.store, request: RunRequest(killGraceSeconds: 1))
        #expect(steps.map(\.record.status) == [.succeeded, .rejected, .failed])
        #expect(steps.last?.record.asOf == "2015-03-31T20:00:00Z")
        #expect(steps.last?.record.reason?.contains("the April extract is corrupt") == true)
        // May never ran.
        #expect(try fixture.records().count == 3)
    }
}
