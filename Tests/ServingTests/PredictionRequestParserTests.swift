import HTTPTypes
import Learning
import Testing

@testable import Serving

@Suite("Prediction request parsing")
struct PredictionRequestParserTests {
    let parser = PredictionRequestParser(maxInstances: 3)

    func parse(_ text: String) throws -> [FeatureRecord] {
        try Array(text.utf8).withUnsafeBytes { try parser.parse($0) }
    }

    func failure(_ text: String) -> ServingError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error as? ServingError
        }
    }

    @Test func parsesInstancesWithEveryValueKind() throws {
        let instances = try parse(#"""
             { "instances" : [ {"a": 1.5, "b": "x", "c": null, "d": -0.25e2, "e": true, "f": [1, {"g": "h"}], "u": "\u00e9\ud83d\ude00\n"},
               {} ] }
            """#)
        #expect(instances.count == 2)
        #expect(instances[0]["a"] == .number(1.5))
        #expect(instances[0]["b"] == .string("x"))
        #expect(instances[0]["c"] == .null)
        #expect(instances[0]["d"] == .number(-25))
        #expect(instances[0]["e"] == .bool(true))
        #expect(instances[0]["f"] == .array([.number(1), .object(["g": .string("h")])]))
        #expect(instances[0]["u"] == .string("é😀\n"))
        #expect(instances[1].isEmpty)
    }

    @Test func numbersKeepTheirValues() throws {
        let instances = try parse(#"{"instances":[{"a":0,"b":-0.0,"c":12345678901234567890,"d":1E-3,"e":0.1}]}"#)
        #expect(instances[0]["a"] == .number(0))
        #expect(instances[0]["c"] == .number(12345678901234567890))
        #expect(instances[0]["d"] == .number(0.001))
        #expect(instances[0]["e"] == .number(0.1))
    }

    /// The parser reads short numbers by arithmetic (Clinger's fast path) and the rest with
    /// `Double(_:)`; both must give exactly the double `Double(_:)` gives.
    @Test func numbersAreTheDoublesSwiftReads() throws {
        var generator = SystemRandomNumberGenerator()
        var literals = ["0", "-0", "0.0", "-0.0", "1", "9007199254740993", "123456789012345", "1234567890123456",
                        "0.1", "0.3", "2.675", "1e22", "1e23", "1e-22", "1e-23", "123456789012345e-22", "4.35", "-12.8",
                        "0.000000000000000000001", "1.7976931348623157e308", "5e-324", "99999999999999999999", "3.0E+2"]
        for _ in 0..<2000 {
            let digits = Int.random(in: 1...18, using: &generator)
            let significand = String(UInt64.random(in: 0..<(0..<digits).reduce(1 as UInt64) { power, _ in power * 10 }, using: &generator))
            let point = Int.random(in: 0...significand.count, using: &generator)
            var literal = point == 0 || point == significand.count
                ? significand
                : String(significand.prefix(point)) + "." + String(significand.dropFirst(point))
            if Bool.random(using: &generator) { literal += "e\(Int.random(in: -30...30, using: &generator))" }
            if Bool.random(using: &generator) { literal = "-" + literal }
            literals.append(literal)
        }
        for literal in literals {
            let instances = try parse(#"{"instances":[{"x":"# + literal + "}]}")
            let expected = try #require(Double(literal), "\(literal)")
            guard case .number(let value) = instances[0]["x"] else {
                Issue.record("\(literal) did not parse as a number")
                continue
            }
            #expect(value.bitPattern == expected.bitPattern, "\(literal): \(value) vs \(expected)")
        }
    }

    @Test func hugeNumbersBecomeInfinityForTheModelToRefuse() throws {
        let instances = try parse(#"{"instances":[{"a":1e400}]}"#)
        #expect(instances[0]["a"] == .number(.infinity))
    }

    /// Every literal below parses to ±greatestFiniteMagnitude with `Double(_:)`; those beyond the
    /// `maximum` that /openapi.json prints (1.7976931348623157e+308, compared exactly) become
    /// ±infinity for the model to refuse. Found by schemathesis.
    @Test func literalsBeyondTheDocumentedMaximumAreOutOfRange() throws {
        let body = [
            #"{"instances":[{"#,
            #""a":1.7976931348623157e308,"#,
            #""b":-179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000,"#,
            #""c":1.79769313486231569e308,"#,
            #""d":179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001,"#,
            #""e":179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368,"#,
            #""f":-1.7976931348623157000000001e308,"#,
            #""g":0.017976931348623157e310,"#,
            #""h":1.79769313486231570001E+308"#,
            #"}]}"#,
        ].joined()
        let instances = try parse(body)
        #expect(instances[0]["a"] == .number(.greatestFiniteMagnitude))  // the bound as /openapi.json prints it
        #expect(instances[0]["b"] == .number(-.greatestFiniteMagnitude))  // the same value as an integer
        #expect(instances[0]["c"] == .number(.greatestFiniteMagnitude))  // below the bound, rounds to the largest double
        #expect(instances[0]["d"] == .number(.infinity))  // the bound + 1 (what schemathesis sent)
        #expect(instances[0]["e"] == .number(.infinity))  // the largest double's exact value, above the printed bound
        #expect(instances[0]["f"] == .number(-.infinity))  // negative, far digits
        #expect(instances[0]["g"] == .number(.greatestFiniteMagnitude))  // the bound, point and exponent shifted
        #expect(instances[0]["h"] == .number(.infinity))  // above the bound, capital E and a plus sign
    }

    @Test(arguments: [
        (#"{"instances":[{"a":1,}]}"#, 21, "expected a string key"),
        (#"{"instances":[{"a" 1}]}"#, 19, "expected ':' after a key"),
        (#"{"instances":[{"a":01}]}"#, 20, "expected ',' or '}' after a feature"),
        (#"{"instances":[{"a":1.}]}"#, 21, "expected a digit after '.'"),
        (#"{"instances":[{"a":-}]}"#, 20, "expected a digit"),
        (#"{"instances":[{"a":tru}]}"#, 19, "expected true"),
        (#"{"instances":[{"a":"x}]}"#, 24, "unterminated string (the body ended)"),
        (#"{"instances":[{"a":"\x"}]}"#, 21, "invalid escape in a string"),
        (#"{"instances":[{"a":"\ud800"}]}"#, 26, "a high surrogate escape must be followed by a low one"),
        (#"{"instances":[{"a":1}]} x"#, 24, "unexpected bytes after the JSON value"),
        (#"{"instances":[{"a":1}]"#, 22, "expected ',' or '}' after a member (the body ended)"),
        (#"{"instances":[{"a":1} {"b":2}]}"#, 22, "expected ',' or ']' after an instance"),
    ])
    func malformedJSONNamesTheOffset(text: String, offset: Int, reason: String) {
        let error = failure(text)
        #expect(error?.code == "malformed_json")
        #expect(error?.description == "malformed JSON at byte offset \(offset): \(reason)")
        #expect(error?.status.code == 400)
    }

    @Test func controlCharactersAndInvalidUTF8AreMalformed() {
        #expect(failure("{\"instances\":[{\"a\":\"x\u{01}\"}]}")?.code == "malformed_json")
        var bytes = Array(#"{"instances":[{"a":"x"}]}"#.utf8)
        bytes[20] = 0xFF
        let error = bytes.withUnsafeBytes { buffer -> ServingError? in
            do {
                _ = try parser.parse(buffer)
                return nil
            } catch { return error as? ServingError }
        }
        #expect(error?.description == "malformed JSON at byte offset 20: a string is not valid UTF-8")
    }

    @Test func deepNestingIsRefusedNotRecursedInto() {
        let deep = String(repeating: "[", count: 100_000)
        let error = failure(#"{"instances":[{"a":"# + deep + "]}")
        #expect(error?.code == "malformed_json")
        #expect(error?.description.contains("nested deeper than 32 levels") == true)
    }

    @Test func requestShapeErrorsNameTheField() {
        #expect(failure("")?.description == "request body is empty; send {\"instances\":[{…}]}")
        #expect(failure("[1]")?.description == "request body must be a JSON object with an 'instances' array, got an array")
        #expect(failure("{}")?.description == "missing field 'instances'")
        #expect(failure(#"{"instance":[]}"#)?.description == "unknown field 'instance'")
        #expect(failure(#"{"instances":{}}"#)?.description == "field 'instances' must be an array of objects, got an object")
        #expect(failure(#"{"instances":[]}"#)?.code == "empty_instances")
        #expect(failure(#"{"instances":[{}],"instances":[{}]}"#)?.description == "field 'instances' appears twice")
        #expect(failure(#"{"instances":[{}, 3]}"#)?.description == "instances[1] must be an object of features, got a number")
        let duplicate = failure(#"{"instances":[{}, {"a":1,"a":2}]}"#)
        #expect(duplicate?.description == "field 'instances[1].a' appears twice")
        #expect(duplicate?.field == "a")
        #expect(duplicate?.instance == 1)
        // A wide instance (its names indexed rather than scanned) is checked the same way.
        let wide = (0..<40).map { #""f\#($0)":\#($0)"# } + [#""f3":0"#]
        let wideDuplicate = failure(#"{"instances":[{"# + wide.joined(separator: ",") + "}]}")
        #expect(wideDuplicate?.description == "field 'instances[0].f3' appears twice")
    }

    @Test func stopsAtTheInstanceLimit() throws {
        #expect(try parse(#"{"instances":[{},{},{}]}"#).count == 3)
        let error = failure(#"{"instances":[{},{},{},{}, this is never read"#)
        #expect(error?.code == "too_many_instances")
        #expect(error?.field == "instances")
        #expect(error?.status.code == 400)
    }
}
