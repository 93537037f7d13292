/// A category compared and hashed by its UTF-8 bytes — Python's string equality.
///
/// Swift's `String ==` treats canonically equivalent strings as equal ("é" and "e" + U+0301);
/// Python and scikit-learn do not. Equal UTF-8 bytes mean equal Unicode scalar sequences, and
/// hashing the bytes in one call is much cheaper than scalar by scalar.
struct CategoryKey: Hashable, Sendable {
    let value: String?

    init(_ value: String?) { self.value = value }

    static func == (lhs: CategoryKey, rhs: CategoryKey) -> Bool {
        switch (lhs.value, rhs.value) {
        case (nil, nil): true
        case (let a?, let b?): Self.utf8Equal(a, b)
        default: false
        }
    }

    func hash(into hasher: inout Hasher) {
        guard let value else {
            hasher.combine(0 as UInt8)
            return
        }
        Self.hashUTF8(value, into: &hasher)
    }

    /// Byte-wise (so scalar-wise) equality of two strings.
    static func utf8Equal(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in b.withUTF8 { y in x.count == y.count && x.elementsEqual(y) } }
    }

    /// Feeds a string's UTF-8 bytes (and a terminator, so "ab"+"c" ≠ "a"+"bc") to `hasher`.
    static func hashUTF8(_ value: String, into hasher: inout Hasher) {
        var value = value
        value.withUTF8 { bytes in hasher.combine(bytes: UnsafeRawBufferPointer(bytes)) }
        hasher.combine(0xFF as UInt8)  // never a UTF-8 byte
    }

    /// Python's string order: lexicographic by code point, which is lexicographic by UTF-8 byte.
    static func utf8Precedes(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in b.withUTF8 { y in x.lexicographicallyPrecedes(y) } }
    }
}
