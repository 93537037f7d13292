public import HTTPTypes
public import Hummingbird
import NIOCore

/// Why the server could not answer a request, as the client is told.
///
/// Every error a handler can meet becomes one of these, so the body of every non-2xx answer
/// has one shape (`{"error":{"code","message","field"?,"instance"?}}`, the `Error` schema of
/// `/openapi.json`) and no client input can reach Hummingbird's bare 500. A struct over a
/// private enum, so new cases do not break callers.
public struct ServingError: Error, HTTPResponseError, CustomStringConvertible, Sendable {
    private enum Kind: Sendable, Equatable {
        case malformedJSON(offset: Int, reason: String)
        case invalidRequest(String)
        case missingField
        case unknownField
        case wrongType(expected: String, found: String)
        case duplicateField
        case emptyInstances
        case tooManyInstances(limit: Int)
        case invalidInstance(String)
        case bodyTooLarge(limit: Int)
        case unsupportedMediaType(found: String?)
        case noModel(String)
        case notFound(path: String)
        case methodNotAllowed(method: String, allowed: [String])
        case shuttingDown
        case failed(String)
    }

    private let kind: Kind
    /// The request field at fault (`instances`, a feature name…), when there is one.
    public let field: String?
    /// The position of the instance at fault in `instances`, when there is one.
    public let instance: Int?

    private init(_ kind: Kind, field: String? = nil, instance: Int? = nil) {
        self.kind = kind
        self.field = field
        self.instance = instance
    }

    /// The body is not JSON (RFC 8259); `offset` is the 0-based byte where parsing stopped.
    public static func malformedJSON(at offset: Int, _ reason: String) -> ServingError {
        ServingError(.malformedJSON(offset: offset, reason: reason))
    }

    /// The body is JSON but not a prediction request (not an object, …).
    public static func invalidRequest(_ reason: String) -> ServingError { ServingError(.invalidRequest(reason)) }

    /// A required request field is absent.
    public static func missingField(_ field: String, instance: Int? = nil) -> ServingError {
        ServingError(.missingField, field: field, instance: instance)
    }

    /// A field the request format does not have.
    public static func unknownField(_ field: String, instance: Int? = nil) -> ServingError {
        ServingError(.unknownField, field: field, instance: instance)
    }

    /// A field holds a value of the wrong JSON type.
    public static func wrongType(_ field: String, expected: String, found: String, instance: Int? = nil) -> ServingError {
        ServingError(.wrongType(expected: expected, found: found), field: field, instance: instance)
    }

    /// The same key twice in one object.
    public static func duplicateField(_ field: String, instance: Int? = nil) -> ServingError {
        ServingError(.duplicateField, field: field, instance: instance)
    }

    /// `instances` is an empty array.
    public static var emptyInstances: ServingError { ServingError(.emptyInstances, field: "instances") }

    /// More instances than `--max-instances`.
    public static func tooManyInstances(limit: Int) -> ServingError {
        ServingError(.tooManyInstances(limit: limit), field: "instances")
    }

    /// The model refused an instance; `message` is the model's own, naming instance and field.
    public static func invalidInstance(_ message: String, field: String, instance: Int) -> ServingError {
        ServingError(.invalidInstance(message), field: field, instance: instance)
    }

    /// The body is longer than `--max-body`.
    public static func bodyTooLarge(limit: Int) -> ServingError { ServingError(.bodyTooLarge(limit: limit)) }

    /// The body is not declared as `application/json`.
    public static func unsupportedMediaType(_ found: String?) -> ServingError { ServingError(.unsupportedMediaType(found: found)) }

    /// No model is loaded yet; `reason` says why (no alias yet, the only candidate was refused…).
    public static func noModel(_ reason: String) -> ServingError { ServingError(.noModel(reason)) }

    /// No route has this path.
    public static func notFound(path: String) -> ServingError { ServingError(.notFound(path: path)) }

    /// The path exists but not with this method.
    public static func methodNotAllowed(_ method: String, allowed: [String]) -> ServingError {
        ServingError(.methodNotAllowed(method: method, allowed: allowed))
    }

