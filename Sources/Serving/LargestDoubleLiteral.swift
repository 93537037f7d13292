/// Tells whether a JSON number literal lies beyond the `maximum` (or below the `minimum`) that
/// /openapi.json gives number features: ±`Double.greatestFiniteMagnitude`, which the document
/// prints as its shortest round-trip literal, `1.7976931348623157e+308`.
///
/// `Double(text)` rounds to nearest, so literals up to half an ulp above that bound come back
/// finite, as the largest double, and were scored although the document says they are out of
/// range (schemathesis sent `179769313486231570…0001`, 309 digits). JSON Schema compares the
/// literals' decimal values, so the bound here is the printed literal, compared exactly, digit
/// by digit; a literal beyond it becomes ±infinity in the parser, which the model refuses
/// naming the field, as it does `1e400`. Only consulted when a parsed number's magnitude is
/// exactly the largest finite double, so it costs nothing on ordinary requests.
enum LargestDoubleLiteral {
    /// A literal's value as `0.<digits> × 10^magnitude`: significant digits without leading or
    /// trailing zeros (empty for zero), and the decimal exponent.
    struct Decimal {
        var digits: [UInt8]
        var magnitude: Int
    }

    /// The bound as /openapi.json prints it.
    static let bound = decimal(of: Array(Double.greatestFiniteMagnitude.description.utf8))

    /// Whether the literal (JSON number grammar, already validated) is larger in magnitude than
    /// the bound.
    static func isExceeded(by literal: UnsafeRawBufferPointer) -> Bool {
        let value = decimal(of: Array(literal))
        guard !value.digits.isEmpty else { return false }
        guard value.magnitude == bound.magnitude else { return value.magnitude > bound.magnitude }
        for (ours, largest) in zip(value.digits, bound.digits) where ours != largest {
            return ours > largest
        }
        return value.digits.count > bound.digits.count
    }

    /// Decomposes a number literal, `-? digits (. digits)? ([eE] [+-]? digits)?`.
    static func decimal(of literal: [UInt8]) -> Decimal {
        var index = literal.first == UInt8(ascii: "-") ? 1 : 0
        var digits: [UInt8] = []
        var pointPosition = 0
        var afterPoint = false
        while index < literal.count {
            let byte = literal[index]
            if byte == UInt8(ascii: ".") {
                afterPoint = true
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                if digits.isEmpty && byte == UInt8(ascii: "0") {
                    if afterPoint { pointPosition -= 1 }
                } else {
                    digits.append(byte)
                    if !afterPoint { pointPosition += 1 }
                }
            } else {
                break  // 'e' or 'E'
            }
            index += 1
        }
        var exponent = 0
        var negativeExponent = false
        index += 1
        if index < literal.count, literal[index] == UInt8(ascii: "-") || literal[index] == UInt8(ascii: "+") {
            negativeExponent = literal[index] == UInt8(ascii: "-")
            index += 1
        }
        while index < literal.count {
            // Saturates: a longer exponent would have made the number 0 or infinity already.
            exponent = Swift.min(exponent * 10 + Int(literal[index] &- UInt8(ascii: "0")), 1_000_000_000)
            index += 1
        }
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return Decimal(digits: digits, magnitude: pointPosition + (negativeExponent ? -exponent : exponent))
    }
}
