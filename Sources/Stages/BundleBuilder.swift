import Crypto
public import Foundation
import Learning
import StageContract

/// Step 5 of the pattern: assembles the serving bundle (``ServingBundle``) and refuses to
/// ship one that predicts differently from what evaluate measured.
///
/// Inputs: `model` (train's output), `data` (preprocess's), `evaluation` (evaluate's). The
/// bundle is written, then loaded back from disk the way the prediction server loads it,
/// and every raw holdout row is scored through ``InferenceModule/predict(_:)`` — the server's
/// own entry point — and compared with evaluate's predictions, which came from the
/// training-side path (the transform applied by preprocess, batch prediction). Any
/// difference in a class, or in a probability or value beyond 1e-9, is training/serving skew:
/// exit 65 naming the row. So is an evaluation of another model (`evaluation.json` holds the
/// SHA-256 of the `model.json` it scored).
///
/// Build does not look at the blessing to decide anything: the coordinator does not run it
/// for an unblessed candidate under `register: {when: blessed}`, and under `when: always` the
/// bundle records that it was not blessed.
public struct BundleBuilder: Sendable {
    public let model: URL
    public let data: URL
    public let evaluation: URL
    public let output: URL
    /// Holdout instances recorded in `self_check.json`, evenly spread over the holdout.
    public var selfCheckInstances = 8

    public init(model: URL, data: URL, evaluation: URL, output: URL) {
        self.model = model
        self.data = data
        self.evaluation = evaluation
        self.output = output
    }

    public func run(progress: (String) -> Void = { _ in }) throws {
        let modelData = try StageFiles.data("model.json", in: model, input: "model")
        let fitted = try StageFiles.reading("--input model: model.json") { try JSONDecoder().decode(FittedModel.self, from: modelData) }
        let training = try StageFiles.decode(FeatureValue.self, TrainingRecord.file, in: model, input: "model")
        let input = try DatasetInput(directory: data, input: "data")
        let transform = try input.transform()
        let record = try StageFiles.decode(EvaluationRecord.self, EvaluationRecord.file, in: evaluation, input: "evaluation")
        let digest = SHA256.hash(data: modelData).map { String(format: "%02x", $0) }.joined()
        guard record.modelSHA256 == digest else {
            throw StageFailure.badInput(
                "--input evaluation scored another model (model.json sha256 \(record.modelSHA256.prefix(12))…, this one is \(digest.prefix(12))…)")
        }
        let metrics = try StageFiles.decode([String: FeatureValue].self, "metrics.json", in: evaluation, input: "evaluation")
        let blessing = try StageFiles.decode(Blessing.self, Blessing.file, in: evaluation, input: "evaluation")
        let module = try StageFiles.reading("--input model does not fit --input data's transform") {
            try InferenceModule(transform: transform, model: fitted)
        }
        let rows = try input.holdoutRows()
        let instances = try HoldoutInstances.make(rows, schema: module.inputSchema)
        let expected = try StageFiles.reading("--input evaluation: \(PredictionsTable.directory)/") {
            try PredictionsTable.read(from: evaluation.appendingPathComponent(PredictionsTable.directory), classes: module.classes)
        }
        guard expected.count == instances.count else {
            throw StageFailure.badInput(
                "--input evaluation has \(expected.count) holdout predictions, --input data \(instances.count) holdout rows")
        }

        let chosen = Self.spread(count: min(selfCheckInstances, instances.count), over: instances.count)
        let selfCheck = SelfCheck(instances: chosen.map { instances[$0].dictionary }, expected: Self.subset(expected, chosen))
        let metadata = BundleMetadata(
            algorithm: fitted.algorithm,
            params: [
                "preprocess": input.dataset.params,
                "train": training["params"] ?? .null,
                "evaluate": try FeatureValue.converting(record.params),
            ],
            label: input.dataset.label, labelType: input.dataset.labelType.rawValue,
            classes: module.isClassifier ? module.classes : nil, featureNames: transform.featureNames,
            dataWindow: input.dataset.window,
            metrics: metrics.compactMapValues { if case .number(let value) = $0 { value } else { nil } },
            blessed: blessing.blessed, reasons: blessing.reasons,
            stages: Self.stages(input.dataset.stage, training["stage"], record.stage))
        let bundle = try StageFiles.reading("assembling the bundle") {
            try ServingBundle(module: module, metadata: metadata, selfCheck: selfCheck)
        }
        try StageFiles.writing("the bundle") { try bundle.write(toDirectory: output) }
        try StageFiles.writing(ServingBundle.File.modelCard) {
            try Data(ModelCard.text(metadata: metadata, schema: module.inputSchema).utf8)
                .write(to: output.appendingPathComponent(ServingBundle.File.modelCard))
        }

        // The skew check: load what was written, as the server will, and score every row.
        // (Its self check, a few of these rows, comes after: every row names its row.)
        let loaded: ServingBundle
        do {
            loaded = try ServingBundle(contentsOfDirectory: output, checkingItself: false)
        } catch {
            throw StageFailure.badInput("skew check failed: the written bundle does not load: \(error)")
        }
        let served: PredictionBatch
        do {
            served = try loaded.module.predict(instances)
        } catch {
            throw StageFailure.badInput("skew check failed: the bundle cannot score the holdout rows: \(error)")
        }
        // Then the same rows read field by field: the path the server answers a plain request with.
        if let difference = served.firstDisagreement(with: expected, rowName: "holdout row")
            ?? loaded.module.fieldByFieldDisagreement(instances, expected: expected, rowName: "holdout row")
        {
            throw StageFailure.badInput(
                "skew check failed: the bundle's predictions (serving) differ from evaluate's (training): \(difference)")
        }
        do {
            try loaded.runSelfCheck()
        } catch {
            throw StageFailure.badInput("skew check failed: the written bundle does not load: \(error)")
        }
        var figures = Metrics()
        figures["skew_checked_rows"] = .integer(served.count)
        figures["skew_max_difference"] = .number(Self.largestDifference(served, expected))
        try StageFiles.writing("metrics.json") { try figures.write(toDirectory: output) }
        progress("skew check: \(served.count) holdout rows scored through the bundle (as records and field by field) agree with evaluate")
    }

    /// `count` row indices spread evenly over `0..<total`, first row included.
    static func spread(count: Int, over total: Int) -> [Int] {
        guard count > 0 else { return [] }
        return (0..<count).map { $0 * total / count }
    }

    static func subset(_ batch: PredictionBatch, _ rows: [Int]) -> PredictionBatch {
        guard batch.isClassification else { return PredictionBatch(values: rows.map { batch.values[$0] }) }
        return PredictionBatch(
            classes: batch.classes, classIndices: rows.map { batch.classIndices[$0] },
            probabilities: rows.flatMap { batch.probabilities(at: $0) })
    }

    static func largestDifference(_ a: PredictionBatch, _ b: PredictionBatch) -> Double {
        let left = a.isClassification ? a.probabilities : a.values
        let right = b.isClassification ? b.probabilities : b.values
        return zip(left, right).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }

    static func stages(_ preprocess: StageIdentity, _ train: FeatureValue?, _ evaluate: StageIdentity) -> [String: String] {
        var result = [preprocess.name: preprocess.version, evaluate.name: evaluate.version]
        result[StageIdentity.build.name] = StageIdentity.build.version
        if case .object(let fields)? = train, case .string(let name)? = fields["name"], case .string(let version)? = fields["version"] {
            result[name] = version
        }
        return result
    }
}
