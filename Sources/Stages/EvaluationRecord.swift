/// `evaluation.json` in evaluate's output: which model was scored on how many holdout rows,
/// with which params, by which stage. Build refuses an evaluation of another model.
public struct EvaluationRecord: Sendable, Codable, Equatable {
    public static let file = "evaluation.json"

    /// SHA-256 (hex) of the `model.json` evaluated.
    public var modelSHA256: String
    public var holdoutRows: Int
    /// Whether a champion was compared.
    public var champion: Bool
    public var params: EvaluateParams
    public var stage: StageIdentity

    private enum CodingKeys: String, CodingKey {
        case champion, params, stage
        case modelSHA256 = "model_sha256"
        case holdoutRows = "holdout_rows"
    }
}
