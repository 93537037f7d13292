public import ArgumentParser
import Foundation
public import StageContract

/// `retrain-evaluate`: step 4 of the pattern. Inputs: `model` (train's output), `data`
/// (preprocess's) and, optionally, `champion` (the production serving bundle).
public struct EvaluateCommand: StageCommand {
    public static let configuration = CommandConfiguration(
        commandName: "retrain-evaluate",
        abstract: "Score the candidate on the holdout, check the service level, compare with the champion."
    )

    @OptionGroup public var stage: StageOptions

    public init() {}

    public func run() async throws {
        let stage = self.stage
        await StageMain.run("retrain-evaluate") {
            let params = try ParamsDecoder().decode(EvaluateParams.self, fromFile: stage.params)
            let model = try stage.input(named: "model")
            let data = try stage.input(named: "data")
            let champion = stage.optionalInput(named: "champion")
            let output = try stage.prepareOutputDirectory()
            try Evaluator(params: params, model: model, data: data, champion: champion, output: output).run { line in
                StageMain.progress("retrain-evaluate", line)
            }
        }
    }
}
