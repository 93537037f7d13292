import Artifacts
import Foundation
import HTTPTypes
import HummingbirdTesting
import Learning
import NIOCore
import Registry
import Testing
import TestSupport

@testable import Serving

/// `retrain-serve` as operators run it: the built executable on a free 127.0.0.1 port, a store
/// made by `retrain run` of the weather example, real HTTP.
@Suite("retrain-serve, live", .serialized)
struct LiveServerTests {
    static let jsonHeaders: HTTPFields = [.contentType: "application/json"]

    static func body(_ object: Any) throws -> ByteBuffer {
        ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object))
    }

    static func object(_ response: TestClient.Response) throws -> [String: Any] {
        let bytes = Data((response.body ?? ByteBuffer()).readableBytesView)
        return try #require(try JSONSerialization.jsonObject(with: bytes) as? [String: Any], "\(String(decoding: bytes, as: UTF8.self))")
    }

    static func text(_ response: TestClient.Response) -> String {
        String(buffer: response.body ?? ByteBuffer())
    }

    /// The version a response's `model` field names.
    static func version(_ response: TestClient.Response) -> Int? {
        (try? PredictResponse(response.body))?.model.version
    }

    /// Waits (bounded) until the server answers /readyz with 200.
    static func waitUntilReady(_ server: LiveServer) async throws {
        let ready = try await LiveServer.eventually {
            try await server.withClient { client in try await client.get("/readyz").status == .ok }
        }
        try #require(ready, "the server became ready: \(server.logText)")
    }

    /// A ready server following `production` = the first month's version of a copy of the
    /// weather store; the copy lives as long as the returned directory.
    static func readyServerOnFirstVersion(extra: [String] = []) async throws -> (server: LiveServer, directory: TemporaryDirectory) {
        let fixture = try WeatherFixture.shared.get()
        let copy = try fixture.copyStore()
        try WeatherFixture.promote(fixture.runs[0].version, in: copy.store)
        let server = try LiveServer(store: copy.store, model: WeatherFixture.model, extra: extra)
        try await waitUntilReady(server)
        return (server, copy.directory)
    }

    @Test func predictionsEqualEvaluatesOnTheHoldout() async throws {
        let fixture = try WeatherFixture.shared.get()
        for run in fixture.runs {
            let copy = try fixture.copyStore()
            try WeatherFixture.promote(run.version, in: copy.store)
            let server = try LiveServer(store: copy.store, model: WeatherFixture.model)
            try await Self.waitUntilReady(server)
            let description = try Self.object(try await server.withClient { client in try await client.get("/v1/model") })
            let fields = try #require((description["input_schema"] as? [String: Any])?["fields"] as? [[String: Any]])
            let inputFields = try fields.map { field in
                let type = try #require(field["type"] as? String)
                return InputField(name: try #require(field["name"] as? String), type: try #require(InputField.FieldType(rawValue: type)))
            }
            let instances = try fixture.holdoutInstances(of: run, fields: inputFields)
            let expected = try fixture.evaluatePredictions(of: run)
            #expect(instances.count == expected.predictions.count)
            #expect(instances.count == 73, "the holdout is the latest 20 % of 365 days")

            // All holdout rows in one request, then each row on its own: both equal evaluate's.
            let batchBody = try Self.body(["instances": instances])
            let batch = try PredictResponse(try await server.withClient { client in
                try await client.post("/v1/predict", headers: Self.jsonHeaders, body: batchBody)
            }.body)
            #expect(batch.predictions == expected.predictions, "version \(run.version): predicted classes")
            #expect(batch.probabilities == expected.probabilities, "version \(run.version): probabilities, to the last bit")
            #expect(batch.model.version == run.version)

            let singleBodies = try instances.map { try Self.body(["instances": [$0]]) }
            let singles = try await server.withClient { client in
                var responses: [TestClient.Response] = []
                for body in singleBodies { responses.append(try await client.post("/v1/predict", headers: Self.jsonHeaders, body: body)) }
                return responses
            }.map { try PredictResponse($0.body) }
            #expect(singles.map { $0.predictions.first ?? .nan } == expected.predictions)
            #expect(singles.map { $0.probabilities?.first ?? [:] } == expected.probabilities)
            server.terminate()
            #expect(server.waitForExit() == 0)
        }
    }

    @Test func promoteAndRollbackReachTheServerWhileClientsGetOnly200() async throws {
        let fixture = try WeatherFixture.shared.get()
        let copy = try fixture.copyStore()
        let (first, second) = (fixture.runs[0].version, fixture.runs[1].version)
        try WeatherFixture.promote(first, in: copy.store)
        let server = try LiveServer(store: copy.store, model: WeatherFixture.model)
        try await Self.waitUntilReady(server)
        let instance: [String: Any] = ["precipitation": 0.0, "temp_max": 12.8, "temp_min": 5.0, "wind": 4.7, "weather": "drizzle"]
        let body = try Self.body(["instances": [instance]])

        let loop = PredictionLoop(server: server, body: body)
        _ = try await loop.reach(first)
        try await loop.settle()

        try WeatherFixture.promote(second, in: copy.store)
        let promoted = try await loop.reach(second)
        try await loop.settle()
        try WeatherFixture.registry(copy.store).rollback(
            model: try RegistryName(WeatherFixture.model), alias: try RegistryName("production", kind: "alias"),
            actor: "serving-test", reason: "test")
        let rolledBack = try await loop.reach(first)
        // Let the loop run on the rolled-back model for a little, then stop it.
        try await loop.settle()
        try await loop.stop()

        let seen = loop.all
        #expect(seen.count >= 60)
        #expect(seen.allSatisfy { $0.status == 200 }, "every request during the swaps was answered: \(seen.filter { $0.status != 200 }.prefix(3))")
        // The versions come in three runs, first → second → first: no request saw a mix.
        #expect(loop.versionRuns == [first, second, first])
        // The issue's figure (each move within 2 s) is reported, not asserted: tests never
        // assert on wall-clock time. The bounded wait above fails a server that never moves.
        print("retrain-serve: promote reached the server in \(promoted), rollback in \(rolledBack)")

        let metrics = Self.text(try await server.withClient { client in try await client.get("/metrics") })
        #expect(metrics.contains("retrain_serve_model_reloads_total 3"))
        #expect(metrics.contains("retrain_serve_model_reload_failures_total 0"))
        server.terminate()
        #expect(server.waitForExit() == 0)
    }

    @Test func aCorruptOrSelfCheckFailingBundleIsRefusedAndTheOldVersionKeepsAnswering() async throws {
        let fixture = try WeatherFixture.shared.get()
        let copy = try fixture.copyStore()
        let (first, second) = (fixture.runs[0].version, fixture.runs[1].version)
        try WeatherFixture.promote(first, in: copy.store)
        let server = try LiveServer(store: copy.store, model: WeatherFixture.model)
        try await Self.waitUntilReady(server)
        let registry = try WeatherFixture.registry(copy.store)
        let model = try RegistryName(WeatherFixture.model)

        // 1. Flip one byte of the second version's bundle blob, then promote it.
        let damaged = try registry.version(second, of: model)
        let path = registry.store.path(of: damaged.bundle.digest)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count / 2] ^= 0x20
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        try bytes.write(to: URL(fileURLWithPath: path))
        try WeatherFixture.promote(second, in: copy.store)
        let refusedCorrupt = try await LiveServer.eventually { server.logText.contains("refused version \(second)") }
        #expect(refusedCorrupt, "\(server.logText)")
        #expect(server.logText.contains("is corrupt"), "the digest check names the cause")

        // 2. A bundle whose files are intact but whose model no longer reproduces its self check.
        let scratch = try TemporaryDirectory(prefix: "retrain-serve-tampered")
        let original = try registry.version(first, of: model)
        let bundle = scratch.child("bundle")
        try registry.store.extract(original.bundle.digest, into: bundle)
        // Move the first intercept far away: the files still parse and agree in shape, but
        // the model no longer predicts what the build recorded.
        let modelFile = URL(fileURLWithPath: bundle + "/model.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: modelFile)) as? [String: Any])
        func shiftIntercept(_ value: Any) -> Any {
            if var object = value as? [String: Any] {
                if let intercepts = object["intercepts"] as? [Double], let firstIntercept = intercepts.first {
                    object["intercepts"] = [firstIntercept + 25] + intercepts.dropFirst()
                    return object
                }
                for (key, member) in object { object[key] = shiftIntercept(member) }
                return object
            }
            return value
        }
        json = try #require(shiftIntercept(json) as? [String: Any])
        #expect(try JSONSerialization.data(withJSONObject: json) != Data(contentsOf: modelFile))
        try JSONSerialization.data(withJSONObject: json).write(to: modelFile)
        let blob = try registry.store.put(directory: bundle)
        let third = try registry.register(model: model, bundle: blob.digest, metadata: .object(["blessed": .bool(true), "metrics": .object([:])]))
        try WeatherFixture.promote(third.version, in: copy.store)
        let refusedSelfCheck = try await LiveServer.eventually { server.logText.contains("refused version \(third.version)") }
        #expect(refusedSelfCheck, "\(server.logText)")
        #expect(server.logText.contains("self check failed"))

        // The first version still answers, and the failures are counted.
        let rain = try Self.body(["instances": [["precipitation": 1.0, "temp_max": 10.0, "temp_min": 3.0, "wind": 2.0, "weather": "rain"]]])
        let (ready, answer, metricsResponse) = try await server.withClient { client in
            (try await client.get("/readyz"), try await client.post("/v1/predict", headers: Self.jsonHeaders, body: rain), try await client.get("/metrics"))
        }
        #expect(ready.status == .ok)
        #expect(answer.status == .ok)
        #expect(Self.version(answer) == first)
        let metrics = Self.text(metricsResponse)
        #expect(metrics.contains("retrain_serve_model_reload_failures_total 2"))
        #expect(metrics.contains("retrain_serve_model_version \(first)"))
        server.terminate()
        #expect(server.waitForExit() == 0)
    }

    @Test func clientErrorsOnTheWire() async throws {
        let (server, directory) = try await Self.readyServerOnFirstVersion(extra: ["--max-body", "2KiB", "--max-instances", "5"])
        defer { withExtendedLifetime(directory) {} }
        let good: [String: Any] = ["precipitation": 0.0, "temp_max": 12.8, "temp_min": 5.0, "wind": 4.7, "weather": "drizzle"]
        func without(_ key: String) -> [String: Any] { good.filter { $0.key != key } }
        func with(_ key: String, _ value: Any) -> [String: Any] { good.merging([key: value]) { $1 } }
        let cases: [(body: ByteBuffer, headers: HTTPFields, status: HTTPResponse.Status, field: String?, message: String)] = [
            (ByteBuffer(string: #"{"instances":[{"wind":}]}"#), Self.jsonHeaders, .badRequest, nil, "malformed JSON at byte offset 22: expected a value"),
            (try Self.body(["instances": [without("temp_max")]]), Self.jsonHeaders, .badRequest, "temp_max",
             "instance 0: missing feature 'temp_max' (a number or null)"),
            (try Self.body(["instances": [good, with("wind", "strong")]]), Self.jsonHeaders, .badRequest, "wind",
             "instance 1: feature 'wind' must be a number or null, got a string"),
            (try Self.body(["instances": [with("humidity", 80)]]), Self.jsonHeaders, .badRequest, "humidity",
             "instance 0: unknown field 'humidity': the model does not read it"),
            (try Self.body(["instances": Array(repeating: good, count: 6)]), Self.jsonHeaders, .badRequest, "instances",
             "field 'instances' holds more than 5 instances (the server's --max-instances)"),
            (try Self.body(["instances": Array(repeating: good, count: 30)]), Self.jsonHeaders, .contentTooLarge, nil,
             "request body is larger than 2048 bytes (the server's --max-body)"),
            (try Self.body(["instances": [good]]), [.contentType: "application/x-www-form-urlencoded"], .unsupportedMediaType, nil,
             "request body must be application/json, got 'application/x-www-form-urlencoded'"),
        ]
        let requests = cases.map { ($0.body, $0.headers) }
        let goodBody = try Self.body(["instances": [good]])
        let (responses, fine) = try await server.withClient { client in
            var responses: [TestClient.Response] = []
            for (body, headers) in requests { responses.append(try await client.post("/v1/predict", headers: headers, body: body)) }
            // The connection survives every refusal and still predicts.
            return (responses, try await client.post("/v1/predict", headers: Self.jsonHeaders, body: goodBody))
        }
        for (item, response) in zip(cases, responses) {
            #expect(response.status == item.status, "\(item.message)")
            let error = try #require(try Self.object(response)["error"] as? [String: Any])
            #expect(error["message"] as? String == item.message)
            #expect(error["field"] as? String == item.field)
        }
        #expect(fine.status == .ok)
        server.terminate()
        #expect(server.waitForExit() == 0)
    }

    /// Small predicts and health checks are answered on the event loop (RawRouteHandler from
    /// the bytes, or InlineRouteHandler after the codec), the rest by the router: on one
    /// connection, requests pipelined behind a routed one keep their order (they wait at the
    /// router too), and a request answers the same whichever way it goes.
    @Test func inlineAndRoutedAnswersAgreeAndKeepRequestOrder() async throws {
        // Two event loops (the default is one), so the two connections below may be on different loops.
        let (server, directory) = try await Self.readyServerOnFirstVersion(extra: ["--event-loops", "2"])
        defer { withExtendedLifetime(directory) {} }
        let connection = try RawHTTPConnection(port: server.port)
        func predict(_ body: String, type: String = "application/json", query: String = "") -> String {
            "POST /v1/predict\(query) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: \(type)\r\nConnection: keep-alive\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        }
        let good = #"{"instances":[{"precipitation":0.0,"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":"drizzle"}]}"#

        // Pipelined in one write behind a routed request: the predict and the healthz that
        // would be inline on their own follow it to the router, so the answers keep their order.
        try connection.write("GET /v1/model HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + predict(good)
            + "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let answers = try (0..<4).map { _ in try connection.readResponse() }
        #expect(answers.map(\.status) == [200, 200, 200, 200])
        #expect(answers[0].body.contains("\"input_schema\""), "\(answers[0].body)")
        #expect(answers[1].body.hasPrefix("{\"predictions\":["), "\(answers[1].body)")
        #expect(answers[2].body.contains("# TYPE"), "\(answers[2].body.prefix(200))")
        #expect(answers[3].body == #"{"status":"ok"}"#)

        // The same request three ways — from the received bytes (RawRouteHandler, on a
        // connection that sent nothing else), after the codec (InlineRouteHandler, on the
        // connection above, which the codec has had since /v1/model) and by the router (a
        // query string) — gets the same status, fields and body (bar the Date).
        func withoutDate(_ head: String) -> [Substring] {
            head.split(separator: "\r\n").filter { !$0.lowercased().hasPrefix("date:") }
        }
        let fresh = try RawHTTPConnection(port: server.port)
        func expectSame(_ request: String, routedVia routed: String, _ comment: Comment) throws {
            var answers: [(status: Int, head: String, body: String)] = []
            for (connection, text) in [(fresh, request), (connection, request), (connection, routed)] {
                try connection.write(text)
                answers.append(try connection.readResponse())
            }
            for other in answers.dropFirst() {
                #expect(other.status == answers[0].status, comment)
                #expect(other.body == answers[0].body, comment)
                #expect(withoutDate(other.head) == withoutDate(answers[0].head), comment)
            }
        }
        for body in [good, #"{"instances":[{"wind":"strong"}]}"#, "{"] {
            try expectSame(predict(body), routedVia: predict(body, query: "?via=router"), "\(body)")
        }
        let health = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        try expectSame(health, routedVia: "GET /healthz?via=router HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "healthz")
        // The wrong media type is never read from the bytes: it hands `fresh` to the codec.
        for body in [good, "{"] {
            try expectSame(predict(body, type: "text/plain"), routedVia: predict(body, type: "text/plain", query: "?via=router"), "\(body) as text")
        }
        server.terminate()
        #expect(server.waitForExit() == 0)
    }

    @Test func sigtermLetsARequestInFlightFinishAndExitsZero() async throws {
        let (server, directory) = try await Self.readyServerOnFirstVersion()
        defer { withExtendedLifetime(directory) {} }

        // Half a request: the head and part of the body.
        let body = #"{"instances":[{"precipitation":0.0,"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":"drizzle"}]}"#
        let connection = try RawHTTPConnection(port: server.port)
        let split = body.index(body.startIndex, offsetBy: 40)
        try connection.write(
            "POST /v1/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
                + body[..<split])
        // Make sure the server has the request before the signal: a complete request on a
        // second connection is answered after the first one's head was sent.
        let health = try await server.withClient { client in try await client.get("/healthz") }
        #expect(health.status == .ok)

        server.terminate()
        // The listener closes: new connections are refused while the request is in flight.
        let closed = try await LiveServer.eventually { (try? RawHTTPConnection(port: server.port)) == nil }
        #expect(closed, "the server stopped accepting connections")

        try connection.write(String(body[split...]))
        let response = try connection.readResponse()
        #expect(response.status == 200, "\(response.body)")
        #expect(response.body.contains("\"predictions\":["))
        #expect(server.waitForExit() == 0)
        #expect(server.logText.contains("stopped"))
    }

    @Test func badFlagsExit64AndAMissingStoreExits1() throws {
        let serve = BuiltProducts.executable("retrain-serve")
        let both = try ChildProcess(serve, ["--model", "weather-rain", "--version", "1", "--alias", "staging"]).run()
        #expect(both.status == 64)
        #expect(both.standardError.contains("give at most one of --alias, --version and --digest"))
        let digest = try ChildProcess(serve, ["--model", "weather-rain", "--digest", "sha256:abc"]).run()
        #expect(digest.status == 64)
        let loops = try ChildProcess(serve, ["--model", "weather-rain", "--event-loops", "0"]).run()
        #expect(loops.status == 64)
        #expect(loops.standardError.contains("--event-loops must be 1…64, got 0"))
        let missing = try ChildProcess(serve, ["--model", "weather-rain", "--store", "/nonexistent/retrain-store"]).run()
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("/nonexistent/retrain-store"))
    }
}
