/// Reads one request of the inline routes straight from the bytes a connection received, for
/// ``RawRouteHandler``; anything it is not sure of it leaves to the HTTP codec.
///
/// Why: the inline routes answered after SwiftNIO's HTTP decoder (llhttp) and the conversion
/// to Swift HTTP Types cost more of the server's CPU per request than parsing, scoring and
/// writing a prediction (docs/bench/serve.md). A request a client like `wrk`, `curl` or an HTTP
/// library sends to a hot route is a handful of short lines, which this reads in one pass.
///
/// It is strict on purpose, so that it never reads a request differently from llhttp: one of
/// three exact request lines (`POST /v1/predict`, `GET /healthz`, `GET /readyz`, HTTP/1.1, no
/// query), lines ending in CRLF, field names that are tokens, no control bytes, no folded
/// lines, at most one `Content-Length` of digits, no `Transfer-Encoding`, `Expect` or
/// `Upgrade`, `Connection` only `keep-alive`, and for predict one JSON `Content-Type` and a
/// length within the inline limit. Anything else is ``Outcome/leave``, and the connection's
/// bytes go to the codec from that request on.
struct RawRequestScanner {
    /// The most bytes of request line and fields read before leaving the request to the codec.
    static let largestHead = 8 * 1024
    /// The most fields read before leaving the request to the codec.
    static let mostFields = 64

    /// A whole request, `length` bytes from the start, its body the last `bodyLength` of them.
    struct Request: Equatable {
        let route: InlineRoutes.Route
        let length: Int
        let bodyLength: Int
    }

    enum Outcome: Equatable {
        /// A whole request of an inline route.
        case request(Request)
        /// The start of what may be such a request: wait for more bytes.
        case incomplete
        /// Not a request this reads: the codec's, with every byte after it.
        case leave
    }

    /// The largest predict body answered here.
    let largestBody: Int

    private static let requestLines: [(line: StaticString, route: InlineRoutes.Route)] = [
        ("POST /v1/predict HTTP/1.1\r\n", .predict),
        ("GET /healthz HTTP/1.1\r\n", .health),
        ("GET /readyz HTTP/1.1\r\n", .readiness),
    ]

    private static let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n"), colon = UInt8(ascii: ":")
    private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")

    /// Reads the request at the start of `bytes`.
    func scan(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        guard let (route, lineLength) = Self.requestLine(bytes) else {
            return Self.couldStartRequestLine(bytes) ? .incomplete : .leave
        }
        var position = lineLength
        var fieldCount = 0
        var contentLength: Int?
        var jsonContentTypes = 0
        var otherContentTypes = 0
        while true {
            let end: Int
            switch Self.lineEnd(bytes, from: position) {
            case .at(let offset): end = offset
            case .beyondBytes: return bytes.count > Self.largestHead ? .leave : .incomplete
            case .unclear: return .leave
            }
            if end == position { // the empty line: the fields are done
                position += 2
                break
            }
            fieldCount += 1
            guard fieldCount <= Self.mostFields, end + 2 <= Self.largestHead else { return .leave }
            let line = UnsafeRawBufferPointer(rebasing: bytes[position..<end])
            position = end + 2
            guard let colon = Self.nameEnd(line) else { return .leave }
            let name = UnsafeBufferPointer(rebasing: line.bindMemory(to: UInt8.self)[..<colon])
            let rawValue = UnsafeBufferPointer(rebasing: line.bindMemory(to: UInt8.self)[(colon + 1)...])
            let value = ASCIIText.trimmingBlanks(rawValue)
            switch name.count {
            case 14 where ASCIIText.equalsIgnoringCase(name, "content-length"):
                guard contentLength == nil, let length = Self.contentLength(rawValue) else { return .leave }
                contentLength = length
            case 12 where ASCIIText.equalsIgnoringCase(name, "content-type"):
                if PredictionHandlers.isJSONMediaType(value) { jsonContentTypes += 1 } else { otherContentTypes += 1 }
            case 10 where ASCIIText.equalsIgnoringCase(name, "connection"):
                guard ASCIIText.equalsIgnoringCase(value, "keep-alive") else { return .leave }
            case 17 where ASCIIText.equalsIgnoringCase(name, "transfer-encoding"),
                6 where ASCIIText.equalsIgnoringCase(name, "expect"),
                7 where ASCIIText.equalsIgnoringCase(name, "upgrade"):
                return .leave
            default:
                continue
            }
        }
        let bodyLength = contentLength ?? 0
        switch route {
        case .predict:
            // A missing, repeated or other media type is answered by the router's rules.
            guard contentLength != nil, bodyLength <= largestBody, jsonContentTypes == 1, otherContentTypes == 0 else {
                return .leave
            }
        case .health, .readiness:
            guard bodyLength == 0 else { return .leave }
        }
        return bytes.count - position >= bodyLength
            ? .request(Request(route: route, length: position + bodyLength, bodyLength: bodyLength)) : .incomplete
    }

    /// The route and length of the request line, when it is one of the three.
    private static func requestLine(_ bytes: UnsafeRawBufferPointer) -> (InlineRoutes.Route, Int)? {
        for (line, route) in requestLines where bytes.count >= line.utf8CodeUnitCount && startsWith(bytes, line) {
            return (route, line.utf8CodeUnitCount)
        }
        return nil
    }

    /// Whether `bytes` begin with `line`, or with as much of it as they hold.
    private static func startsWith(_ bytes: UnsafeRawBufferPointer, _ line: StaticString) -> Bool {
        for offset in 0..<min(bytes.count, line.utf8CodeUnitCount) where bytes[offset] != line.utf8Start[offset] {
            return false
        }
        return true
    }

    /// Whether `bytes`, shorter than a request line, are the start of one.
    private static func couldStartRequestLine(_ bytes: UnsafeRawBufferPointer) -> Bool {
        requestLines.contains { line, _ in
            bytes.count < line.utf8CodeUnitCount && startsWith(bytes, line)
        }
    }

    private enum LineEnd {
        /// The offset of the CR of the CRLF that ends the line.
        case at(Int)
        /// The bytes end first.
        case beyondBytes
        /// The line holds a byte llhttp may read differently: a bare CR or LF, another control byte, DEL.
        case unclear
    }

    private static func lineEnd(_ bytes: UnsafeRawBufferPointer, from start: Int) -> LineEnd {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == cr {
                guard index + 1 < bytes.count else { return .beyondBytes }
                return bytes[index + 1] == lf ? .at(index) : .unclear
            }
            if (byte < 0x20 && byte != tab) || byte == 0x7F { return .unclear }
            index += 1
        }
        return .beyondBytes
    }

    /// The offset of the colon after a field name that is a token; nil otherwise (including
    /// a folded line, which starts with a blank).
    private static func nameEnd(_ line: UnsafeRawBufferPointer) -> Int? {
        for (offset, byte) in line.enumerated() {
            if byte == colon { return offset == 0 ? nil : offset }
            guard isTokenByte(byte) else { return nil }
        }
        return nil
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
            UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
            UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    /// A `Content-Length` value: blanks, 1 to 9 decimal digits, spaces (llhttp refuses a tab
    /// after the digits).
    private static func contentLength(_ value: UnsafeBufferPointer<UInt8>) -> Int? {
        var start = 0, end = value.count
        while start < end, value[start] == space || value[start] == tab { start += 1 }
        while end > start, value[end - 1] == space { end -= 1 }
        guard (1...9).contains(end - start) else { return nil }
        var result = 0
        for byte in value[start..<end] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            result = result * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return result
    }
}
