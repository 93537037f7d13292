import Foundation
import Learning

/// Parses a `POST /v1/predict` body, `{"instances":[{"feature":value,…},…]}`, into instances
/// (one ``FeatureRecord`` each, the fields in the order sent).
///
/// The handler tries ``DirectRequestReader`` first, which reads a plain valid body straight
/// into feature rows; this parser takes every body that reader gives up on — the invalid ones,
/// whose errors it (or the model) words, and the valid but unusual ones (escaped keys,
/// non-ASCII categories, which it decodes and validates).
///
/// A strict RFC 8259 parser over the body's bytes, written for this one shape rather than
/// going through `JSONDecoder`, so that every refusal says where and what — the byte offset of
/// malformed JSON, the field that is unknown, duplicated or of the wrong type, the position of
/// the instance — and no input can crash it (nesting is bounded, so recursion is too). It
/// stops reading as soon as `instances` holds more than `maxInstances` entries.
///
/// Checking instances against the model's input schema is not done here: the model does
/// that (the same code `retrain-build`'s skew check ran), so the server cannot disagree with it.
struct PredictionRequestParser {
    /// The most instances one request may carry (`--max-instances`).
    var maxInstances: Int
    /// The deepest nesting of arrays and objects accepted inside a feature value.
    static let maxDepth = 32

    func parse(_ bytes: UnsafeRawBufferPointer) throws(ServingError) -> [FeatureRecord] {
        var reader = JSONReader(bytes: bytes)
        reader.skipWhitespace()
        guard !reader.isAtEnd else { throw .invalidRequest("request body is empty; send {\"instances\":[{…}]}") }
        guard reader.peek == UInt8(ascii: "{") else {
            let found = try reader.parseValue(depth: 0)
            try reader.expectEnd()
            throw .invalidRequest("request body must be a JSON object with an 'instances' array, got \(found.kindDescription)")
        }
        reader.advance()
        var instances: [FeatureRecord]?
        var first = true
        while true {
            reader.skipWhitespace()
            if reader.consume(UInt8(ascii: "}")) { break }
            if !first {
                guard reader.consume(UInt8(ascii: ",")) else { throw reader.malformed("expected ',' or '}' after a member") }
                reader.skipWhitespace()
            }
            first = false
            let key = try reader.parseKey()
            guard key == "instances" else { throw .unknownField(key) }
            guard instances == nil else { throw .duplicateField(key) }
            instances = try parseInstances(&reader)
        }
        try reader.expectEnd()
        guard let instances else { throw .missingField("instances") }
        return instances
    }

    private func parseInstances(_ reader: inout JSONReader) throws(ServingError) -> [FeatureRecord] {
        guard reader.peek == UInt8(ascii: "[") else {
            let found = try reader.parseValue(depth: 0)
            throw .wrongType("instances", expected: "an array of objects", found: found.kindDescription)
        }
        reader.advance()
        var instances: [FeatureRecord] = []
        while true {
            reader.skipWhitespace()
            if reader.consume(UInt8(ascii: "]")) { break }
            if !instances.isEmpty {
                guard reader.consume(UInt8(ascii: ",")) else { throw reader.malformed("expected ',' or ']' after an instance") }
                reader.skipWhitespace()
            }
            guard instances.count < maxInstances else { throw .tooManyInstances(limit: maxInstances) }
            let position = instances.count
            guard reader.peek == UInt8(ascii: "{") else {
                let found = try reader.parseValue(depth: 1)
                throw .invalidRequest("instances[\(position)] must be an object of features, got \(found.kindDescription)")
            }
            reader.advance()
            var instance = FeatureRecord()
            instance.reserveCapacity(instances.last?.count ?? 8)
            var firstMember = true
            while true {
                reader.skipWhitespace()
                if reader.consume(UInt8(ascii: "}")) { break }
                if !firstMember {
                    guard reader.consume(UInt8(ascii: ",")) else { throw reader.malformed("expected ',' or '}' after a feature") }
                    reader.skipWhitespace()
                }
                firstMember = false
                let key = try reader.parseKey()
                let value = try reader.parseValue(depth: 2)
                guard instance.insert(value, named: key) else { throw .duplicateField(key, instance: position) }
            }
            instances.append(instance)
        }
        guard !instances.isEmpty else { throw .emptyInstances }
        return instances
    }
}

