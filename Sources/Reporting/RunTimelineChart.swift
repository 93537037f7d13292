import Foundation
import Pipeline

/// One row per run: its status in words and a bar per stage whose length is the stage's
/// duration; cached stages are hatched and labelled, failed ones crossed out.
struct RunTimelineChart {
    var id: String
    var runs: [RunRecord]
    var width = 880.0

    func svg() -> String {
        guard !runs.isEmpty else { return "<p class=\"empty\">No runs yet.</p>" }
        let rowHeight = 22.0, top = 8.0, labelWidth = 300.0, right = 70.0
        let height = top + rowHeight * Double(runs.count) + 30
        let longest = max(runs.map { run in run.stages.reduce(0.0) { $0 + max($1.duration ?? 0, 0.02) } }.max() ?? 1, 0.1)
        let scale = LinearScale(domain: 0...longest, range: (labelWidth, width - right))
        let statusCount = Dictionary(grouping: runs, by: \.status).mapValues(\.count)
        let summary = statusCount.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key.rawValue.replacingOccurrences(of: "_", with: " "))" }.joined(separator: ", ")
        var svg = """
            <svg id="\(id)" class="chart runs" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(id)-title \(id)-desc" xmlns="http://www.w3.org/2000/svg">\
            <title id="\(id)-title">Runs, oldest at the top</title><desc id="\(id)-desc">\(runs.count) runs: \(HTML.escape(summary)). Each bar is a stage; its length is how long it took; hatched bars were taken from the cache.</desc>
            <defs><pattern id="\(id)-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="hatch-bg"/><line x1="0" y1="0" x2="0" y2="6" class="hatch-line"/></pattern></defs>
            """
        for (row, run) in runs.enumerated() {
            let y = top + rowHeight * Double(row)
            let status = run.status.rawValue.replacingOccurrences(of: "_", with: " ")
            svg += "<g class=\"point run status-\(run.status.rawValue)\" data-series=\"runs\"><title>\(HTML.escape("\(run.id): \(status), as of \(run.asOf)\(run.reason.map { " — \($0)" } ?? "")"))</title>"
            svg += "<text class=\"run-label\" x=\"0\" y=\"\(f(y + 15))\">\(HTML.escape(String(run.asOf.prefix(10)))) \(HTML.escape(status))</text>"
            var offset = 0.0
            for stage in run.stages {
                let duration = max(stage.duration ?? 0, stage.status == .skipped ? 0 : 0.02)
                guard duration > 0 else { continue }
                let x0 = scale(offset), x1 = scale(offset + duration)
                let fill = stage.status == .cached ? " style=\"fill:url(#\(id)-hatch)\"" : ""
                svg += "<rect class=\"stage stage-\(stage.status.rawValue)\" x=\"\(f(x0))\" y=\"\(f(y + 3))\" width=\"\(f(max(x1 - x0, 1)))\" height=\"\(f(rowHeight - 6))\"\(fill)>"
                svg += "<title>\(HTML.escape("\(stage.name): \(stage.status.rawValue)\(stage.duration.map { ", " + ChartFormat.seconds($0) } ?? "")"))</title></rect>"
                if stage.status == .failed {
                    svg += "<path class=\"failed-mark\" d=\"M\(f(x0)) \(f(y + 3)) L\(f(x1)) \(f(y + rowHeight - 3))\"/>"
                }
                offset += duration
            }
            svg += "<text class=\"tick\" x=\"\(f(scale(offset) + 4))\" y=\"\(f(y + 15))\">\(HTML.escape(run.duration.map(ChartFormat.seconds) ?? ""))</text></g>"
        }
        svg += "<text class=\"tick\" x=\"\(f(labelWidth))\" y=\"\(f(height - 8))\">0 s</text>"
        svg += "<text class=\"tick\" x=\"\(f(width - right))\" y=\"\(f(height - 8))\" text-anchor=\"end\">\(HTML.escape(ChartFormat.seconds(longest)))</text>"
        return svg + "</svg>"
    }
}
