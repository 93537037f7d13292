package import Crypto

/// The name of a blob: the SHA-256 of its bytes, written `sha256:<64 lowercase hex>`.
///
/// Only well-formed digests can be constructed, so a `Digest` is always safe to turn into a
/// path under `blobs/sha256/` (no separators, no `..`).
public struct Digest: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    /// The 64 lowercase hex digits.
    public let hex: String

    /// Parses `sha256:<hex>`; anything else is an `invalidDigest` error quoting the text.
    public init(parsing text: String) throws(ArtifactsError) {
        guard text.hasPrefix("sha256:") else { throw .invalidDigest(text) }
        let hex = text.dropFirst("sha256:".count)
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
        else { throw .invalidDigest(text) }
        self.hex = String(hex)
    }

    package init(finalizing hasher: SHA256) {
        self.hex = Self.hex(of: hasher.finalize())
    }

    /// The digest of bytes held in memory (small things: manifests, metadata).
    public init(of bytes: some Sequence<UInt8>) {
        var hasher = SHA256()
        hasher.update(data: Array(bytes))
        self.init(finalizing: hasher)
    }

    public var description: String { "sha256:" + hex }

    /// The first 12 hex digits, for progress lines meant for people.
    public var short: String { "sha256:" + hex.prefix(12) }

    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.hex < rhs.hex }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(parsing: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func hex(of digest: SHA256.Digest) -> String {
        let table = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(table[Int(byte >> 4)])
            out.append(table[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
