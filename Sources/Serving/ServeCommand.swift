public import ArgumentParser
import Artifacts
import Distribution
import Foundation
import NIOCore
import Logging
import Registry

/// `retrain-serve`: answers predictions from a model in the store and follows its alias.
///
/// Exit status: 0 after a SIGTERM/SIGINT drain; 64 for bad flags; 1 when the server cannot
/// start (the store does not exist or cannot be opened, the port is taken).
public struct ServeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "retrain-serve",
        abstract: "Serve predictions from a registered model, hot-swapping it when its alias moves.",
        discussion: """
            Follows --alias (production by default) of --model in the store, or serves a fixed \
            --version, or a bundle pinned by --digest. Routes: POST /v1/predict, GET /v1/model, \
            /healthz, /readyz, /metrics, /openapi.json. SIGTERM drains in-flight requests (up to \
            10 s) and exits 0. With --registry REF the server is a replica: it follows a tag in \
            a remote OCI registry instead, pulling each new version into the local store. See \
            docs/serving.md and docs/distribution.md.
            """)

    @Option(name: .long, help: ArgumentHelp("The store directory (default: $RETRAIN_STORE, else ./artifacts).", valueName: "dir"))
    var store: String?

    @Option(name: .long, help: ArgumentHelp("The registered model to serve (with --registry: the local name to pull as; default the name it was trained under).", valueName: "name"))
    var model: String?

    @Option(name: .long, help: ArgumentHelp("Follow this tag in a remote OCI registry (host[:port]/repository:tag) instead of the local store.", valueName: "ref"))
    var registry: String?

    @Flag(help: "With --registry: plain HTTP, allowed only for a loopback registry (127.0.0.1, ::1, localhost).")
    var insecure = false

    @Option(name: .long, help: ArgumentHelp("Follow this alias (default: production).", valueName: "alias"))
    var alias: String?

    @Option(name: .long, help: ArgumentHelp("Serve this version and do not follow any alias.", valueName: "n"))
    var version: Int?

    @Option(name: .long, help: ArgumentHelp("Serve the bundle with this digest (a model baked into an image).", valueName: "sha256:…"))
    var digest: String?

    @Option(name: .long, help: ArgumentHelp("Address to listen on.", valueName: "host"))
    var host = "127.0.0.1"

    @Option(name: .long, help: ArgumentHelp("Port to listen on (0: any free port, printed in the log).", valueName: "port"))
    var port = 8080

    @Option(name: .customLong("max-body"), help: ArgumentHelp("Largest request body (413 above it).", valueName: "size"))
    var maxBody = ByteCount(bytes: 1 << 20)

    @Option(name: .customLong("max-instances"), help: ArgumentHelp("Most instances in one request (400 above it).", valueName: "n"))
    var maxInstances = 10_000

    @Option(name: .customLong("event-loops"), help: ArgumentHelp("Event loop threads for the connections (default 1; see docs/serving.md).", valueName: "n"))
    var eventLoops = 1

    @Option(name: .customLong("poll-interval"), help: ArgumentHelp("How often to check the alias or tag, in milliseconds (at most 1000; default 250, or 1000 with --registry).", valueName: "ms"))
    var pollInterval: Int?

    @Option(name: .customLong("log-format"), help: ArgumentHelp("text or json (one object per line).", valueName: "format"))
    var logFormat = "text"

    @Option(name: .customLong("log-level"), help: ArgumentHelp("trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel = "info"

    public init() {}

    public func validate() throws {
        if [alias != nil, version != nil, digest != nil].filter({ $0 }).count > 1 {
            throw ValidationError("give at most one of --alias, --version and --digest")
        }
        if let version, version < 1 { throw ValidationError("--version must be 1 or more, got \(version)") }
        if let digest, (try? Digest(parsing: digest)) == nil {
            throw ValidationError("--digest must be sha256: followed by 64 lowercase hex digits, got '\(digest)'")
        }
        if let registry {
            if alias != nil || version != nil || digest != nil {
                throw ValidationError("--registry follows the tag its reference names; drop --alias, --version and --digest")
            }
            guard let reference = try? RemoteReference(parsing: registry), reference.tag != nil || reference.digest != nil else {
                throw ValidationError("--registry must be host[:port]/repository:tag (or @sha256:…), got '\(registry)'")
            }
            if insecure && !reference.isLoopback {
                throw ValidationError("--insecure is allowed only for a loopback registry, not \(reference.host)")
            }
        } else {
            guard model != nil else { throw ValidationError("give --model (or --registry for a replica)") }
            if insecure { throw ValidationError("--insecure only applies with --registry") }
        }
        if let model, (try? RegistryName(model)) == nil { throw ValidationError("--model '\(model)' is not a valid model name") }
        if let alias, (try? RegistryName(alias, kind: "alias")) == nil { throw ValidationError("--alias '\(alias)' is not a valid alias name") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535, got \(port)") }
        guard maxInstances >= 1 else { throw ValidationError("--max-instances must be 1 or more") }
        guard (1...64).contains(eventLoops) else { throw ValidationError("--event-loops must be 1…64, got \(eventLoops)") }
        if let pollInterval, !(10...1000).contains(pollInterval) { throw ValidationError("--poll-interval must be 10…1000 ms, got \(pollInterval)") }
        guard ["text", "json"].contains(logFormat) else { throw ValidationError("--log-format must be text or json, got '\(logFormat)'") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level '\(logLevel)' is not a level") }
    }

    /// The settings the flags describe.
    var settings: ServerSettings {
        var settings = ServerSettings()
        settings.host = host
        settings.port = port
        settings.maxBody = maxBody.bytes
        settings.maxInstances = maxInstances
        settings.eventLoops = eventLoops
        // A local alias is a file read; a remote tag is a request to a shared registry.
        settings.pollInterval = .milliseconds(pollInterval ?? (registry == nil ? 250 : 1000))
        return settings
    }

    /// Which bundle of the model the flags select.
    func selection() throws -> LocalRegistrySource.Selection {
        if let version { return .version(version) }
        if let digest { return .digest(try Digest(parsing: digest)) }
        return .alias(try RegistryName(alias ?? "production", kind: "alias"))
    }

    public func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        let json = logFormat == "json"
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "retrain-serve")
        let root = store ?? ProcessInfo.processInfo.environment["RETRAIN_STORE"].flatMap { $0.isEmpty ? nil : $0 } ?? BlobStore.defaultRoot
        if let registry {
            try await runReplica(following: registry, root: root, logger: logger)
            return
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            // Opening a store creates its layout; a mistyped --store must not become an empty store.
            logger.critical("the store \(root) does not exist (use --store or RETRAIN_STORE)")
            throw ExitCode(1)
        }
        let source: LocalRegistrySource
        do {
            let registry = try Registry(store: BlobStore(root: root))
            source = LocalRegistrySource(registry: registry, model: try RegistryName(model ?? ""), selection: try selection())
        } catch {
            logger.critical("cannot open the store \(root): \(error)")
            throw ExitCode(1)
        }
        try await serve(following: source, logger: logger)
    }

    /// A replica: the store is this machine's cache of pulled versions, created when missing.
    private func runReplica(following text: String, root: String, logger: Logger) async throws {
        let reference: RemoteReference
        let registry: Registry
        let name: RegistryName?
        do {
            reference = try RemoteReference(parsing: text)
            registry = try Registry(store: BlobStore(root: root))
            name = try model.map { try RegistryName($0) }
        } catch {
            logger.critical("cannot follow \(text) into the store \(root): \(error)")
            throw ExitCode(1)
        }
        var configuration = DistributionClient.Configuration()
        configuration.allowsInsecureLoopback = insecure
        // Polls must not hang behind a registry that accepts connections but never answers.
        configuration.requestTimeout = .seconds(10)
        let client = DistributionClient(configuration: configuration, logger: logger)
        let source = RemoteRegistrySource(client: client, reference: reference, registry: registry, model: name)
        do {
            try await serve(following: source, logger: logger)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    /// Runs the server and the watcher of `source` until SIGTERM or SIGINT.
    private func serve<Source: ModelSource>(following source: Source, logger: Logger) async throws {
        let settings = self.settings
        let holder = ModelHolder()
        let metrics = ServingMetrics()
        let watcher = ModelWatcher(
            source: source, loader: BundleModelLoader(), holder: holder, metrics: metrics,
            pollInterval: settings.pollInterval, logger: logger)
        let server = PredictionServer(settings: settings, holder: holder, metrics: metrics)
        do {
            try await server.run(watcher: watcher, logger: logger) { port in
                logger.info("listening on http://\(settings.host):\(port)")
            }
        } catch is CancellationError {
            // The drain ran out of time; the requests it cut were logged one by one.
            logger.warning("stopped after the \(settings.drainTimeout) drain limit")
        } catch {
            logger.critical("server stopped: \(error)")
            throw ExitCode(1)
        }
        logger.info("stopped")
    }
}
