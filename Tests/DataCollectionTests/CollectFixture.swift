import DataCollection
import Foundation
import Learning
import StageContract
import TestSupport

/// A scratch directory with a params file and an output directory, for running collect in
/// process or as the real executable.
struct CollectFixture {
    let scratch: ScratchDirectory

    init() throws {
        scratch = try ScratchDirectory(prefix: "retrain-collect")
    }

    var output: URL { scratch.url("out") }

    func writeParams(_ json: String) throws -> String {
        try scratch.write(json, to: "params.json")
        return scratch.path("params.json")
    }

    /// Runs the `Collector` in process; the result or the `CollectError`.
    func collect(_ json: String, threads: Int = 2, chunkSize: Int = 8 << 20, environment: [String: String]? = nil) async throws -> CollectResult {
        let params = try ParamsDecoder().decode(CollectParams.self, from: Data(json.utf8), file: "params.json")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        var collector = Collector(params: params, output: output)
        collector.threads = threads
        collector.chunkSize = chunkSize
        if let environment { collector.environment = environment }
        return try await collector.run()
    }

    /// Runs the built `retrain-collect` executable.
    func run(_ json: String, environment: [String: String] = [:]) throws -> StageProcess.Result {
        let params = try writeParams(json)
        return try StageProcess.run(
            "retrain-collect", arguments: ["--output", output.path, "--params", params],
            environment: environment, currentDirectory: scratch.url
        )
    }

    func table() throws -> Table {
        try Table(contentsOfDirectory: output)
    }

    func metrics() throws -> [String: Any] {
        let data = try Data(contentsOf: output.appendingPathComponent("metrics.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    func rejected() throws -> String {
        try String(decoding: Data(contentsOf: output.appendingPathComponent("rejected.csv")), as: UTF8.self)
    }
}
