import Artifacts
import Distribution
import Foundation
import Registry
import Testing
import TestSupport

/// `retrain push`, `pull`, `promote --push` and `rollback --push` as users run them, against
/// a real docker-registry, and interop both ways with skopeo (Debian's, 1.9).
@Suite struct CommandTests {
    let retrain = BuiltProducts.executable("retrain")
    let skopeo = "/usr/bin/skopeo"

    /// Runs `retrain` with a clean environment: no store default, no docker config, no
    /// registry credentials unless given.
    func run(_ arguments: [String], environment extra: [String: String] = [:], home: String) throws -> ChildProcess.Result {
        var environment = ["PATH": "/usr/bin:/bin", "HOME": home, "RETRAIN_ACTOR": "test"]
        environment.merge(extra) { $1 }
        return try ChildProcess(retrain, arguments, environment: environment).run()
    }

    func skopeo(_ arguments: [String]) throws -> ChildProcess.Result {
        try ChildProcess(skopeo, ["--insecure-policy"] + arguments).run()
    }

    @Test func skopeoReadsWhatWePushed() throws {
        let host = try TestRegistries.plain()
        let fixture = try ModelFixture()
        let version = try fixture.register()
        try fixture.registry.promote(model: RegistryName("weather"), version: 1, alias: RegistryName("production"), actor: "test", reason: nil)
        let repository = TestRegistries.uniqueRepository("to-skopeo")

        let push = try run(["push", "weather:production", "\(host)/\(repository)", "--insecure", "--store", fixture.store.root], home: fixture.directory.path)
        #expect(push.status == 0, "\(push.standardError)")
        #expect(push.output == version.manifest.digest.description + "\n")
        #expect(push.standardError.contains("tagged 1, production"))

        let raw = try skopeo(["inspect", "--raw", "--tls-verify=false", "docker://\(host)/\(repository):production"])
        #expect(raw.status == 0, "\(raw.standardError)")
        #expect(Array(raw.standardOutput) == (try fixture.store.read(version.manifest.digest)))

        let layout = fixture.directory.child("skopeo-layout")
        let copy = try skopeo(["copy", "--src-tls-verify=false", "docker://\(host)/\(repository):1", "oci:\(layout):copied"])
        #expect(copy.status == 0, "\(copy.standardError)")
        let copied = try BlobStore(root: layout)
        #expect(try copied.read(version.bundle.digest) == fixture.store.read(version.bundle.digest))
        #expect(try copied.read(version.manifest.digest) == fixture.store.read(version.manifest.digest))
        let index = try String(contentsOfFile: layout + "/index.json", encoding: .utf8)
        #expect(index.contains(version.manifest.digest.description))
    }

    @Test func wePullWhatSkopeoPushed() throws {
        let host = try TestRegistries.plain()
        let source = try ModelFixture()
        let version = try source.register()
        let repository = TestRegistries.uniqueRepository("from-skopeo")
        let copy = try skopeo(["copy", "--dest-tls-verify=false", "oci:\(source.store.root):weather:1", "docker://\(host)/\(repository):1"])
        #expect(copy.status == 0, "\(copy.standardError)")

        let target = try ModelFixture()
        let pull = try run(["pull", "\(host)/\(repository):1", "--insecure", "--store", target.store.root], home: target.directory.path)
        #expect(pull.status == 0, "\(pull.standardError)")
        #expect(pull.output == "1\n")
        #expect(pull.standardError.contains("as weather:1"))
        let pulled = try target.registry.version(1, of: RegistryName("weather"))
        #expect(pulled.manifest == version.manifest)
        #expect(pulled.metadata == version.metadata)
        #expect(try target.store.read(version.bundle.digest) == source.store.read(version.bundle.digest))

        let again = try run(["pull", "\(host)/\(repository):1", "--insecure", "--store", target.store.root], home: target.directory.path)
        #expect(again.status == 0)
        #expect(again.standardError.contains("already here as weather:1; nothing changed"))
        #expect(try target.registry.versions(of: RegistryName("weather")).count == 1)
    }

