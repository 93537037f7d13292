import ArgumentParser

/// `--pipeline FILE`, repeatable, for the commands that take several pipelines (schedule, crontab).
///
/// Without any, the one default `PipelineOptions` uses ($RETRAIN_PIPELINE, ./pipeline.yaml, the example).
struct PipelineFilesOptions: ParsableArguments {
    @Option(name: .customLong("pipeline"), help: ArgumentHelp("A pipeline file; repeat for several (default: $RETRAIN_PIPELINE, ./pipeline.yaml, else examples/weather/pipeline.yaml).", valueName: "file"))
    var pipelines: [String] = []

    var files: [String] { pipelines.isEmpty ? [PipelineOptions.defaultFile] : pipelines }
}
