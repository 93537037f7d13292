#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything that can go wrong in the store, the gzip streams and the bundles.
///
/// A struct over a private enum, so new cases can be added without breaking callers. Every
/// description is one line that names the path, entry or digest at fault.
public struct ArtifactsError: Error, CustomStringConvertible, Equatable, Sendable {
    private enum Kind: Equatable, Sendable {
        case io(operation: String, path: String, errno: Int32)
        case digestMismatch(expected: Digest, actual: Digest)
        case blobNotFound(Digest)
        case invalidDigest(String)
        case corruptGzip(String)
        case truncatedGzip
        case corruptTar(String)
        case unsafeEntry(entry: String, reason: String)
        case unsupportedFile(path: String, reason: String)
        case invalidArgument(String)
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    public var description: String {
        switch kind {
        case let .io(operation, path, code):
            return "\(operation) '\(path)': \(String(cString: strerror(code)))"
        case let .digestMismatch(expected, actual):
            return "blob \(expected) is corrupt: its content hashes to \(actual)"
        case let .blobNotFound(digest):
            return "blob \(digest) is not in the store"
        case let .invalidDigest(text):
            return "'\(text)' is not a digest (expected sha256: followed by 64 lowercase hex digits)"
        case let .corruptGzip(reason):
            return "corrupt gzip stream: \(reason)"
        case .truncatedGzip:
            return "truncated gzip stream: it ends before its last member is complete"
        case let .corruptTar(reason):
            return "corrupt tar archive: \(reason)"
        case let .unsafeEntry(entry, reason):
            return "refusing archive entry '\(entry)': \(reason)"
        case let .unsupportedFile(path, reason):
            return "cannot bundle '\(path)': \(reason)"
        case let .invalidArgument(reason):
            return reason
        }
    }

    package static func io(_ operation: String, path: String, errno code: Int32 = errno) -> ArtifactsError {
        ArtifactsError(.io(operation: operation, path: path, errno: code))
    }

    /// A blob's bytes do not hash to its name.
    public static func digestMismatch(expected: Digest, actual: Digest) -> ArtifactsError {
        ArtifactsError(.digestMismatch(expected: expected, actual: actual))
    }

    public static func blobNotFound(_ digest: Digest) -> ArtifactsError {
        ArtifactsError(.blobNotFound(digest))
    }

    public static func invalidDigest(_ text: String) -> ArtifactsError {
        ArtifactsError(.invalidDigest(text))
    }

    package static func corruptGzip(_ reason: String) -> ArtifactsError {
        ArtifactsError(.corruptGzip(reason))
    }

    package static let truncatedGzip = ArtifactsError(.truncatedGzip)

    package static func corruptTar(_ reason: String) -> ArtifactsError {
        ArtifactsError(.corruptTar(reason))
    }

    package static func unsafeEntry(_ entry: String, _ reason: String) -> ArtifactsError {
        ArtifactsError(.unsafeEntry(entry: entry, reason: reason))
    }

    package static func unsupportedFile(_ path: String, _ reason: String) -> ArtifactsError {
        ArtifactsError(.unsupportedFile(path: path, reason: reason))
    }

    package static func invalidArgument(_ reason: String) -> ArtifactsError {
        ArtifactsError(.invalidArgument(reason))
    }
}