    @Test func promoteAndRollbackMoveTheRemoteTag() async throws {
        let host = try TestRegistries.plain()
        let fixture = try ModelFixture()
        let one = try fixture.register()
        let two = try fixture.register()
        let repository = TestRegistries.uniqueRepository("promote")
        let store = fixture.store.root
        let home = fixture.directory.path
        let production = try RemoteReference(host: host, repository: repository, tag: "production")

        func remote() async throws -> Digest {
            try await withInsecureClient { client in try await client.currentDigest(of: production) }
        }
        var result = try run(["promote", "weather", "1", "--push", "\(host)/\(repository)", "--insecure", "--store", store], home: home)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try await remote() == one.manifest.digest)
        result = try run(["promote", "weather", "2", "--push", "\(host)/\(repository)", "--insecure", "--store", store], home: home)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try await remote() == two.manifest.digest)
        result = try run(["rollback", "weather", "--push", "\(host)/\(repository)", "--insecure", "--store", store], home: home)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try await remote() == one.manifest.digest)
        // An explicit remote tag instead of the alias name.
        result = try run(["promote", "weather", "2", "--alias", "staging", "--push", "\(host)/\(repository):canary", "--insecure", "--store", store], home: home)
        #expect(result.status == 0, "\(result.standardError)")
        let versions = try await withInsecureClient { client in
            (try await client.currentDigest(of: production.tagged("canary")), try await client.currentDigest(of: production.tagged("1")))
        }
        #expect(versions.0 == two.manifest.digest)
        #expect(versions.1 == one.manifest.digest)
        #expect(try fixture.registry.aliases(of: RegistryName("weather")).aliases == ["production": 1, "staging": 2])
    }

    @Test func credentialsFromTheEnvironmentAndFromDockerConfigAreNeverPrinted() throws {
        let host = try TestRegistries.basicAuth()
        let (username, password) = try TestRegistries.credentials()
        let fixture = try ModelFixture()
        try fixture.register()
        let repository = TestRegistries.uniqueRepository("cli-auth")
        let home = fixture.directory.path

        let anonymous = try run(["push", "weather:1", "\(host)/\(repository)", "--insecure", "--store", fixture.store.root], home: home)
        #expect(anonymous.status != 0)
        #expect(anonymous.standardError.contains("RETRAIN_REGISTRY_USERNAME"))

        let fromEnvironment = try run(["push", "weather:1", "\(host)/\(repository)", "--insecure", "--verbose", "--store", fixture.store.root],
                                      environment: ["RETRAIN_REGISTRY_USERNAME": username, "RETRAIN_REGISTRY_PASSWORD": password], home: home)
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.standardError)")
        #expect(fromEnvironment.standardError.contains("registry request"))  // --verbose did log
        #expect(!fromEnvironment.standardError.contains(password))
        #expect(!fromEnvironment.output.contains(password))

        let auth = Data("\(username):\(password)".utf8).base64EncodedString()
        try fixture.directory.write(#"{"auths": {"http://\#(host)": {"auth": "\#(auth)"}}}"#, to: "docker/config.json")
        let target = try ModelFixture()
        let fromConfig = try run(["pull", "\(host)/\(repository):1", "--insecure", "--verbose", "--store", target.store.root],
                                 environment: ["DOCKER_CONFIG": fixture.directory.child("docker")], home: home)
        #expect(fromConfig.status == 0, "\(fromConfig.standardError)")
        #expect(!fromConfig.standardError.contains(password))
        #expect(!fromConfig.standardError.contains(auth))
        #expect(try target.registry.versions(of: RegistryName("weather")).count == 1)
    }

    @Test func badUsesGetOneLineAndNothingChanges() throws {
        let host = try TestRegistries.plain()
        let fixture = try ModelFixture()
        try fixture.register()
        let store = fixture.store.root
        let home = fixture.directory.path
        let cases: [([String], String)] = [
            (["push", "weather:1", "registry.example/models/weather", "--insecure"], "loopback"),
            (["pull", "registry.example/models/weather:1", "--insecure"], "loopback"),
            (["pull", "\(host)/models/weather", "--insecure"], "neither a tag nor a digest"),
            (["push", "weather:9", "\(host)/models/weather", "--insecure"], "has no version 9"),
            (["push", "weather:production", "\(host)/models/weather", "--insecure"], "has no alias 'production'"),
            (["push", "weather", "\(host)/models/weather", "--insecure"], "MODEL:VERSION"),
            (["push", "weather:1", "\(host)/Models/weather", "--insecure"], "invalid registry reference"),
            (["promote", "weather", "1", "--push", "registry.example/w", "--insecure"], "loopback"),
            (["pull", "\(host)/\(TestRegistries.uniqueRepository("missing")):1", "--insecure"], "404"),
        ]
        for (arguments, expected) in cases {
            let result = try run(arguments + ["--store", store], home: home)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.standardError.contains(expected), "\(arguments): \(result.standardError)")
            #expect(result.standardError.split(separator: "\n").count == 1, "\(arguments): \(result.standardError)")
        }
        // The refused promote did not move the alias.
        #expect(try fixture.registry.aliases(of: RegistryName("weather")).aliases.isEmpty)
    }
}
