/// What can go wrong talking to a remote registry: one line naming the reference, host, URL,
/// digest or status at fault. Credentials never appear in a description.
public struct DistributionError: Error, CustomStringConvertible, Equatable, Sendable {
    private enum Kind: Equatable, Sendable {
        case invalidReference(text: String, reason: String)
        case insecureNotLoopback(host: String)
        case plainHTTPRefused(url: String, purpose: String)
        case unexpectedStatus(operation: String, url: String, status: Int, detail: String)
        case unauthorized(host: String, scope: String, detail: String)
        case credentialsNeeded(host: String, scheme: String)
        case tokenRefused(realm: String, status: Int, detail: String)
        case invalidResponse(operation: String, url: String, reason: String)
        case sizeMismatch(what: String, expected: Int64, actual: Int64)
        case unsupportedManifest(reference: String, reason: String)
        case transport(host: String, reason: String)
        case invalidArgument(String)
    }

    private let kind: Kind
    private init(_ kind: Kind) { self.kind = kind }

    public var description: String {
        switch kind {
        case let .invalidReference(text, reason):
            return "invalid registry reference '\(text)': \(reason)"
        case let .insecureNotLoopback(host):
            return "--insecure allows plain HTTP only to a loopback registry (127.0.0.1, ::1, localhost); '\(host)' is not one, so TLS is required"
        case let .plainHTTPRefused(url, purpose):
            return "refusing plain HTTP to \(url) (\(purpose)): only loopback hosts may be reached without TLS"
        case let .unexpectedStatus(operation, url, status, detail):
            return "\(operation) \(url) failed with HTTP \(status)" + (detail.isEmpty ? "" : ": \(detail)")
        case let .unauthorized(host, scope, detail):
            return "registry \(host) refused access to \(scope)" + (detail.isEmpty ? "" : " (\(detail))")
                + "; set RETRAIN_REGISTRY_USERNAME and RETRAIN_REGISTRY_PASSWORD, or add the host to a docker config.json"
        case let .credentialsNeeded(host, scheme):
            return "registry \(host) asks for \(scheme) authentication and no credentials were found; set RETRAIN_REGISTRY_USERNAME and RETRAIN_REGISTRY_PASSWORD, or add the host to a docker config.json"
        case let .tokenRefused(realm, status, detail):
            return "token server \(realm) refused the request with HTTP \(status)" + (detail.isEmpty ? "" : ": \(detail)")
        case let .invalidResponse(operation, url, reason):
            return "\(operation) \(url): unusable response: \(reason)"
        case let .sizeMismatch(what, expected, actual):
            return "\(what): expected \(expected) bytes, got \(actual)"
        case let .unsupportedManifest(reference, reason):
            return "\(reference) is not a retrain model version: \(reason)"
        case let .transport(host, reason):
            return "cannot reach registry \(host): \(reason)"
        case let .invalidArgument(reason):
            return reason
        }
    }

    public static func invalidReference(_ text: String, _ reason: String) -> DistributionError {
        DistributionError(.invalidReference(text: text, reason: reason))
    }

    public static func insecureNotLoopback(_ host: String) -> DistributionError {
        DistributionError(.insecureNotLoopback(host: host))
    }

    public static func plainHTTPRefused(_ url: String, purpose: String) -> DistributionError {
        DistributionError(.plainHTTPRefused(url: url, purpose: purpose))
    }

    /// A response the protocol does not allow at this step; `detail` is the registry's own
    /// error code and message when it sent one.
    public static func unexpectedStatus(_ operation: String, url: String, status: Int, detail: String) -> DistributionError {
        DistributionError(.unexpectedStatus(operation: operation, url: url, status: status, detail: detail))
    }

    public static func unauthorized(host: String, scope: String, detail: String) -> DistributionError {
        DistributionError(.unauthorized(host: host, scope: scope, detail: detail))
    }

    public static func credentialsNeeded(host: String, scheme: String) -> DistributionError {
        DistributionError(.credentialsNeeded(host: host, scheme: scheme))
    }

    public static func tokenRefused(realm: String, status: Int, detail: String) -> DistributionError {
        DistributionError(.tokenRefused(realm: realm, status: status, detail: detail))
    }

    public static func invalidResponse(_ operation: String, url: String, _ reason: String) -> DistributionError {
        DistributionError(.invalidResponse(operation: operation, url: url, reason: reason))
    }

    public static func sizeMismatch(_ what: String, expected: Int64, actual: Int64) -> DistributionError {
        DistributionError(.sizeMismatch(what: what, expected: expected, actual: actual))
    }

    public static func unsupportedManifest(_ reference: String, _ reason: String) -> DistributionError {
        DistributionError(.unsupportedManifest(reference: reference, reason: reason))
    }

    public static func transport(host: String, _ reason: String) -> DistributionError {
        DistributionError(.transport(host: host, reason: reason))
    }

    public static func invalidArgument(_ reason: String) -> DistributionError {
        DistributionError(.invalidArgument(reason))
    }
}
