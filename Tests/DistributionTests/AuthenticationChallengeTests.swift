@testable import Distribution
import Testing

@Suite struct AuthenticationChallengeTests {
    @Test func bearerWithQuotedScopeHoldingCommas() throws {
        let challenge = try #require(AuthenticationChallenge.parse(headerValues: [
            #"Bearer realm="https://auth.example/token",service="registry.example",scope="repository:models/weather:pull,push""#,
        ]))
        #expect(challenge.scheme == .bearer)
        #expect(challenge.realm == "https://auth.example/token")
        #expect(challenge.service == "registry.example")
        #expect(challenge.scope == "repository:models/weather:pull,push")
    }

    @Test func basicRealmAndCaseOfSchemeAndNames() throws {
        let challenge = try #require(AuthenticationChallenge.parse(headerValues: [#"basic Realm="retrain test""#]))
        #expect(challenge.scheme == .basic)
        #expect(challenge.realm == "retrain test")
    }

    @Test func errorParameterAndEscapes() throws {
        let challenge = try #require(AuthenticationChallenge.parse(headerValues: [
            #"Bearer realm="https://a/t", error="insufficient_scope", scope="x:y:pull", note="say \"hi\"""#,
        ]))
        #expect(challenge.error == "insufficient_scope")
        #expect(challenge.parameters["note"] == #"say "hi""#)
    }

    @Test func bearerPreferredAmongSeveralAndUnknownSchemesSkipped() throws {
        let challenge = try #require(AuthenticationChallenge.parse(headerValues: [
            #"Negotiate abc, Basic realm="b""#, #"Bearer realm="https://t/token",service=s"#,
        ]))
        #expect(challenge.scheme == .bearer)
        #expect(challenge.service == "s")
        #expect(AuthenticationChallenge.parse(headerValues: ["Negotiate"]) == nil)
        #expect(AuthenticationChallenge.parse(headerValues: []) == nil)
    }
}
