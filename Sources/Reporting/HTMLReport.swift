import Artifacts
public import Foundation
import Pipeline
import Registry

/// The operator's report: one self-contained HTML file (inline CSS and SVG; no script, no font
/// and nothing else fetched from any network) with metrics over time, who served when, every
/// run with its stages, and the data each window brought.
///
/// Accessibility: every chart has a text title and description, marks differ by shape as well
/// as colour, and a table with the same numbers follows each chart.
public struct HTMLReport: Sendable {
    public let data: ReportData

    public init(data: ReportData) {
        self.data = data
    }

    /// Metrics shown first when a model reports them, in this order.
    static let preferredMetrics = ["roc_auc", "accuracy", "f1", "log_loss", "rmse", "mae", "r2", "precision", "recall"]

    public func render() -> String {
        var body = "<header><h1>\(HTML.escape(data.title))</h1><p class=\"meta\">Generated \(HTML.escape(ChartFormat.time(data.generated))). "
        body += "\(data.runs.count) runs, \(data.models.reduce(0) { $0 + $1.versions.count }) versions.</p></header>"
        if data.runs.isEmpty && data.models.isEmpty {
            body += "<main><p class=\"empty\" id=\"no-runs\">This store has no runs yet. Run a pipeline (<code>retrain run</code>) and generate the report again.</p></main>"
            return page(body)
        }
        body += "<nav><a href=\"#metrics\">Metrics over time</a> · <a href=\"#serving\">Who served when</a> · <a href=\"#runs\">Runs</a> · <a href=\"#data\">Data</a></nav><main>"
        body += metricsSection() + servingSection() + runsSection() + dataSection()
        return page(body + "</main>")
    }

    /// Writes the report atomically (temp + fsync + rename), so a reader never sees half a page.
    public func write(to path: String) throws {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        try FileSystem.makeDirectories((absolute as NSString).deletingLastPathComponent)
        try FileSystem.writeAtomically(Array(render().utf8), to: absolute)
    }

    // MARK: Sections

