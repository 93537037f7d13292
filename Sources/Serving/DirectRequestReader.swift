import Learning

/// Reads a plain `POST /v1/predict` body straight into the model's feature rows, so the common
/// request is scored without first becoming ``FeatureRecord``s of `String`s and values.
///
/// It takes only the plain form of a valid request — `{"instances":[{…},…]}` with any JSON
/// whitespace, keys and category strings of printable ASCII without escapes, values that are
/// numbers, strings or `null` — and hands every field to a ``FeatureRowEncoder``, which refuses
/// anything the model would refuse. At the first thing either does not take it answers
/// `false`, and the handler hands the body to ``PredictionRequestParser`` and the model's own
/// checks, which say what is wrong (or accept what is merely unusual: an escaped key, a
/// non-ASCII category). So an error always comes from one place, and a request read here is
/// scored to the same bits as there (differential tests in DirectRequestReaderTests).
struct DirectRequestReader {
    /// The most instances one request may carry (`--max-instances`).
    var maxInstances: Int

    /// Reads `bytes` into `encoder`; `false` when the body is not a plain valid request.
    func read(_ bytes: UnsafeRawBufferPointer, into encoder: inout FeatureRowEncoder) -> Bool {
        var reader = JSONReader(bytes: bytes)
        reader.skipWhitespace()
        guard reader.consume(UInt8(ascii: "{")) else { return false }
        reader.skipWhitespace()
        guard reader.consumeLiteral(#""instances""#) else { return false }
        reader.skipWhitespace()
        guard reader.consume(UInt8(ascii: ":")) else { return false }
        reader.skipWhitespace()
        guard reader.consume(UInt8(ascii: "[")) else { return false }
        repeat {
            reader.skipWhitespace()
            guard encoder.count < maxInstances, readInstance(&reader, into: &encoder) else { return false }
            reader.skipWhitespace()
        } while reader.consume(UInt8(ascii: ","))
        guard reader.consume(UInt8(ascii: "]")) else { return false }
        reader.skipWhitespace()
        guard reader.consume(UInt8(ascii: "}")) else { return false }
        reader.skipWhitespace()
        return reader.isAtEnd
    }

    /// One instance object, `{"name":value,…}`, at the cursor.
    private func readInstance(_ reader: inout JSONReader, into encoder: inout FeatureRowEncoder) -> Bool {
        guard reader.consume(UInt8(ascii: "{")) else { return false }
        encoder.beginInstance()
        reader.skipWhitespace()
        var member = 0
        if !reader.consume(UInt8(ascii: "}")) {
            repeat {
                reader.skipWhitespace()
                guard let name = reader.parsePlainString(),
                      let field = encoder.field(named: name, expectedAt: member)
                else { return false }
                reader.skipWhitespace()
                guard reader.consume(UInt8(ascii: ":")) else { return false }
                reader.skipWhitespace()
                guard readValue(&reader, field: field, into: &encoder) else { return false }
                reader.skipWhitespace()
                member += 1
            } while reader.consume(UInt8(ascii: ","))
            guard reader.consume(UInt8(ascii: "}")) else { return false }
        }
        return encoder.endInstance()
    }

    /// A number, plain string or `null` at the cursor, set as `field`.
    private func readValue(_ reader: inout JSONReader, field: Int, into encoder: inout FeatureRowEncoder) -> Bool {
        switch reader.peek {
        case UInt8(ascii: "\""):
            guard let text = reader.parsePlainString() else { return false }
            return encoder.setString(text, field: field)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            guard let number = try? reader.parseNumber() else { return false }
            return encoder.setNumber(number, field: field)
        case UInt8(ascii: "n"):
            return reader.consumeLiteral("null") && encoder.setNull(field: field)
        default:
            return false
        }
    }
}
