import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing

@testable import Serving

/// ``InlineRouteHandler`` in a channel of its own: which requests it answers itself, which it
/// passes on to the router, and that answers leave in request order.
@Suite("Inline routes")
struct InlineRouteHandlerTests {
    /// Records what passes the handler inwards, as the router's side of the pipeline sees it.
    final class RouterSide: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPRequestPart
        var parts: [HTTPRequestPart] = []
        var events: [String] = []

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            parts.append(unwrapInboundIn(data))
        }

        /// What had been flushed when a quiesce event arrived.
        var flushedAtQuiesce: [HTTPResponsePart] = []

        /// Closes on a quiesce event, as Hummingbird's connection handler does with no request
        /// in progress (which drops whatever is not flushed yet).
        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            events.append("\(type(of: event))")
            if event is ChannelShouldQuiesceEvent, let channel = context.channel as? EmbeddedChannel {
                while let part = try? channel.readOutbound(as: HTTPResponsePart.self) { flushedAtQuiesce.append(part) }
                context.close(promise: nil)
            }
        }
    }

    /// The handler alone in an embedded channel, with a recorder behind it where the router would be.
    struct Pipeline {
        let channel: EmbeddedChannel
        let routerSide: RouterSide
        let metrics: ServingMetrics

        init(holder: ModelHolder = ModelHolder(unavailableReason: "test: nothing loaded"), settings: ServerSettings = ServerSettings()) throws {
            metrics = ServingMetrics()
            let routes = InlineRoutes.forTests(holder: holder, settings: settings, metrics: metrics)
            routerSide = RouterSide()
            channel = EmbeddedChannel()
            try channel.pipeline.syncOperations.addHandler(InlineRouteHandler(routes: routes))
            try channel.pipeline.syncOperations.addHandler(routerSide)
        }

        func send(_ parts: HTTPRequestPart...) throws {
            for part in parts { try channel.writeInbound(part) }
            channel.pipeline.fireChannelReadComplete()
        }

        /// Every answer part written so far.
        func written() throws -> [HTTPResponsePart] {
            var parts: [HTTPResponsePart] = []
            while let part = try channel.readOutbound(as: HTTPResponsePart.self) { parts.append(part) }
            return parts
        }

        /// The router answering the oldest request it was given.
        func routerAnswers() throws {
            try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
            try channel.writeOutbound(HTTPResponsePart.end(nil))
        }
    }

    static func get(_ path: String, _ fields: HTTPFields = [:]) -> HTTPRequestPart {
        .head(HTTPRequest(method: .get, scheme: nil, authority: "127.0.0.1", path: path, headerFields: fields))
    }

    static func predictHead(length: Int, _ extra: HTTPFields = [:]) -> HTTPRequestPart {
        var fields: HTTPFields = [.contentType: "application/json", .contentLength: String(length)]
        fields.append(contentsOf: extra)
        return .head(HTTPRequest(method: .post, scheme: nil, authority: "127.0.0.1", path: "/v1/predict", headerFields: fields))
    }

    static let drizzle = #"{"instances":[{"precipitation":0.0,"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":"drizzle"}]}"#

    /// The status and body of one whole answer at the start of `parts`.
    static func answer(_ parts: [HTTPResponsePart]) throws -> (response: HTTPResponse, body: String) {
        guard parts.count == 3, case .head(let head) = parts[0], case .body(let body) = parts[1], case .end = parts[2] else {
            throw Failure("not one whole answer: \(parts)")
        }
        return (head, String(buffer: body))
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    @Test func healthIsAnsweredInlineWithTheRoutersFields() throws {
        let channel = try Pipeline()
        try channel.send(Self.get("/healthz"), .end(nil))
        #expect(channel.routerSide.parts.isEmpty)
        let (response, body) = try Self.answer(try channel.written())
        #expect(response.status == .ok)
        #expect(body == #"{"status":"ok"}"#)
        #expect(response.headerFields[.contentType] == "application/json")
        #expect(response.headerFields[.contentLength] == "15")
        #expect(response.headerFields[.server] == "retrain-serve")
        #expect(response.headerFields[.date]?.hasSuffix(" GMT") == true)
        #expect(String(decoding: channel.metrics.render(), as: UTF8.self)
            .contains(#"retrain_serve_http_requests_total{route="/healthz",method="GET",status="200"} 1"#))
    }

    @Test func predictIsAnsweredInlineFromABodyInPieces() throws {
        let holder = ModelHolder()
        holder.install(try WeatherFixture.shared.get().loadedModel(version: 1))
        let channel = try Pipeline(holder: holder)
        let body = Array(Self.drizzle.utf8)
        try channel.send(Self.predictHead(length: body.count), .body(ByteBuffer(bytes: body[..<30])))
        try channel.send(.body(ByteBuffer(bytes: body[30...])))
        #expect(try channel.written().isEmpty, "no answer before the end of the request")
        try channel.send(.end(nil))
        #expect(channel.routerSide.parts.isEmpty)
        let (response, text) = try Self.answer(try channel.written())
        #expect(response.status == .ok)
        let answer = try PredictResponse(ByteBuffer(string: text))
        #expect(answer.predictions.count == 1)
        #expect(answer.model.version == 1)
    }

    @Test func keepAliveInAnyCaseStaysInline() throws {
        let channel = try Pipeline()
        try channel.send(Self.get("/healthz", [.connection: "Keep-Alive"]), .end(nil))
        #expect(channel.routerSide.parts.isEmpty)
        #expect(try Self.answer(try channel.written()).response.status == .ok)
        #expect(InlineRoutes.isKeepAlive("keep-alive") && InlineRoutes.isKeepAlive("KEEP-ALIVE"))
        #expect(!InlineRoutes.isKeepAlive("close") && !InlineRoutes.isKeepAlive("keep-alive, upgrade") && !InlineRoutes.isKeepAlive(""))
    }

    @Test func errorsAnsweredInlineHaveTheDocumentedShape() throws {
        let channel = try Pipeline()
        // No model loaded: 503 with the reason and Retry-After, as through the router.
        let body = ByteBuffer(string: Self.drizzle)
        try channel.send(Self.predictHead(length: body.readableBytes), .body(body), .end(nil))
        let (response, text) = try Self.answer(try channel.written())
        #expect(response.status == .serviceUnavailable)
        #expect(response.headerFields[.retryAfter] == "1")
        #expect(text == #"{"error":{"code":"no_model","message":"no model is loaded: test: nothing loaded"}}"#)
        // The wrong media type: 415.
        try channel.send(Self.predictHead(length: 2, [.contentType: "text/plain"]), .body(ByteBuffer(string: "{}")), .end(nil))
        #expect(try Self.answer(try channel.written()).response.status == .unsupportedMediaType)
        #expect(channel.routerSide.parts.isEmpty)
    }

    @Test(arguments: [
        ("HEAD", Self.get("/healthz").withMethod(.head)),
        ("a query string", Self.get("/healthz?verbose=1")),
        ("another path", Self.get("/v1/model")),
        ("a Connection field", Self.get("/readyz", [.connection: "close"])),
        ("a body on a GET", Self.get("/healthz", [.contentLength: "3"])),
        ("a body over the inline limit", Self.predictHead(length: InlineRoutes.largestBody + 1)),
        // With a Content-Length as well, so only the Transfer-Encoding rule can send it on.
        ("a chunked body", Self.predictHead(length: 10, [.transferEncoding: "chunked"])),
        ("two Content-Length fields", Self.predictHead(length: 10, [.contentLength: "10"])),
    ])
    func everythingElseGoesToTheRouter(_ case: String, head: HTTPRequestPart) throws {
        let channel = try Pipeline()
        try channel.send(head, .end(nil))
        #expect(channel.routerSide.parts.count == 2, "\(`case`)")
        #expect(try channel.written().isEmpty, "\(`case`)")
    }

    @Test func answersLeaveInRequestOrder() throws {
        let channel = try Pipeline()
        // A routed request, then — before the router has answered it — one that could be inline.
        try channel.send(Self.get("/v1/model"), .end(nil), Self.get("/healthz"), .end(nil))
        #expect(channel.routerSide.parts.count == 4, "the second request waits behind the first, at the router")
        #expect(try channel.written().isEmpty)
        try channel.routerAnswers()
        try channel.routerAnswers()
        _ = try channel.written()
        // With nothing left at the router, the next one is inline again.
        try channel.send(Self.get("/healthz"), .end(nil))
        #expect(channel.routerSide.parts.count == 4)
        #expect(try Self.answer(try channel.written()).response.status == .ok)
    }

    @Test func aQuiesceWaitsForAHalfReadInlineRequest() throws {
        let channel = try Pipeline()
        let body = ByteBuffer(string: Self.drizzle)
        try channel.send(Self.predictHead(length: body.readableBytes), .body(body.getSlice(at: 0, length: 20)!))
        channel.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(channel.routerSide.events.isEmpty, "held while the request is half read")
        // The rest arrives without a read-complete: the answer must be flushed before the
        // event goes on and the connection closes.
        try channel.channel.writeInbound(HTTPRequestPart.body(body.getSlice(at: 20, length: body.readableBytes - 20)!))
        try channel.channel.writeInbound(HTTPRequestPart.end(nil))
        #expect(channel.routerSide.events == ["ChannelShouldQuiesceEvent"], "passed on after the answer")
        #expect(try Self.answer(channel.routerSide.flushedAtQuiesce).response.status == .serviceUnavailable)
        #expect(!channel.channel.isActive)
    }

    @Test func aQuiesceBetweenRequestsPassesStraightThrough() throws {
        let channel = try Pipeline()
        try channel.send(Self.get("/healthz"), .end(nil))
        channel.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(channel.routerSide.events == ["ChannelShouldQuiesceEvent"])
        #expect(try Self.answer(channel.routerSide.flushedAtQuiesce).response.status == .ok)
    }

    @Test func httpDatesAreIMFFixdates() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        var generator = SystemRandomNumberGenerator()
        let instants: [Int64] = [0, 86_399, 951_782_400, 1_796_045_502, 4_102_444_799] + (0..<500).map { _ in Int64.random(in: 0...4_102_444_799, using: &generator) }
        for seconds in instants {
            #expect(HTTPDate.format(secondsSince1970: seconds) == formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))), "\(seconds)")
        }
    }
}

extension InlineRoutes {
    /// The inline routes over `holder`, as the server builds them, for a handler under test.
    static func forTests(
        holder: ModelHolder = ModelHolder(unavailableReason: "test: nothing loaded"),
        settings: ServerSettings = ServerSettings(), metrics: ServingMetrics = ServingMetrics()
    ) -> InlineRoutes {
        InlineRoutes(
            handlers: PredictionHandlers(settings: settings, holder: holder, metrics: metrics),
            metrics: metrics, logger: Logger(label: "test"), serverName: "retrain-serve")
    }
}

extension HTTPRequestPart {
    func withMethod(_ method: HTTPRequest.Method) -> HTTPRequestPart {
        guard case .head(var head) = self else { return self }
        head.method = method
        return .head(head)
    }
}
