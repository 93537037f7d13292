import NIOCore

/// Writes the body of a `POST /v1/predict` answer:
/// `{"predictions":[…],"probabilities":[{"class":p,…},…],"model":{"name","version","digest"}}`
/// (`probabilities` for classifiers only).
enum PredictionResponseWriter {
    static func write(_ predictions: ModelPredictions, of loaded: LoadedModel) -> ByteBuffer {
        var body = JSONWriter(capacity: 96 + predictions.count * (24 + 24 * loaded.classKeys.count) + loaded.responseModelField.count)
        body.beginObject()
        body.key("predictions")
        body.beginArray()
        switch predictions {
        case .classification(let indices, let probabilities):
            for index in indices { body.raw(loaded.classValues[index]) }
            body.endArray()
            body.key("probabilities")
            body.beginArray()
            let k = loaded.classKeys.count
            for row in 0..<indices.count {
                body.beginObject()
                for column in 0..<k {
                    body.key(encoded: loaded.classKeys[column])
                    body.number(probabilities[row * k + column])
                }
                body.endObject()
            }
            body.endArray()
        case .regression(let values):
            for value in values { body.number(value) }
            body.endArray()
        }
        body.key("model")
        body.raw(loaded.responseModelField)
        body.endObject()
        return body.buffer
    }
}
