import Foundation
import Testing
import TestSupport

/// The example pipeline end to end, as the README runs it: `retrain run` with the built
/// stage executables, on the committed Seattle weather data.
@Suite struct WeatherPipelineTests {
    let retrain = BuiltProducts.executable("retrain")
    static let pipeline = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/weather/pipeline.yaml").path

    func run(asOf: String, store: String) throws -> ChildProcess.Result {
        try ChildProcess(retrain, ["run", "--pipeline", Self.pipeline, "--as-of", asOf, "--store", store, "--json"]).run()
    }

    func versions(store: String) throws -> [[String: Any]] {
        let shown = try ChildProcess(retrain, ["models", "show", "weather-rain", "--json", "--store", store]).run()
        #expect(shown.status == 0, "\(shown.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: shown.standardOutput) as? [[String: Any]])
    }

    func production(store: String) throws -> Int? {
        let list = try ChildProcess(retrain, ["models", "list", "--json", "--store", store]).run()
        let models = try #require(try JSONSerialization.jsonObject(with: list.standardOutput) as? [[String: Any]])
        return (models.first { $0["model"] as? String == "weather-rain" }?["aliases"] as? [String: Int])?["production"]
    }

    @Test func firstRunRegistersAndPromotesAndASecondRunIsUpToDate() throws {
        let directory = try TemporaryDirectory(prefix: "retrain-weather")
        let store = directory.child("store")
        let first = try run(asOf: "2015-01-01", store: store)
        #expect(first.status == 0, "\(first.standardError)")
        let record = try #require(try JSONSerialization.jsonObject(with: first.standardOutput) as? [String: Any])
        #expect(record["status"] as? String == "succeeded")
        #expect(record["version"] as? Int == 1)
        #expect(record["promoted"] as? String == "production")
        let stages = try #require(record["stages"] as? [[String: Any]])
        #expect(stages.map { $0["name"] as? String } == ["collect", "preprocess", "train", "evaluate", "build"])
        #expect(stages.allSatisfy { $0["status"] as? String == "succeeded" })
        let evaluate = try #require(stages.first { $0["name"] as? String == "evaluate" })
        let metrics = try #require(evaluate["metrics"] as? [String: Any])
        #expect((metrics["roc_auc"] as? Double ?? 0) >= 0.55, "the pipeline's threshold")
        #expect(metrics["holdout_rows"] as? Int == 73)
        #expect(try production(store: store) == 1)

        // The registered bundle is the serving bundle build wrote.
        let version = try #require(try versions(store: store).first)
        let bundle = try #require((version["version"] as? [String: Any])?["bundle"] as? [String: Any])
        let digest = try #require(bundle["digest"] as? String)
        let extracted = directory.child("bundle")
        let get = try ChildProcess(retrain, ["store", "get", digest, extracted, "--extract", "--store", store]).run()
        #expect(get.status == 0, "\(get.standardError)")
        let files = try FileManager.default.contentsOfDirectory(atPath: extracted).sorted()
        #expect(files == ["MODEL_CARD.md", "input_schema.json", "metadata.json", "metrics.json", "model.json", "self_check.json", "transform.json"])

        let second = try run(asOf: "2015-01-01", store: store)
        #expect(second.status == 0, "\(second.standardError)")
        let again = try #require(try JSONSerialization.jsonObject(with: second.standardOutput) as? [String: Any])
        #expect(again["status"] as? String == "up_to_date")
        #expect(second.standardError.contains("up to date"))
        #expect(try versions(store: store).count == 1)
    }

    @Test func successiveMonthsRetrainAgainstTheChampion() throws {
        let directory = try TemporaryDirectory(prefix: "retrain-weather")
        let store = directory.child("store")
        var expectedVersion = 0
        for month in ["2015-01-01", "2015-02-01", "2015-03-01", "2015-04-01", "2015-05-01", "2015-06-01"] {
            let result = try run(asOf: month, store: store)
            let record = try #require(try JSONSerialization.jsonObject(with: result.standardOutput) as? [String: Any], "\(month): \(result.standardError)")
            let stages = try #require(record["stages"] as? [[String: Any]])
            let evaluate = try #require(stages.first { $0["name"] as? String == "evaluate" })
            // From the second month on, the candidate is compared with production.
            if expectedVersion > 0 {
                let inputs = try #require(evaluate["inputs"] as? [String: Any])
                #expect(inputs["champion"] != nil, "\(month): the champion is an input")
            }
            switch record["status"] as? String {
            case "succeeded":
                #expect(result.status == 0)
                expectedVersion += 1
                #expect(record["version"] as? Int == expectedVersion, "\(month)")
                #expect(try production(store: store) == expectedVersion)
            case "rejected":
                #expect(result.status == 2)
                let blessing = try #require(evaluate["blessing"] as? [String: Any])
                #expect(!(blessing["reasons"] as? [String] ?? []).isEmpty, "\(month): a rejection says why")
            default:
                Issue.record("\(month): \(record["status"] ?? "nil"): \(result.standardError)")
            }
        }
        #expect(expectedVersion >= 4, "most months retrain and promote")
    }
}