    private func metricsSection() -> String {
        var html = "<section id=\"metrics\"><h2>Metrics over time</h2>"
        html += "<p>Each registered version's holdout metrics against the end of its data window. Crosses are candidates the evaluation rejected; squares are the champion scored on the same holdout in the same run.</p>"
        for model in data.models {
            let names = metricNames(model)
            if names.isEmpty { html += "<p class=\"empty\">\(HTML.escape(model.name)): no metrics recorded.</p>"; continue }
            html += "<h3>\(HTML.escape(model.name))</h3>"
            let runs = data.runs.filter { $0.model == model.name }
            for metric in names {
                var versions = TimeSeriesChart.Series(name: "registered version", points: [], marker: .circle, line: .straight, cssClass: "s-version")
                for version in model.versions {
                    guard let value = version.metrics[metric], let end = version.windowEnd else { continue }
                    versions.points.append(.init(x: end, y: value, label: "version \(version.version): \(metric) \(ChartFormat.number(value)), window ends \(ChartFormat.day(end))\(version.blessed ? "" : " (not blessed)")"))
                }
                var rejected = TimeSeriesChart.Series(name: "rejected candidate", points: [], marker: .cross, cssClass: "s-rejected")
                var champion = TimeSeriesChart.Series(name: "champion, same holdout", points: [], marker: .square, cssClass: "s-champion")
                for run in runs {
                    guard let asOf = run.asOfDate, let gate = run.gate else { continue }
                    if run.status == .rejected, let value = gate.metrics?[metric]?.numberValue {
                        let reasons = gate.blessing?["reasons"]?.arrayValue?.compactMap(\.stringValue).joined(separator: "; ") ?? ""
                        rejected.points.append(.init(x: asOf, y: value, label: "run \(run.id) rejected: \(metric) \(ChartFormat.number(value)) \(reasons)"))
                    }
                    if let value = championValue(gate.comparison, metric: metric), gate.note == nil || run.status != .upToDate {
                        champion.points.append(.init(x: asOf, y: value, label: "run \(run.id): champion \(metric) \(ChartFormat.number(value))"))
                    }
                }
                let chart = TimeSeriesChart(
                    id: "metric-\(slug(model.name))-\(slug(metric))", title: "\(model.name): \(metric) over time",
                    description: "\(versions.points.count) registered versions, \(rejected.points.count) rejected candidates, \(champion.points.count) champion scores. "
                        + (versions.points.last.map { "Latest version: \(ChartFormat.number($0.y)) for the window ending \(ChartFormat.day($0.x))." } ?? ""),
                    yLabel: metric, series: [versions, rejected, champion].filter { !$0.points.isEmpty }
                )
                html += "<figure>\(chart.svg())<figcaption>\(HTML.escape(model.name)): \(HTML.escape(metric)) of each version and candidate.</figcaption></figure>"
            }
            var rows: [[String]] = model.versions.map { version in
                ["version \(version.version)", version.windowEnd.map(ChartFormat.day) ?? "-", version.blessed ? "blessed" : "not blessed"]
                    + names.map { version.metrics[$0].map(ChartFormat.number) ?? "-" } + [""]
            }
            for run in runs where run.status == .rejected {
                let reasons = run.gate?.blessing?["reasons"]?.arrayValue?.compactMap(\.stringValue).joined(separator: "; ") ?? (run.reason ?? "")
                rows.append(["run \(run.id)", String(run.asOf.prefix(10)), "rejected"] + names.map { run.gate?.metrics?[$0]?.numberValue.map(ChartFormat.number) ?? "-" } + [reasons])
            }
            html += HTML.table(caption: "\(model.name): versions and rejected candidates", header: ["what", "window end", "verdict"] + names + ["reasons"], rows: rows)
            let comparisons = runs.compactMap { run -> [String]? in
                guard let gate = run.gate, let comparison = gate.comparison, comparison.objectValue?.isEmpty == false else { return nil }
                return [run.id, String(run.asOf.prefix(10)), run.status.rawValue] + names.map { metric in
                    let candidate = gate.metrics?[metric]?.numberValue.map(ChartFormat.number) ?? "-"
                    let champ = championValue(comparison, metric: metric).map(ChartFormat.number) ?? "-"
                    return "\(candidate) vs \(champ)"
                }
            }
            if !comparisons.isEmpty {
                html += HTML.table(caption: "\(model.name): champion/challenger per run (candidate vs champion)", header: ["run", "as of", "outcome"] + names, rows: comparisons)
            }
        }
        return html + "</section>"
    }

