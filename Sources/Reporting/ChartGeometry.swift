import Foundation

/// Linear scales, ticks and number/date labels shared by every chart.
struct LinearScale {
    var domain: ClosedRange<Double>
    /// Output from the domain's lower bound to its upper bound; may run backwards (SVG's y).
    var range: (from: Double, to: Double)

    init(domain: ClosedRange<Double>, range: (from: Double, to: Double)) {
        // A flat domain (one point, or equal values) still gets some room.
        if domain.upperBound - domain.lowerBound < 1e-12 {
            let pad = max(abs(domain.lowerBound) * 0.05, 1e-3)
            self.domain = (domain.lowerBound - pad)...(domain.upperBound + pad)
        } else {
            self.domain = domain
        }
        self.range = range
    }

    func callAsFunction(_ value: Double) -> Double {
        let fraction = (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
        return range.from + fraction * (range.to - range.from)
    }

    /// About `count` round tick values inside the domain.
    func ticks(_ count: Int = 5) -> [Double] {
        let span = domain.upperBound - domain.lowerBound
        let rough = span / Double(max(count, 1))
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? rough
        var value = (domain.lowerBound / step).rounded(.up) * step
        var result: [Double] = []
        while value <= domain.upperBound + step * 1e-9 && result.count < 20 {
            result.append(value)
            value += step
        }
        return result
    }
}

enum ChartFormat {
    static func number(_ value: Double) -> String {
        if value.rounded() == value && abs(value) < 1e9 { return String(Int64(value)) }
        if abs(value) >= 100 { return String(format: "%.0f", value) }
        if abs(value) >= 1 { return String(format: "%.2f", value) }
        return String(format: "%.3f", value)
    }

    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date) + " UTC"
    }

    /// `2014-07` for month ticks, `2014-07-15` otherwise.
    static func tick(_ date: Date, monthly: Bool) -> String {
        monthly ? String(day(date).prefix(7)) : day(date)
    }

    static func isMonthly(_ domain: ClosedRange<Double>) -> Bool {
        domain.upperBound - domain.lowerBound > 60 * 86400
    }

    static func seconds(_ value: Double) -> String {
        value < 60 ? String(format: "%.1f s", value) : String(format: "%d min %02d s", Int(value) / 60, Int(value) % 60)
    }

    /// Round ticks for a time axis: months when the span is long, days otherwise.
    static func timeTicks(_ domain: ClosedRange<Double>) -> [Double] {
        let span = domain.upperBound - domain.lowerBound
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let start = Date(timeIntervalSince1970: domain.lowerBound)
        let stepMonths = span > 3 * 365 * 86400 ? 6 : span > 540 * 86400 ? 3 : span > 180 * 86400 ? 2 : span > 60 * 86400 ? 1 : 0
        var ticks: [Double] = []
        if stepMonths > 0 {
            var components = calendar.dateComponents([.year, .month], from: start)
            components.day = 1
            var date = calendar.date(from: components) ?? start
            while date.timeIntervalSince1970 <= domain.upperBound && ticks.count < 24 {
                if date.timeIntervalSince1970 >= domain.lowerBound { ticks.append(date.timeIntervalSince1970) }
                date = calendar.date(byAdding: .month, value: stepMonths, to: date) ?? date.addingTimeInterval(86400 * 30)
            }
        } else {
            let scale = LinearScale(domain: domain, range: (0, 1))
            ticks = scale.ticks(5)
        }
        return ticks
    }
}
