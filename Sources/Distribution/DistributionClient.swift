public import AsyncHTTPClient
public import Logging
public import NIOCore
import NIOHTTP1
import Foundation
import Artifacts

/// A client of the OCI distribution API (the protocol of Docker's distribution, Harbor, ECR,
/// GHCR, Artifactory …), over swift-server/async-http-client.
///
/// It knows blobs and manifests, not models: `push` and `pull` in the `+Push`/`+Pull`
/// extensions build on the primitives here. Every request goes through `send`, which adds
/// authentication (anonymous, Basic, or the Bearer token flow: 401 challenge → token
/// endpoint → retry), follows redirects of reads, and refuses plain HTTP except to loopback
/// hosts when `allowsInsecureLoopback` is set. TLS is the default and uses the system's trust
/// roots. Credentials are never logged.
///
/// Call `shutdown()` when done (or use `withClient`), as with any `HTTPClient`.
public final class DistributionClient: Sendable {
    /// Settings with safe defaults; the CLI changes only `allowsInsecureLoopback`.
    public struct Configuration: Sendable {
        /// Plain HTTP to 127.0.0.1, ::1 or localhost (`--insecure`); every other host is refused.
        public var allowsInsecureLoopback = false
        public var credentials = CredentialStore()
        /// Blobs up to this size go up in one PUT; larger ones in PATCH chunks of `chunkSize`.
        public var monolithicUploadLimit: Int64 = 64 << 20
        public var chunkSize: Int64 = 64 << 20
        /// The piece read from disk and handed to the connection at a time (bounds memory).
        public var readSize = 1 << 20
        /// Deadline for requests without a large body (HEAD, manifests, tokens).
        public var requestTimeout: TimeAmount = .seconds(60)
        /// Deadline for one blob transfer request; stalls are caught sooner by `idleTimeout`.
        public var transferTimeout: TimeAmount = .hours(6)
        /// Longest silence on a connection before it is given up.
        public var idleTimeout: TimeAmount = .seconds(120)
        public var userAgent = "retrain"

        public init() {}
    }

    public let configuration: Configuration
    let http: HTTPClient
    let logger: Logger
    let authentication = AuthenticationState()

