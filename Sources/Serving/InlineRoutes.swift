import HTTPTypes
import Logging
import NIOCore

/// Which requests ``InlineRouteHandler`` answers itself, and the answers (for it and for
/// ``RawRouteHandler``): the same handlers the router calls, behind the same error handling as
/// ``ServingMiddleware``.
struct InlineRoutes: Sendable {
    /// The largest predict body answered inline (~200 instances of the example): scoring it
    /// holds the event loop for well under a millisecond. Longer bodies go to the router, whose
    /// handlers run off the event loop.
    static let largestBody = 16 * 1024

    enum Route: Sendable {
        case predict, health, readiness

        var path: String {
            switch self {
            case .predict: "/v1/predict"
            case .health: "/healthz"
            case .readiness: "/readyz"
            }
        }

        var method: HTTPRequest.Method {
            self == .predict ? .post : .get
        }
    }

    let handlers: PredictionHandlers
    let metrics: ServingMetrics
    let logger: Logger
    /// The `Server` field, as Hummingbird's router writes it.
    let serverName: String

    /// The route to answer inline, or nil to leave the request to the router.
    func route(for head: HTTPRequest) -> Route? {
        let route: Route
        switch (head.method, head.path) {
        case (.post, "/v1/predict"?): route = .predict
        case (.get, "/healthz"?): route = .health
        case (.get, "/readyz"?): route = .readiness
        default: return nil
        }
        var length: Int?
        for field in head.headerFields {
            switch field.name {
            case .connection:
                // `keep-alive` is what HTTP/1.1 does anyway (and what many clients send);
                // `close`, `upgrade` and the rest are the router's.
                guard Self.isKeepAlive(field.value) else { return nil }
            case .transferEncoding:
                return nil
            case .contentLength:
                guard length == nil, let declared = Int(field.value) else { return nil }
                length = declared
            default:
                continue
            }
        }
        switch route {
        case .predict:
            guard let length, length <= min(Self.largestBody, handlers.settings.maxBody) else { return nil }
        case .health, .readiness:
            guard length ?? 0 == 0 else { return nil }
        }
        return route
    }

    /// Whether a `Connection` value is exactly `keep-alive`, in any case.
    static func isKeepAlive(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { ASCIIText.equalsIgnoringCase($0, "keep-alive") }
    }

    /// Counts an answered request of `route` in the same series the router's middleware uses.
    func record(_ route: Route, status: HTTPResponse.Status, since started: ContinuousClock.Instant) {
        metrics.recordRequest(route: route.path, method: route.method.rawValue, status: status.code, duration: .now - started)
    }

    /// The answer to a whole request of `route`; never throws: an error is its own answer.
    /// `fields` are the request's, for predict's checks of its content type and length; nil
    /// when ``RawRequestScanner`` read them (one JSON type, a length within the inline limit).
    func answer(_ route: Route, fields: HTTPFields?, body: ByteBuffer) -> JSONAnswer {
        do throws(ServingError) {
            switch route {
            case .predict:
                if let fields { try handlers.checkPredictHead(fields) }
                return try handlers.predictAnswer(body: body)
            case .health:
                return handlers.healthAnswer()
            case .readiness:
                return try handlers.readinessAnswer()
            }
        } catch {
            if error.status == .internalServerError {
                logger.error("request failed", metadata: ["route": "\(route.path)", "error": "\(error)"])
            }
            return error.answer
        }
    }
}
