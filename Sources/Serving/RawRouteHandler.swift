import HTTPTypes
import Logging
import NIOCore

/// Answers the inline routes from the bytes a connection received, ahead of SwiftNIO's HTTP
/// codec; from the first request it does not read (``RawRequestScanner``) on, it hands the
/// connection's bytes to the codec, behind which ``InlineRouteHandler`` and the router answer.
///
/// Why: answered after the codec, a single-instance predict spent more of the server's CPU in
/// llhttp, the conversion to Swift HTTP Types and the codec's three messages per request than
/// in parsing, scoring and writing the prediction (docs/bench/serve.md). Here a request is read
/// in one pass over bytes that are already in memory, and its answer written as one buffer.
///
/// The answer is the ``JSONAnswer`` the router's handlers write, as SwiftNIO's encoder would
/// write it, counted in the same metrics; the live tests compare the two byte for byte. Once
/// it has handed over, it never reads again on that connection: where a request left to the
/// codec ends is the codec's to say, so the two can never disagree on a request's bounds.
/// On SIGTERM, Hummingbird's quiesce event waits here while a request is half received, so
/// the connection closes after its answer.
final class RawRouteHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let routes: InlineRoutes
    private let scanner: RawRequestScanner
    /// Received bytes that do not make a whole request yet, and when the first of them came.
    private var pending: (bytes: ByteBuffer, since: ContinuousClock.Instant)?
    /// Whether the codec has the connection's bytes from here on.
    private var handedOver = false
    private var quiesceWaiting = false
    private var needsFlush = false
    private var date = HTTPDate()

    init(routes: InlineRoutes) {
        self.routes = routes
        self.scanner = RawRequestScanner(largestBody: min(InlineRoutes.largestBody, routes.handlers.settings.maxBody))
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !handedOver else {
            context.fireChannelRead(data)
            return
        }
        var bytes = unwrapInboundIn(data)
        var started = ContinuousClock.now
        if var earlier = pending {
            pending = nil
            earlier.bytes.writeBuffer(&bytes)
            (bytes, started) = earlier
        }
        while bytes.readableBytes > 0 {
            switch bytes.withUnsafeReadableBytes({ scanner.scan($0) }) {
            case .request(let request):
                let body = bytes.getSlice(at: bytes.readerIndex + request.length - request.bodyLength, length: request.bodyLength)!
                bytes.moveReaderIndex(forwardBy: request.length)
                answer(request.route, body: body, started: started, context: context)
                started = .now
            case .incomplete:
                pending = (bytes, started)
                return
            case .leave:
                handOver(bytes, context: context)
                return
            }
        }
        releaseQuiesce(context: context)
    }

    /// Passes on a quiesce event held while a request was half received, after flushing:
    /// Hummingbird closes an idle connection on this event, dropping what is not flushed.
    private func releaseQuiesce(context: ChannelHandlerContext) {
        guard quiesceWaiting else { return }
        quiesceWaiting = false
        flushIfNeeded(context: context)
        context.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
    }

    private func answer(_ route: InlineRoutes.Route, body: ByteBuffer, started: ContinuousClock.Instant, context: ChannelHandlerContext) {
        let answer = routes.answer(route, fields: nil, body: body)
        var buffer = context.channel.allocator.buffer(capacity: 160 + answer.body.readableBytes)
        answer.writeHTTP1(into: &buffer, date: date.now(), server: routes.serverName)
        context.write(wrapOutboundOut(buffer), promise: nil)
        needsFlush = true
        routes.record(route, status: answer.status, since: started)
    }

    /// Gives the codec `bytes` and everything after them.
    private func handOver(_ bytes: ByteBuffer, context: ChannelHandlerContext) {
        handedOver = true
        flushIfNeeded(context: context)
        if bytes.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(bytes)) }
        releaseQuiesce(context: context)
    }

    private func flushIfNeeded(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushIfNeeded(context: context)
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if !handedOver {
            if event is ChannelShouldQuiesceEvent, pending != nil {
                quiesceWaiting = true
                return
            }
            if case ChannelEvent.inputClosed = event, let rest = pending {
                // A request cut short: the codec says what that is.
                pending = nil
                handOver(rest.bytes, context: context)
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !handedOver, let rest = pending {
            pending = nil
            handOver(rest.bytes, context: context)
        }
        context.fireChannelInactive()
    }
}
