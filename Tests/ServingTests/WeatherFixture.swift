import Artifacts
import Foundation
import Learning
import Registry
import Testing
import TestSupport

@testable import Serving

/// A store made the way an operator makes one: `retrain run` of `examples/weather` with the
/// built stage executables, for two months, so the model `weather-rain` has two real versions
/// (serving bundles built by `retrain-build`). Made once per test process; tests that change
/// aliases or blobs work on their own copy (``copyStore()``).
final class WeatherFixture: Sendable {
    static let model = "weather-rain"
    static let shared = Result { try WeatherFixture() }

    /// The run of one month: what it registered and the outputs the skew test compares with.
    struct Run: Sendable {
        var version: Int
        var preprocessOutput: Digest
        var evaluateOutput: Digest
    }

    let directory: TemporaryDirectory
    let runs: [Run]
    var store: String { directory.child("store") }

    static var pipeline: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/weather/pipeline.yaml").path
    }

    private init() throws {
        directory = try TemporaryDirectory(prefix: "retrain-serve-weather")
        var runs: [Run] = []
        for month in ["2015-01-01", "2015-02-01"] {
            let result = try ChildProcess(
                BuiltProducts.executable("retrain"),
                ["run", "--pipeline", Self.pipeline, "--as-of", month, "--store", directory.child("store"), "--json"]
            ).run()
            guard result.status == 0,
                let record = try JSONSerialization.jsonObject(with: result.standardOutput) as? [String: Any],
                let version = record["version"] as? Int,
                let stages = record["stages"] as? [[String: Any]]
            else {
                throw Failure(description: "retrain run --as-of \(month) failed (\(result.status)): \(result.standardError)")
            }
            func output(_ name: String) throws -> Digest {
                guard let text = stages.first(where: { $0["name"] as? String == name })?["output"] as? String else {
                    throw Failure(description: "run \(month) has no output for \(name)")
                }
                return try Digest(parsing: text)
            }
            runs.append(Run(version: version, preprocessOutput: try output("preprocess"), evaluateOutput: try output("evaluate")))
        }
        self.runs = runs
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A private copy of the store, for a test that moves aliases or damages blobs.
    func copyStore() throws -> (directory: TemporaryDirectory, store: String) {
        let copy = try TemporaryDirectory(prefix: "retrain-serve-store")
        try FileManager.default.copyItem(atPath: store, toPath: copy.child("store"))
        return (copy, copy.child("store"))
    }

    /// The registry of a store copy.
    static func registry(_ store: String) throws -> Registry {
        try Registry(store: BlobStore(root: store))
    }

    /// Points `production` of the copy at `version` (forced, so an unblessed month works too).
    static func promote(_ version: Int, in store: String) throws {
        try registry(store).promote(
            model: try RegistryName(model), version: version, alias: try RegistryName("production", kind: "alias"),
            actor: "serving-test", reason: "test", force: true)
    }

    /// Extracts a stage output or bundle from the shared store.
    func extract(_ digest: Digest, into directory: TemporaryDirectory, as name: String) throws -> String {
        let target = directory.child(name)
        try BlobStore(root: store).extract(digest, into: target)
        return target
    }

    /// A version's bundle loaded exactly as the server loads it.
    func loadedModel(version: Int) throws -> LoadedModel {
        let record = try Self.registry(store).version(version, of: try RegistryName(Self.model))
        let scratch = try TemporaryDirectory(prefix: "retrain-serve-bundle")
        let bundle = try extract(record.bundle.digest, into: scratch, as: "bundle")
        let model = try BundleModelLoader().load(bundleDirectory: bundle)
        return LoadedModel(
            identity: ModelIdentity(name: Self.model, version: version, digest: record.bundle.digest, alias: "production", lineage: record.metadata),
            model: model)
    }

    /// One holdout row of a month as a request instance, read from preprocess's raw holdout
    /// table: numbers as numbers, strings as strings, missing cells as `null`.
    func holdoutInstances(of run: Run, fields: [InputField]) throws -> [[String: Any]] {
        let scratch = try TemporaryDirectory(prefix: "retrain-serve-holdout")
        let data = try extract(run.preprocessOutput, into: scratch, as: "data")
        let table = try Table(contentsOfDirectory: URL(fileURLWithPath: data + "/holdout/raw", isDirectory: true))
        var instances = [[String: Any]](repeating: [:], count: table.rowCount)
        for field in fields {
            let column = try #require(table.column(named: field.name), "holdout has column \(field.name)")
            switch field.type {
            case .number:
                let values = try #require(column.numbers)
                for row in 0..<table.rowCount { instances[row][field.name] = values[row].isNaN ? NSNull() as Any : values[row] as Any }
            case .string:
                let values = try #require(column.strings)
                for row in 0..<table.rowCount { instances[row][field.name] = values[row].map { $0 as Any } ?? NSNull() }
            }
        }
        return instances
    }

    /// Evaluate's holdout predictions of a month: the predicted class and the probability of
    /// each class (column `probability:<class>`), per row.
    func evaluatePredictions(of run: Run) throws -> (predictions: [Double], probabilities: [[String: Double]]) {
        let scratch = try TemporaryDirectory(prefix: "retrain-serve-evaluation")
        let evaluation = try extract(run.evaluateOutput, into: scratch, as: "evaluation")
        let table = try Table(contentsOfDirectory: URL(fileURLWithPath: evaluation + "/predictions", isDirectory: true))
        let predictions = try #require(table.column(named: "prediction")?.numbers)
        var probabilities = [[String: Double]](repeating: [:], count: table.rowCount)
        for column in table.columns where column.name.hasPrefix("probability:") {
            let label = String(column.name.dropFirst("probability:".count))
            let values = try #require(column.numbers)
            for row in 0..<table.rowCount { probabilities[row][label] = values[row] }
        }
        return (predictions, probabilities)
    }
}
