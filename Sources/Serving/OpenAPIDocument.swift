import Artifacts

/// The OpenAPI 3.1 document served at `/openapi.json`, built in code beside the handlers it
/// describes.
///
/// When a model is loaded the instance schema is that model's input schema — every field
/// required, numbers or strings or `null`, nothing else — so a client generator, or a fuzzer
/// such as schemathesis, knows exactly which bodies are valid. Before a model is loaded an
/// instance is any object (the server answers 503 then anyway).
enum OpenAPIDocument {
    static func make(settings: ServerSettings, model: LoadedModel?) -> JSONValue {
        let json = "application/json"
        func content(_ schema: JSONValue) -> JSONValue { .object([json: .object(["schema": schema])]) }
        func reference(_ name: String) -> JSONValue { .object(["$ref": .string("#/components/schemas/\(name)")]) }
        func response(_ description: String, _ schema: JSONValue) -> JSONValue {
            .object(["description": .string(description), "content": content(schema)])
        }
        func errorResponse(_ description: String) -> JSONValue { response(description, reference("Error")) }
        func operation(_ id: String, _ summary: String, responses: [String: JSONValue], extra: [String: JSONValue] = [:]) -> JSONValue {
            var fields: [String: JSONValue] = [
                "operationId": .string(id), "summary": .string(summary), "responses": .object(responses),
            ]
            fields.merge(extra) { $1 }
            return .object(fields)
        }

        let paths: [String: JSONValue] = [
            "/v1/predict": .object([
                "post": operation(
                    "predict", "Score instances with the model being served",
                    responses: [
                        "200": response("Predictions, in the order of the instances", reference("PredictResponse")),
                        "400": errorResponse("Malformed JSON, a missing, unknown, duplicated or mistyped field, or too many instances; the message names the field and the instance"),
                        "413": errorResponse("The body is larger than the server's --max-body"),
                        "415": errorResponse("The body is not application/json"),
                        "503": errorResponse("No model is loaded yet; the message says why"),
                    ],
                    extra: ["requestBody": .object(["required": .bool(true), "content": content(reference("PredictRequest"))])]),
            ]),
            "/v1/model": .object([
                "get": operation(
                    "describeModel", "The model being served: identity, lineage, metrics, input schema",
                    responses: [
                        "200": response("The model being served", reference("ModelDescription")),
                        "503": errorResponse("No model is loaded yet"),
                    ]),
            ]),
            "/healthz": .object([
                "get": operation(
                    "health", "Liveness: the process answers",
                    responses: ["200": response("Alive", .object([
                        "type": .string("object"), "required": .array([.string("status")]),
                        "properties": .object(["status": .object(["const": .string("ok")])]),
                    ]))]),
            ]),
            "/readyz": .object([
                "get": operation(
                    "readiness", "Readiness: a model is loaded",
                    responses: [
                        "200": response("Ready", .object([
                            "type": .string("object"), "required": .array([.string("status"), .string("model")]),
                            "properties": .object(["status": .object(["const": .string("ready")]), "model": reference("ModelReference")]),
                        ])),
                        "503": errorResponse("No model is loaded yet; the message says why"),
                    ]),
            ]),
            "/metrics": .object([
                "get": operation(
                    "metrics", "Prometheus metrics",
                    responses: ["200": .object([
                        "description": .string("Prometheus text exposition format 0.0.4"),
                        "content": .object(["text/plain": .object(["schema": .object(["type": .string("string")])])]),
                    ])]),
            ]),
            "/openapi.json": .object([
                "get": operation(
                    "openAPI", "This document",
                    responses: ["200": response("The OpenAPI 3.1 document", .object(["type": .string("object")]))]),
            ]),
        ]

        let schemas: [String: JSONValue] = [
            "PredictRequest": .object([
                "type": .string("object"),
                "required": .array([.string("instances")]),
                "additionalProperties": .bool(false),
                "properties": .object([
                    "instances": .object([
                        "type": .string("array"),
                        "minItems": .number(1),
                        "maxItems": .number(Double(settings.maxInstances)),
                        "items": reference("Instance"),
                    ]),
                ]),
            ]),
            "Instance": instanceSchema(model),
            "PredictResponse": predictResponseSchema(model),
            "ModelReference": .object([
                "type": .string("object"),
                "required": .array(["name", "version", "digest"].map { .string($0) }),
                "properties": .object([
                    "name": .object(["type": .string("string")]),
                    "version": .object(["type": .array([.string("integer"), .string("null")]), "minimum": .number(1)]),
                    "digest": .object(["type": .string("string"), "pattern": .string("^sha256:[0-9a-f]{64}$")]),
                ]),
            ]),
            "ModelDescription": .object([
                "type": .string("object"),
                "required": .array(["name", "version", "digest", "task", "loaded_at", "input_schema", "data_window", "metrics"].map { .string($0) }),
                "properties": .object([
                    "name": .object(["type": .string("string")]),
                    "version": .object(["type": .array([.string("integer"), .string("null")])]),
                    "digest": .object(["type": .string("string"), "pattern": .string("^sha256:[0-9a-f]{64}$")]),
                    "alias": .object(["type": .string("string")]),
                    "task": .object(["enum": .array([.string("classification"), .string("regression")])]),
                    "classes": .object(["type": .string("array"), "items": .object(["type": .array([.string("number"), .string("string")])])]),
                    "loaded_at": .object(["type": .string("string"), "format": .string("date-time")]),
                    "run_id": .object(["type": .string("string")]),
                    "data_window": .object(["type": .array([.string("object"), .string("null")])]),
                    "metrics": .object(["type": .string("object")]),
                    "bundle": .object(["type": .string("object")]),
                    "input_schema": .object([
                        "type": .string("object"),
                        "required": .array([.string("fields")]),
                        "properties": .object([
                            "fields": .object([
                                "type": .string("array"),
                                "items": .object([
                                    "type": .string("object"),
                                    "required": .array([.string("name"), .string("type"), .string("nullable")]),
                                    "properties": .object([
                                        "name": .object(["type": .string("string")]),
                                        "type": .object(["enum": .array([.string("number"), .string("string")])]),
                                        "nullable": .object(["type": .string("boolean")]),
                                        "categories": .object(["type": .string("array"), "items": .object(["type": .string("string")])]),
                                    ]),
                                ]),
                            ]),
                        ]),
                    ]),
                ]),
            ]),
            "Error": .object([
                "type": .string("object"),
                "required": .array([.string("error")]),
                "properties": .object([
                    "error": .object([
                        "type": .string("object"),
                        "required": .array([.string("code"), .string("message")]),
                        "properties": .object([
                            "code": .object(["type": .string("string")]),
                            "message": .object(["type": .string("string")]),
                            "field": .object(["type": .string("string")]),
                            "instance": .object(["type": .string("integer"), "minimum": .number(0)]),
                        ]),
                    ]),
                ]),
            ]),
        ]

        var description = "Predictions from the model that the registry alias points at; see docs/serving.md."
        if let model {
            description += " Serving \(model.identity.summary)."
        }
        return .object([
            "openapi": .string("3.1.0"),
            "info": .object([
                "title": .string("retrain-serve"),
                "version": .string("1"),
                "description": .string(description),
            ]),
            "paths": .object(paths),
            "components": .object(["schemas": .object(schemas)]),
        ])
    }

