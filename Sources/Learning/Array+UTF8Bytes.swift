import Foundation

extension Array where Element == UInt8 {
    /// Whether these bytes are exactly `bytes`: how field names and categories kept as UTF-8 are
    /// compared with a request's bytes (byte-wise, so scalar-wise, as ``CategoryKey`` compares).
    func equalsBytes(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard count == bytes.count else { return false }
        guard let other = bytes.baseAddress, !bytes.isEmpty else { return true }
        return withUnsafeBytes { memcmp($0.baseAddress!, other, bytes.count) == 0 }
    }
}
