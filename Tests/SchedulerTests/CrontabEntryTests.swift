import Foundation
import Pipeline
import Scheduler
import Testing
import TestSupport

/// The crontab lines `retrain crontab` prints.
@Suite struct CrontabEntryTests {
    func pipeline(_ schedule: String, timezone: String = "Asia/Seoul", directory: String = "/srv/retrain/examples/weather") throws -> ScheduledPipeline {
        try ScheduledPipeline(spec: PipelineSpec.parse(yaml: """
            name: weather
            model: weather-rain
            schedule: "\(schedule)"
            timezone: \(timezone)
            stages:
              collect: {run: retrain-collect}
            """, file: "examples/weather/pipeline.yaml", directory: directory))
    }

    @Test func aHostLineRunsRetrainFromThePipelinesDirectoryWithAbsolutePathsAndALog() throws {
        let lines = CrontabEntry.lines(
            for: try pipeline("0 5 1 * *"), invocation: .host(retrain: "/usr/local/bin/retrain", store: "/srv/retrain/artifacts"),
            logDirectory: "/srv/retrain/artifacts/logs"
        )
        #expect(lines == [
            "# retrain pipeline weather (/srv/retrain/examples/weather/pipeline.yaml): 0 5 1 * * in Asia/Seoul",
            "CRON_TZ=Asia/Seoul",
            #"0 5 1 * * cd /srv/retrain/examples/weather && /usr/local/bin/retrain run --pipeline /srv/retrain/examples/weather/pipeline.yaml --store /srv/retrain/artifacts --as-of "$(date -u +\%Y-\%m-\%dT\%H:\%M:00Z)" >> /srv/retrain/artifacts/logs/retrain-weather.log 2>&1"#,
        ])
    }

    @Test func aComposeLineRunsThePipelineServiceWithThePathInsideTheProject() throws {
        let lines = CrontabEntry.lines(
            for: try pipeline("@monthly", timezone: "UTC"),
            invocation: .compose(command: ["/usr/bin/docker", "compose"], file: "/srv/retrain/compose.yaml", service: "pipeline"),
            logDirectory: "/var/log/retrain"
        )
        #expect(lines[1] == "CRON_TZ=UTC")
        #expect(lines[2] == #"@monthly cd /srv/retrain && /usr/bin/docker compose -f /srv/retrain/compose.yaml run --rm --entrypoint retrain pipeline run --pipeline examples/weather/pipeline.yaml --as-of "$(date -u +\%Y-\%m-\%dT\%H:\%M:00Z)" >> /var/log/retrain/retrain-weather.log 2>&1"#)
    }

    @Test func pathsWithSpacesQuotesAndPercentSignsSurviveTheShellAndCron() throws {
        let lines = CrontabEntry.lines(
            for: try pipeline("*/15 * * * *", directory: "/home/o'brien/my models/100%"),
            invocation: .host(retrain: "/opt/retrain/bin/retrain", store: "/home/o'brien/store"), logDirectory: "/tmp/logs"
        )
        #expect(lines[2] == #"*/15 * * * * cd '/home/o'\''brien/my models/100\%' && /opt/retrain/bin/retrain run --pipeline '/home/o'\''brien/my models/100\%/pipeline.yaml' --store '/home/o'\''brien/store' --as-of "$(date -u +\%Y-\%m-\%dT\%H:\%M:00Z)" >> /tmp/logs/retrain-weather.log 2>&1"#)
    }

    /// What cron hands to /bin/sh (every `\%` turned back into `%`) runs, and `--as-of` is the
    /// current minute in UTC.
    @Test func theJobLineRunsUnderShAsCronWouldRunIt() throws {
        let directory = try TemporaryDirectory(prefix: "retrain-crontab")
        let root = (directory.path as NSString).standardizingPath
        let fake = try directory.write("#!/bin/sh\nprintf '%s\\n' \"$PWD\" \"$@\"\n", to: "bin/retrain", mode: 0o755)
        let lines = CrontabEntry.lines(
            for: try pipeline("0 5 1 * *", directory: directory.child("my pipelines")),
            invocation: .host(retrain: fake, store: directory.child("store")), logDirectory: directory.path
        )
        try FileManager.default.createDirectory(atPath: directory.child("my pipelines"), withIntermediateDirectories: true)
        let command = String(lines[2].split(separator: " ", maxSplits: 5)[5]).replacingOccurrences(of: #"\%"#, with: "%")
        let result = try ChildProcess("/bin/sh", ["-c", command]).run()
        #expect(result.status == 0, "\(result.standardError)")
        let log = try String(contentsOfFile: directory.child("retrain-weather.log"), encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(Array(log.prefix(6)) == [root + "/my pipelines", "run", "--pipeline", root + "/my pipelines/pipeline.yaml", "--store", root + "/store"])
        #expect(log[6] == "--as-of")
        #expect(log[7].wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:00Z/) != nil)
    }

    @Test func theWholeCrontabWarnsWhereToPasteAndSetsTheZoneOfEveryBlock() throws {
        let text = CrontabEntry.crontab(
            for: [try pipeline("0 5 1 * *"), try pipeline("0 6 * * MON", timezone: "Europe/Berlin")],
            invocation: .host(retrain: "/usr/local/bin/retrain", store: "/srv/a"), logDirectory: "/srv/a/logs"
        )
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first?.hasPrefix("# retrain: paste at the END of the crontab") == true)
        #expect(lines.filter { $0.hasPrefix("CRON_TZ=") } == ["CRON_TZ=Asia/Seoul", "CRON_TZ=Europe/Berlin"])
        #expect(text.hasSuffix("2>&1\n"))
    }
}
