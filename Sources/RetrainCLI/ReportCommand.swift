import ArgumentParser
import Foundation
import Pipeline
import Reporting

/// `retrain report`: one self-contained HTML page of every version and run.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write an HTML report: metrics over time, who served when, runs, data per window."
    )

    @OptionGroup var store: StoreOptions
    @Option(name: .long, help: ArgumentHelp("Only these pipelines' runs and models (repeatable; default: everything in the store).", valueName: "file"))
    var pipeline: [String] = []
    @Option(help: "Where to write the report.") var out = "report.html"

    func run() async throws {
        let names = try pipeline.map { try PipelineSpec.load(file: $0).name }
        let data = try ReportData.load(store: store.openStore(), pipelines: names)
        try HTMLReport(data: data).write(to: out)
        printError("wrote \(out) (\(data.runs.count) runs, \(data.models.reduce(0) { $0 + $1.versions.count }) versions)")
    }
}
