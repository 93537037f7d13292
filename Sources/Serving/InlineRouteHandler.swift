import HTTPTypes
import Logging
import NIOCore
import NIOHTTPTypes

/// Answers the server's hot routes — `POST /v1/predict` with a small body, `GET /healthz`,
/// `GET /readyz` — on the connection's event loop, in the channel pipeline, before Hummingbird's
/// router; every other request goes on to the router untouched.
///
/// It sits after SwiftNIO's HTTP codec and sees a connection's requests once
/// ``RawRouteHandler``, ahead of the codec, has handed the connection over (after a request it
/// does not read from the bytes: another route, a query, a large body, …), so a client that
/// mixes routes still has its hot requests answered without the router.
///
/// Why: a request through the router crosses from the event loop to a Swift task and back (the
/// async request stream, the task's wake-up, the response writer's hop), which under `wrk`
/// cost ~35 µs of CPU per request on this machine's two cores — more than parsing, scoring
/// and writing a prediction. Answering inline halves the CPU per request (scripts/bench/serve,
/// docs/bench/serve.md). The answer is the same ``JSONAnswer`` the router's handlers write,
/// counted in the same metrics, so the two paths cannot differ.
///
/// Only the plain case is inline; the router keeps everything else: other paths and methods
/// (HEAD, 404, 405), a query string, a `Connection` field other than `keep-alive`, a body
/// without `Content-Length` or longer than ``InlineRoutes/largestBody`` (so scoring never
/// holds an event loop for long), and any request that arrives while an earlier request of
/// the connection is still with the router (answers leave in request order). On SIGTERM,
/// Hummingbird's quiesce event waits here while an inline request is half read, so the
/// connection closes after its answer.
final class InlineRouteHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// A request being read to be answered here.
    private struct InlineRequest {
        let route: InlineRoutes.Route
        let head: HTTPRequest
        let started: ContinuousClock.Instant
        var body: ByteBuffer?

        mutating func append(_ part: ByteBuffer) {
            if body == nil { body = part } else { body!.writeImmutableBuffer(part) }
        }
    }

    private let routes: InlineRoutes
    /// The request being read for an inline answer (nil: none, or it went to the router).
    private var inline: InlineRequest?
    /// Requests handed to the router whose answer has not been written to the end yet.
    private var routedInFlight = 0
    private var quiesceWaiting = false
    private var needsFlush = false
    private var date = HTTPDate()

    init(routes: InlineRoutes) {
        self.routes = routes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if routedInFlight == 0, let route = routes.route(for: head) {
                inline = InlineRequest(route: route, head: head, started: .now)
            } else {
                routedInFlight += 1
                context.fireChannelRead(data)
            }
        case .body(let part):
            guard inline != nil else {
                context.fireChannelRead(data)
                return
            }
            inline!.append(part)
        case .end:
            guard let request = inline else {
                context.fireChannelRead(data)
                return
            }
            inline = nil
            answer(request, context: context)
            if quiesceWaiting {
                // Hummingbird closes an idle connection on this event, dropping what is not flushed.
                quiesceWaiting = false
                needsFlush = false
                context.flush()
                context.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
            }
        }
    }

    private func answer(_ request: InlineRequest, context: ChannelHandlerContext) {
        let route = request.route
        let answer = routes.answer(route, fields: request.head.headerFields, body: request.body ?? ByteBuffer())
        context.write(wrapOutboundOut(.head(answer.responseHead(date: date.now(), server: routes.serverName))), promise: nil)
        context.write(wrapOutboundOut(.body(answer.body)), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: nil)
        needsFlush = true
        routes.record(route, status: answer.status, since: request.started)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, inline != nil {
            quiesceWaiting = true
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), routedInFlight > 0 { routedInFlight -= 1 }
        context.write(data, promise: promise)
    }
}
