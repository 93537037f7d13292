/// Comparisons of HTTP field values as bytes, for the per-request checks of the hot routes:
/// `String`'s own case-insensitive comparison goes through Unicode (and Foundation's through
/// `NSString`), which for a media type or a `Connection` token is both wrong and slow.
enum ASCIIText {
    /// Whether `bytes` spell `lowercase` with ASCII letters in either case.
    static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        for offset in 0..<bytes.count {
            let byte = bytes[offset]
            let folded = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
            guard folded == lowercase.utf8Start[offset] else { return false }
        }
        return true
    }

    /// `bytes` without the blanks (spaces and tabs, HTTP's optional whitespace) at either end.
    static func trimmingBlanks(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        var start = 0, end = bytes.count
        while start < end, isBlank(bytes[start]) { start += 1 }
        while end > start, isBlank(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }
}
