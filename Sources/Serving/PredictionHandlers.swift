import Artifacts
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// What each route does. Errors are thrown as ``ServingError`` and written by the middleware.
struct PredictionHandlers: Sendable {
    let settings: ServerSettings
    let holder: ModelHolder
    let metrics: ServingMetrics

    /// `POST /v1/predict`: checks the media type and size, parses, scores with the model that
    /// is current when the request starts, and writes the answer.
    func predict(_ request: Request, context: some RequestContext) async throws -> Response {
        let (contentType, contentLength) = Self.contentHeaders(of: request.headers)
        try Self.checkJSONContentType(contentType)
        if let declared = contentLength.flatMap({ Int($0) }), declared > settings.maxBody {
            throw ServingError.bodyTooLarge(limit: settings.maxBody)
        }
        let body = try await request.body.collect(upTo: settings.maxBody)
        let parser = PredictionRequestParser(maxInstances: settings.maxInstances)
        let instances = try body.withUnsafeReadableBytes { bytes throws(ServingError) in try parser.parse(bytes) }
        let loaded = try holder.currentOrReason.get()
        let predictions = try loaded.model.predict(instances)
        guard predictions.isConsistent(instances: instances.count, classCount: loaded.classKeys.count) else {
            throw ServingError.failed("the model's predictions do not fit \(instances.count) instances of \(loaded.classKeys.count) classes")
        }
        metrics.recordPredictions(instances.count)
        return Self.jsonResponse(PredictionResponseWriter.write(predictions, of: loaded))
    }

    /// `GET /v1/model`.
    func model() throws -> Response {
        let loaded = try holder.currentOrReason.get()
        return try Self.jsonResponse(loaded.description)
    }

    /// `GET /healthz`: the process is up and answering, model or not.
    func health() -> Response {
        Self.jsonResponse(Self.healthBody)
    }

    /// `GET /readyz`: 200 once a model is loaded, 503 with the reason before.
    func readiness() throws -> Response {
        let loaded = try holder.currentOrReason.get()
        var body = JSONWriter(capacity: 200)
        body.beginObject()
        body.key("status")
        body.string("ready")
        body.key("model")
        body.raw(loaded.responseModelField)
        body.endObject()
        return Self.jsonResponse(body.buffer)
    }

    /// `GET /metrics`: Prometheus text exposition.
    func prometheus() -> Response {
        var buffer = ByteBufferAllocator().buffer(capacity: 8192)
        buffer.writeBytes(metrics.render())
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: buffer))
    }

    /// `GET /openapi.json`: the document describing these handlers, with the current model's
    /// input fields when one is loaded.
    func openAPI() throws -> Response {
        let document = OpenAPIDocument.make(settings: settings, model: holder.current)
        return try Self.jsonResponse(document)
    }

    // MARK: Helpers

    private static let healthBody: ByteBuffer = {
        var body = JSONWriter(capacity: 16)
        body.beginObject()
        body.key("status")
        body.string("ok")
        body.endObject()
        return body.buffer
    }()

    /// `Content-Type` and `Content-Length` in one pass over the fields. `HTTPFields`' own
    /// subscript joins every field of the name through lazy generic sequences, which for two
    /// lookups cost 2 % of the server's CPU under `wrk` (scripts/bench/serve); a repeated
    /// field still gets that subscript's combined value.
    static func contentHeaders(of fields: HTTPFields) -> (type: String?, length: String?) {
        var type: String?
        var length: String?
        var repeated = false
        for field in fields {
            if field.name == .contentType {
                repeated = repeated || type != nil
                type = field.value
            } else if field.name == .contentLength {
                repeated = repeated || length != nil
                length = field.value
            }
        }
        return repeated ? (fields[.contentType], fields[.contentLength]) : (type, length)
    }

    /// Accepts `application/json`, with any parameters (`; charset=utf-8`), in any case, with
    /// optional whitespace (space, tab) around the media type.
    ///
    /// Compares UTF-8 bytes: Foundation's `trimmingCharacters(in:)` went through `NSString` and
    /// cost 6 % of the server's CPU under `wrk` (scripts/bench/serve).
    static func checkJSONContentType(_ value: String?) throws(ServingError) {
        guard let value else { throw .unsupportedMediaType(nil) }
        var type = value.utf8.prefix { $0 != UInt8(ascii: ";") }
        while let first = type.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { type = type.dropFirst() }
        while let last = type.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { type = type.dropLast() }
        let expected = "application/json".utf8
        guard type.count == expected.count,
              zip(type, expected).allSatisfy({ byte, lower in
                  (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte) == lower
              })
        else {
            throw .unsupportedMediaType(value)
        }
    }

    static func jsonResponse(_ buffer: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: buffer))
    }

    static func jsonResponse(_ value: JSONValue) throws -> Response {
        let data = try JSONValue.canonicalData(value)
        var buffer = ByteBufferAllocator().buffer(capacity: data.count)
        buffer.writeBytes(data)
        return jsonResponse(buffer)
    }
}
