/// Why a serving bundle could not be loaded or written, naming the file at fault.
///
/// A bundle that fails to load must never serve: the prediction server keeps its old model
/// and reports this `description`; the stages exit 65 with it.
public struct BundleError: Error, CustomStringConvertible, Equatable, Sendable {
    private enum Kind: Equatable, Sendable {
        case unreadable(file: String, reason: String)
        case invalid(file: String, reason: String)
        case selfCheckFailed(String)
        case unwritable(file: String, reason: String)
    }

    private let kind: Kind
    private init(_ kind: Kind) { self.kind = kind }

    /// A bundle file is absent or cannot be read.
    public static func unreadable(file: String, reason: String) -> BundleError { .init(.unreadable(file: file, reason: reason)) }
    /// A bundle file is not what its format says, or disagrees with another file.
    public static func invalid(file: String, reason: String) -> BundleError { .init(.invalid(file: file, reason: reason)) }
    /// The bundle does not reproduce the predictions recorded in it at build time.
    public static func selfCheckFailed(_ reason: String) -> BundleError { .init(.selfCheckFailed(reason)) }
    /// A bundle file could not be written.
    public static func unwritable(file: String, reason: String) -> BundleError { .init(.unwritable(file: file, reason: reason)) }

    /// Whether the bundle loaded but did not reproduce its recorded predictions.
    public var isSelfCheckFailure: Bool { if case .selfCheckFailed = kind { true } else { false } }

    public var description: String {
        switch kind {
        case .unreadable(let file, let reason): "cannot read \(file): \(reason)"
        case .invalid(let file, let reason): "\(file): \(reason)"
        case .selfCheckFailed(let reason): "self check failed: \(reason)"
        case .unwritable(let file, let reason): "cannot write \(file): \(reason)"
        }
    }
}
