import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1

/// A route's finished answer: status, JSON body, and any fields beyond `Content-Type`.
///
/// A request reaches the handlers one of three ways — Hummingbird's router, or the inline
/// routes on the event loop (``InlineRouteHandler`` after the codec, ``RawRouteHandler`` from
/// the bytes) — and all write this value, so they answer a request byte for byte alike.
struct JSONAnswer: Sendable {
    var status: HTTPResponse.Status = .ok
    var body: ByteBuffer
    /// Fields besides `Content-Type` (`Allow` for 405, `Retry-After` for 503).
    var extraFields = HTTPFields()

    private static let contentType = HTTPField(name: .contentType, value: "application/json")

    /// `Content-Type` and the extra fields; every path adds `Content-Length`, `Date` and `Server`.
    var fields: HTTPFields {
        var fields = HTTPFields([Self.contentType])
        fields.append(contentsOf: extraFields)
        return fields
    }

    /// The whole response head as the inline routes write it after the codec: ``fields``,
    /// then `Content-Length`, `Date` and `Server`, in the order Hummingbird's router adds them.
    func responseHead(date: String, server: String) -> HTTPResponse {
        var fields = fields
        fields[.contentLength] = String(body.readableBytes)
        fields[.date] = date
        fields[.server] = server
        return HTTPResponse(status: status, headerFields: fields)
    }

    /// As a Hummingbird response (the router adds `Content-Length`, `Date` and `Server`).
    var response: Response {
        Response(status: status, headers: fields, body: ResponseBody(byteBuffer: body))
    }

    /// As HTTP/1.1 bytes: what SwiftNIO's encoder writes for ``responseHead(date:server:)``
    /// and the body (the status line with NIO's reason phrase), without building the head.
    func writeHTTP1(into buffer: inout ByteBuffer, date: String, server: String) {
        func write(_ name: String, _ value: String) {
            buffer.writeString(name)
            buffer.writeStaticString(": ")
            buffer.writeString(value)
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("HTTP/1.1 ")
        buffer.writeString(String(status.code))
        buffer.writeStaticString(" ")
        buffer.writeString(HTTPResponseStatus(statusCode: status.code).reasonPhrase)
        buffer.writeStaticString("\r\n")
        write(Self.contentType.name.rawName, Self.contentType.value)
        for field in extraFields { write(field.name.rawName, field.value) }
        write(HTTPField.Name.contentLength.rawName, String(body.readableBytes))
        write(HTTPField.Name.date.rawName, date)
        write(HTTPField.Name.server.rawName, server)
        buffer.writeStaticString("\r\n")
        buffer.writeImmutableBuffer(body)
    }
}
