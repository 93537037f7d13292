public import ArgumentParser
import Foundation
public import StageContract

/// `retrain-train`: step 3 of the pattern. `--input data=DIR` is preprocess's output.
public struct TrainCommand: StageCommand {
    public static let configuration = CommandConfiguration(
        commandName: "retrain-train",
        abstract: "Fit logistic regression or ridge regression on the preprocessed train rows."
    )

    @OptionGroup public var stage: StageOptions

    public init() {}

    public func run() async throws {
        let stage = self.stage
        await StageMain.run("retrain-train") {
            let params = try ParamsDecoder().decode(TrainParams.self, fromFile: stage.params)
            let data = try stage.input(named: "data")
            let output = try stage.prepareOutputDirectory()
            try Trainer(params: params, data: data, output: output).run { line in
                StageMain.progress("retrain-train", line)
            }
        }
    }
}
