public import Foundation
#if canImport(FoundationXML)
public import FoundationXML
#endif

/// A report page parsed as XML (the report is written as well-formed XHTML-compatible markup),
/// with the counts the tests need: points per chart and series, tables, text alternatives.
public final class ReportMarkup: NSObject, XMLParserDelegate {
    private var currentChart: String?
    private var counts: [String: [String: Int]] = [:]
    private var chartsWithTitle = Set<String>()
    private var charts: [String] = []
    private var inTitleOf: String?
    public private(set) var tableCount = 0

    /// Parses `html`; throws if it is not well-formed.
    public init(_ html: String) throws {
        super.init()
        let parser = XMLParser(data: Data(html.replacingOccurrences(of: "<!DOCTYPE html>", with: "").utf8))
        parser.delegate = self
        guard parser.parse() else {
            throw parser.parserError ?? NSError(domain: "ReportMarkup", code: 1, userInfo: [NSLocalizedDescriptionKey: "not well-formed"])
        }
    }

    /// How many `class="point"` marks a chart holds for a series.
    public func points(in chart: String, series: String) -> Int {
        counts[chart]?[series] ?? 0
    }

    /// Charts (`<svg role="img">`) with no `<title>` child.
    public var chartsWithoutTextAlternative: [String] {
        charts.filter { !chartsWithTitle.contains($0) }
    }

    public func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "svg":
            currentChart = attributes["id"]
            if let id = currentChart, attributes["role"] == "img" { charts.append(id) }
        case "title":
            if let chart = currentChart, attributes["id"] == "\(chart)-title" { chartsWithTitle.insert(chart) }
        case "table":
            tableCount += 1
        case "g":
            if let chart = currentChart, let classes = attributes["class"], classes.split(separator: " ").contains("point"), let series = attributes["data-series"] {
                counts[chart, default: [:]][series, default: 0] += 1
            }
        default:
            break
        }
    }

    public func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "svg" { currentChart = nil }
    }
}
