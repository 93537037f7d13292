import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1

/// A route's finished answer: status, JSON body, and any fields beyond `Content-Type`.
///
/// A request reaches the handlers one of two ways — Hummingbird's router, or the inline
/// routes on the event loop (``InlineRouteHandler``) — and both write this value, so the two
/// answer a request byte for byte alike.
struct JSONAnswer: Sendable {
    var status: HTTPResponse.Status = .ok
    var body: ByteBuffer
    /// Fields besides `Content-Type` (`Allow` for 405, `Retry-After` for 503).
    var extraFields: HTTPFields = [:]

    /// `Content-Type` and the extra fields; both paths add `Content-Length`, `Date` and `Server`.
    var fields: HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json"]
        fields.append(contentsOf: extraFields)
        return fields
    }

    /// As a Hummingbird response (the router adds `Content-Length`, `Date` and `Server`).
    var response: Response {
        Response(status: status, headers: fields, body: ResponseBody(byteBuffer: body))
    }

    /// As HTTP/1.1 bytes, the way SwiftNIO's response encoder writes the router's answer:
    /// status line (NIO's reason phrase), the fields, `Content-Length`, `Date`, `Server`, body.
    func writeHTTP1(into buffer: inout ByteBuffer, date: String, server: String) {
        buffer.writeStaticString("HTTP/1.1 ")
        buffer.writeString(String(status.code))
        buffer.writeStaticString(" ")
        buffer.writeString(HTTPResponseStatus(statusCode: status.code).reasonPhrase)
        buffer.writeStaticString("\r\nContent-Type: application/json\r\n")
        for field in extraFields {
            buffer.writeString(field.name.rawName)
            buffer.writeStaticString(": ")
            buffer.writeString(field.value)
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("Content-Length: ")
        buffer.writeString(String(body.readableBytes))
        buffer.writeStaticString("\r\nDate: ")
        buffer.writeString(date)
        buffer.writeStaticString("\r\nServer: ")
        buffer.writeString(server)
        buffer.writeStaticString("\r\n\r\n")
        buffer.writeImmutableBuffer(body)
    }
}
