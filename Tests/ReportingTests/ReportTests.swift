import Artifacts
import Foundation
import Pipeline
import Registry
import Reporting
import Testing
import TestSupport

/// The report of a store built by a year of monthly runs (one rejected, one rollback),
/// checked as markup, by its chart points, and rendered in a real headless Chromium.
@Suite(.serialized) struct ReportTests {
    /// Twelve monthly runs of a shell-stage pipeline whose evaluation rejects one month, then a
    /// rollback of production. Returns the store and what was made.
    static func makeYearOfRuns(in directory: TemporaryDirectory) async throws -> (store: BlobStore, runs: [RunRecord]) {
        let store = try BlobStore(root: directory.child("store"))
        try ShellStage.write("collect.sh", in: directory, body: """
            month=$(sed 's/.*"as_of":"[0-9]*-\\([0-9]*\\)-.*/\\1/' "$PARAMS")
            month=${month#0}
            cp "$PARAMS" "$OUT/data.json"
            echo "{\\"rows\\": $((300 + month)), \\"rejected_rows\\": $((month % 3)), \\"mean.temp_max\\": $((10 + month)), \\"missing_share.wind\\": 0.0$month}" > "$OUT/metrics.json"
            """)
        try ShellStage.write("evaluate.sh", in: directory, body: """
            month=$(sed 's/.*"as_of":"[0-9]*-\\([0-9]*\\)-.*/\\1/' "$INPUT_data/data.json")
            auc="0.8$month"; blessed=true; reasons='[]'
            if [ "$month" = "07" ]; then auc="0.61"; blessed=false; reasons='["roc_auc 0.61 < min 0.75"]'; fi
            echo "{\\"roc_auc\\": $auc, \\"accuracy\\": 0.7$month}" > "$OUT/metrics.json"
            echo "{\\"blessed\\": $blessed, \\"reasons\\": $reasons}" > "$OUT/blessing.json"
            if [ -n "$INPUT_champion" ]; then echo '{"champion": {"roc_auc": 0.8, "accuracy": 0.7}}' > "$OUT/comparison.json"; fi
            """)
        try ShellStage.write("build.sh", in: directory, body: #"cat "$INPUT_data/data.json" > "$OUT/model.json""#)
        try directory.write("""
            name: weather
            model: weather-rain
            stages:
              collect: {run: ./collect.sh, params: {window: 365d, as_of: "${as_of}"}}
              evaluate: {run: ./evaluate.sh, inputs: {data: collect, champion: "@production"}}
              build: {run: ./build.sh, inputs: {data: collect, evaluation: evaluate}}
            register: {from: build, promote: production}
            """, to: "pipeline.yaml")
        let spec = try PipelineSpec.load(file: directory.child("pipeline.yaml"))
        var runs: [RunRecord] = []
        for month in 1...12 {
            let asOf = String(format: "2014-%02d-01", month)
            runs.append(try await Coordinator(spec: spec, store: store).run(RunRequest(asOf: asOf)))
        }
        let registry = try Registry(store: store)
        try registry.rollback(model: RegistryName("weather-rain"), alias: RegistryName("production", kind: "alias"), actor: "oncall", reason: "complaints about the December model")
        return (store, runs)
    }

    @Test func aYearOfRunsMakesAWellFormedReportWithEveryPoint() async throws {
        let directory = try TemporaryDirectory(prefix: "retrain-report")
        let (store, runs) = try await Self.makeYearOfRuns(in: directory)
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
        #expect(html.contains("roc_auc 0.61 &lt; min 0.75"))
        #expect(html.contains("complaints about the December model"))
        #expect(document.chartsWithoutTextAlternative.isEmpty)
        #expect(document.tableCount >= 6)
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") || !html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http://"))
        #expect(!html.contains("https://"))
    }

    @Test func chromiumRendersTheReportWithoutConsoleErrors() async throws {
        try #require(HeadlessChromium.executable != nil, "chromium is missing: scripts/test installs it")
        let directory = try TemporaryDirectory(prefix: "retrain-report")
        let (store, _) = try await Self.makeYearOfRuns(in: directory)
        let page = directory.child("report.html")
        try HTMLReport(data: try ReportData.load(store: store, pipelines: [])).write(to: page)
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
