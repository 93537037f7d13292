/// `training.json` in train's output: the params as used (defaults filled in), the rows and
/// features fitted on, and the stage that did it. Build copies it into the bundle metadata.
public struct TrainingRecord: Sendable, Codable, Equatable {
    public static let file = "training.json"

    public var params: TrainParams
    public var rows: Int
    public var features: Int
    public var stage: StageIdentity

    public init(params: TrainParams, rows: Int, features: Int, stage: StageIdentity) {
        self.params = params
        self.rows = rows
        self.features = features
        self.stage = stage
    }
}
