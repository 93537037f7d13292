import Foundation
import Learning
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A deterministic generator so that failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func strtodBits(_ text: String) -> UInt64 {
    text.withCString { strtod($0, nil) }.bitPattern
}

@Suite struct DecimalParserTests {
    @Test(arguments: [
        "0", "-0", "1", "-1", "0.1", "0.2", "0.3", "1.5", "123.456", ".5", "5.", "+7", "1e5", "1E+05", "1e-5",
        "2.2250738585072011e-308", "2.2250738585072014e-308", "4.9e-324", "2.4703282292062327e-324",
        "2.4703282292062328e-324", "1.7976931348623157e308", "1.7976931348623158e308", "1e309", "1e-400",
        "9007199254740993", "9007199254740992", "18446744073709551615", "18446744073709551616",
        "7.038531e-26", "3.14159265358979323846264338327950288", "0.000000000000000000000000000001",
        "123456789012345678901234567890", "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203124", "8.41e21", "9.5e-5", "0e10", "-0.0e-5",
        "1448997445238699", "4.4501477170144023e-308", "5e-324", "1e23", "8.98846567431158e307",
    ])
    func matchesStrtodOnKnownHardCases(text: String) {
        #expect(DecimalParser.parse(text)?.bitPattern == strtodBits(text), "\(text)")
    }

    @Test func matchesStrtodOnRandomNumbers() {
        var random = SplitMix64(state: 42)
        var mismatches: [String] = []
        for _ in 0..<300_000 {
            let digitCount = Int.random(in: 1...22, using: &random)
            var digits = ""
            for index in 0..<digitCount {
                let digit = index == 0 ? Int.random(in: 1...9, using: &random) : Int.random(in: 0...9, using: &random)
                digits += String(digit)
            }
            var text = Bool.random(using: &random) ? "-" : ""
            let point = Int.random(in: 0...digitCount, using: &random)
            if point == digitCount {
                text += digits
            } else {
                let index = digits.index(digits.startIndex, offsetBy: point)
                text += digits[..<index] + "." + digits[index...]
            }
            if Int.random(in: 0..<3, using: &random) == 0 {
                text += "e" + String(Int.random(in: -340...310, using: &random))
            }
            if DecimalParser.parse(text)?.bitPattern != strtodBits(text) {
                mismatches.append(text)
            }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
    }

    @Test func roundTripsShortestRepresentations() {
        var random = SplitMix64(state: 7)
        for _ in 0..<100_000 {
            let value = Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF)
            let text = "\(value)"
            #expect(DecimalParser.parse(text)?.bitPattern == value.bitPattern, "\(text)")
        }
    }

    @Test(arguments: ["", "-", "+", ".", "e5", "1e", "1.2.3", "abc", "nan", "inf", " 1", "1 ", "0x10", "1,5"])
    func rejectsWhatIsNotExactlyANumber(text: String) {
        #expect(DecimalParser.parse(text) == nil, "\(text)")
    }
}
