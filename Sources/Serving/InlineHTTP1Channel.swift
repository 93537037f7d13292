import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1.1 child channel with ``RawRouteHandler`` ahead of its codec (and
/// SwiftNIO's `BackPressureHandler` ahead of that).
///
/// Why: Hummingbird's extension point for channel handlers (`additionalChannelHandlers`)
/// places them after the codec, where ``InlineRouteHandler`` sits; reading the hot routes from
/// the received bytes needs a handler before it. Everything else — the codec, the router, the
/// connection's idle and quiesce handling — is Hummingbird's own `HTTP1Channel`.
struct InlineHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    let http1: HTTP1Channel
    let routes: InlineRoutes

    init(responder: @escaping HTTPChannelHandler.Responder, routes: InlineRoutes) {
        self.http1 = HTTP1Channel(
            responder: responder, configuration: .init(additionalChannelHandlers: [InlineRouteHandler(routes: routes)]))
        self.routes = routes
    }

    var responder: HTTPChannelHandler.Responder { http1.responder }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1Channel.Value> {
        channel.eventLoop.makeCompletedFuture {
            // The inline answers are written as requests are read, not as the client reads
            // them: without this, a client that pipelines requests and never reads would
            // have the server queue answers without bound. It stops reading the socket while
            // the answers cannot be written.
            try channel.pipeline.syncOperations.addHandler(BackPressureHandler())
            try channel.pipeline.syncOperations.addHandler(RawRouteHandler(routes: routes))
        }.flatMap {
            http1.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: HTTP1Channel.Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }

    /// The server builder for `Application(server:)`.
    static func builder(routes: InlineRoutes) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in InlineHTTP1Channel(responder: responder, routes: routes) }
    }
}