    /// The request was still running when the drain time after SIGTERM ran out.
    public static var shuttingDown: ServingError { ServingError(.shuttingDown) }

    /// A fault of the server itself (never caused by client input).
    public static func failed(_ reason: String) -> ServingError { ServingError(.failed(reason)) }

    public var status: HTTPResponse.Status {
        switch kind {
        case .malformedJSON, .invalidRequest, .missingField, .unknownField, .wrongType, .duplicateField, .emptyInstances,
            .tooManyInstances, .invalidInstance:
            .badRequest
        case .bodyTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .noModel, .shuttingDown: .serviceUnavailable
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .failed: .internalServerError
        }
    }

    /// A stable, machine-readable name for the error (the `code` of the body).
    public var code: String {
        switch kind {
        case .malformedJSON: "malformed_json"
        case .invalidRequest: "invalid_request"
        case .missingField: "missing_field"
        case .unknownField: "unknown_field"
        case .wrongType: "wrong_type"
        case .duplicateField: "duplicate_field"
        case .emptyInstances: "empty_instances"
        case .tooManyInstances: "too_many_instances"
        case .invalidInstance: "invalid_instance"
        case .bodyTooLarge: "body_too_large"
        case .unsupportedMediaType: "unsupported_media_type"
        case .noModel: "no_model"
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .shuttingDown: "shutting_down"
        case .failed: "internal_error"
        }
    }

    public var description: String {
        let place = instance.map { "instances[\($0)]" }
        func at(_ field: String?) -> String {
            switch (place, field) {
            case (let place?, let field?): "\(place).\(field)"
            case (let place?, nil): place
            case (nil, let field?): field
            case (nil, nil): "request"
            }
        }
        switch kind {
        case .malformedJSON(let offset, let reason):
            return "malformed JSON at byte offset \(offset): \(reason)"
        case .invalidRequest(let reason):
            return reason
        case .missingField:
            return "missing field '\(at(field))'"
        case .unknownField:
            return "unknown field '\(at(field))'"
        case .wrongType(let expected, let found):
            return "field '\(at(field))' must be \(expected), got \(found)"
        case .duplicateField:
            return "field '\(at(field))' appears twice"
        case .emptyInstances:
            return "field 'instances' must hold at least one instance"
        case .tooManyInstances(let limit):
            return "field 'instances' holds more than \(limit) instances (the server's --max-instances)"
        case .invalidInstance(let message):
            return message
        case .bodyTooLarge(let limit):
            return "request body is larger than \(limit) bytes (the server's --max-body)"
        case .unsupportedMediaType(let found):
            return "request body must be application/json, got \(found.map { "'\($0)'" } ?? "no Content-Type")"
        case .noModel(let reason):
            return "no model is loaded: \(reason)"
        case .notFound(let path):
            return "no route for '\(path)'"
        case .methodNotAllowed(let method, let allowed):
            return "method \(method) is not allowed here; use \(allowed.joined(separator: " or "))"
        case .shuttingDown:
            return "the server is shutting down and the drain time ran out"
        case .failed(let reason):
            return "internal error: \(reason)"
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        answer.response
    }

    /// The answer for this error, in the documented shape.
    var answer: JSONAnswer {
        var body = JSONWriter(capacity: 128)
        body.beginObject()
        body.key("error")
        body.beginObject()
        body.key("code")
        body.string(code)
        body.key("message")
        body.string(description)
        if let field {
            body.key("field")
            body.string(field)
        }
        if let instance {
            body.key("instance")
            body.integer(instance)
        }
        body.endObject()
        body.endObject()
        var fields: HTTPFields = [:]
        if case .methodNotAllowed(_, let allowed) = kind { fields[.allow] = allowed.joined(separator: ", ") }
        if case .noModel = kind { fields[.retryAfter] = "1" }
        return JSONAnswer(status: status, body: body.buffer, extraFields: fields)
    }
}
