import Foundation
public import Hummingbird
import HTTPTypes
public import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import UnixSignals

/// The prediction server: the routes, the model they answer with, and the services that run them.
///
/// `makeRouter()` is the whole HTTP surface and is what the in-process tests drive; `run()`
/// binds it to a port and runs it beside the ``ModelWatcher`` in one `ServiceGroup`, which on
/// SIGTERM or SIGINT stops accepting connections, lets requests in flight finish (up to
/// ``ServerSettings/drainTimeout``) and returns.
///
/// Routes: `POST /v1/predict`, `GET /v1/model`, `GET /healthz`, `GET /readyz`,
/// `GET /metrics`, `GET /openapi.json` (HEAD too for the GETs). Docs: `docs/serving.md`.
public struct PredictionServer: Sendable {
    public let settings: ServerSettings
    public let holder: ModelHolder
    public let metrics: ServingMetrics

    /// The server's paths and the methods each answers (405 with `Allow` for the rest).
    static let routes: [String: [HTTPRequest.Method]] = [
        "/v1/predict": [.post],
        "/v1/model": [.get, .head],
        "/healthz": [.get, .head],
        "/readyz": [.get, .head],
        "/metrics": [.get, .head],
        "/openapi.json": [.get, .head],
    ]

    /// The `Server` field of every answer.
    static let serverName = "retrain-serve"

    public init(settings: ServerSettings, holder: ModelHolder, metrics: ServingMetrics) {
        self.settings = settings
        self.holder = holder
        self.metrics = metrics
    }

    /// Every route, behind the error-and-metrics middleware.
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self, options: [.autoGenerateHeadEndpoints])
        router.add(middleware: ServingMiddleware(metrics: metrics, routes: Self.routes, maxBody: settings.maxBody))
        let handlers = PredictionHandlers(settings: settings, holder: holder, metrics: metrics)
        router.post("/v1/predict") { request, context in try await handlers.predict(request, context: context) }
        router.get("/v1/model") { _, _ in try handlers.model() }
        router.get("/healthz") { _, _ in handlers.health() }
        router.get("/readyz") { _, _ in try handlers.readiness() }
        router.get("/metrics") { _, _ in handlers.prometheus() }
        router.get("/openapi.json") { _, _ in try handlers.openAPI() }
        return router
    }

    /// The Hummingbird application on `settings.host:settings.port`, its connections on
    /// `eventLoopGroup` (which the caller shuts down after the application has stopped).
    public func makeApplication(
        eventLoopGroup: any EventLoopGroup, logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let inlineRoutes = InlineRoutes(
            handlers: PredictionHandlers(settings: settings, holder: holder, metrics: metrics),
            metrics: metrics, logger: logger, serverName: Self.serverName)
        return Application(
            router: makeRouter(),
            server: InlineHTTP1Channel.builder(routes: inlineRoutes),
            configuration: ApplicationConfiguration(address: .hostname(settings.host, port: settings.port), serverName: Self.serverName),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            eventLoopGroupProvider: .shared(eventLoopGroup),
            logger: logger)
    }

    /// Runs the server and `watcher` until SIGTERM or SIGINT, then drains and returns.
    public func run<Source: ModelSource>(
        watcher: ModelWatcher<Source>, logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: settings.eventLoops)
        let application = makeApplication(eventLoopGroup: eventLoops, logger: logger, onServerRunning: onServerRunning)
        // Services shut down in reverse order: the server drains first, then the watcher stops.
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: watcher), .init(service: application)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        configuration.maximumGracefulShutdownDuration = settings.drainTimeout
        do {
            try await ServiceGroup(configuration: configuration).run()
        } catch {
            try? await eventLoops.shutdownGracefully()
            throw error
        }
        try await eventLoops.shutdownGracefully()
    }
}
