public import Foundation

/// Where registry credentials come from, in order:
///
/// 1. `RETRAIN_REGISTRY_USERNAME` and `RETRAIN_REGISTRY_PASSWORD` (both set): used for every
///    registry the process talks to — the simple case of one registry per deployment;
/// 2. a docker `config.json` (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`):
///    `auths.<host[:port]>.auth` (base64 of `user:password`) or its `username`/`password`.
///    Keys may be written with a scheme and path (`https://host:5000/v1/`); only the host
///    and port are compared.
///
/// Credential helpers (`credsStore`, `credHelpers`) and identity tokens are not run; a host
/// that only has those gets no credentials from here. Nothing found means anonymous access.
public struct CredentialStore: Sendable {
    private let environmentCredentials: RegistryCredentials?
    private let dockerConfigPath: String?

    /// Reads the given environment (the process's by default); the docker config is read
    /// when credentials for a host are first asked for.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let username = environment["RETRAIN_REGISTRY_USERNAME"], !username.isEmpty,
           let password = environment["RETRAIN_REGISTRY_PASSWORD"] {
            environmentCredentials = RegistryCredentials(username: username, password: password)
        } else {
            environmentCredentials = nil
        }
        if let directory = environment["DOCKER_CONFIG"], !directory.isEmpty {
            dockerConfigPath = directory + "/config.json"
        } else if let home = environment["HOME"], !home.isEmpty {
            dockerConfigPath = home + "/.docker/config.json"
        } else {
            dockerConfigPath = nil
        }
    }

    /// Fixed credentials for every host (tests, embedding programs).
    public init(credentials: RegistryCredentials?) {
        environmentCredentials = credentials
        dockerConfigPath = nil
    }

    /// The credentials for `host` (`host[:port]` as in the reference), or nil for anonymous.
    /// A docker config that cannot be read or parsed is an error naming the file, not a
    /// silent fall-back to anonymous.
    public func credentials(for host: String) throws -> RegistryCredentials? {
        if let environmentCredentials { return environmentCredentials }
        guard let dockerConfigPath, let data = FileManager.default.contents(atPath: dockerConfigPath) else { return nil }
        let config: DockerConfig
        do {
            config = try JSONDecoder().decode(DockerConfig.self, from: data)
        } catch {
            throw DistributionError.invalidArgument("\(dockerConfigPath) is not a valid docker config.json")
        }
        for (key, entry) in config.auths ?? [:] where Self.hostPart(of: key) == host.lowercased() {
            if let auth = entry.auth, !auth.isEmpty {
                guard let decoded = Data(base64Encoded: auth), let text = String(data: decoded, encoding: .utf8),
                      let colon = text.firstIndex(of: ":") else {
                    throw DistributionError.invalidArgument("\(dockerConfigPath): auths.\(key).auth is not base64 of user:password")
                }
                return RegistryCredentials(username: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
            }
            if let username = entry.username, let password = entry.password {
                return RegistryCredentials(username: username, password: password)
            }
        }
        return nil
    }

    /// `https://Host:5000/v1/` → `host:5000`.
    static func hostPart(of key: String) -> String {
        var text = Substring(key.lowercased())
        for scheme in ["https://", "http://"] where text.hasPrefix(scheme) { text = text.dropFirst(scheme.count) }
        if let slash = text.firstIndex(of: "/") { text = text[..<slash] }
        return String(text)
    }

    private struct DockerConfig: Decodable {
        struct Entry: Decodable {
            var auth: String?
            var username: String?
            var password: String?
        }
        var auths: [String: Entry]?
    }
}