    private func servingSection() -> String {
        var html = "<section id=\"serving\"><h2>Who served when</h2><p>The version each alias pointed at over time. Upward triangles are promotions, downward ones rollbacks; hover a mark for who did it and why.</p>"
        for model in data.models {
            let aliases = Array(Set(model.aliases.history.map(\.alias.value))).sorted { ($0 == "production" ? "" : $0) < ($1 == "production" ? "" : $1) }
            html += "<h3>\(HTML.escape(model.name))</h3>"
            guard !aliases.isEmpty else { html += "<p class=\"empty\">No alias of \(HTML.escape(model.name)) has been moved yet.</p>"; continue }
            var series: [TimeSeriesChart.Series] = []
            let markers: [TimeSeriesChart.Marker] = [.circle, .square, .diamond, .cross]
            for (index, alias) in aliases.enumerated() {
                let entries = model.aliases.history.filter { $0.alias.value == alias }
                var line = TimeSeriesChart.Series(name: alias, points: [], marker: markers[index % markers.count], line: .step, cssClass: "s-alias-\(index)")
                for entry in entries {
                    line.points.append(.init(x: entry.time, y: Double(entry.to), label: "\(alias) \(entry.from.map(String.init) ?? "-") → \(entry.to) (\(entry.action.rawValue)\(entry.forced ? ", forced" : "")) by \(entry.actor) at \(ChartFormat.time(entry.time))\(entry.reason.map { ": \($0)" } ?? "")"))
                }
                series.append(line)
                var moves = TimeSeriesChart.Series(name: "\(alias) promote", points: [], marker: .triangleUp, cssClass: "s-promote")
                var rollbacks = TimeSeriesChart.Series(name: "\(alias) rollback", points: [], marker: .triangleDown, cssClass: "s-rollback")
                for entry in entries {
                    let point = TimeSeriesChart.Point(x: entry.time, y: Double(entry.to), label: "\(entry.action.rawValue) to \(entry.to) by \(entry.actor)\(entry.reason.map { ": \($0)" } ?? "")")
                    if entry.action == .rollback { rollbacks.points.append(point) } else { moves.points.append(point) }
                }
                series += [moves, rollbacks].filter { !$0.points.isEmpty }
            }
            let chart = TimeSeriesChart(
                id: "serving-\(slug(model.name))", title: "\(model.name): version behind each alias over time",
                description: "\(model.aliases.history.count) alias moves. Now: " + model.aliases.aliases.sorted { $0.key < $1.key }.map { "\($0.key) → version \($0.value)" }.joined(separator: ", ") + ".",
                yLabel: "version", series: series, integerY: true
            )
            html += "<figure>\(chart.svg())<figcaption>\(HTML.escape(model.name)): alias moves.</figcaption></figure>"
            html += HTML.table(caption: "\(model.name): alias history", header: ["time", "alias", "action", "from", "to", "actor", "reason"], rows: model.aliases.history.map {
                [ChartFormat.time($0.time), $0.alias.value, $0.action.rawValue + ($0.forced ? " (forced)" : ""), $0.from.map(String.init) ?? "-", "\($0.to)", $0.actor, $0.reason ?? ""]
            })
        }
        return html + "</section>"
    }

    private func runsSection() -> String {
        var html = "<section id=\"runs\"><h2>Runs</h2><p>Every run, oldest at the top: its outcome in words, a bar per stage as long as the stage took (hatched: taken from the cache; struck through: failed).</p>"
        let shown = Array(data.runs.suffix(200))
        html += "<figure>\(RunTimelineChart(id: "runs-timeline", runs: shown).svg())<figcaption>Stage durations per run.</figcaption></figure>"
        html += HTML.table(caption: "Runs", header: ["run", "pipeline", "as of", "outcome", "took", "stages (cached)", "version", "reason"], rows: shown.map { run in
            [run.id, run.pipeline, String(run.asOf.prefix(10)), run.status.rawValue.replacingOccurrences(of: "_", with: " "), run.duration.map(ChartFormat.seconds) ?? "-",
             run.stages.map { "\($0.name)\($0.status == .cached ? " (cached)" : $0.status == .failed ? " (failed)" : "")" }.joined(separator: ", "),
             run.version.map { "\(run.model) \($0)\(run.promoted.map { " → \($0)" } ?? "")" } ?? "-", run.reason ?? ""]
        })
        let failures = shown.filter { $0.status == .failed }
        if !failures.isEmpty {
            html += "<h3>Failures</h3>"
            for run in failures {
                let stage = run.failedStage.flatMap { run.stage($0) }
                html += "<details open=\"open\" class=\"failure\"><summary>\(HTML.escape(run.id)): \(HTML.escape(run.failedStage ?? "run")) failed after \(stage?.attempts.count ?? 0) attempt(s)</summary>"
                html += "<p>\(HTML.escape(run.reason ?? ""))</p>"
                for attempt in stage?.attempts ?? [] {
                    let end = attempt.timedOut ? "timed out" : attempt.signal.map { "signal \($0)" } ?? attempt.exitStatus.map { "exit \($0)" } ?? "?"
                    html += "<p>attempt \(attempt.number): \(HTML.escape(end))</p><pre>\(HTML.escape(attempt.logTail.joined(separator: "\n")))</pre>"
                }
                html += "</details>"
            }
        }
        return html + "</section>"
    }

