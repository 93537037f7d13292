import ArgumentParser
import Pipeline

/// `retrain resume RUN_ID`: continue a failed run from the stage that failed.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue a failed run: reuse the stages that succeeded, run the rest (a new run record with resumed_from)."
    )

    @OptionGroup var store: StoreOptions
    @Argument(help: "The failed run's id (see retrain runs list).") var runID: String
    @Option(help: "The pipeline file (default: the one the run used).") var pipeline: String?
    @Flag(help: "Wait for a running run of this pipeline instead of exiting 3.") var wait = false
    @Flag(help: "Print the run record as JSON on stdout.") var json = false

    func run() async throws {
        let store = try self.store.openStore()
        let previous = try RunStore(store: store).load(runID)
        let spec = try PipelineSpec.load(file: pipeline ?? previous.pipelineFile)
        let request = RunRequest(runner: previous.runner, waitForLock: wait, resume: runID, heartbeat: true, progress: ProgressLines.printer())
        try await RunCommand.execute(spec: spec, store: store, request: request, json: json)
    }
}
