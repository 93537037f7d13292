import Artifacts
import Foundation
import HTTPTypes
import Learning
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

    // MARK: With the weather example's real bundle

    static func weatherHolder() throws -> ModelHolder {
        let holder = ModelHolder()
        holder.install(try WeatherFixture.shared.get().loadedModel(version: 1))
        return holder
    }

    static let drizzle = #"{"precipitation":0.0,"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":"drizzle"}"#

    @Test func predictAnswersWithClassesProbabilitiesAndTheModel() async throws {
        let holder = try Self.weatherHolder()
        let loaded = try #require(holder.current)
        let metrics = ServingMetrics()
        try await Self.application(holder: holder, metrics: metrics).test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/predict", method: .post, headers: Self.jsonHeaders,
                body: Self.json(#"{"instances":[\#(Self.drizzle),{"precipitation":null,"temp_max":null,"temp_min":null,"wind":null,"weather":null}]}"#))
            #expect(response.status == .ok)
            let answer = try PredictResponse(response.body)
            let predictions = answer.predictions
            let probabilities = try #require(answer.probabilities)
            #expect(predictions.count == 2)
            #expect(probabilities.count == 2)
            // What the inference code itself says for the same instance.
            let direct = try (loaded.model as? BundleModel)?.module.predict([
                "precipitation": .number(0), "temp_max": .number(12.8), "temp_min": .number(5), "wind": .number(4.7), "weather": .string("drizzle"),
            ])
            #expect(direct.map { Array($0.probabilities(at: 0)) } == [probabilities[0]["0"] ?? .nan, probabilities[0]["1"] ?? .nan])
            #expect(predictions[0] == (probabilities[0]["1"] ?? 0 > 0.5 ? 1 : 0))
            #expect(answer.model.name == "weather-rain")
            #expect(answer.model.version == 1)
            #expect(answer.model.digest == loaded.identity.digest.description)
        }
        #expect(String(decoding: metrics.render(), as: UTF8.self).contains("retrain_serve_predicted_instances_total 2"))
    }

    @Test(arguments: [
        (#"{"instances":[{"precipitation":0.0,"temp_min":5.0,"wind":4.7,"weather":"drizzle"}]}"#, "temp_max", 0,
         "instance 0: missing feature 'temp_max' (a number or null)"),
        (#"{"instances":[\#(drizzle),{"precipitation":"0","temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":"drizzle"}]}"#, "precipitation", 1,
         "instance 1: feature 'precipitation' must be a number or null, got a string"),
        (#"{"instances":[{"precipitation":0.0,"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":3}]}"#, "weather", 0,
         "instance 0: feature 'weather' must be a string or null, got a number"),
        (#"{"instances":[{"precipitation":0.0,"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":"sun","Wind":1}]}"#, "Wind", 0,
         "instance 0: unknown field 'Wind': the model does not read it"),
        (#"{"instances":[{"precipitation":1e999,"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":"sun"}]}"#, "precipitation", 0,
         "instance 0: feature 'precipitation' must be a finite number"),
        (#"{"instances":[{"precipitation":[1],"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":"sun"}]}"#, "precipitation", 0,
         "instance 0: feature 'precipitation' must be a number or null, got an array"),
    ])
    func invalidInstancesAre400NamingTheFieldAndInstance(body: String, field: String, instance: Int, message: String) async throws {
        let holder = try Self.weatherHolder()
        try await Self.application(holder: holder).test(.router) { client in
            let response = try await client.execute(uri: "/v1/predict", method: .post, headers: Self.jsonHeaders, body: Self.json(body))
            #expect(response.status == .badRequest)
            let error = try Self.error(response)
            #expect(error["code"] as? String == "invalid_instance")
            #expect(error["message"] as? String == message)
            #expect(error["field"] as? String == field)
            #expect(error["instance"] as? Int == instance)
        }
    }

    @Test func modelDescribesIdentityLineageAndInputSchema() async throws {
        let holder = try Self.weatherHolder()
        try await Self.application(holder: holder).test(.router) { client in
            let response = try await client.execute(uri: "/v1/model", method: .get)
            #expect(response.status == .ok)
            let model = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            #expect(model["name"] as? String == "weather-rain")
            #expect(model["version"] as? Int == 1)
            #expect(model["alias"] as? String == "production")
            #expect(model["task"] as? String == "classification")
            #expect(model["classes"] as? [Int] == [0, 1])
            let window = try #require(model["data_window"] as? [String: Any])
            #expect((window["end"] as? String)?.hasPrefix("2015-01-01") == true, "the registry's lineage data window")
            #expect((model["metrics"] as? [String: Any])?["roc_auc"] is Double)
            let fields = try #require((model["input_schema"] as? [String: Any])?["fields"] as? [[String: Any]])
            #expect(fields.map { $0["name"] as? String } == ["precipitation", "temp_max", "temp_min", "wind", "weather"])
            #expect(fields.map { $0["type"] as? String } == ["number", "number", "number", "number", "string"])
            #expect(fields[4]["categories"] as? [String] == ["fog", "rain", "sun"], "the categories of the 2014 window")
            #expect(((model["bundle"] as? [String: Any])?["algorithm"] as? String) == "logistic_regression")

            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .ok)
        }
    }

    @Test func openAPIInstanceSchemaIsTheModelsInputSchema() async throws {
        let holder = try Self.weatherHolder()
        try await Self.application(holder: holder).test(.router) { client in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let instance = try #require(schemas["Instance"] as? [String: Any])
            #expect(Set(instance["required"] as? [String] ?? []) == ["precipitation", "temp_max", "temp_min", "wind", "weather"])
            #expect(instance["additionalProperties"] as? Bool == false)
            let properties = try #require(instance["properties"] as? [String: Any])
            #expect((properties["weather"] as? [String: Any])?["type"] as? [String] == ["string", "null"])
            let answer = try #require(schemas["PredictResponse"] as? [String: Any])
            let items = ((answer["properties"] as? [String: Any])?["predictions"] as? [String: Any])?["items"] as? [String: Any]
            #expect(items?["enum"] as? [Int] == [0, 1])
        }
    }
}