    private func dataSection() -> String {
        var html = "<section id=\"data\"><h2>Data</h2><p>What each run's window held: rows read and rows set aside, and each feature's mean and share of missing values, so drift between windows shows.</p>"
        let windows = data.runs.filter { $0.status != .skipped || $0.stages.first?.metrics != nil }.compactMap { run -> (RunRecord, Date)? in
            run.asOfDate.map { (run, $0) }
        }
        var latest: [Date: RunRecord] = [:]
        for (run, date) in windows where run.stages.contains(where: { $0.metrics?["rows"] != nil }) { latest[date] = run }
        let ordered = latest.sorted { $0.key < $1.key }
        guard !ordered.isEmpty else { return html + "<p class=\"empty\">No run has reported its rows yet.</p></section>" }
        var rows = TimeSeriesChart.Series(name: "rows", points: [], marker: .circle, line: .straight, cssClass: "s-version")
        var rejected = TimeSeriesChart.Series(name: "rejected rows", points: [], marker: .cross, line: .straight, cssClass: "s-rejected")
        var table: [[String]] = []
        var means: [String: [(Date, Double)]] = [:]
        var missing: [String: [(Date, Double)]] = [:]
        for (date, run) in ordered {
            let source = run.stages.first { $0.metrics?["rows"] != nil }
            let count = source?.metrics?["rows"]?.numberValue ?? 0
            let dropped = source?.metrics?["rejected_rows"]?.numberValue ?? 0
            rows.points.append(.init(x: date, y: count, label: "window ending \(ChartFormat.day(date)): \(ChartFormat.number(count)) rows"))
            rejected.points.append(.init(x: date, y: dropped, label: "window ending \(ChartFormat.day(date)): \(ChartFormat.number(dropped)) rejected rows"))
            table.append([ChartFormat.day(date), run.id, ChartFormat.number(count), ChartFormat.number(dropped)])
            for stage in run.stages {
                for (key, value) in stage.metrics?.objectValue ?? [:] {
                    guard let number = value.numberValue else { continue }
                    if key.hasPrefix("mean.") { means[String(key.dropFirst(5)), default: []].append((date, number)) }
                    if key.hasPrefix("missing_share.") { missing[String(key.dropFirst(14)), default: []].append((date, number)) }
                }
            }
        }
        let chart = TimeSeriesChart(id: "data-rows", title: "Rows per window", description: "\(ordered.count) windows; latest \(ChartFormat.number(rows.points.last?.y ?? 0)) rows, \(ChartFormat.number(rejected.points.last?.y ?? 0)) rejected.",
                                    yLabel: "rows", series: [rows, rejected])
        html += "<figure>\(chart.svg())<figcaption>Rows read and rows rejected per window.</figcaption></figure>"
        html += HTML.table(caption: "Rows per window", header: ["window end", "run", "rows", "rejected rows"], rows: table)
        for (title, values, id, label) in [("Feature means per window", means, "data-means", "mean"), ("Missing share per feature per window", missing, "data-missing", "missing share")] where !values.isEmpty {
            let markers: [TimeSeriesChart.Marker] = [.circle, .square, .diamond, .triangleUp, .triangleDown, .cross]
            let features = values.keys.sorted()
            let series = features.enumerated().map { index, feature in
                TimeSeriesChart.Series(name: feature, points: values[feature, default: []].map { .init(x: $0.0, y: $0.1, label: "\(feature): \(ChartFormat.number($0.1)) in the window ending \(ChartFormat.day($0.0))") },
                                       marker: markers[index % markers.count], line: .straight, cssClass: "s-alias-\(index % 4)")
            }
            let chart = TimeSeriesChart(id: id, title: title, description: "\(features.count) features over \(ordered.count) windows.", yLabel: label, series: series)
            html += "<figure>\(chart.svg())<figcaption>\(HTML.escape(title)).</figcaption></figure>"
            let dates = Array(Set(values.values.flatMap { $0.map(\.0) })).sorted()
            html += HTML.table(caption: title, header: ["window end"] + features, rows: dates.map { date in
                [ChartFormat.day(date)] + features.map { feature in values[feature, default: []].first { $0.0 == date }.map { ChartFormat.number($0.1) } ?? "-" }
            })
        }
        return html + "</section>"
    }