    /// The largest finite double: JSON numbers beyond it cannot be scored, so the schema says so.
    private static let largestNumber = Double.greatestFiniteMagnitude

    private static func instanceSchema(_ model: LoadedModel?) -> JSONValue {
        guard let model else {
            return .object(["type": .string("object"), "description": .string("No model is loaded: any object (answered with 503).")])
        }
        var properties: [String: JSONValue] = [:]
        for field in model.model.inputFields {
            switch field.type {
            case .number:
                properties[field.name] = .object([
                    "type": .array([.string("number"), .string("null")]),
                    "minimum": .number(-largestNumber), "maximum": .number(largestNumber),
                ])
            case .string:
                var schema: [String: JSONValue] = ["type": .array([.string("string"), .string("null")])]
                if let categories = field.categories, !categories.isEmpty {
                    schema["examples"] = .array(categories.map { .string($0) })
                }
                properties[field.name] = .object(schema)
            }
        }
        return .object([
            "type": .string("object"),
            "required": .array(model.model.inputFields.map { .string($0.name) }),
            "additionalProperties": .bool(false),
            "properties": .object(properties),
        ])
    }

    private static func predictResponseSchema(_ model: LoadedModel?) -> JSONValue {
        let classType: JSONValue
        if let model, !model.model.classes.isEmpty {
            classType = .object(["enum": .array(model.model.classes.map(\.jsonValue))])
        } else if let model, model.model.classes.isEmpty {
            classType = .object(["type": .string("number")])
        } else {
            classType = .object(["type": .array([.string("number"), .string("string")])])
        }
        var properties: [String: JSONValue] = [
            "predictions": .object(["type": .string("array"), "items": classType]),
            "model": .object(["$ref": .string("#/components/schemas/ModelReference")]),
        ]
        if model.map({ !$0.model.classes.isEmpty }) ?? true {
            properties["probabilities"] = .object([
                "type": .string("array"),
                "items": .object([
                    "type": .string("object"),
                    "additionalProperties": .object(["type": .string("number"), "minimum": .number(0), "maximum": .number(1)]),
                ]),
            ])
        }
        return .object([
            "type": .string("object"),
            "required": .array([.string("predictions"), .string("model")]),
            "properties": .object(properties),
        ])
    }
}
