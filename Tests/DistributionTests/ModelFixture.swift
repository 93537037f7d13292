import Artifacts
import Distribution
import Foundation
import Logging
import Registry
import Synchronization
import TestSupport

/// A temporary store with a registry, and a quick way to register versions with unique
/// bundles (random bytes, so no two tests ever share a blob on the registry).
final class ModelFixture {
    let directory: TemporaryDirectory
    let store: BlobStore
    let registry: Registry

    init() throws {
        directory = try TemporaryDirectory(prefix: "retrain-distribution")
        store = try BlobStore(root: directory.child("store"))
        registry = try Registry(store: store)
    }

    /// Registers the next version of `model`: a bundle of a directory holding `size` random
    /// bytes and a small params file, with lineage metadata.
    @discardableResult
    func register(_ model: String = "weather", size: Int = 4096, blessed: Bool = true) throws -> ModelVersion {
        let tree = directory.child("tree-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: tree, withIntermediateDirectories: true)
        try RandomBytes.read(size).write(to: URL(fileURLWithPath: tree + "/model.bin"))
        try Data(#"{"alpha":0.5}"#.utf8).write(to: URL(fileURLWithPath: tree + "/params.json"))
        let bundle = try store.put(directory: tree)
        try FileManager.default.removeItem(atPath: tree)
        let metadata = JSONValue.object([
            "blessed": .bool(blessed),
            "metrics": .object(["rmse": .number(1.25), "mae": .number(0.75)]),
            "run": .string("run-\(UUID().uuidString.prefix(8))"),
            "window": .object(["from": .string("2026-11-01"), "to": .string("2026-11-29")]),
        ])
        return try registry.register(model: RegistryName(model), bundle: bundle.digest, metadata: metadata)
    }
}

/// A client that talks plain HTTP to the loopback test registries.
func withInsecureClient<Result: Sendable>(
    credentials: RegistryCredentials? = nil,
    logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
    _ change: (inout DistributionClient.Configuration) -> Void = { _ in },
    _ body: (DistributionClient) async throws -> Result
) async throws -> Result {
    var configuration = DistributionClient.Configuration()
    configuration.allowsInsecureLoopback = true
    configuration.credentials = CredentialStore(credentials: credentials)
    change(&configuration)
    return try await DistributionClient.withClient(configuration: configuration, logger: logger, body)
}

/// Keeps every message logged through it, so a test can see what the client did.
final class LogRecorder: Sendable {
    private let messages = Mutex<[String]>([])

    var recorded: [String] { messages.withLock { $0 } }

    func logger() -> Logger {
        var logger = Logger(label: "test") { _ in Handler(recorder: self) }
        logger.logLevel = .trace
        return logger
    }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let line = "\(event.message) \(event.metadata.map { "\($0)" } ?? "")"
            recorder.messages.withLock { $0.append(line) }
        }
    }
}
