public import ArgumentParser
import Foundation
public import StageContract

/// `retrain-build`: step 5 of the pattern. Inputs: `model` (train's output), `data`
/// (preprocess's) and `evaluation` (evaluate's); the output directory is the serving bundle.
public struct BuildCommand: StageCommand {
    public static let configuration = CommandConfiguration(
        commandName: "retrain-build",
        abstract: "Assemble the serving bundle and check it predicts exactly what evaluate measured."
    )

    @OptionGroup public var stage: StageOptions

    public init() {}

    public func run() async throws {
        let stage = self.stage
        await StageMain.run("retrain-build") {
            _ = try ParamsDecoder().decode(BuildParams.self, fromFile: stage.params)
            let model = try stage.input(named: "model")
            let data = try stage.input(named: "data")
            let evaluation = try stage.input(named: "evaluation")
            let output = try stage.prepareOutputDirectory()
            try BundleBuilder(model: model, data: data, evaluation: evaluation, output: output).run { line in
                StageMain.progress("retrain-build", line)
            }
        }
    }
}
