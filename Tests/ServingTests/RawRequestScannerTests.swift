import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTP1
import TestSupport
import Testing

@testable import Serving

/// ``RawRequestScanner``: the requests it reads, the ones it leaves to the codec, and — for
/// every request it reads, including thousands of mutated ones — that SwiftNIO's HTTP decoder
/// (llhttp) reads the same method, path, length and body from the same bytes.
@Suite("Raw request scanner")
struct RawRequestScannerTests {
    static let scanner = RawRequestScanner(largestBody: InlineRoutes.largestBody)
    static let drizzle = #"{"instances":[{"precipitation":0.0,"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":"drizzle"}]}"#

    /// The length of ``drizzle``, for fields written out by hand.
    static let length = drizzle.utf8.count

    static func predict(_ body: String = drizzle, fields: String? = nil) -> String {
        let fields = fields ?? "Host: 127.0.0.1:8080\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
        return "POST /v1/predict HTTP/1.1\r\n\(fields)\r\n\(body)"
    }

    static func scan(_ text: String) -> RawRequestScanner.Outcome {
        scan(Array(text.utf8))
    }

    static func scan(_ bytes: [UInt8]) -> RawRequestScanner.Outcome {
        bytes.withUnsafeBytes { scanner.scan($0) }
    }

    @Test(arguments: [
        (predict(), InlineRoutes.Route.predict),
        ("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", .health),
        ("GET /readyz HTTP/1.1\r\n\r\n", .readiness),
        ("GET /healthz HTTP/1.1\r\nContent-Length: 0\r\nConnection: Keep-Alive\r\n\r\n", .health),
        // What wrk, curl and Python's requests send.
        (predict(fields: "Host: 127.0.0.1:8080\r\nContent-Length: \(length)\r\ncontent-type: Application/JSON; charset=utf-8\r\n"), .predict),
        (predict(fields: "Host: h\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\nContent-Type:application/json\r\nContent-Length:\t\(length) \r\n"), .predict),
        (predict(fields: "Host: h\r\nUser-Agent: python-requests/2.32\r\nAccept-Encoding: gzip, deflate\r\nAccept: */*\r\nConnection: keep-alive\r\nContent-Length: \(length)\r\nContent-Type: application/json\r\n"), .predict),
    ])
    func readsTheRequestsClientsSend(_ text: String, route: InlineRoutes.Route) {
        let bytes = Array(text.utf8)
        let body = route == .predict ? Self.drizzle.utf8.count : 0
        #expect(Self.scan(bytes) == .request(.init(route: route, length: bytes.count, bodyLength: body)), "\(text)")
        // Every shorter prefix is the start of that request.
        for cut in 0..<bytes.count {
            #expect(Self.scan(Array(bytes[..<cut])) == .incomplete, "cut at \(cut) of \(text)")
        }
        // Followed by the next request, it is still the first one.
        #expect(Self.scan(bytes + bytes) == .request(.init(route: route, length: bytes.count, bodyLength: body)))
    }

    @Test(arguments: [
        ("another path", "GET /v1/model HTTP/1.1\r\n\r\n"),
        ("a query", "GET /healthz?x=1 HTTP/1.1\r\n\r\n"),
        ("HEAD", "HEAD /healthz HTTP/1.1\r\n\r\n"),
        ("HTTP/1.0", "GET /healthz HTTP/1.0\r\n\r\n"),
        ("a lowercase method", "get /healthz HTTP/1.1\r\n\r\n"),
        ("an absolute target", "GET http://h/healthz HTTP/1.1\r\n\r\n"),
        ("Connection: close", "GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n"),
        ("Connection: upgrade", "GET /healthz HTTP/1.1\r\nConnection: keep-alive, Upgrade\r\n\r\n"),
        ("Upgrade", "GET /healthz HTTP/1.1\r\nUpgrade: h2c\r\n\r\n"),
        ("a body on a GET", "GET /healthz HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}"),
        ("chunked", predict(fields: "Content-Type: application/json\r\nContent-Length: \(length)\r\nTransfer-Encoding: chunked\r\n")),
        ("Expect", predict(fields: "Content-Type: application/json\r\nContent-Length: \(length)\r\nExpect: 100-continue\r\n")),
        ("no Content-Length", predict(fields: "Content-Type: application/json\r\n")),
        ("two Content-Length", predict(fields: "Content-Type: application/json\r\nContent-Length: \(length)\r\nContent-Length: \(length)\r\n")),
        ("a tab after the Content-Length", predict(fields: "Content-Type: application/json\r\nContent-Length: \(length)\t\r\n")),
        ("a signed Content-Length", predict(fields: "Content-Type: application/json\r\nContent-Length: +101\r\n")),
        ("a Content-Length list", predict(fields: "Content-Type: application/json\r\nContent-Length: \(length), 101\r\n")),
        ("a body over the limit", "POST /v1/predict HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: \(InlineRoutes.largestBody + 1)\r\n\r\n"),
        ("no Content-Type", predict(fields: "Content-Length: \(length)\r\n")),
        ("another Content-Type", predict(fields: "Content-Type: text/plain\r\nContent-Length: \(length)\r\n")),
        ("two Content-Type", predict(fields: "Content-Type: application/json\r\nContent-Type: application/json\r\nContent-Length: \(length)\r\n")),
        ("a blank before the colon", "GET /healthz HTTP/1.1\r\nHost : h\r\n\r\n"),
        ("a folded line", "GET /healthz HTTP/1.1\r\nX-A: 1\r\n 2\r\n\r\n"),
        ("a bare LF", "GET /healthz HTTP/1.1\r\nHost: h\n\r\n"),
        ("a bare CR", "GET /healthz HTTP/1.1\r\nHost: h\rX: 1\r\n\r\n"),
        ("a control byte", "GET /healthz HTTP/1.1\r\nHost: h\u{1}\r\n\r\n"),
        ("a NUL", "GET /healthz HTTP/1.1\r\nHost: h\u{0}\r\n\r\n"),
        ("an empty name", "GET /healthz HTTP/1.1\r\n: h\r\n\r\n"),
        ("no colon", "GET /healthz HTTP/1.1\r\nHost\r\n\r\n"),
        ("a bare LF after the request line", "GET /healthz HTTP/1.1\n\r\n"),
        ("bytes that are not HTTP", "\u{16}\u{3}\u{1}\u{0}"),
    ])
    func leavesEverythingElseToTheCodec(_ case: String, text: String) {
        #expect(Self.scan(text) == .leave, "\(`case`)")
    }

