public import ArgumentParser
import Foundation
public import StageContract

/// `retrain-preprocess`: step 2 of the pattern. `--input data=DIR` is collect's output.
public struct PreprocessCommand: StageCommand {
    public static let configuration = CommandConfiguration(
        commandName: "retrain-preprocess",
        abstract: "Split train and holdout rows and fit the feature transform (impute, scale, one-hot)."
    )

    @OptionGroup public var stage: StageOptions

    public init() {}

    public func run() async throws {
        let stage = self.stage
        await StageMain.run("retrain-preprocess") {
            let params = try ParamsDecoder().decode(PreprocessParams.self, fromFile: stage.params)
            let data = try stage.input(named: "data")
            let output = try stage.prepareOutputDirectory()
            let clock = StageClock()
            try Preprocessor(params: params, data: data, output: output).run { line in
                StageMain.progress("retrain-preprocess", line)
            }
            StageMain.progress("retrain-preprocess", "done in \(clock.elapsed)")
        }
    }
}
