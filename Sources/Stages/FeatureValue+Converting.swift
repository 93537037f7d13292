import Foundation
import Learning

extension FeatureValue {
    /// The JSON value of any encodable value (params recorded in outputs as they were used).
    static func converting(_ value: some Encodable) throws -> FeatureValue {
        try JSONDecoder().decode(FeatureValue.self, from: JSONEncoder().encode(value))
    }
}
