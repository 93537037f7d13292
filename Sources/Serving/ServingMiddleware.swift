import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The outermost layer of every route: turns every error into a ``ServingError`` response
/// and counts the answer in ``ServingMetrics``.
///
/// Hummingbird answers an error that is not an `HTTPResponseError` with an empty 500; this
/// middleware makes sure that never happens for client input — a body over the limit is 413,
/// an unknown path 404, a known path with the wrong method 405 with `Allow` — and that every
/// error body has the documented shape.
struct ServingMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServingMetrics
    /// The server's paths with their methods, for 405 and for the `route` label.
    let routes: [String: [HTTPRequest.Method]]
    let maxBody: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let path = request.uri.path
        let route = routes[path] != nil ? path : "unmatched"
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            let failure = servingError(for: error, request: request)
            if failure.status == .internalServerError {
                context.logger.error("request failed", metadata: ["route": "\(route)", "error": "\(error)"])
            } else if failure.code == ServingError.shuttingDown.code {
                context.logger.warning("request cut: still running when the drain time ran out", metadata: ["route": "\(route)"])
            }
            response = try failure.response(from: request, context: context)
        }
        metrics.recordRequest(route: route, method: request.method.rawValue, status: response.status.code, duration: ContinuousClock.now - started)
        return response
    }

    private func servingError(for error: any Error, request: Request) -> ServingError {
        switch error {
        case let error as ServingError:
            return error
        case is NIOTooManyBytesError:
            return .bodyTooLarge(limit: maxBody)
        case is CancellationError:
            return .shuttingDown
        case let error as any HTTPResponseError where error.status == .notFound:
            let path = request.uri.path
            if let allowed = routes[path] {
                return .methodNotAllowed(request.method.rawValue, allowed: allowed.map(\.rawValue))
            }
            return .notFound(path: path)
        case let error as any HTTPResponseError where error.status == .contentTooLarge:
            return .bodyTooLarge(limit: maxBody)
        case let error as any HTTPResponseError where error.status.kind == .clientError:
            return .invalidRequest("\(error)")
        default:
            return .failed("\(error)")
        }
    }
}