/// A cursor over JSON bytes: the grammar of RFC 8259, with errors that name the byte offset.
struct JSONReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var position = 0

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { position >= bytes.count }

    /// The current byte, or 0 at the end (0 never starts a JSON token).
    @inline(__always)
    var peek: UInt8 { position < bytes.count ? bytes[position] : 0 }

    @inline(__always)
    mutating func advance() { position += 1 }

    @inline(__always)
    mutating func consume(_ byte: UInt8) -> Bool {
        guard peek == byte, !isAtEnd else { return false }
        position += 1
        return true
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    func malformed(_ reason: String) -> ServingError {
        .malformedJSON(at: position, isAtEnd ? reason + " (the body ended)" : reason)
    }

    mutating func expectEnd() throws(ServingError) {
        skipWhitespace()
        guard isAtEnd else { throw malformed("unexpected bytes after the JSON value") }
    }

    /// An object key and the ':' after it.
    mutating func parseKey() throws(ServingError) -> String {
        guard peek == UInt8(ascii: "\""), !isAtEnd else { throw malformed("expected a string key") }
        let key = try parseString()
        skipWhitespace()
        guard consume(UInt8(ascii: ":")) else { throw malformed("expected ':' after a key") }
        skipWhitespace()
        return key
    }

    /// Any JSON value; `depth` counts the arrays and objects around it.
    mutating func parseValue(depth: Int) throws(ServingError) -> RequestValue {
        skipWhitespace()
        guard !isAtEnd else { throw malformed("expected a value") }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "["):
            guard depth < PredictionRequestParser.maxDepth else { throw malformed("nested deeper than \(PredictionRequestParser.maxDepth) levels") }
            position += 1
            var elements: [RequestValue] = []
            skipWhitespace()
            if consume(UInt8(ascii: "]")) { return .array(elements) }
            while true {
                elements.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                if consume(UInt8(ascii: "]")) { return .array(elements) }
                guard consume(UInt8(ascii: ",")) else { throw malformed("expected ',' or ']' in an array") }
            }
        case UInt8(ascii: "{"):
            guard depth < PredictionRequestParser.maxDepth else { throw malformed("nested deeper than \(PredictionRequestParser.maxDepth) levels") }
            position += 1
            var members: [String: RequestValue] = [:]
            skipWhitespace()
            if consume(UInt8(ascii: "}")) { return .object(members) }
            while true {
                skipWhitespace()
                let key = try parseKey()
                members[key] = try parseValue(depth: depth + 1)
                skipWhitespace()
                if consume(UInt8(ascii: "}")) { return .object(members) }
                guard consume(UInt8(ascii: ",")) else { throw malformed("expected ',' or '}' in an object") }
            }
        default:
            throw malformed("expected a value")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(ServingError) {
        guard consumeLiteral(literal) else { throw malformed("expected \(literal)") }
    }

    /// A number per the JSON grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    /// Out-of-range magnitudes become ±infinity, which the model refuses naming the field; so do
    /// literals beyond the documented maximum that `Double(_:)` rounds down to the largest double.
    mutating func parseNumber() throws(ServingError) -> Double {
        let start = position
        let negative = consume(UInt8(ascii: "-"))
        // The digits as an integer while they fit, for the exact fast path below.
        var significand: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        if consume(UInt8(ascii: "0")) {
            // A leading zero stands alone.
        } else {
            guard isDigit(peek) else { throw malformed("expected a digit") }
            while isDigit(peek) { accumulate(&significand, &digits) }
        }
        if consume(UInt8(ascii: ".")) {
            guard isDigit(peek) else { throw malformed("expected a digit after '.'") }
            while isDigit(peek) {
                accumulate(&significand, &digits)
                fractionDigits += 1
            }
        }
        var exponent = 0
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            position += 1
            let negativeExponent = peek == UInt8(ascii: "-")
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
            guard isDigit(peek) else { throw malformed("expected a digit in the exponent") }
            while isDigit(peek) {
                exponent = min(exponent * 10 + Int(peek - UInt8(ascii: "0")), 100_000)
                position += 1
            }
            if negativeExponent { exponent = -exponent }
        }
        // Clinger's fast path: a significand of at most 15 digits is exact as a double, and so
        // is 10^k for k ≤ 22, so one multiplication or division rounds correctly — the same
        // double `Double(_:)` gives (tested), without making a String and calling strtod.
        let scale = exponent - fractionDigits
        if digits <= 15, scale >= -22, scale <= 22 {
            let magnitude = scale < 0 ? Double(significand) / Self.powersOfTen[-scale] : Double(significand) * Self.powersOfTen[scale]
            return negative ? -magnitude : magnitude
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(text) else { throw .malformedJSON(at: start, "number out of range") }
        if value.magnitude == .greatestFiniteMagnitude,
           LargestDoubleLiteral.isExceeded(by: UnsafeRawBufferPointer(rebasing: bytes[start..<position])) {
            return value < 0 ? -.infinity : .infinity
        }
        return value
    }

    /// 10^0 … 10^22, every one exact as a double. Literals, so the array is made at compile time
    /// (no lazy initialization to check on every number).
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
        1e21, 1e22,
    ]

    /// Appends the digit at the cursor to `significand` (while it can hold it) and advances.
    private mutating func accumulate(_ significand: inout UInt64, _ digits: inout Int) {
        if digits < 19 { significand = significand * 10 + UInt64(peek - UInt8(ascii: "0")) }
        digits += 1
        position += 1
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// The bytes of a string starting at the current '"' when they are plain printable ASCII
    /// (no escape, control or non-ASCII byte), the cursor after its closing quote; otherwise nil
    /// and the cursor somewhere inside it. What ``DirectRequestReader`` takes keys and
    /// categories as; anything else goes to ``parseString()``.
    mutating func parsePlainString() -> UnsafeRawBufferPointer? {
        guard peek == UInt8(ascii: "\""), !isAtEnd else { return nil }
        position += 1
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return UnsafeRawBufferPointer(rebasing: bytes[start..<position - 1])
            }
            guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else { return nil }
            position += 1
        }
        return nil
    }

    /// Consumes `literal` when the bytes at the cursor spell it.
    mutating func consumeLiteral(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - position >= count, let base = bytes.baseAddress,
              memcmp(base + position, literal.utf8Start, count) == 0
        else { return false }
        position += count
        return true
    }

    /// A string starting at the current '"'; escapes decoded, UTF-8 validated.
    mutating func parseString() throws(ServingError) -> String {
        position += 1
        let start = position
        var highBits: UInt8 = 0
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
                let text: String
                if highBits < 0x80 {
                    // ASCII, valid as it is: the concrete buffer type keeps this off the
                    // runtime's generic paths (feature names and categories are ASCII).
                    text = String(decoding: raw.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
                } else {
                    guard let validated = String(validating: raw, as: UTF8.self) else {
                        throw .malformedJSON(at: start, "a string is not valid UTF-8")
                    }
                    text = validated
                }
                position += 1
                return text
            }
            highBits |= byte
            if byte == UInt8(ascii: "\\") { return try parseEscapedString(from: start) }
            if byte < 0x20 { throw malformed("control character in a string (escape it)") }
            position += 1
        }
        throw malformed("unterminated string")
    }

    private mutating func parseEscapedString(from start: Int) throws(ServingError) -> String {
        var scratch = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: scratch, as: UTF8.self) else {
                    throw .malformedJSON(at: start, "a string is not valid UTF-8")
                }
                position += 1
                return text
            case UInt8(ascii: "\\"):
                position += 1
                guard position < bytes.count else { break }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(escape)
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "f"): scratch.append(0x0C)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try parseHex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")) else {
                            throw malformed("a high surrogate escape must be followed by a low one")
                        }
                        let low = try parseHex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw malformed("invalid low surrogate escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        throw malformed("a low surrogate escape without a high one")
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw malformed("invalid \\u escape") }
                    scratch.append(contentsOf: unicode.utf8)
                default:
                    position -= 1
                    throw malformed("invalid escape in a string")
                }
            case 0..<0x20:
                throw malformed("control character in a string (escape it)")
            default:
                scratch.append(byte)
                position += 1
            }
        }
        throw malformed("unterminated string")
    }

    private mutating func parseHex4() throws(ServingError) -> UInt32 {
        guard bytes.count - position >= 4 else { throw malformed("expected four hex digits after \\u") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw malformed("expected four hex digits after \\u")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }
}
