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

    /// As a Hummingbird response (the router adds `Content-Length`, `Date` and `Server`).
    var response: Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers.append(contentsOf: extraFields)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }
}
