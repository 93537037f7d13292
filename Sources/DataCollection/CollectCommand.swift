public import ArgumentParser
import Foundation
import Learning
import ProgressReporting
public import StageContract

/// `retrain-collect`: step 1 of the pattern, a time window of fresh data from a source.
///
/// `retrain-collect --output DIR --params FILE` (collect takes no inputs). See `Collector`
/// for what it writes and `CollectParams` for the params.
public struct CollectCommand: StageCommand {
    public static let configuration = CommandConfiguration(
        commandName: "retrain-collect",
        abstract: "Collect a time window of data from CSV files, SQLite or PostgreSQL."
    )

    @OptionGroup public var stage: StageOptions

    public init() {}

    public func run() async throws {
        let stage = self.stage
        await StageMain.run("retrain-collect") {
            let params = try ParamsDecoder().decode(CollectParams.self, fromFile: stage.params)
            let output = try stage.prepareOutputDirectory()
            let start = Date()
            let result = try await Collector(params: params, output: output).run { line in
                StageMain.progress("retrain-collect", line)
            }
            let seconds = Date().timeIntervalSince(start)
            StageMain.progress(
                "retrain-collect",
                "wrote \(result.rows) rows in \(ProgressLine.fixed(seconds, decimals: 2)) s"
            )
        }
    }
}
