import Artifacts
import Foundation
import Pipeline
import Registry
import Reporting
import Testing
import TestSupport

/// The report of a store built by a real backfill of the example — `retrain backfill` of
/// examples/weather for the twelve months of 2015, with the built stage executables — in which
/// October's candidate misses the pipeline's roc_auc threshold and is rejected, followed by a
/// rollback of production. Checked as markup, by its chart points, and rendered in a real
/// headless Chromium.
@Suite(.serialized) struct ReportTests {
    /// The backfilled store, made once per test process (the runs take a while in debug).
    final class YearOfRuns: Sendable {
        static let shared = Result { try YearOfRuns() }

        let directory: TemporaryDirectory
        let store: BlobStore
        let runs: [RunRecord]

        static var pipeline: String {
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("examples/weather/pipeline.yaml").path
        }

        private init() throws {
            directory = try TemporaryDirectory(prefix: "retrain-report")
            let root = directory.child("store")
            let backfill = try ChildProcess(
                BuiltProducts.executable("retrain"),
                ["backfill", "--pipeline", Self.pipeline, "--from", "2015-01-01", "--to", "2016-01-01", "--store", root]
            ).run()
            // A rejected month is a result, not a failure: backfill goes on and exits 0.
            guard backfill.status == 0, backfill.standardError.contains("12 of 12 fire times run (11 succeeded, 1 rejected)") else {
                throw TestServiceError("retrain backfill exited \(backfill.status): \(backfill.standardError)")
            }
            store = try BlobStore(root: root)
            let records = try RunStore(store: store)
            runs = try records.ids().map { try records.load($0) }
            let registry = try Registry(store: store)
            try registry.rollback(
                model: RegistryName("weather-rain"), alias: RegistryName("production", kind: "alias"), actor: "oncall",
                reason: "complaints about the December model")
        }
    }

    @Test func aYearOfRunsMakesAWellFormedReportWithEveryPoint() async throws {
        let year = try YearOfRuns.shared.get()
        let (store, runs) = (year.store, year.runs)
        #expect(runs.count == 12)
        #expect(runs.filter { $0.status == .succeeded }.count == 11)
        #expect(runs.filter { $0.status == .rejected }.count == 1)
        let html = HTMLReport(data: try ReportData.load(store: store, pipelines: ["weather"])).render()
        let document = try ReportMarkup(html)

        // Metrics over time: 11 versions and 1 rejected candidate per metric; a champion score
        // for every run after the first.
        #expect(document.points(in: "metric-weather-rain-roc-auc", series: "registered version") == 11)
        #expect(document.points(in: "metric-weather-rain-roc-auc", series: "rejected candidate") == 1)
        #expect(document.points(in: "metric-weather-rain-roc-auc", series: "champion, same holdout") == 11)
        #expect(document.points(in: "metric-weather-rain-accuracy", series: "registered version") == 11)
        // Who served when: 11 promotions and 1 rollback.
        #expect(document.points(in: "serving-weather-rain", series: "production") == 12)
        #expect(document.points(in: "serving-weather-rain", series: "production promote") == 11)
        #expect(document.points(in: "serving-weather-rain", series: "production rollback") == 1)
        // Runs and data.
        #expect(document.points(in: "runs-timeline", series: "runs") == 12)
        #expect(document.points(in: "data-rows", series: "rows") == 12)
        #expect(document.points(in: "data-means", series: "temp_max") == 12)
        #expect(document.points(in: "data-missing", series: "wind") == 12)
        // Reasons, actors and text alternatives are on the page.
        #expect(html.contains("roc_auc 0.5599 &lt; min 0.56"), "October's rejection reason is on the page")
        #expect(html.contains("complaints about the December model"))
        #expect(document.chartsWithoutTextAlternative.isEmpty)
        #expect(document.tableCount >= 6)
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") || !html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http://"))
        #expect(!html.contains("https://"))
    }

    @Test func chromiumRendersTheReportWithoutConsoleErrors() async throws {
        try #require(HeadlessChromium.executable != nil, "chromium is missing: scripts/test installs it")
        let year = try YearOfRuns.shared.get()
        let scratch = try TemporaryDirectory(prefix: "retrain-report-page")
        let page = scratch.child("report.html")
        try HTMLReport(data: try ReportData.load(store: year.store, pipelines: [])).write(to: page)
        let output = TestOutput.directory + "/report-screenshot.png"
        let rendering = try HeadlessChromium.render(page, screenshot: output)
        #expect(rendering.status == 0)
        #expect(rendering.consoleErrors.isEmpty, "\(rendering.consoleErrors)")
        let size = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
        #expect(size > 10_000, "no screenshot at \(output)")
        print("report screenshot for a person to look at: \(output)")
    }

    @Test func aStoreWithNoRunsSaysSo() throws {
        let directory = try TemporaryDirectory(prefix: "retrain-report")
        let store = try BlobStore(root: directory.child("store"))
        let html = HTMLReport(data: try ReportData.load(store: store, pipelines: [])).render()
        _ = try ReportMarkup(html)
        #expect(html.contains("id=\"no-runs\""))
        #expect(html.contains("no runs yet"))
    }
}