    @Test func leavesAHeadThatDoesNotEndInTime() {
        let long = "GET /healthz HTTP/1.1\r\nX-Long: " + String(repeating: "a", count: RawRequestScanner.largestHead)
        #expect(Self.scan(long) == .leave)
        let many = "GET /healthz HTTP/1.1\r\n" + String(repeating: "X-A: 1\r\n", count: RawRequestScanner.mostFields + 1) + "\r\n"
        #expect(Self.scan(many) == .leave)
        let enough = "GET /healthz HTTP/1.1\r\n" + String(repeating: "X-A: 1\r\n", count: RawRequestScanner.mostFields) + "\r\n"
        #expect(Self.scan(enough) != .leave)
    }

    @Test func aSmallerMaxBodyLowersTheLimit() {
        let small = RawRequestScanner(largestBody: 10)
        let text = Array(Self.predict().utf8)
        #expect(text.withUnsafeBytes { small.scan($0) } == .leave)
    }

    // MARK: - Against SwiftNIO's decoder

    /// What SwiftNIO's HTTP decoder reads from `bytes`: each whole request's method, URI and body.
    static func decoded(_ bytes: [UInt8]) -> [(method: String, uri: String, body: [UInt8])] {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .forwardBytes)))
        defer { _ = try? channel.finish() }
        // A decoding error comes after the parts of the requests before it.
        _ = try? channel.writeInbound(ByteBuffer(bytes: bytes))
        var requests: [(method: String, uri: String, body: [UInt8])] = []
        var current: (method: String, uri: String, body: [UInt8])?
        while let part = try? channel.readInbound(as: HTTPServerRequestPart.self) {
            switch part {
            case .head(let head): current = (head.method.rawValue, head.uri, [])
            case .body(var buffer): current?.body += buffer.readBytes(length: buffer.readableBytes) ?? []
            case .end:
                if let request = current { requests.append(request) }
                current = nil
            }
        }
        return requests
    }

    /// Each request the scanner reads from the front of `bytes`, in turn, as the handler does.
    static func scannedRequests(_ bytes: [UInt8]) -> [(RawRequestScanner.Request, [UInt8])] {
        var requests: [(RawRequestScanner.Request, [UInt8])] = []
        var rest = bytes[...]
        while case .request(let request) = Array(rest).withUnsafeBytes({ scanner.scan($0) }) {
            let whole = Array(rest.prefix(request.length))
            requests.append((request, Array(whole.suffix(request.bodyLength))))
            rest = rest.dropFirst(request.length)
        }
        return requests
    }

    static func agree(_ bytes: [UInt8]) -> Bool {
        let scanned = scannedRequests(bytes)
        guard !scanned.isEmpty else { return true }  // nothing read here: the codec's alone
        let decoded = decoded(bytes)
        guard decoded.count >= scanned.count else { return false }
        for ((request, body), theirs) in zip(scanned, decoded) {
            guard theirs.method == request.route.method.rawValue, theirs.uri == request.route.path, theirs.body == body else {
                return false
            }
        }
        return true
    }

    @Test func swiftNIOsDecoderReadsTheSameRequests() {
        let samples = [
            Self.predict(), "GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n", "GET /readyz HTTP/1.1\r\n\r\n",
            Self.predict(fields: "Host: h\r\ncontent-length:\(Self.length)\r\nContent-Type: application/json;charset=utf-8\r\nX-Trace: a b\tc\r\n"),
        ]
        for sample in samples {
            // `agree` holds trivially for bytes the scanner leaves; these it must read.
            #expect(Self.scannedRequests(Array(sample.utf8)).count == 1, "\(sample)")
            #expect(Self.agree(Array(sample.utf8)), "\(sample)")
        }
        #expect(Self.scannedRequests(Array(samples.joined().utf8)).count == samples.count)
        #expect(Self.agree(Array(samples.joined().utf8)), "pipelined")
    }

    /// Random edits of valid pipelined requests: whenever the scanner still reads a request,
    /// SwiftNIO's decoder must read the same one (most edits make the scanner leave, which is
    /// always safe).
    @Test func mutatedRequestsNeverReadDifferentlyFromSwiftNIO() {
        var generator = SplitMix64(seed: 0x5eed)
        let base = Array((Self.predict() + "GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n" + Self.predict("{}")).utf8)
        let interesting: [UInt8] = Array(" \t\r\n:;,0123456789-+aA\u{0}\u{7f}".utf8) + [0x80, 0xff]
        var read = 0
        for _ in 0..<10_000 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                let byte = interesting.randomElement(using: &generator)!
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[position] = byte
                case 1: bytes.insert(byte, at: position)
                default: bytes.remove(at: position)
                }
            }
            if !Self.scannedRequests(bytes).isEmpty { read += 1 }
            if !Self.agree(bytes) {
                Issue.record("read differently: \(String(decoding: bytes, as: UTF8.self).debugDescription)")
            }
        }
        #expect(read > 500, "the mutations should leave many requests readable (\(read))")
    }
}
