import Foundation
import Testing
import TestSupport

/// `retrain models/promote/rollback/gc` as operators run them.
@Suite struct RegistryCommandTests {
    let retrain = BuiltProducts.executable("retrain")

    func run(_ arguments: [String], store: String) throws -> ChildProcess.Result {
        try ChildProcess(retrain, arguments + ["--store", store]).run()
    }

    /// Stores a bundle and registers it with `blessed` metadata; returns the version printed.
    func register(_ label: String, in directory: TemporaryDirectory, blessed: Bool = true) throws -> Int {
        let store = directory.child("store")
        try directory.write("weights of \(label)\n", to: "bundles/\(label)/model.txt")
        let put = try run(["store", "put", directory.child("bundles/\(label)")], store: store)
        let digest = try #require(put.output.split(separator: "\n").last.map(String.init))
        let metadata = try directory.write(#"{"blessed":\#(blessed),"metrics":{"roc_auc":0.8},"run_id":"\#(label)"}"#, to: "\(label).json")
        let registered = try run(["models", "register", "weather", digest, "--metadata", metadata], store: store)
        #expect(registered.status == 0, "\(registered.standardError)")
        return try #require(Int(registered.output.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test func registerPromoteRegisterPromoteRollbackLeavesProductionOnOne() throws {
        let directory = try TemporaryDirectory()
        let store = directory.child("store")
        #expect(try register("first", in: directory) == 1)
        #expect(try run(["promote", "weather", "1", "--actor", "alice", "--reason", "first model"], store: store).status == 0)
        #expect(try register("second", in: directory) == 2)
        #expect(try run(["promote", "weather", "2", "--actor", "bob", "--reason", "better auc"], store: store).status == 0)
        #expect(try run(["rollback", "weather", "--actor", "carol", "--reason", "complaints"], store: store).status == 0)
        let history = try run(["models", "history", "weather", "--json"], store: store)
        let entries = try #require(try JSONSerialization.jsonObject(with: history.standardOutput) as? [[String: Any]])
        #expect(entries.count == 3)
        #expect(entries.map { $0["actor"] as? String } == ["alice", "bob", "carol"])
        #expect(entries.map { $0["reason"] as? String } == ["first model", "better auc", "complaints"])
        #expect(entries.map { $0["action"] as? String } == ["promote", "promote", "rollback"])
        #expect(entries.map { $0["to"] as? Int } == [1, 2, 1])
        let list = try run(["models", "list", "--json"], store: store)
        let models = try #require(try JSONSerialization.jsonObject(with: list.standardOutput) as? [[String: Any]])
        #expect((models.first?["aliases"] as? [String: Int])?["production"] == 1)
    }

    @Test func skopeoInspectsAndCopiesTheStoresTags() throws {
        let skopeo = "/usr/bin/skopeo"
        try #require(FileManager.default.isExecutableFile(atPath: skopeo), "skopeo is missing: scripts/test installs it")
        let directory = try TemporaryDirectory()
        let store = directory.child("store")
        _ = try register("first", in: directory)
        _ = try register("second", in: directory)
        #expect(try run(["promote", "weather", "2"], store: store).status == 0)
        let inspect = try ChildProcess(skopeo, ["inspect", "--raw", "oci:\(store):weather:production"]).run()
        #expect(inspect.status == 0, "\(inspect.standardError)")
        let manifest = try #require(try JSONSerialization.jsonObject(with: inspect.standardOutput) as? [String: Any])
        #expect(manifest["artifactType"] as? String == "application/vnd.retrain.model.v1")
        let copy = try ChildProcess(skopeo, ["copy", "oci:\(store):weather:2", "oci:\(directory.child("elsewhere")):weather:2"]).run()
        #expect(copy.status == 0, "\(copy.standardError)")
        let copied = try ChildProcess(skopeo, ["inspect", "--raw", "oci:\(directory.child("elsewhere")):weather:2"]).run()
        #expect(copied.standardOutput == inspect.standardOutput)
    }

    @Test func promotesKilledAtRandomPointsNeverLeaveAHalfMovedAlias() throws {
        let directory = try TemporaryDirectory()
        let store = directory.child("store")
        _ = try register("first", in: directory)
        _ = try register("second", in: directory)
        var generator = SplitMix64(seed: 2026)
        var killed = 0
        for attempt in 0..<200 {
            let target = attempt % 2 + 1
            let process = try ChildProcess(retrain, ["promote", "weather", "\(target)", "--store", store, "--reason", "attempt \(attempt)"]).start()
            usleep(UInt32(generator.next() % 40_000))
            if process.isRunning { kill(process.processIdentifier, SIGKILL); killed += 1 }
            process.waitUntilExit()
            // The alias names a complete version, the history parses (no torn line), and
            // index.json's production tag agrees with the alias.
            let aliasesPath = store + "/registry/models/weather/aliases.json"
            guard FileManager.default.fileExists(atPath: aliasesPath) else { continue }
            let state = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: aliasesPath))) as? [String: Any])
            let production = try #require((state["aliases"] as? [String: Int])?["production"])
            #expect([1, 2].contains(production))
            let history = try #require(state["history"] as? [[String: Any]])
            #expect(history.last?["to"] as? Int == production)
            // index.json is derived state (rewritten after the alias file); whatever it holds,
            // its production tag names one of the two complete version manifests.
            let index = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: store + "/index.json"))) as? [String: Any])
            let tagged = Dictionary((index["manifests"] as? [[String: Any]] ?? []).compactMap { entry -> (String, String)? in
                guard let tag = (entry["annotations"] as? [String: String])?["org.opencontainers.image.ref.name"], let digest = entry["digest"] as? String else { return nil }
                return (tag, digest)
            }, uniquingKeysWith: { a, _ in a })
            if let digest = tagged["weather:production"] {
                #expect(digest == tagged["weather:1"] || digest == tagged["weather:2"])
            }
        }
        #expect(killed > 20, "too few promotes were interrupted to prove anything")
        // After all the kills, the store is intact and one more promote works and fixes the index.
        #expect(try run(["store", "verify"], store: store).status == 0)
        #expect(try run(["promote", "weather", "1"], store: store).status == 0)
        let show = try run(["models", "show", "weather", "1", "--json"], store: store)
        #expect(show.output.contains("production"))
    }

    @Test func twoConcurrentPromotesAreBothRecordedAndTheLaterWins() throws {
        let directory = try TemporaryDirectory()
        let store = directory.child("store")
        for label in ["a", "b", "c"] { _ = try register(label, in: directory) }
        #expect(try run(["promote", "weather", "1"], store: store).status == 0)
        let processes = try [2, 3].map { version in
            try ChildProcess(retrain, ["promote", "weather", "\(version)", "--store", store, "--actor", "p\(version)"]).start()
        }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let history = try #require(try JSONSerialization.jsonObject(with: try run(["models", "history", "weather", "--json"], store: store).standardOutput) as? [[String: Any]])
        #expect(history.count == 3)
        let second = history[1], third = history[2]
        #expect(Set([second["to"] as? Int, third["to"] as? Int]) == [2, 3])
        #expect(third["from"] as? Int == second["to"] as? Int)
        let list = try #require(try JSONSerialization.jsonObject(with: try run(["models", "list", "--json"], store: store).standardOutput) as? [[String: Any]])
        #expect((list.first?["aliases"] as? [String: Int])?["production"] == third["to"] as? Int)
    }

    @Test func badInputGetsOneClearLineAndChangesNothing() throws {
        let directory = try TemporaryDirectory()
        let store = directory.child("store")
        _ = try register("first", in: directory, blessed: false)
        let indexBefore = try Data(contentsOf: URL(fileURLWithPath: store + "/index.json"))
        let badMetadata = try directory.write("{ not json", to: "bad.json")
        let cases: [([String], String)] = [
            (["promote", "nope", "1"], "unknown model 'nope'"),
            (["promote", "weather", "7"], "no version 7"),
            (["promote", "weather", "1"], "not blessed"),
            (["promote", "Weather", "1"], "invalid model name 'Weather'"),
            (["promote", "weather", "1", "--alias", "../x"], "invalid alias name '../x'"),
            (["rollback", "weather"], "no alias 'production'"),
            (["models", "show", "weather", "4"], "no version 4"),
            (["models", "register", "weather", "sha256:" + String(repeating: "a", count: 64)], "not in the store"),
            (["models", "register", "weather", "sha256:" + String(repeating: "a", count: 64), "--metadata", badMetadata], "bad.json"),
        ]
        for (arguments, expected) in cases {
            let result = try run(arguments, store: store)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.standardError.contains(expected), "\(arguments): \(result.standardError)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: store + "/index.json")) == indexBefore)
        #expect(try run(["models", "history", "weather"], store: store).output.contains("no alias"))
    }

    @Test func gcOnTheCommandLineDryRunThenForReal() throws {
        let directory = try TemporaryDirectory()
        let store = directory.child("store")
        for i in 1...10 { _ = try register("v\(i)", in: directory) }
        #expect(try run(["promote", "weather", "9"], store: store).status == 0)
        #expect(try run(["promote", "weather", "10"], store: store).status == 0)
        let blobs = try FileManager.default.contentsOfDirectory(atPath: store + "/blobs/sha256").count
        let dry = try run(["gc", "--dry-run", "--keep-versions", "2", "--history-entries", "1", "--grace", "0s"], store: store)
        #expect(dry.status == 0, "\(dry.standardError)")
        #expect(dry.output.contains("would remove"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: store + "/blobs/sha256").count == blobs)
        let real = try run(["gc", "--keep-versions", "2", "--history-entries", "1", "--grace", "0s"], store: store)
        #expect(real.status == 0, "\(real.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: store + "/blobs/sha256").count < blobs)
        #expect(try run(["rollback", "weather"], store: store).status == 0)
        #expect(try run(["store", "verify"], store: store).status == 0)
    }
}
