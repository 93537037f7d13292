import NIOCore

/// Appends bytes to memory reserved beforehand: for an answer whose longest form is known
/// before it is written, such as a prediction (``PredictionResponseWriter``).
///
/// `ByteBuffer`'s own writes check the capacity, the storage's uniqueness and (dynamically)
/// exclusive access on every call, which for the twenty-odd pieces of a one-instance answer
/// was a fifth of writing it (`perf` under scripts/bench/serve). Here the buffer's room is
/// reserved once and each append is a bounds check and a copy. Appending past the reservation
/// is a programming error and stops the process rather than writing out of bounds.
struct ReservedByteWriter: TextOutputStream {
    private let memory: UnsafeMutableRawBufferPointer
    /// The bytes written so far.
    private(set) var count = 0

    private init(memory: UnsafeMutableRawBufferPointer) {
        self.memory = memory
    }

    /// Writes at most `limit` bytes at the end of `buffer` with `write`.
    static func write(into buffer: inout ByteBuffer, limit: Int, _ write: (inout ReservedByteWriter) -> Void) {
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: limit) { memory in
            var writer = ReservedByteWriter(memory: UnsafeMutableRawBufferPointer(rebasing: memory[..<limit]))
            write(&writer)
            return writer.count
        }
    }

    mutating func append(_ byte: UInt8) {
        precondition(count < memory.count, "ReservedByteWriter: past the reserved \(memory.count) bytes")
        memory[count] = byte
        count += 1
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    mutating func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count <= memory.count - count, "ReservedByteWriter: past the reserved \(memory.count) bytes")
        if let source = bytes.baseAddress, let target = memory.baseAddress {
            (target + count).copyMemory(from: source, byteCount: bytes.count)
        }
        count += bytes.count
    }

    /// The longest JSON number ``append(number:)`` writes (`-2.2250738585072014e-308`), or `null`.
    static let longestNumber = 24

    /// `value` in Swift's shortest round-trip form, as `description` spells it, or `null` for an
    /// infinity or NaN (JSON has neither; a model never produces them for finite input).
    /// `Double.write(to:)` formats into a stack buffer and hands it to ``_writeASCII(_:)``, so
    /// no `String` is made.
    mutating func append(number value: Double) {
        if value.isFinite {
            value.write(to: &self)
        } else {
            append("null")
        }
    }

    mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        append(UnsafeRawBufferPointer(buffer))
    }
}
