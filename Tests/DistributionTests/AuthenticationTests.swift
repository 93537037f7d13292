import Artifacts
import Distribution
import Registry
import Testing
import TestSupport

/// Basic auth against docker-registry's htpasswd, and the Bearer token flow against
/// docker-registry's token auth with `TestTokenServer` as the token endpoint.
@Suite struct AuthenticationTests {
    func credentials() throws -> RegistryCredentials {
        let (username, password) = try TestRegistries.credentials()
        return RegistryCredentials(username: username, password: password)
    }

    @Test func basicAuthPushAndPull() async throws {
        let host = try TestRegistries.basicAuth()
        let source = try ModelFixture()
        let version = try source.register()
        let repository = try RemoteReference(host: host, repository: TestRegistries.uniqueRepository("basic"))
        let target = try ModelFixture()
        let pulled = try await withInsecureClient(credentials: try credentials()) { client in
            _ = try await client.push(version, from: source.store, to: repository, tags: ["1"])
            return try await client.pull(repository.tagged("1"), into: target.registry)
        }
        #expect(pulled.version.manifest == version.manifest)
    }

    @Test func basicAuthWithoutCredentialsSaysWhatToSet() async throws {
        let host = try TestRegistries.basicAuth()
        let reference = try RemoteReference(host: host, repository: TestRegistries.uniqueRepository("anonymous"), tag: "1")
        do {
            _ = try await withInsecureClient { client in try await client.currentDigest(of: reference) }
            Issue.record("an anonymous request passed Basic auth")
        } catch let error as DistributionError {
            #expect(error.description.contains("RETRAIN_REGISTRY_USERNAME"))
            #expect(error.description.contains(host))
        }
    }

    @Test func basicAuthWithAWrongPasswordFailsWithoutShowingIt() async throws {
        let host = try TestRegistries.basicAuth()
        let (username, _) = try TestRegistries.credentials()
        let wrong = RegistryCredentials(username: username, password: "not-the-password-4711")
        let reference = try RemoteReference(host: host, repository: TestRegistries.uniqueRepository("wrong"), tag: "1")
        do {
            _ = try await withInsecureClient(credentials: wrong) { client in try await client.currentDigest(of: reference) }
            Issue.record("a wrong password was accepted")
        } catch let error as DistributionError {
            #expect(error.description.contains("refused access"))
            #expect(!error.description.contains("4711"))
        }
    }

    @Test func bearerTokenFlowPushAndPull() async throws {
        let host = try TestRegistries.token()
        let server = try TestTokenServer.shared(configurationFile: TestRegistries.tokenConfiguration())
        let source = try ModelFixture()
        let version = try source.register()
        let repository = try RemoteReference(host: host, repository: TestRegistries.uniqueRepository("bearer"))
        let target = try ModelFixture()
        let before = server.requests.count
        let (pushed, pulled) = try await withInsecureClient(credentials: try credentials()) { client in
            let pushed = try await client.push(version, from: source.store, to: repository, tags: ["1", "production"])
            let pulled = try await client.pull(repository.tagged("production"), into: target.registry)
            return (pushed, pulled)
        }
        #expect(pushed.uploadedBlobs.count == 2)
        #expect(pulled.version.manifest == version.manifest)
        let mine = server.requests.dropFirst(before).filter { $0.scopes.contains { $0.contains(repository.repository) } }
        // One token for the whole push (pull+push), one for the pull: the client reuses them.
        #expect(mine.count == 2)
        #expect(mine.allSatisfy { $0.username == (try? TestRegistries.credentials().username) })
        #expect(mine.contains { $0.scopes.contains("repository:\(repository.repository):pull,push") })
        #expect(mine.contains { $0.scopes == ["repository:\(repository.repository):pull"] })
    }

    @Test func bearerTokenServerRefusingTheCredentials() async throws {
        let host = try TestRegistries.token()
        let server = try TestTokenServer.shared(configurationFile: TestRegistries.tokenConfiguration())
        let wrong = RegistryCredentials(username: server.configuration.username, password: "wrong-password-0815")
        let reference = try RemoteReference(host: host, repository: TestRegistries.uniqueRepository("refused"), tag: "1")
        do {
            _ = try await withInsecureClient(credentials: wrong) { client in try await client.currentDigest(of: reference) }
            Issue.record("the token flow passed with a wrong password")
        } catch let error as DistributionError {
            #expect(error.description.contains("token server http://127.0.0.1:"))
            #expect(error.description.contains("401"))
            #expect(!error.description.contains("0815"))
        }
    }

    @Test func bearerWithoutCredentialsGetsNoTokenAndNoAccess() async throws {
        let host = try TestRegistries.token()
        let server = try TestTokenServer.shared(configurationFile: TestRegistries.tokenConfiguration())
        let repository = TestRegistries.uniqueRepository("anonymous")
        let reference = try RemoteReference(host: host, repository: repository, tag: "1")
        await #expect(throws: DistributionError.self) {
            try await withInsecureClient { client in try await client.currentDigest(of: reference) }
        }
        #expect(server.requests.contains { $0.username == nil && $0.scopes == ["repository:\(repository):pull"] })
    }
}