    // MARK: Helpers

    private func metricNames(_ model: ReportData.Model) -> [String] {
        var names = Set(model.versions.flatMap { $0.metrics.keys })
        for run in data.runs where run.model == model.name {
            for (key, value) in run.gate?.metrics?.objectValue ?? [:] where value.numberValue != nil { names.insert(key) }
        }
        let preferred = Self.preferredMetrics.filter(names.contains)
        return Array((preferred + names.subtracting(preferred).sorted()).prefix(4))
    }

    /// The champion's value of `metric` in a `comparison.json`: retrain-evaluate's
    /// `{"champion": {"metrics": {...}, …}}`, or the simpler `{"champion": {...}}` or a flat
    /// object that other evaluate stages may write.
    private func championValue(_ comparison: JSONValue?, metric: String) -> Double? {
        comparison?["champion"]?["metrics"]?[metric]?.numberValue
            ?? comparison?["champion"]?[metric]?.numberValue ?? comparison?[metric]?.numberValue
    }

    private func slug(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    private func page(_ body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>\(HTML.escape(data.title))</title><style>\(Self.css)</style></head>
        <body>\(body)<footer><p>Made by <code>retrain report</code>. Everything on this page is in this one file.</p></footer></body></html>
        """
    }

    static let css = """
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;background:#fff;margin:0 auto;max-width:960px;padding:16px 24px}
        h1{font-size:24px;margin:8px 0}h2{font-size:20px;margin-top:32px;border-bottom:1px solid #ccc}h3{font-size:16px}
        .meta,figcaption,.empty{color:#444}nav{margin:8px 0 16px}a{color:#0b57d0}
        figure{margin:12px 0}svg.chart{width:100%;height:auto;font-size:11px}
        .grid{stroke:#e3e3e3}.axis{stroke:#555}.tick{fill:#444}.label{fill:#222;font-size:12px}
        .line{fill:none;stroke-width:1.6}.mark{stroke-width:1.5}.cross{fill:none}
        .s-version .mark,.s-version.line{stroke:#0b57d0}.s-version .mark{fill:#0b57d0}
        .s-rejected .mark,.s-rejected.line{stroke:#b3261e}.s-rejected .mark{fill:none}
        .s-champion .mark{fill:#fff;stroke:#5f6368}
        .s-promote .mark{fill:#137333;stroke:#137333}.s-rollback .mark{fill:#b3261e;stroke:#b3261e}
        .s-alias-0.line,.s-alias-0 .mark{stroke:#0b57d0}.s-alias-0 .mark{fill:#0b57d0}
        .s-alias-1.line,.s-alias-1 .mark{stroke:#7b1fa2}.s-alias-1 .mark{fill:#7b1fa2}
        .s-alias-2.line,.s-alias-2 .mark{stroke:#e37400}.s-alias-2 .mark{fill:#e37400}
        .s-alias-3.line,.s-alias-3 .mark{stroke:#00838f}.s-alias-3 .mark{fill:#00838f}
        .legend text{fill:#222}
        .stage{stroke:#333;stroke-width:.5;fill:#8ab4f8}.stage-failed{fill:#f28b82}.stage-skipped{fill:#eee}
        .hatch-bg{fill:#e8f0fe}.hatch-line{stroke:#5f6368;stroke-width:2}.failed-mark{stroke:#b3261e;stroke-width:2}
        .run-label{fill:#222}.status-failed .run-label{font-weight:bold}
        table{border-collapse:collapse;margin:8px 0 16px;width:100%;font-size:13px}caption{text-align:left;font-weight:600;padding:4px 0}
        th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}th{background:#f3f3f3}
        pre{background:#f6f6f6;padding:8px;overflow-x:auto;font-size:12px}details{margin:8px 0}
        footer{margin-top:32px;color:#666;font-size:12px}
        @media print{nav{display:none}}
        """
}
