import NIOCore
import Learning

/// Writes the body of a `POST /v1/predict` answer:
/// `{"predictions":[…],"probabilities":[{"class":p,…},…],"model":{"name","version","digest"}}`
/// (`probabilities` for classifiers only).
///
/// The parts that do not change between answers (the keys, the class keys, the `model` field)
/// are prepared once per model in ``LoadedModel/answerParts``; an answer is those and the
/// numbers, written in one pass into room reserved for its longest possible form.
enum PredictionResponseWriter {
    /// The bytes that are the same in every answer of one model.
    struct Parts: Sendable {
        /// Each class as a JSON value (`1`, `"rain"`), for `predictions`.
        let classValues: [[UInt8]]
        /// Each class as a JSON object key and its colon (`"1":`, `"rain":`), for `probabilities`.
        let classKeys: [[UInt8]]
        /// `],"model":{"name","version","digest"}}`: everything after the last prediction.
        let ending: [UInt8]
        private let longestClassValue: Int
        private let classKeyBytes: Int

        init(classes: [ClassLabel], modelField: [UInt8]) {
            classValues = classes.map { label in
                switch label {
                case .number: Array(label.description.utf8)
                case .string(let text): JSONWriter.encodedString(text)
                }
            }
            classKeys = classes.map { JSONWriter.encodedString($0.description) + [UInt8(ascii: ":")] }
            ending = Array(#"],"model":"#.utf8) + modelField + [UInt8(ascii: "}")]
            longestClassValue = classValues.map(\.count).max() ?? 0
            classKeyBytes = classKeys.reduce(0) { $0 + $1.count }
        }

        /// The longest answer to `count` instances: every number at its longest.
        func limit(count: Int) -> Int {
            let fixed = 64 + ending.count
            let perInstance = classKeys.isEmpty
                ? ReservedByteWriter.longestNumber + 1
                : longestClassValue + 1 + 3 + classKeyBytes + classKeys.count * (ReservedByteWriter.longestNumber + 1)
            return fixed + count * perInstance
        }
    }

    static func write(_ predictions: ModelPredictions, of loaded: LoadedModel) -> ByteBuffer {
        let parts = loaded.answerParts
        let limit = parts.limit(count: predictions.count)
        var buffer = ByteBufferAllocator().buffer(capacity: limit)
        ReservedByteWriter.write(into: &buffer, limit: limit) { body in
            body.append(#"{"predictions":["#)
            switch predictions {
            case .classification(let indices, let probabilities):
                for (position, index) in indices.enumerated() {
                    if position > 0 { body.append(UInt8(ascii: ",")) }
                    body.append(parts.classValues[index])
                }
                body.append(#"],"probabilities":["#)
                let k = parts.classKeys.count
                for row in 0..<indices.count {
                    if row > 0 { body.append(UInt8(ascii: ",")) }
                    body.append(UInt8(ascii: "{"))
                    for column in 0..<k {
                        if column > 0 { body.append(UInt8(ascii: ",")) }
                        body.append(parts.classKeys[column])
                        body.append(number: probabilities[row * k + column])
                    }
                    body.append(UInt8(ascii: "}"))
                }
            case .regression(let values):
                for (position, value) in values.enumerated() {
                    if position > 0 { body.append(UInt8(ascii: ",")) }
                    body.append(number: value)
                }
            }
            body.append(parts.ending)
        }
        return buffer
    }
}
