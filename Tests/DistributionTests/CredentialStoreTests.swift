import Distribution
import Foundation
import Testing
import TestSupport

@Suite struct CredentialStoreTests {
    @Test func environmentCredentialsApplyToEveryHost() throws {
        let store = CredentialStore(environment: ["RETRAIN_REGISTRY_USERNAME": "ci", "RETRAIN_REGISTRY_PASSWORD": "s3cret", "HOME": "/nonexistent"])
        #expect(try store.credentials(for: "a.example")?.username == "ci")
        #expect(try store.credentials(for: "127.0.0.1:5000")?.password == "s3cret")
    }

    @Test func dockerConfigAuthByHostWithOrWithoutScheme() throws {
        let directory = try TemporaryDirectory()
        let auth = Data("robot:pa:ss".utf8).base64EncodedString()
        try directory.write("""
            {"auths": {"https://registry.example:5000/v1/": {"auth": "\(auth)"},
                       "other.example": {"username": "u2", "password": "p2"}},
             "credsStore": "desktop"}
            """, to: "config.json")
        let store = CredentialStore(environment: ["DOCKER_CONFIG": directory.path])
        let first = try #require(try store.credentials(for: "registry.example:5000"))
        #expect(first.username == "robot")
        #expect(first.password == "pa:ss")
        #expect(try store.credentials(for: "other.example")?.username == "u2")
        #expect(try store.credentials(for: "registry.example") == nil)
        #expect(try store.credentials(for: "third.example") == nil)
    }

    @Test func homeDockerConfigIsTheDefaultAndEnvironmentWins() throws {
        let home = try TemporaryDirectory()
        try home.write(#"{"auths": {"h.example": {"auth": "\#(Data("a:b".utf8).base64EncodedString())"}}}"#, to: ".docker/config.json")
        #expect(try CredentialStore(environment: ["HOME": home.path]).credentials(for: "h.example")?.username == "a")
        let both = CredentialStore(environment: ["HOME": home.path, "RETRAIN_REGISTRY_USERNAME": "env", "RETRAIN_REGISTRY_PASSWORD": "x"])
        #expect(try both.credentials(for: "h.example")?.username == "env")
    }

    @Test func malformedDockerConfigIsAnErrorNamingTheFile() throws {
        let directory = try TemporaryDirectory()
        try directory.write(#"{"auths": {"h.example": {"auth": "%%%"}}}"#, to: "config.json")
        #expect(throws: DistributionError.self) { try CredentialStore(environment: ["DOCKER_CONFIG": directory.path]).credentials(for: "h.example") }
        try directory.write("not json", to: "config.json")
        do {
            _ = try CredentialStore(environment: ["DOCKER_CONFIG": directory.path]).credentials(for: "h.example")
            Issue.record("accepted a config.json that is not JSON")
        } catch {
            #expect("\(error)".contains(directory.path + "/config.json"))
        }
    }

    @Test func credentialsNeverPrintThemselves() {
        let credentials = RegistryCredentials(username: "robot", password: "hunter2-secret")
        for text in ["\(credentials)", String(reflecting: credentials), String(describing: [credentials])] {
            #expect(!text.contains("hunter2"))
            #expect(!text.contains("robot"))
        }
        var dumped = ""
        dump(credentials, to: &dumped)
        #expect(!dumped.contains("hunter2"))
    }
}
