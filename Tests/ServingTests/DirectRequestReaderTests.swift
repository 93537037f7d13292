import Learning
import TestSupport
import Testing

@testable import Serving

/// A predict body read straight into feature rows gives the predictions the records path gives,
/// and whatever the direct reader does not take (invalid, or merely unusual) is left to the
/// records path, which answers it; on the weather model of the example pipeline.
@Suite struct DirectRequestReaderTests {
    let model: any ServableModel
    let reader = DirectRequestReader(maxInstances: 3)
    let parser = PredictionRequestParser(maxInstances: 3)

    init() throws {
        model = try WeatherFixture.shared.get().loadedModel(version: 1).model
    }

    /// Predictions read directly, or nil when the reader gave the body up.
    func direct(_ bytes: [UInt8]) -> ModelPredictions? {
        bytes.withUnsafeBytes { body in model.predict { encoder in reader.read(body, into: &encoder) } }
    }

    /// Predictions through records (the parser, then the model's checks).
    func viaRecords(_ bytes: [UInt8]) throws -> ModelPredictions {
        let instances = try bytes.withUnsafeBytes { try parser.parse($0) }
        return try model.predict(instances)
    }

    static let drizzle = #"{"precipitation":0.0,"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":"drizzle"}"#
    static let sun = #"{"weather":"sun","wind":2.1,"temp_min":-3.3,"temp_max":7.2,"precipitation":0}"#

    static let plain = [
        #"{"instances":[\#(drizzle)]}"#,
        #"{"instances":[\#(sun)]}"#,
        #"{"instances":[\#(drizzle),\#(sun),\#(drizzle)]}"#,
        " \n\t{ \"instances\" :\r\n [ { \"precipitation\" : 1.5e1 , \"temp_max\":-0, \"temp_min\" :1E-2,\"wind\":\n10 ,\"weather\": \"rain\" } ] } \n",
        #"{"instances":[{"precipitation":null,"temp_max":null,"temp_min":null,"wind":null,"weather":null}]}"#,
        #"{"instances":[{"precipitation":0.1,"temp_max":3,"temp_min":2,"wind":1,"weather":"hail"}]}"#,
        #"{"instances":[{"precipitation":123456789012345678901234567890,"temp_max":0.000000000000000000000000001,"temp_min":2,"wind":1,"weather":""}]}"#,
        #"{"instances":[{"wind":4.7,"weather":"snow","temp_min":5.0,"precipitation":0.0,"temp_max":12.8}]}"#,
    ]

    @Test func plainRequestsAreReadDirectlyAndScoreAsRecordsDo() throws {
        for body in Self.plain.map({ Array($0.utf8) }) {
            let read = try #require(direct(body), "\(String(decoding: body, as: UTF8.self))")
            #expect(read == (try viaRecords(body)))
        }
    }

    @Test func unusualButValidRequestsAreLeftToRecords() throws {
        let unusual = [
            #"{"instances":[{"precipitation":0.0,"temp_max":12.8,"temp_min":5.0,"w\u0069nd":4.7,"weather":"drizzle"}]}"#,
            #"{"instances":[{"precipitation":0.0,"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":"dri\"zzle"}]}"#,
            #"{"instances":[{"precipitation":0.0,"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":"nieve ☃"}]}"#,
        ]
        for body in unusual.map({ Array($0.utf8) }) {
            #expect(direct(body) == nil)
            #expect(throws: Never.self) { try viaRecords(body) }
        }
    }

    @Test func invalidRequestsAreLeftToTheParserAndTheModel() throws {
        let instance = String(Self.drizzle.dropLast())
        let invalid = [
            "", "[]", "{}", "null", #"{"instances":[]}"#, #"{"instances":{}}"#, #"{"instances":[1]}"#,
            #"{"instances":[\#(Self.drizzle)],"instances":[\#(Self.drizzle)]}"#,
            #"{"instances":[\#(Self.drizzle)],"extra":1}"#,
            #"{"instances":[\#(Self.drizzle),\#(Self.drizzle),\#(Self.drizzle),\#(Self.drizzle)]}"#,
            #"{"instances":[\#(Self.drizzle)]} x"#, #"{"instances":[\#(Self.drizzle)]"#, #"{"instances":[\#(Self.drizzle),]}"#,
            #"{"instances":[\#(instance),"zeta":1}]}"#, #"{"instances":[\#(instance),"wind":1}]}"#,
            #"{"instances":[\#(instance),}]}"#, #"{"instances":[\#(instance)]}"#,
            #"{"instances":[{"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":"drizzle"}]}"#,
            #"{"instances":[{"precipitation":"0","temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":"drizzle"}]}"#,
            #"{"instances":[{"precipitation":true,"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":"drizzle"}]}"#,
            #"{"instances":[{"precipitation":[],"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":"drizzle"}]}"#,
            #"{"instances":[{"precipitation":1e400,"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":"drizzle"}]}"#,
            #"{"instances":[{"precipitation":01,"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":"drizzle"}]}"#,
            #"{"instances":[{"precipitation":-,"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":"drizzle"}]}"#,
            #"{"instances":[{"precipitation":1.,"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":"drizzle"}]}"#,
            #"{"instances":[{"precipitation":nul,"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":"drizzle"}]}"#,
            #"{"instances":[{"precipitation":0,"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":3}]}"#,
            #"{"instances":[{"precipitation":0,"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":{}}]}"#,
            #"{"instances":[{"precipitation":0,"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":"rain}]}"#,
            "{\"instances\":[{\"precipitation\":0,\"temp_max\":12.8,\"temp_min\":5.0,\"wind\":4.7,\"weather\":\"ra\tin\"}]}",
            #"{"instances":[{"precipitation":0,"temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather" "rain"}]}"#,
            #"{"instances":[{"precipitation":0 "temp_max":12.8,"temp_min":5.0,"wind":4.7,"weather":"rain"}]}"#,
        ]
        var bodies = invalid.map { Array($0.utf8) }
        var badUTF8 = Array(#"{"instances":[{"precipitation":0,"temp_max":1,"temp_min":0,"wind":4.7,"weather":"r"}]}"#.utf8)
        badUTF8.insert(0xFF, at: badUTF8.count - 5)
        bodies.append(badUTF8)
        for body in bodies {
            let text = String(decoding: body, as: UTF8.self)
            #expect(direct(body) == nil, "\(text)")
            #expect(throws: ServingError.self, "\(text)") { try viaRecords(body) }
        }
    }

    /// Random edits of plain requests (seeded): whenever the direct reader takes the result,
    /// the records path takes it too and predicts the same.
    @Test func editedRequestsAreReadDirectlyOnlyAsRecordsReadThem() throws {
        var generator = SplitMix64(seed: 20_261_130)
        let alphabet = Array(#"{}[]:,"\ -+.0123456789eEnulltrfasx"#.utf8) + [0x09, 0x0A, 0x80, 0xC3]
        var read = 0
        var disagreements: [String] = []
        for trial in 0..<6_000 {
            var body = Array(Self.plain[trial % Self.plain.count].utf8)
            for _ in 0...Int(generator.next() % 3) where !body.isEmpty {
                let at = Int(generator.next() % UInt64(body.count))
                let byte = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                switch generator.next() % 3 {
                case 0: body.remove(at: at)
                case 1: body.insert(byte, at: at)
                default: body[at] = byte
                }
            }
            guard let predictions = direct(body) else { continue }
            read += 1
            let expected = try? viaRecords(body)
            if expected != predictions { disagreements.append(String(decoding: body, as: UTF8.self)) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
        #expect(read > 150, "the edits left \(read) bodies the direct reader takes")
    }
}
