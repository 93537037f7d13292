/// A model or alias name that is safe to use as a path component and an OCI tag part.
///
/// `[a-z0-9][a-z0-9._-]{0,63}`: validated before the name touches any path, so `..`, `/`
/// and friends can never reach the file system.
public struct RegistryName: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let value: String

    /// - Parameter kind: "model" or "alias", for the error message.
    public init(_ value: String, kind: String = "model") throws(RegistryError) {
        let bytes = Array(value.utf8)
        func allowed(_ byte: UInt8, first: Bool) -> Bool {
            (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39) || (!first && (byte == 0x2e || byte == 0x5f || byte == 0x2d))
        }
        guard (1...64).contains(bytes.count), allowed(bytes[0], first: true), bytes.dropFirst().allSatisfy({ allowed($0, first: false) })
        else { throw .invalidName(value, kind: kind) }
        self.value = value
    }

    public var description: String { value }
    public static func < (lhs: RegistryName, rhs: RegistryName) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
