import HTTPTypes
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import Testing

@testable import Serving

/// ``RawRouteHandler`` in a channel of its own: what it answers from the received bytes, what
/// it hands to the codec (every byte, in order), and that its answers are the bytes SwiftNIO's
/// encoder writes for the same ``JSONAnswer``.
@Suite("Raw routes")
struct RawRouteHandlerTests {
    /// Records the bytes that pass the handler inwards, as the codec would receive them.
    final class CodecSide: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        var received: [UInt8] = []
        var events: [String] = []
        var flushedAtQuiesce = ""

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            received += buffer.readBytes(length: buffer.readableBytes) ?? []
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            events.append("\(type(of: event))")
            if event is ChannelShouldQuiesceEvent, let channel = context.channel as? EmbeddedChannel {
                while let buffer = try? channel.readOutbound(as: ByteBuffer.self) { flushedAtQuiesce += String(buffer: buffer) }
                context.close(promise: nil)
            }
        }
    }

    struct Pipeline {
        let channel = EmbeddedChannel()
        let codecSide = CodecSide()
        let metrics = ServingMetrics()

        init(holder: ModelHolder = ModelHolder(unavailableReason: "test: nothing loaded")) throws {
            try channel.pipeline.syncOperations.addHandler(RawRouteHandler(routes: .forTests(holder: holder, metrics: metrics)))
            try channel.pipeline.syncOperations.addHandler(codecSide)
        }

        func send(_ pieces: String...) throws {
            for piece in pieces { try channel.writeInbound(ByteBuffer(string: piece)) }
            channel.pipeline.fireChannelReadComplete()
        }

        /// Everything written and flushed so far.
        func written() throws -> String {
            var text = ""
            while let buffer = try channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
            return text
        }
    }

    static let drizzle = #"{"instances":[{"precipitation":0.0,"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":"drizzle"}]}"#
    static let predict = "POST /v1/predict HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: \(drizzle.utf8.count)\r\n\r\n\(drizzle)"
    static let health = "GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n"

    /// The answers in `text`, split on their status lines.
    static func answers(_ text: String) -> [Substring] {
        text.split(separator: "HTTP/1.1 ", omittingEmptySubsequences: true)
    }

    static func loadedHolder() throws -> ModelHolder {
        let holder = ModelHolder()
        holder.install(try WeatherFixture.shared.get().loadedModel(version: 1))
        return holder
    }

    @Test func predictIsAnsweredFromBytesInAnyPieces() throws {
        let holder = try Self.loadedHolder()
        let bytes = Array(Self.predict.utf8)
        var firstBody: Substring?
        for cut in stride(from: 1, to: bytes.count, by: 7) {
            let channel = try Pipeline(holder: holder)
            try channel.send(String(decoding: bytes[..<cut], as: UTF8.self))
            #expect(try channel.written().isEmpty, "no answer before the end of the request (cut at \(cut))")
            try channel.send(String(decoding: bytes[cut...], as: UTF8.self))
            let answer = try channel.written()
            #expect(answer.hasPrefix("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "), "\(answer)")
            #expect(channel.codecSide.received.isEmpty)
            let body = try #require(answer.split(separator: "\r\n\r\n", maxSplits: 1).last)
            #expect(try PredictResponse(ByteBuffer(string: String(body))).model.version == 1)
            firstBody = firstBody ?? body
            #expect(body == firstBody, "the same prediction however the request was cut (cut at \(cut))")
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let channel = try Pipeline(holder: try Self.loadedHolder())
        try channel.send(Self.health + Self.predict + "GET /readyz HTTP/1.1\r\n\r\n" + Self.health)
        let answers = Self.answers(try channel.written())
        #expect(answers.count == 4)
        #expect(answers[0].hasSuffix(#"{"status":"ok"}"#))
        #expect(answers[1].contains(#"{"predictions":["#))
        #expect(answers[2].hasPrefix("200 OK"))
        #expect(answers[3].hasSuffix(#"{"status":"ok"}"#))
        #expect(String(decoding: channel.metrics.render(), as: UTF8.self)
            .contains(#"retrain_serve_http_requests_total{route="/healthz",method="GET",status="200"} 2"#))
    }

    @Test func fromTheFirstOtherRequestOnEveryByteGoesToTheCodec() throws {
        let channel = try Pipeline()
        let routed = "GET /healthz?verbose=1 HTTP/1.1\r\nHost: h\r\n\r\n"
        // Half a request that turns out to be the codec's (a query): held, then handed on whole.
        try channel.send(Self.health + "GET /heal")
        #expect(Self.answers(try channel.written()).count == 1)
        #expect(channel.codecSide.received.isEmpty)
        try channel.send("thz?verbose=1 HTTP/1.1\r\nHost: h\r\n\r\n" + Self.health)
        #expect(String(decoding: channel.codecSide.received, as: UTF8.self) == routed + Self.health)
        // Later requests too, even ones it would answer: where the codec's request ends is the codec's to say.
        try channel.send(Self.health)
        #expect(String(decoding: channel.codecSide.received, as: UTF8.self) == routed + Self.health + Self.health)
        #expect(try channel.written().isEmpty)
    }

    @Test func aRequestCutShortGoesToTheCodec() throws {
        let channel = try Pipeline()
        try channel.send("GET /heal")
        channel.channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(String(decoding: channel.codecSide.received, as: UTF8.self) == "GET /heal")
        #expect(channel.codecSide.events == ["ChannelEvent"])
    }

    @Test func aQuiesceWaitsForAHalfReceivedRequest() throws {
        let channel = try Pipeline()
        try channel.send("GET /healthz HTTP/1.1\r\nHo")
        channel.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(channel.codecSide.events.isEmpty, "held while the request is half received")
        // The rest arrives without a read-complete: the answer is flushed before the event goes on.
        try channel.channel.writeInbound(ByteBuffer(string: "st: h\r\n\r\n"))
        #expect(channel.codecSide.events == ["ChannelShouldQuiesceEvent"])
        #expect(channel.codecSide.flushedAtQuiesce.hasSuffix(#"{"status":"ok"}"#))
        #expect(!channel.channel.isActive)
    }

    @Test func aQuiesceBetweenRequestsPassesStraightThrough() throws {
        let channel = try Pipeline()
        try channel.send(Self.health)
        channel.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(channel.codecSide.events == ["ChannelShouldQuiesceEvent"])
        #expect(channel.codecSide.flushedAtQuiesce.hasSuffix(#"{"status":"ok"}"#))
    }

    /// Counts the reads asked of the socket (it sits where the socket would be).
    final class SocketSide: ChannelOutboundHandler, @unchecked Sendable {
        typealias OutboundIn = NIOAny
        var reads = 0
        func read(context: ChannelHandlerContext) { reads += 1 }
    }

    /// The server's channel stops reading while its answers cannot be written: inline answers
    /// are written as requests arrive, so a client that pipelines requests and never reads
    /// would otherwise have them queued without bound (measured before this: 8 MB of
    /// pipelined health checks took the server from 32 to 67 MiB).
    @Test func theServersChannelStopsReadingWhileAnswersCannotBeWritten() throws {
        let channel = EmbeddedChannel()
        _ = try InlineHTTP1Channel(responder: { _, _, _ in }, routes: .forTests())
            .setup(channel: channel, logger: Logger(label: "test")).wait()
        let socket = SocketSide()
        try channel.pipeline.syncOperations.addHandler(socket, position: .first)
        // Reads as the server's own asks for them (here no task consumes the router's side,
        // which would hold a read from the pipeline's tail).
        let raw = try channel.pipeline.syncOperations.context(handlerType: RawRouteHandler.self)

        raw.read()
        #expect(socket.reads == 1)
        channel.isWritable = false
        channel.pipeline.fireChannelWritabilityChanged()
        raw.read()
        #expect(socket.reads == 1, "no read while the answers cannot be written")
        channel.isWritable = true
        channel.pipeline.fireChannelWritabilityChanged()
        #expect(socket.reads == 2, "the held read goes on once they can")
        _ = try? channel.finish()
    }

    /// The bytes SwiftNIO's codec writes for `answer`'s response head (the head the inline
    /// routes write after the codec, which the live tests compare with the router's) and body.
    static func encodedBySwiftNIO(_ answer: JSONAnswer, date: String) throws -> String {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(HTTPResponseEncoder())
        try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
        try channel.writeOutbound(HTTPResponsePart.head(answer.responseHead(date: date, server: "retrain-serve")))
        try channel.writeOutbound(HTTPResponsePart.body(answer.body))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        var text = ""
        while let data = try channel.readOutbound(as: IOData.self) {
            guard case .byteBuffer(let buffer) = data else { throw InlineRouteHandlerTests.Failure("a file region") }
            text += String(buffer: buffer)
        }
        return text
    }

    @Test func answersAreTheBytesSwiftNIOsEncoderWrites() throws {
        let date = "Mon, 30 Nov 2026 16:00:00 GMT"
        let answers = [
            JSONAnswer(body: ByteBuffer(string: #"{"status":"ok"}"#)),
            ServingError.noModel("test").answer,
            ServingError.bodyTooLarge(limit: 10).answer,
            ServingError.unsupportedMediaType("text/plain").answer,
            JSONAnswer(status: .badRequest, body: ByteBuffer(string: #"{"error":{}}"#)),
            ServingError.methodNotAllowed("POST", allowed: ["GET", "HEAD"]).answer,
        ]
        for answer in answers {
            var buffer = ByteBuffer()
            answer.writeHTTP1(into: &buffer, date: date, server: "retrain-serve")
            #expect(String(buffer: buffer) == (try Self.encodedBySwiftNIO(answer, date: date)), "\(answer.status)")
        }
    }
}
