import Artifacts
import Distribution
import Testing

@Suite struct RemoteReferenceTests {
    let hex = String(repeating: "ab", count: 32)

    @Test func hostPortRepositoryAndTag() throws {
        let reference = try RemoteReference(parsing: "127.0.0.1:5000/models/weather:production")
        #expect(reference.host == "127.0.0.1:5000")
        #expect(reference.hostName == "127.0.0.1")
        #expect(reference.repository == "models/weather")
        #expect(reference.tag == "production")
        #expect(reference.digest == nil)
        #expect(reference.manifestReference == "production")
        #expect(reference.description == "127.0.0.1:5000/models/weather:production")
        #expect(reference.isLoopback)
    }

    @Test func noTagLeavesTheTagEmpty() throws {
        let reference = try RemoteReference(parsing: "registry.example/a/b/c")
        #expect(reference.host == "registry.example")
        #expect(reference.repository == "a/b/c")
        #expect(reference.tag == nil)
        #expect(reference.manifestReference == nil)
        #expect(!reference.isLoopback)
    }

    @Test func digestWinsOverTagForFetching() throws {
        let reference = try RemoteReference(parsing: "localhost:5000/weather:3@sha256:\(hex)")
        #expect(reference.tag == "3")
        #expect(reference.digest == (try Digest(parsing: "sha256:\(hex)")))
        #expect(reference.manifestReference == "sha256:\(hex)")
        #expect(reference.isLoopback)
        let pinned = try RemoteReference(parsing: "localhost:5000/weather@sha256:\(hex)")
        #expect(pinned.tag == nil)
        #expect(pinned.description == "localhost:5000/weather@sha256:\(hex)")
    }

    @Test func bracketedIPv6Loopback() throws {
        let reference = try RemoteReference(parsing: "[::1]:5000/weather:1")
        #expect(reference.hostName == "::1")
        #expect(reference.isLoopback)
    }

    @Test func pinnedAndTaggedCopies() throws {
        let reference = try RemoteReference(parsing: "registry.example:443/models/weather:production")
        let digest = try Digest(parsing: "sha256:\(hex)")
        #expect(reference.pinned(to: digest).manifestReference == digest.description)
        #expect(try reference.tagged("7").description == "registry.example:443/models/weather:7")
    }

    @Test(arguments: [
        "weather:1",                                  // no host
        "registry.example/Weather:1",                 // uppercase repository
        "registry.example/weather:-bad",              // tag starting with '-'
        "registry.example/weather:" + String(repeating: "t", count: 129),
        "registry.example/weather//x",                // empty component
        "registry.example/weather_:1",                // separator at the end
        "registry.example:99999/weather",             // port out of range
        "registry.example:+5/weather",                // port with a sign
        "bad host/weather",
        "registry.example/weather@sha256:abc",        // short digest
        "registry.example/weather@md5:" + String(repeating: "a", count: 32),
        "/weather",
    ])
    func refusesMalformedReferences(_ text: String) {
        #expect(throws: DistributionError.self) { try RemoteReference(parsing: text) }
    }

    @Test func errorNamesTheText() {
        do {
            _ = try RemoteReference(parsing: "registry.example/Weather:1")
            Issue.record("parsed an uppercase repository")
        } catch {
            #expect(error.description.contains("registry.example/Weather:1"))
            #expect(error.description.contains("'Weather'"))
        }
    }

    @Test func separatorsInsideRepositoryComponents() throws {
        for repository in ["a.b", "a_b", "a__b", "a---b", "a-b/c.d/e__f"] {
            #expect(try RemoteReference(parsing: "h.example/\(repository):t").repository == repository)
        }
    }
}
