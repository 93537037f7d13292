import Artifacts
import Foundation
import HTTPTypes
import Hummingbird
import Learning
import NIOCore

/// What each route does. Errors are thrown as ``ServingError`` and written by the middleware.
struct PredictionHandlers: Sendable {
    let settings: ServerSettings
    let holder: ModelHolder
    let metrics: ServingMetrics

    /// `POST /v1/predict`: checks the media type and size, parses, scores with the model that
    /// is current when the request starts, and writes the answer.
    func predict(_ request: Request, context: some RequestContext) async throws -> Response {
        try checkPredictHead(request.headers)
        let body = try await request.body.collect(upTo: settings.maxBody)
        return try predictAnswer(body: body).response
    }

    /// The part of predict that needs only the head: a JSON media type, and a declared length
    /// within `--max-body`.
    func checkPredictHead(_ fields: HTTPFields) throws(ServingError) {
        let (contentType, contentLength) = Self.contentHeaders(of: fields)
        try Self.checkJSONContentType(contentType)
        if let declared = contentLength.flatMap({ Int($0) }), declared > settings.maxBody {
            throw ServingError.bodyTooLarge(limit: settings.maxBody)
        }
    }

    /// The part of predict after the body is read: parse, score, write. A plain valid body is
    /// read straight into the model's feature rows (``DirectRequestReader``); any other goes
    /// through records and the model's checks, which answer its error.
    func predictAnswer(body: ByteBuffer) throws(ServingError) -> JSONAnswer {
        if let loaded = holder.current {
            let reader = DirectRequestReader(maxInstances: settings.maxInstances)
            var count = 0
            let direct = body.withUnsafeReadableBytes { bytes in
                loaded.model.predict { encoder in
                    defer { count = encoder.count }
                    return reader.read(bytes, into: &encoder)
                }
            }
            if let direct { return try answer(direct, instances: count, of: loaded) }
        }
        let parser = PredictionRequestParser(maxInstances: settings.maxInstances)
        let instances = try body.withUnsafeReadableBytes { bytes throws(ServingError) in try parser.parse(bytes) }
        let loaded = try holder.currentOrReason.get()
        return try answer(try loaded.model.predict(instances), instances: instances.count, of: loaded)
    }

    /// The answer to a predict: the predictions written in the documented shape, after checking
    /// they fit the model (a faulty model is a logged 500, never an out-of-bounds crash).
    private func answer(
        _ predictions: ModelPredictions, instances: Int, of loaded: LoadedModel
    ) throws(ServingError) -> JSONAnswer {
        let classCount = loaded.answerParts.classKeys.count
        guard predictions.isConsistent(instances: instances, classCount: classCount) else {
            throw ServingError.failed("the model's predictions do not fit \(instances) instances of \(classCount) classes")
        }
        metrics.recordPredictions(instances)
        return JSONAnswer(body: PredictionResponseWriter.write(predictions, of: loaded))
    }

    /// `GET /v1/model`.
    func model() throws -> Response {
        let loaded = try holder.currentOrReason.get()
        return try Self.jsonResponse(loaded.description)
    }

    /// `GET /healthz`: the process is up and answering, model or not.
    func health() -> Response {
        healthAnswer().response
    }

    func healthAnswer() -> JSONAnswer {
        JSONAnswer(body: Self.healthBody)
    }

    /// `GET /readyz`: 200 once a model is loaded, 503 with the reason before.
    func readiness() throws -> Response {
        try readinessAnswer().response
    }

    func readinessAnswer() throws(ServingError) -> JSONAnswer {
        let loaded = try holder.currentOrReason.get()
        var body = JSONWriter(capacity: 200)
        body.beginObject()
        body.key("status")
        body.string("ready")
        body.key("model")
        body.raw(loaded.responseModelField)
        body.endObject()
        return JSONAnswer(body: body.buffer)
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
    /// Compares UTF-8 bytes in place: Foundation's `trimmingCharacters(in:)` went through
    /// `NSString` and cost 6 % of the server's CPU under `wrk`, and the standard library's
    /// slices and `zip` another 1 % (scripts/bench/serve).
    static func checkJSONContentType(_ value: String?) throws(ServingError) {
        guard var value else { throw .unsupportedMediaType(nil) }
        guard value.withUTF8(isJSONMediaType) else { throw .unsupportedMediaType(value) }
    }

    /// Whether a `Content-Type` value is `application/json` in any case, parameters allowed.
    static func isJSONMediaType(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let mediaType = UnsafeBufferPointer(rebasing: bytes[..<(bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.count)])
        return ASCIIText.equalsIgnoringCase(ASCIIText.trimmingBlanks(mediaType), "application/json")
    }

    static func jsonResponse(_ value: JSONValue) throws -> Response {
        let data = try JSONValue.canonicalData(value)
        var buffer = ByteBufferAllocator().buffer(capacity: data.count)
        buffer.writeBytes(data)
        return JSONAnswer(body: buffer).response
    }
}
