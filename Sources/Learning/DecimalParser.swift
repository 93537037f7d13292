#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses decimal numbers straight from bytes, giving exactly the `Double` that `strtod` gives.
///
/// The CSV hot path cannot afford a `String` per field, nor `strtod`'s locale handling.
/// Most numbers take Clinger's fast path (at most 19 significant digits, a mantissa below
/// 2^53 and a power of ten within ±22: one exact multiplication or division); the rest take
/// the Eisel–Lemire algorithm; the few it cannot decide (more than 19 significant digits, or
/// a product on a rounding boundary) fall back to `strtod` on a NUL-terminated copy.
///
/// Accepted syntax: `[+-]digits[.digits][(e|E)[+-]digits]`, also `.5` and `5.`; no
/// whitespace, no `inf`, no `nan`, no hexadecimal.
public enum DecimalParser {
    /// The result of parsing a number prefix.
    public struct Parsed {
        /// The value.
        public var value: Double
        /// The offset of the first byte after the number.
        public var end: Int
    }

    /// Parses the longest number at `start` in `base[start..<end]`; nil if there is none.
    @inline(__always)
    public static func parsePrefix(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Parsed? {
        var index = start
        var isNegative = false
        if index < end {
            let first = base[index]
            if first == UInt8(ascii: "-") {
                isNegative = true
                index += 1
            } else if first == UInt8(ascii: "+") {
                index += 1
            }
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        var sawDigit = false
        // Integer part.
        while index < end {
            let digit = base[index] &- UInt8(ascii: "0")
            if digit > 9 { break }
            sawDigit = true
            if mantissa != 0 || digit != 0 {
                mantissa = mantissa &* 10 &+ UInt64(digit)
                significantDigits += 1
            }
            index += 1
        }
        // Fraction.
        if index < end, base[index] == UInt8(ascii: ".") {
            index += 1
            while index < end {
                let digit = base[index] &- UInt8(ascii: "0")
                if digit > 9 { break }
                sawDigit = true
                if mantissa != 0 || digit != 0 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    significantDigits += 1
                }
                exponent -= 1
                index += 1
            }
        }
        guard sawDigit else { return nil }
        // Exponent: only taken when digits follow ("1e" is the number 1 followed by "e").
        if index < end, base[index] | 0x20 == UInt8(ascii: "e") {
            var cursor = index + 1
            var exponentNegative = false
            if cursor < end, base[cursor] == UInt8(ascii: "-") || base[cursor] == UInt8(ascii: "+") {
                exponentNegative = base[cursor] == UInt8(ascii: "-")
                cursor += 1
            }
            if cursor < end, base[cursor] &- UInt8(ascii: "0") <= 9 {
                var value = 0
                while cursor < end {
                    let digit = base[cursor] &- UInt8(ascii: "0")
                    if digit > 9 { break }
                    if value < 100_000 { value = value * 10 + Int(digit) }
                    cursor += 1
                }
                exponent += exponentNegative ? -value : value
                index = cursor
            }
        }
        if significantDigits > 19 {
            return Parsed(value: slowParse(base, start, index), end: index)
        }
        if let value = fastValue(mantissa: mantissa, exponent: exponent, isNegative: isNegative) {
            return Parsed(value: value, end: index)
        }
        return Parsed(value: slowParse(base, start, index), end: index)
    }

    /// Parses the whole of `bytes` as one number; nil if it is not exactly a number.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let base = bytes.baseAddress, !bytes.isEmpty,
              let parsed = parsePrefix(base, 0, bytes.count), parsed.end == bytes.count else {
            return nil
        }
        return parsed.value
    }

    /// Parses the whole of `text` as one number; nil if it is not exactly a number.
    public static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Clinger's fast path, then Eisel–Lemire; nil when neither can decide.
    @inline(__always)
    static func fastValue(mantissa: UInt64, exponent: Int, isNegative: Bool) -> Double? {
        if mantissa == 0 {
            return isNegative ? -0.0 : 0.0
        }
        if exponent >= -22, exponent <= 22, mantissa <= 1 << 53 {
            var value = Double(mantissa)
            if exponent < 0 {
                value /= exactPowersOfTen[-exponent]
            } else {
                value *= exactPowersOfTen[exponent]
            }
            return isNegative ? -value : value
        }
        guard let bits = eiselLemire(mantissa: mantissa, exponent: exponent) else { return nil }
        let value = Double(bitPattern: bits)
        return isNegative ? -value : value
    }

    /// The Eisel–Lemire algorithm for `mantissa × 10^exponent` (mantissa ≠ 0), as in
    /// fast_float's `compute_float`; returns the bits of the positive double, or nil when the
    /// 128-bit product is too close to a rounding boundary to decide (the caller falls back).
    static func eiselLemire(mantissa: UInt64, exponent q: Int) -> UInt64? {
        let mantissaBits = 52
        let minimumExponent = -1023
        let infinitePower = 0x7FF
        if q < -342 { return 0 }
        if q > 308 { return UInt64(infinitePower) << 52 }
        let leadingZeros = mantissa.leadingZeroBitCount
        let w = mantissa << UInt64(leadingZeros)
        let index = 2 * (q + 342)
        var (high, low) = w.multipliedFullWidth(by: powersOfFive128[index])
        let precisionMask: UInt64 = 0xFFFF_FFFF_FFFF_FFFF >> UInt64(mantissaBits + 3)
        if high & precisionMask == precisionMask {
            let second = w.multipliedFullWidth(by: powersOfFive128[index + 1]).high
            let (sum, overflow) = low.addingReportingOverflow(second)
            low = sum
            if overflow { high &+= 1 }
            // Conservative: the older fast_float fell back here; keep that guard.
            if low == 0xFFFF_FFFF_FFFF_FFFF, q < -27 || q > 55 { return nil }
        }
        let upperBit = Int(high >> 63)
        let shift = upperBit + 64 - mantissaBits - 3
        var answerMantissa = high >> UInt64(shift)
        let power = (((152_170 + 65_536) * q) >> 16) + 63
        var power2 = power + upperBit - leadingZeros - minimumExponent
        if power2 <= 0 {
            if -power2 + 1 >= 64 { return 0 }
            answerMantissa >>= UInt64(-power2 + 1)
            answerMantissa += answerMantissa & 1
            answerMantissa >>= 1
            power2 = answerMantissa < (1 << UInt64(mantissaBits)) ? 0 : 1
            return UInt64(power2) << 52 | (answerMantissa & ((1 << 52) - 1))
        }
        if low <= 1, q >= -4, q <= 23, answerMantissa & 3 == 1 {
            if answerMantissa << UInt64(shift) == high {
                answerMantissa &= ~1
            }
        }
        answerMantissa += answerMantissa & 1
        answerMantissa >>= 1
        if answerMantissa >= (2 << UInt64(mantissaBits)) {
            answerMantissa = 1 << UInt64(mantissaBits)
            power2 += 1
        }
        answerMantissa &= ~(1 << UInt64(mantissaBits))
        if power2 >= infinitePower {
            return UInt64(infinitePower) << 52
        }
        return UInt64(power2) << 52 | answerMantissa
    }

    /// `strtod` on a NUL-terminated copy of the bytes (in the C locale: the accepted syntax
    /// has no locale-dependent parts, and the decimal point is always '.').
    static func slowParse(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double {
        let count = end - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            for offset in 0..<count {
                buffer[offset] = CChar(bitPattern: base[start + offset])
            }
            buffer[count] = 0
            guard let pointer = buffer.baseAddress else { return .nan }
            return strtod(pointer, nil)
        }
    }
}
