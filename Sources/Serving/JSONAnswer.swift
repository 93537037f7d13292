import HTTPTypes
import Hummingbird
import NIOCore

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
}
