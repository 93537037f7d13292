import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import Serving

/// The HTTP surface driven in-process through the router (no socket): every route, every
/// client error, and the shape of every error body.
@Suite("Routes, in process")
struct RouterTests {
    static func application(holder: ModelHolder = ModelHolder(unavailableReason: "test: nothing loaded"), settings: ServerSettings = ServerSettings(), metrics: ServingMetrics = ServingMetrics()) -> some ApplicationProtocol {
        let server = PredictionServer(settings: settings, holder: holder, metrics: metrics)
        return Application(router: server.makeRouter(), logger: Logger(label: "test"))
    }

    static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
    static let jsonHeaders: HTTPFields = [.contentType: "application/json"]

    /// The `error` object of an error body.
    static func error(_ response: TestResponse) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
        return try #require(object?["error"] as? [String: Any])
    }

    @Test func healthAnswersWithoutAModel() async throws {
        try await Self.application().test(.router) { client in
            let response = try await client.execute(uri: "/healthz", method: .get)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
            #expect(response.headers[.contentType] == "application/json")
        }
    }

    @Test func withoutAModelReadyAndPredictAnswer503WithTheReason() async throws {
        try await Self.application().test(.router) { client in
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .serviceUnavailable)
            #expect(try Self.error(ready)["message"] as? String == "no model is loaded: test: nothing loaded")
            #expect(ready.headers[.retryAfter] == "1")
            let predict = try await client.execute(
                uri: "/v1/predict", method: .post, headers: Self.jsonHeaders, body: Self.json(#"{"instances":[{"a":1}]}"#))
            #expect(predict.status == .serviceUnavailable)
            #expect(try Self.error(predict)["code"] as? String == "no_model")
            let model = try await client.execute(uri: "/v1/model", method: .get)
            #expect(model.status == .serviceUnavailable)
        }
    }

    @Test func clientErrorsBeforeTheModelIsConsulted() async throws {
        var settings = ServerSettings()
        settings.maxBody = 64
        settings.maxInstances = 2
        try await Self.application(settings: settings).test(.router) { client in
            let noType = try await client.execute(uri: "/v1/predict", method: .post, body: Self.json("{}"))
            #expect(noType.status == .unsupportedMediaType)
            #expect(try Self.error(noType)["message"] as? String == "request body must be application/json, got no Content-Type")

            let text = try await client.execute(
                uri: "/v1/predict", method: .post, headers: [.contentType: "text/plain"], body: Self.json("{}"))
            #expect(text.status == .unsupportedMediaType)
            #expect(try Self.error(text)["message"] as? String == "request body must be application/json, got 'text/plain'")

            let charset = try await client.execute(
                uri: "/v1/predict", method: .post, headers: [.contentType: "Application/JSON; charset=utf-8"], body: Self.json("{"))
            #expect(charset.status == .badRequest, "a JSON type with parameters is accepted and the body parsed")

            let large = try await client.execute(
                uri: "/v1/predict", method: .post, headers: Self.jsonHeaders, body: Self.json(String(repeating: " ", count: 65)))
            #expect(large.status == .contentTooLarge)
            #expect(try Self.error(large)["message"] as? String == "request body is larger than 64 bytes (the server's --max-body)")

            let malformed = try await client.execute(
                uri: "/v1/predict", method: .post, headers: Self.jsonHeaders, body: Self.json(#"{"instances":[{"a":}]}"#))
            #expect(malformed.status == .badRequest)
            #expect(try Self.error(malformed)["code"] as? String == "malformed_json")

            let unknown = try await client.execute(
                uri: "/v1/predict", method: .post, headers: Self.jsonHeaders, body: Self.json(#"{"instances":[{}],"x":1}"#))
            #expect(unknown.status == .badRequest)
            #expect(try Self.error(unknown)["field"] as? String == "x")

            let many = try await client.execute(
                uri: "/v1/predict", method: .post, headers: Self.jsonHeaders, body: Self.json(#"{"instances":[{},{},{}]}"#))
            #expect(many.status == .badRequest)
            #expect(try Self.error(many)["code"] as? String == "too_many_instances")
        }
    }

    @Test func unknownPathsAre404AndWrongMethods405WithAllow() async throws {
        try await Self.application().test(.router) { client in
            let missing = try await client.execute(uri: "/v2/predict", method: .post)
            #expect(missing.status == .notFound)
            #expect(try Self.error(missing)["message"] as? String == "no route for '/v2/predict'")

            let wrong = try await client.execute(uri: "/v1/predict", method: .get)
            #expect(wrong.status == .methodNotAllowed)
            #expect(wrong.headers[.allow] == "POST")

            let delete = try await client.execute(uri: "/healthz", method: .delete)
            #expect(delete.status == .methodNotAllowed)
            #expect(delete.headers[.allow] == "GET, HEAD")

            let head = try await client.execute(uri: "/healthz", method: .head)
            #expect(head.status == .ok)
        }
    }

    @Test func metricsCountRequestsByRouteMethodAndStatus() async throws {
        let metrics = ServingMetrics()
        try await Self.application(metrics: metrics).test(.router) { client in
            _ = try await client.execute(uri: "/healthz", method: .get)
            _ = try await client.execute(uri: "/healthz", method: .get)
            _ = try await client.execute(uri: "/nowhere/\(UUID())", method: .get)
            _ = try await client.execute(uri: "/v1/predict", method: .post, body: Self.json("{}"))
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            let text = String(buffer: response.body)
            #expect(text.contains(#"retrain_serve_http_requests_total{route="/healthz",method="GET",status="200"} 2"#))
            #expect(text.contains(#"retrain_serve_http_requests_total{route="unmatched",method="GET",status="404"} 1"#))
            #expect(text.contains(#"retrain_serve_http_requests_total{route="/v1/predict",method="POST",status="415"} 1"#))
            #expect(text.contains(#"retrain_serve_http_request_duration_seconds_count{route="/healthz",method="GET",status="200"} 2"#))
            #expect(text.contains("retrain_serve_model_loaded 0"))
            #expect(text.contains("retrain_serve_model_reloads_total 0"))
            #expect(text.contains("retrain_serve_model_reload_failures_total 0"))
        }
    }

    @Test func openAPIDocumentListsEveryRoute() async throws {
        try await Self.application().test(.router) { client in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: Any])
            #expect(Set(paths.keys) == Set(PredictionServer.routes.keys))
        }
    }
}
