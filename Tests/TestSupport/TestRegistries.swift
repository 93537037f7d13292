public import Foundation

/// The docker-registry instances `scripts/services/test-registries-start` started, read from
/// the environment it prints. A test that needs one fails (it does not skip) when the
/// variable is missing, with a message saying how to start them.
public enum TestRegistries {
    /// The anonymous registry, `127.0.0.1:PORT`.
    public static func plain() throws -> String { try require("RETRAIN_TEST_REGISTRY") }

    /// The anonymous registry's storage directory (to corrupt a blob on disk).
    public static func plainStorage() throws -> String { try require("RETRAIN_TEST_REGISTRY_STORAGE") }

    /// The registry with htpasswd Basic auth.
    public static func basicAuth() throws -> String { try require("RETRAIN_TEST_REGISTRY_AUTH") }

    /// The registry with Bearer token auth (its token server is `TestTokenServer`).
    public static func token() throws -> String { try require("RETRAIN_TEST_REGISTRY_TOKEN") }

    /// `token.json` for `TestTokenServer.shared(configurationFile:)`.
    public static func tokenConfiguration() throws -> String { try require("RETRAIN_TEST_REGISTRY_TOKEN_CONFIG") }

    /// The user the Basic-auth registry and the token server accept.
    public static func credentials() throws -> (username: String, password: String) {
        (try require("RETRAIN_TEST_REGISTRY_USERNAME"), try require("RETRAIN_TEST_REGISTRY_PASSWORD"))
    }

    /// A repository name no other test uses, so tests can run in parallel on one registry.
    public static func uniqueRepository(_ prefix: String) -> String {
        "retrain-test/\(prefix)-\(UInt32.random(in: 0...UInt32.max))"
    }

    private static func require(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            throw TestServiceError("\(name) is not set: start the test registries with "
                + "`eval \"$(scripts/services/test-registries-start DIR)\"` (see scripts/services/README.md), or run scripts/test")
        }
        return value
    }
}
