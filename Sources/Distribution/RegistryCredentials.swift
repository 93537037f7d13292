import Foundation

/// A username and password for a registry (or its token server).
///
/// Every textual form is redacted, so a credential that ends up in a log line, an error or a
/// `dump` shows as `<redacted>`; only `basicAuthorization` reveals it, to build the header.
public struct RegistryCredentials: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let username: String
    public let password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// The value of an `Authorization: Basic …` header.
    var basicAuthorization: String {
        "Basic " + Data((username + ":" + password).utf8).base64EncodedString()
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(reflecting: "<redacted>") }
}