    public init(configuration: Configuration = Configuration(), logger: Logger = Logger(label: "retrain.distribution")) {
        self.configuration = configuration
        self.logger = logger
        var http = HTTPClient.Configuration()
        http.redirectConfiguration = .disallow
        http.timeout = .init(connect: .seconds(10), read: configuration.idleTimeout, write: configuration.idleTimeout)
        http.decompression = .disabled
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: http, backgroundActivityLogger: logger)
    }

    /// Closes the connections. Required before the client is released.
    public func shutdown() async throws {
        try await http.shutdown()
    }

    /// Runs `body` with a new client and shuts it down afterwards, whatever happened.
    public static func withClient<Result: Sendable>(
        configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "retrain.distribution"),
        _ body: (DistributionClient) async throws -> Result
    ) async throws -> Result {
        let client = DistributionClient(configuration: configuration, logger: logger)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    // MARK: Endpoints

    /// `https://host` (or `http://host` for a loopback registry under `--insecure`).
    func baseURL(of reference: RemoteReference) throws -> String {
        if configuration.allowsInsecureLoopback {
            guard reference.isLoopback else { throw DistributionError.insecureNotLoopback(reference.host) }
            return "http://" + reference.host
        }
        return "https://" + reference.host
    }

    func repositoryURL(of reference: RemoteReference) throws -> String {
        try baseURL(of: reference) + "/v2/" + reference.repository
    }

    /// Resolves a `Location` header against the registry and checks where it leads.
    func resolve(location: String, against reference: RemoteReference, purpose: String) throws -> String {
        let url: String
        if location.hasPrefix("http://") || location.hasPrefix("https://") {
            url = location
        } else if location.hasPrefix("/") {
            url = try baseURL(of: reference) + location
        } else {
            throw DistributionError.invalidResponse(purpose, url: reference.host, "Location '\(location)' is neither absolute nor rooted")
        }
        try checkTransport(url, purpose: purpose)
        return url
    }

    /// Plain HTTP only to a loopback host, and only with `allowsInsecureLoopback`.
    func checkTransport(_ url: String, purpose: String) throws {
        guard url.lowercased().hasPrefix("http://") else { return }
        let host = URL(string: url)?.host?.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased() ?? ""
        guard configuration.allowsInsecureLoopback, ["127.0.0.1", "::1", "localhost"].contains(host) else {
            throw DistributionError.plainHTTPRefused(Self.withoutQuery(url), purpose: purpose)
        }
    }

    static func origin(of url: String) -> String? {
        guard let parsed = URL(string: url), let scheme = parsed.scheme, let host = parsed.host else { return nil }
        return scheme.lowercased() + "://" + host.lowercased() + (parsed.port.map { ":\($0)" } ?? "")
    }

    /// A URL for messages: upload URLs carry opaque state in their query.
    static func withoutQuery(_ url: String) -> String {
        url.firstIndex(of: "?").map { String(url[..<$0]) } ?? url
    }

    // MARK: Sending

    /// One logical request: re-sent as a whole after an auth challenge or a redirect, so its
    /// body is a factory that starts the stream again from the beginning.
    struct Request: Sendable {
        var method: HTTPMethod
        var url: String
        var headers: HTTPHeaders = [:]
        var body: (@Sendable () throws -> HTTPClientRequest.Body)?
        var timeout: TimeAmount
        /// For messages: "HEAD blob", "PUT manifest" …
        var operation: String
    }

    /// Sends `request` on behalf of `access` to `reference`'s repository, answering an
    /// authentication challenge once and following up to five redirects of GET and HEAD.
    /// Authorization is only ever sent to the registry's own origin.
    func send(_ request: Request, to reference: RemoteReference, access: RepositoryAccess) async throws -> HTTPClientResponse {
        let scope = access.scope(for: reference.repository)
        let registryOrigin = Self.origin(of: try baseURL(of: reference))
        let credentials = try configuration.credentials.credentials(for: reference.host)
        var url = request.url
        var hasAnsweredChallenge = false
        var redirects = 0
        var serverErrors = 0
        while true {
            try checkTransport(url, purpose: request.operation)
            var outgoing = HTTPClientRequest(url: url)
            outgoing.method = request.method
            outgoing.headers = request.headers
            outgoing.headers.replaceOrAdd(name: "User-Agent", value: configuration.userAgent)
            let isRegistry = Self.origin(of: url) == registryOrigin
            if isRegistry, let authorization = try await authorization(host: reference.host, scope: scope, credentials: credentials) {
                outgoing.headers.replaceOrAdd(name: "Authorization", value: authorization)
            }
            if let body = request.body { outgoing.body = try body() }
            logger.trace("registry request", metadata: ["method": "\(request.method)", "url": "\(Self.withoutQuery(url))"])
            let response: HTTPClientResponse
            do {
                response = try await http.execute(outgoing, timeout: request.timeout, logger: logger)
            } catch let error as DistributionError {
                throw error
            } catch let error as ArtifactsError {
                throw error  // from a body stream reading the store
            } catch {
                var reason = "\(request.operation) \(Self.withoutQuery(url)): \(error)"
                if url.hasPrefix("https://"), reference.isLoopback, reason.contains("handshake") {
                    reason += " (the TLS handshake failed; a plain-HTTP registry on a loopback host needs --insecure)"
                }
                throw DistributionError.transport(host: reference.host, reason)
            }
            logger.trace("registry response", metadata: ["status": "\(response.status.code)", "url": "\(Self.withoutQuery(url))"])

            if response.status == .unauthorized, isRegistry {
                let detail = await Self.errorDetail(of: response)
                guard !hasAnsweredChallenge,
                      let challenge = AuthenticationChallenge.parse(headerValues: response.headers["WWW-Authenticate"]) else {
                    throw DistributionError.unauthorized(host: reference.host, scope: scope, detail: detail)
                }
                hasAnsweredChallenge = true
                try await answer(challenge, host: reference.host, scope: scope, credentials: credentials)
                continue
            }
            if [301, 302, 303, 307, 308].contains(response.status.code), request.method == .GET || request.method == .HEAD {
                await Self.discard(response)
                guard redirects < 5, let location = response.headers.first(name: "Location") else {
                    throw DistributionError.invalidResponse(request.operation, url: Self.withoutQuery(request.url), "too many redirects, or one without a Location")
                }
                redirects += 1
                url = try resolve(location: location, against: reference, purpose: request.operation)
                continue
            }
            // A registry under load sometimes answers a read with a transient 5xx (docker
            // distribution does, for a HEAD racing a tag write). Reads are idempotent: try
            // twice more, after 250 and 500 ms, before the status becomes the caller's error.
            if [500, 502, 503, 504].contains(response.status.code), request.method == .GET || request.method == .HEAD,
               request.body == nil, serverErrors < 2 {
                await Self.discard(response)
                serverErrors += 1
                logger.debug("registry answered \(response.status.code); retrying", metadata: ["url": "\(Self.withoutQuery(url))"])
                try await Task.sleep(for: .milliseconds(250 * serverErrors))
                continue
            }
            return response
        }
    }

    /// Asks the registry's API root once, before requests run in parallel, so that its
    /// challenge (and, for Bearer, the one token the operation needs) is known up front
    /// rather than discovered by every parallel request at once. A no-op once the host's
    /// scheme is known.
    func prepareAuthentication(for reference: RemoteReference, access: RepositoryAccess) async throws {
        guard await authentication.challenge(for: reference.host) == nil else { return }
        let url = try baseURL(of: reference) + "/v2/"
        let response = try await send(Request(method: .GET, url: url, timeout: configuration.requestTimeout, operation: "GET"), to: reference, access: access)
        try await expect(response, .ok, operation: "GET", url: url)
        await Self.discard(response)
    }

    /// The `Authorization` value for a request to `host`, given what its last challenge asked
    /// for: nothing before any challenge (anonymous first, as docker does), Basic credentials,
    /// or a bearer token for `scope` (fetched when none is cached).
    func authorization(host: String, scope: String, credentials: RegistryCredentials?) async throws -> String? {
        guard let challenge = await authentication.challenge(for: host) else { return nil }
        switch challenge.scheme {
        case .basic:
            return credentials?.basicAuthorization
        case .bearer:
            if let token = await authentication.token(host: host, scope: scope) { return "Bearer " + token }
            let (token, lifetime) = try await fetchToken(challenge: challenge, scopes: [scope], credentials: credentials, host: host)
            await authentication.store(token: token, host: host, scope: scope, lifetime: lifetime)
            return "Bearer " + token
        }
    }

    /// Learns a 401's challenge; for Bearer, fetches a token covering both what the registry
    /// asked for and what this operation needs (a push needs pull and push at once).
    func answer(_ challenge: AuthenticationChallenge, host: String, scope: String, credentials: RegistryCredentials?) async throws {
        switch challenge.scheme {
        case .basic:
            guard credentials != nil else { throw DistributionError.credentialsNeeded(host: host, scheme: "Basic") }
            await authentication.record(challenge, for: host)
        case .bearer:
            await authentication.record(challenge, for: host)
            var scopes = [scope]
            for asked in (challenge.scope ?? "").split(separator: " ").map(String.init) where !scopes.contains(asked) { scopes.append(asked) }
            let (token, lifetime) = try await fetchToken(challenge: challenge, scopes: scopes, credentials: credentials, host: host)
            await authentication.store(token: token, host: host, scope: scope, lifetime: lifetime)
        }
    }

    // MARK: Responses

    /// The registry's error as `CODE: message` (distribution-spec error body), or a short
    /// excerpt of whatever else it sent.
    static func errorDetail(of response: HTTPClientResponse) async -> String {
        guard let buffer = try? await response.body.collect(upTo: 64 << 10), buffer.readableBytes > 0 else { return "" }
        let bytes = Data(buffer.readableBytesView)
        struct Body: Decodable {
            struct Item: Decodable {
                var code: String?
                var message: String?
            }
            var errors: [Item]?
        }
        if let body = try? JSONDecoder().decode(Body.self, from: bytes), let errors = body.errors, !errors.isEmpty {
            return errors.map { [$0.code, $0.message].compactMap { $0 }.joined(separator: ": ") }.joined(separator: "; ")
        }
        let text = String(decoding: bytes.prefix(200), as: UTF8.self)
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// Reads and drops a response body we do not need, so the connection can be reused.
    static func discard(_ response: HTTPClientResponse) async {
        _ = try? await response.body.collect(upTo: 1 << 20)
    }

    /// Throws `unexpectedStatus` with the registry's own error unless the status is `expected`.
    func expect(_ response: HTTPClientResponse, _ expected: HTTPResponseStatus..., operation: String, url: String) async throws {
        guard !expected.contains(response.status) else { return }
        let detail = await Self.errorDetail(of: response)
        throw DistributionError.unexpectedStatus(operation, url: Self.withoutQuery(url), status: Int(response.status.code), detail: detail)
    }
}
