import Foundation
import NIOCore

/// A `POST /v1/predict` answer as a client decodes it.
///
/// Decoded with `JSONDecoder`, which reads numbers correctly rounded; Foundation's
/// `JSONSerialization` on Linux goes through `NSDecimalNumber` and can land one ulp away,
/// which would hide or invent a difference in a bit-for-bit comparison.
struct PredictResponse: Decodable, Sendable {
    struct Model: Decodable, Sendable {
        var name: String
        var version: Int?
        var digest: String
    }

    var predictions: [Double]
    var probabilities: [[String: Double]]?
    var model: Model

    init(_ buffer: ByteBuffer?) throws {
        self = try JSONDecoder().decode(Self.self, from: Data((buffer ?? ByteBuffer()).readableBytesView))
    }
}
