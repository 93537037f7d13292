/// What a client has learnt about each registry's authentication: the challenge it answered
/// with (Basic or Bearer, realm, service) and the bearer tokens obtained per scope.
///
/// Shared by every request of one `DistributionClient`, so the challenge round trip and the
/// token fetch happen once per host and scope, not once per request. Tokens are dropped a
/// little before they expire.
actor AuthenticationState {
    private var challenges: [String: AuthenticationChallenge] = [:]
    private var tokens: [String: (value: String, expires: ContinuousClock.Instant)] = [:]

    func challenge(for host: String) -> AuthenticationChallenge? {
        challenges[host]
    }

    func record(_ challenge: AuthenticationChallenge, for host: String) {
        challenges[host] = challenge
    }

    func token(host: String, scope: String) -> String? {
        guard let token = tokens[host + " " + scope] else { return nil }
        guard ContinuousClock.now < token.expires else {
            tokens[host + " " + scope] = nil
            return nil
        }
        return token.value
    }

    /// Keeps a token for `lifetime` seconds minus a margin for clock skew and slow requests.
    func store(token: String, host: String, scope: String, lifetime: Int) {
        let usable = max(lifetime - 10, 1)
        tokens[host + " " + scope] = (token, ContinuousClock.now + .seconds(usable))
    }

    func forgetToken(host: String, scope: String) {
        tokens[host + " " + scope] = nil
    }
}
