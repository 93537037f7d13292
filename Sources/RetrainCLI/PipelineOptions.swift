import ArgumentParser
import Foundation
import Pipeline

/// `--pipeline FILE`, shared by run, schedule, backfill and crontab.
///
/// Default: `$RETRAIN_PIPELINE`, else `./pipeline.yaml` when it exists, else the example
/// `examples/weather/pipeline.yaml` (the embedded default the README's first command runs).
struct PipelineOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The pipeline file (default: $RETRAIN_PIPELINE, ./pipeline.yaml, else examples/weather/pipeline.yaml).", valueName: "file"))
    var pipeline: String?

    var pipelineFile: String {
        pipeline ?? Self.defaultFile
    }

    /// The pipeline file when `--pipeline` is not given.
    static var defaultFile: String {
        if let fromEnvironment = ProcessInfo.processInfo.environment["RETRAIN_PIPELINE"], !fromEnvironment.isEmpty { return fromEnvironment }
        if FileManager.default.fileExists(atPath: "pipeline.yaml") { return "pipeline.yaml" }
        return "examples/weather/pipeline.yaml"
    }

    func load() throws -> PipelineSpec {
        try PipelineSpec.load(file: pipelineFile)
    }
}
