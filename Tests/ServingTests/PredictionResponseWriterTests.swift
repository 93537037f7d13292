import Artifacts
import Foundation
import Learning
import NIOCore
import Testing

@testable import Serving

/// The prediction answer, written into room reserved for its longest form: the documented
/// shape, numbers exactly as Swift prints them, and no answer longer than its reservation.
@Suite struct PredictionResponseWriterTests {
    /// A model whose answer the test chooses.
    struct FixedModel: ServableModel {
        var classes: [ClassLabel]
        var predictions: ModelPredictions
        var inputFields: [InputField] { [] }
        var bundleMetadata: JSONValue { .object([:]) }
        func predict(_ instances: [FeatureRecord]) throws(ServingError) -> ModelPredictions { predictions }
    }

    static func loaded(classes: [ClassLabel], predictions: ModelPredictions) -> LoadedModel {
        LoadedModel(
            identity: ModelIdentity(name: "m", version: 3, digest: Digest(of: Array("bundle".utf8))),
            model: FixedModel(classes: classes, predictions: predictions))
    }

    static func text(_ buffer: ByteBuffer) -> String {
        String(decoding: buffer.readableBytesView, as: UTF8.self)
    }

    @Test func numbersAreWrittenAsSwiftDescribesThemAndOthersAsNull() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, 1, 0.1, 1e16, 1e-7, 5e-324, -2.2250738585072014e-308, .greatestFiniteMagnitude, -.leastNormalMagnitude]
        for _ in 0..<20_000 {
            values.append(Double(bitPattern: generator.next() & ~(0x7FF << 52) | (UInt64.random(in: 0..<0x7FF, using: &generator) << 52)))
            values.append(Double.random(in: 0...1, using: &generator))
        }
        for value in values {
            var buffer = ByteBufferAllocator().buffer(capacity: 0)
            ReservedByteWriter.write(into: &buffer, limit: ReservedByteWriter.longestNumber) { $0.append(number: value) }
            #expect(Self.text(buffer) == value.description, "\(value)")
        }
        for value in [Double.infinity, -.infinity, .nan] {
            var buffer = ByteBufferAllocator().buffer(capacity: 0)
            ReservedByteWriter.write(into: &buffer, limit: ReservedByteWriter.longestNumber) { $0.append(number: value) }
            #expect(Self.text(buffer) == "null")
        }
    }

    @Test func aClassifierAnswerIsTheDocumentedShape() {
        let predictions = ModelPredictions.classification(classIndices: [1, 0], probabilities: [0.25, 0.75, 1, 0])
        let loaded = Self.loaded(classes: [.string("dry \"day\""), .string("rain")], predictions: predictions)
        let digest = Digest(of: Array("bundle".utf8)).description
        #expect(Self.text(PredictionResponseWriter.write(predictions, of: loaded)) == #"""
            {"predictions":["rain","dry \"day\""],"probabilities":[{"dry \"day\"":0.25,"rain":0.75},{"dry \"day\"":1.0,"rain":0.0}],"model":{"name":"m","version":3,"digest":"\#(digest)"}}
            """#)
        let numbered = ModelPredictions.classification(classIndices: [2], probabilities: [0.5, 0.25, 0.25])
        let numberedModel = Self.loaded(classes: [.number(-1), .number(0), .number(2.5)], predictions: numbered)
        #expect(Self.text(PredictionResponseWriter.write(numbered, of: numberedModel)).hasPrefix(
            #"{"predictions":[2.5],"probabilities":[{"-1":0.5,"0":0.25,"2.5":0.25}],"model":"#))
    }

    @Test func aRegressorAnswerHasNoProbabilities() {
        let predictions = ModelPredictions.regression([1.5, -2, .nan])
        let loaded = Self.loaded(classes: [], predictions: predictions)
        #expect(Self.text(PredictionResponseWriter.write(predictions, of: loaded)).hasPrefix(
            #"{"predictions":[1.5,-2.0,null],"model":{"name":"m","version":3,"#))
    }

    /// Every number at its longest, for many instances and classes: the answer fits its
    /// reservation (a miscounted limit stops the test process) and reads back as written.
    @Test(arguments: [0, 1, 3])
    func answersOfTheLongestNumbersFitTheirReservation(_ classCount: Int) throws {
        let longest = [-2.2250738585072014e-308, -1.7976931348623157e308, -4.9406564584124654e-324]
        let count = 1_000
        let values = (0..<(count * max(classCount, 1))).map { longest[$0 % longest.count] }
        let classes = (0..<classCount).map { ClassLabel.string(String(repeating: "é", count: 20 + $0)) }
        let predictions: ModelPredictions = classCount == 0
            ? .regression(values)
            : .classification(classIndices: (0..<count).map { $0 % classCount }, probabilities: values)
        let body = PredictionResponseWriter.write(predictions, of: Self.loaded(classes: classes, predictions: predictions))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
        let written = try #require(object["predictions"] as? [Any])
        #expect(written.count == count)
        if classCount > 0 {
            let rows = try #require(object["probabilities"] as? [[String: Double]])
            #expect(rows.count == count)
            #expect(rows[4][classes[classCount - 1].description] == values[4 * classCount + classCount - 1])
        } else {
            #expect((written as? [Double])?.elementsEqual(values) == true)
        }
    }
}
