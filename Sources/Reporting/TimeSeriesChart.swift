import Foundation

/// A chart of values over time as inline SVG: one or more series, each with its own marker
/// shape (so it reads without colour), optionally joined by lines or steps.
///
/// Every point is a `<g class="point">` with a `<title>`, so hovering names it, tests can
/// count it, and screen readers get the summary in the chart's `<title>`/`<desc>`.
struct TimeSeriesChart {
    enum Marker: String {
        case circle, cross, square, triangleUp, triangleDown, diamond
    }

    struct Point {
        var x: Date
        var y: Double
        var label: String
    }

    struct Series {
        var name: String
        var points: [Point]
        var marker: Marker
        var line: LineStyle = .none
        var cssClass: String
    }

    enum LineStyle { case none, straight, step }

    var id: String
    var title: String
    var description: String
    var yLabel: String
    var series: [Series]
    var integerY = false
    var width = 880.0
    var height = 250.0

    func svg() -> String {
        let left = 64.0, right = 16.0, top = 16.0, bottom = 56.0
        let points = series.flatMap(\.points)
        guard let minX = points.map({ $0.x.timeIntervalSince1970 }).min(), let maxX = points.map({ $0.x.timeIntervalSince1970 }).max(),
              let minY = points.map(\.y).min(), let maxY = points.map(\.y).max() else {
            return "<p class=\"empty\">\(HTML.escape(title)): no data yet.</p>"
        }
        let xPad = max((maxX - minX) * 0.03, 86400)
        let x = LinearScale(domain: (minX - xPad)...(maxX + xPad), range: (left, width - right))
        let yPad = integerY ? 0.5 : max((maxY - minY) * 0.1, abs(maxY) * 0.01)
        let y = LinearScale(domain: (minY - yPad)...(maxY + yPad), range: (height - bottom, top))
        var svg = """
            <svg id="\(id)" class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(id)-title \(id)-desc" xmlns="http://www.w3.org/2000/svg">\
            <title id="\(id)-title">\(HTML.escape(title))</title><desc id="\(id)-desc">\(HTML.escape(description))</desc>
            """
        // Axes and grid.
        let yTicks = integerY ? Array(stride(from: (minY).rounded(.up), through: maxY, by: max(1, ((maxY - minY) / 6).rounded(.up)))) : y.ticks(5)
        for tick in yTicks {
            let position = y(tick)
            svg += "<line class=\"grid\" x1=\"\(f(left))\" y1=\"\(f(position))\" x2=\"\(f(width - right))\" y2=\"\(f(position))\"/>"
            svg += "<text class=\"tick\" x=\"\(f(left - 6))\" y=\"\(f(position + 4))\" text-anchor=\"end\">\(HTML.escape(ChartFormat.number(tick)))</text>"
        }
        for tick in ChartFormat.timeTicks(x.domain) {
            let position = x(tick)
            svg += "<line class=\"axis\" x1=\"\(f(position))\" y1=\"\(f(height - bottom))\" x2=\"\(f(position))\" y2=\"\(f(height - bottom + 4))\"/>"
            svg += "<text class=\"tick\" x=\"\(f(position))\" y=\"\(f(height - bottom + 17))\" text-anchor=\"middle\">\(HTML.escape(ChartFormat.tick(Date(timeIntervalSince1970: tick), monthly: ChartFormat.isMonthly(x.domain))))</text>"
        }
        svg += "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(height - bottom))\" x2=\"\(f(width - right))\" y2=\"\(f(height - bottom))\"/>"
        svg += "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(height - bottom))\"/>"
        svg += "<text class=\"label\" x=\"14\" y=\"\(f((top + height - bottom) / 2))\" transform=\"rotate(-90 14 \(f((top + height - bottom) / 2)))\" text-anchor=\"middle\">\(HTML.escape(yLabel))</text>"
        // Series.
        for item in series {
            let sorted = item.points.sorted { $0.x < $1.x }
            if item.line != .none, sorted.count > 1 {
                var path = ""
                for (index, point) in sorted.enumerated() {
                    let px = x(point.x.timeIntervalSince1970), py = y(point.y)
                    if index == 0 {
                        path += "M\(f(px)) \(f(py))"
                    } else if item.line == .step {
                        path += " H\(f(px)) V\(f(py))"
                    } else {
                        path += " L\(f(px)) \(f(py))"
                    }
                }
                if item.line == .step, let last = sorted.last { _ = last; path += " H\(f(width - right))" }
                svg += "<path class=\"line \(item.cssClass)\" d=\"\(path)\"/>"
            }
            for point in sorted {
                svg += "<g class=\"point \(item.cssClass)\" data-series=\"\(HTML.escape(item.name))\"><title>\(HTML.escape(point.label))</title>"
                svg += marker(item.marker, x: x(point.x.timeIntervalSince1970), y: y(point.y)) + "</g>"
            }
        }
        // Legend, drawn with the same shapes as the points.
        var legendX = left
        for item in series {
            svg += "<g class=\"legend \(item.cssClass)\">" + marker(item.marker, x: legendX + 6, y: height - 14)
            svg += "<text x=\"\(f(legendX + 16))\" y=\"\(f(height - 10))\">\(HTML.escape(item.name))</text></g>"
            legendX += 30 + Double(item.name.count) * 7
        }
        return svg + "</svg>"
    }

    private func marker(_ marker: Marker, x: Double, y: Double) -> String {
        let r = 5.0
        switch marker {
        case .circle:
            return "<circle class=\"mark\" cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(r))\"/>"
        case .square:
            return "<rect class=\"mark\" x=\"\(f(x - r))\" y=\"\(f(y - r))\" width=\"\(f(2 * r))\" height=\"\(f(2 * r))\"/>"
        case .cross:
            return "<path class=\"mark cross\" d=\"M\(f(x - r)) \(f(y - r)) L\(f(x + r)) \(f(y + r)) M\(f(x - r)) \(f(y + r)) L\(f(x + r)) \(f(y - r))\"/>"
        case .triangleUp:
            return "<path class=\"mark\" d=\"M\(f(x)) \(f(y - r - 1)) L\(f(x + r + 1)) \(f(y + r)) L\(f(x - r - 1)) \(f(y + r)) Z\"/>"
        case .triangleDown:
            return "<path class=\"mark\" d=\"M\(f(x)) \(f(y + r + 1)) L\(f(x + r + 1)) \(f(y - r)) L\(f(x - r - 1)) \(f(y - r)) Z\"/>"
        case .diamond:
            return "<path class=\"mark\" d=\"M\(f(x)) \(f(y - r - 1)) L\(f(x + r + 1)) \(f(y)) L\(f(x)) \(f(y + r + 1)) L\(f(x - r - 1)) \(f(y)) Z\"/>"
        }
    }
}

/// Coordinates with one decimal: small files, no locale surprises.
func f(_ value: Double) -> String {
    String(format: "%.1f", value)
}
