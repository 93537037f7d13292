import NIOCore

/// Writes JSON straight into a `ByteBuffer`, with commas placed by the writer: the small
/// answers (`/readyz`, errors, the `model` field prepared once per model).
///
/// Written by hand rather than through `JSONEncoder`, so an answer builds no intermediate
/// tree. The prediction answer itself, which must cost little next to the HTTP round trip, is
/// written by ``PredictionResponseWriter`` into reserved room.
struct JSONWriter {
    private(set) var buffer: ByteBuffer
    /// Whether the next value or key in the current container needs a comma before it.
    private var needsComma = false

    init(capacity: Int) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    mutating func beginObject() {
        separate()
        buffer.writeInteger(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func endObject() {
        buffer.writeInteger(UInt8(ascii: "}"))
        needsComma = true
    }

    /// An object key; the next value written is its value.
    mutating func key(_ name: String) {
        string(name)
        buffer.writeInteger(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func string(_ value: String) {
        separate()
        Self.appendString(value, to: &buffer)
        needsComma = true
    }

    mutating func integer(_ value: Int) {
        separate()
        buffer.writeString(String(value))
        needsComma = true
    }

    mutating func null() {
        separate()
        buffer.writeString("null")
        needsComma = true
    }

    /// A value whose JSON bytes were prepared beforehand.
    mutating func raw(_ bytes: [UInt8]) {
        separate()
        buffer.writeBytes(bytes)
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { buffer.writeInteger(UInt8(ascii: ",")) }
    }

    /// The JSON string literal for `value` (quotes included).
    static func encodedString(_ value: String) -> [UInt8] {
        var scratch = ByteBufferAllocator().buffer(capacity: value.utf8.count + 2)
        appendString(value, to: &scratch)
        return Array(scratch.readableBytesView)
    }

    private static func appendString(_ value: String, to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "\""))
        let utf8 = value.utf8
        if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            buffer.writeString(value)
        } else {
            let hex = Array("0123456789abcdef".utf8)
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): buffer.writeStaticString("\\\"")
                case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                case 0x0A: buffer.writeStaticString("\\n")
                case 0x0D: buffer.writeStaticString("\\r")
                case 0x09: buffer.writeStaticString("\\t")
                case 0..<0x20:
                    buffer.writeStaticString("\\u00")
                    buffer.writeInteger(hex[Int(byte >> 4)])
                    buffer.writeInteger(hex[Int(byte & 0xF)])
                default: buffer.writeInteger(byte)
                }
            }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }
}
