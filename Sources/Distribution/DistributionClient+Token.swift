import AsyncHTTPClient
import Foundation
import NIOCore
import Logging
import NIOHTTP1

extension DistributionClient {
    /// The token endpoint of the Bearer flow (docker's token authentication spec): GET
    /// `realm?service=…&scope=…` with Basic credentials when we have them (anonymous
    /// otherwise), answered by `{"token": …}` or `{"access_token": …}` and `expires_in`.
    ///
    /// The realm is checked like any URL (TLS unless a loopback host under `--insecure`), so
    /// credentials never travel in clear to the network.
    func fetchToken(challenge: AuthenticationChallenge, scopes: [String], credentials: RegistryCredentials?, host: String) async throws -> (token: String, lifetime: Int) {
        guard let realm = challenge.realm, !realm.isEmpty else {
            throw DistributionError.invalidResponse("authenticate", url: host, "a Bearer challenge without a realm")
        }
        guard realm.hasPrefix("https://") || realm.hasPrefix("http://") else {
            throw DistributionError.invalidResponse("authenticate", url: host, "Bearer realm '\(realm)' is not an http(s) URL")
        }
        try checkTransport(realm, purpose: "token request")
        var query: [String] = []
        if let service = challenge.service { query.append("service=" + Self.percentEncoded(service)) }
        for scope in scopes where !scope.isEmpty { query.append("scope=" + Self.percentEncoded(scope)) }
        let url = realm + (realm.contains("?") ? "&" : "?") + query.joined(separator: "&")

        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        if let credentials { request.headers.add(name: "Authorization", value: credentials.basicAuthorization) }
        logger.debug("fetching registry token", metadata: ["realm": "\(realm)", "scope": "\(scopes.joined(separator: " "))"])
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: configuration.requestTimeout, logger: logger)
        } catch {
            throw DistributionError.transport(host: host, "token request to \(realm): \(error)")
        }
        guard response.status == .ok else {
            let detail = await Self.errorDetail(of: response)
            throw DistributionError.tokenRefused(realm: realm, status: Int(response.status.code), detail: detail)
        }
        struct TokenResponse: Decodable {
            var token: String?
            var access_token: String?
            var expires_in: Int?
        }
        let body = try await response.body.collect(upTo: 1 << 20)
        guard let decoded = try? JSONDecoder().decode(TokenResponse.self, from: Data(body.readableBytesView)),
              let token = decoded.token ?? decoded.access_token, !token.isEmpty else {
            throw DistributionError.invalidResponse("token request", url: realm, "no token or access_token in the response")
        }
        // The token spec: without expires_in, a token is good for 60 seconds.
        return (token, decoded.expires_in ?? 60)
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
