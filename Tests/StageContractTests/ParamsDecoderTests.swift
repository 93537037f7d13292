import Foundation
import StageContract
import Testing

struct Inner: Decodable, Equatable {
    var kind: String
    var path: String?
}

struct Sample: Decodable, Equatable {
    var name: String
    var count: Int
    var ratio: Double?
    var inner: Inner
    var tags: [String]
    var types: [String: String]?

    enum CodingKeys: String, CodingKey {
        case name, count, ratio, inner, tags
        case types = "column_types"
    }
}

@Suite struct ParamsDecoderTests {
    func decode(_ text: String) throws -> Sample {
        try ParamsDecoder().decode(Sample.self, from: Data(text.utf8), file: "params.json")
    }

    @Test func decodesAValidFile() throws {
        let sample = try decode("""
            {"name": "x", "count": 3, "inner": {"kind": "csv", "path": "a.csv"},
             "tags": ["a", "b"], "column_types": {"amount": "number"}}
            """)
        #expect(sample == Sample(
            name: "x", count: 3, ratio: nil, inner: Inner(kind: "csv", path: "a.csv"), tags: ["a", "b"],
            types: ["amount": "number"]
        ))
    }

    @Test func rejectsAnUnknownKeyNamingItAndItsLine() throws {
        let error = try #require(throws: ParamsError.self) {
            try decode("""
                {
                  "name": "x", "count": 3,
                  "inner": {"kind": "csv",
                            "pth": "a.csv"},
                  "tags": [],
                  "windw": "90d"
                }
                """)
        }
        #expect(error.isUnknownKey)
        #expect(error.description == "params.json:4: unknown key \"inner.pth\"")
        #expect(error.stageExit == .badInput)
    }

    @Test func rejectsAnUnknownTopLevelKey() throws {
        let error = try #require(throws: ParamsError.self) {
            try decode(#"{"name": "x", "count": 3, "inner": {"kind": "k"}, "tags": [], "extra": 1}"#)
        }
        #expect(error.description == "params.json:1: unknown key \"extra\"")
    }

    @Test func namesTheLineAndColumnOfASyntaxError() throws {
        let error = try #require(throws: ParamsError.self) { try decode("{\n  \"name\": \"x\",\n  \"count\": 3,,\n}") }
        #expect(error.description == "params.json:3:14: invalid JSON: expected a quoted key")
        #expect(error.line == 3)
    }

    @Test func namesTheKeyOfAWrongType() throws {
        let error = try #require(throws: ParamsError.self) {
            try decode("{\"name\": \"x\",\n \"count\": \"three\", \"inner\": {\"kind\": \"k\"}, \"tags\": []}")
        }
        #expect(error.description == "params.json:2: \"count\" must be an integer, found a string")
    }

    @Test func namesAMissingKey() throws {
        let error = try #require(throws: ParamsError.self) { try decode(#"{"name": "x", "inner": {"kind": "k"}, "tags": []}"#) }
        #expect(error.description == "params.json:1: missing key \"count\"")
    }

    @Test func rejectsDuplicateKeys() throws {
        let error = try #require(throws: ParamsError.self) {
            try decode("{\"name\": \"x\",\n\"name\": \"y\"}")
        }
        #expect(error.description == "params.json:2:1: invalid JSON: duplicate key \"name\"")
    }

    @Test func reportsAnUnreadableFileAsRetryable() throws {
        let error = try #require(throws: ParamsError.self) {
            try ParamsDecoder().decode(Sample.self, fromFile: "/nonexistent/params.json")
        }
        #expect(error.stageExit == .failure)
        #expect(error.description.hasPrefix("cannot read params /nonexistent/params.json"))
    }

    @Test func turnsAValidationErrorOfTheTypeIntoALine() throws {
        struct Positive: Decodable {
            var value: Int
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                value = try container.decode(Int.self, forKey: .value)
                if value <= 0 {
                    throw DecodingError.dataCorruptedError(forKey: .value, in: container, debugDescription: "must be positive")
                }
            }
            enum CodingKeys: String, CodingKey { case value }
        }
        let error = try #require(throws: ParamsError.self) {
            try ParamsDecoder().decode(Positive.self, from: Data("{\n\n\"value\": -1}".utf8), file: "p.json")
        }
        #expect(error.description == "p.json:3: \"value\": must be positive")
    }
}
