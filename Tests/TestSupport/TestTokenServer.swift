import Crypto
public import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A token server for docker's Bearer token flow, for tests: a real HTTP server on 127.0.0.1
/// (POSIX sockets, one thread per connection) that answers `GET /token?service=…&scope=…`
/// with an ES256 JSON Web Token the registry verifies offline.
///
/// `scripts/services/registry-start --token` starts a real docker-registry configured with
/// `auth.token` (realm = this server, rootcertbundle = a self-signed P-256 certificate) and
/// writes `token.json` with the port, key and certificate; the tests start this server on
/// that port. The registry itself issues the 401 challenges and checks every token's
/// signature, issuer, audience, expiry and granted actions, so a client passes only by
/// going through the whole flow: challenge → token request with Basic credentials → retry.
///
/// Like a real token server it authenticates the user (Basic; anything else is a 401) and
/// grants the scopes asked for. Tokens carry the certificate in `x5c`.
public final class TestTokenServer: Sendable {
    /// The fields of `token.json`.
    public struct Configuration: Decodable, Sendable {
        public var listen: String
        public var issuer: String
        public var service: String
        public var key: String
        public var certificate: String
        public var username: String
        public var password: String
    }

    /// One request the server answered.
    public struct TokenRequest: Sendable {
        /// The authenticated user, or nil when the request was refused.
        public var username: String?
        public var scopes: [String]
    }

    public let configuration: Configuration
    private let key: P256.Signing.PrivateKey
    private let certificateDER: String
    private let log = Mutex<[TokenRequest]>([])

    private static let running = Mutex<[String: TestTokenServer]>([:])

    /// The server for `configurationFile`, started on first use and kept for the rest of the
    /// test process (tests run in parallel and all share the one port the registry trusts).
    public static func shared(configurationFile: String) throws -> TestTokenServer {
        try running.withLock { servers in
            if let server = servers[configurationFile] { return server }
            let server = try TestTokenServer(configurationFile: configurationFile)
            try server.start()
            servers[configurationFile] = server
            return server
        }
    }

    private init(configurationFile: String) throws {
        configuration = try JSONDecoder().decode(Configuration.self, from: Data(contentsOf: URL(fileURLWithPath: configurationFile)))
        key = try P256.Signing.PrivateKey(pemRepresentation: String(contentsOfFile: configuration.key, encoding: .utf8))
        let pem = try String(contentsOfFile: configuration.certificate, encoding: .utf8)
        certificateDER = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
    }

    /// Every request answered so far, oldest first.
    public var requests: [TokenRequest] { log.withLock { $0 } }

    // MARK: Serving

    private func start() throws {
        guard let colon = configuration.listen.lastIndex(of: ":"), let port = UInt16(configuration.listen[configuration.listen.index(after: colon)...]) else {
            throw TestServiceError("token.json: listen '\(configuration.listen)' is not 127.0.0.1:PORT")
        }
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw TestServiceError("socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 64) == 0 else {
            let reason = String(cString: strerror(errno))
            close(listener)
            throw TestServiceError("token server cannot listen on 127.0.0.1:\(port): \(reason)")
        }
        let thread = Thread { [self] in
            while true {
                let connection = accept(listener, nil, nil)
                if connection < 0 { if errno == EINTR { continue } else { return } }
                Thread.detachNewThread { [self] in
                    self.serve(connection)
                    close(connection)
                }
            }
        }
        thread.start()
    }

    private func serve(_ connection: Int32) {
        guard let head = Self.readHead(connection) else { return }
        let lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.first?.split(separator: " ") ?? []
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard requestLine.count == 3, requestLine[0] == "GET", let components = URLComponents(string: String(requestLine[1])),
              components.path == "/token" else {
            Self.respond(connection, status: "404 Not Found", body: #"{"error":"not found"}"#)
            return
        }
        let items = components.queryItems ?? []
        let scopes = items.filter { $0.name == "scope" }.compactMap(\.value).flatMap { $0.split(separator: " ").map(String.init) }
        guard let user = authenticatedUser(headers["authorization"]) else {
            log.withLock { $0.append(TokenRequest(username: nil, scopes: scopes)) }
            Self.respond(connection, status: "401 Unauthorized", extraHeaders: ["WWW-Authenticate: Basic realm=\"retrain-test-token\""],
                         body: #"{"errors":[{"code":"UNAUTHORIZED","message":"wrong username or password"}]}"#)
            return
        }
        guard items.first(where: { $0.name == "service" })?.value == configuration.service else {
            Self.respond(connection, status: "400 Bad Request", body: #"{"error":"unknown service"}"#)
            return
        }
        log.withLock { $0.append(TokenRequest(username: user, scopes: scopes)) }
        do {
            let token = try makeToken(subject: user, scopes: scopes)
            let body = try JSONSerialization.data(withJSONObject: ["token": token, "access_token": token, "expires_in": 300] as [String: Any])
            Self.respond(connection, status: "200 OK", body: String(decoding: body, as: UTF8.self))
        } catch {
            Self.respond(connection, status: "500 Internal Server Error", body: #"{"error":"signing failed"}"#)
        }
    }

    private func authenticatedUser(_ header: String?) -> String? {
        guard let header, header.hasPrefix("Basic "), let decoded = Data(base64Encoded: String(header.dropFirst(6))),
              let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":") else { return nil }
        let user = String(text[..<colon]), password = String(text[text.index(after: colon)...])
        return user == configuration.username && password == configuration.password ? user : nil
    }

    /// `header.claims.signature`, ES256 (the signature is r‖s, 64 bytes), the certificate in x5c.
    private func makeToken(subject: String, scopes: [String]) throws -> String {
        let now = Int(Date().timeIntervalSince1970)
        var access: [[String: Any]] = []
        for scope in scopes {
            guard let first = scope.firstIndex(of: ":"), let last = scope.lastIndex(of: ":"), first < last else { continue }
            access.append(["type": String(scope[..<first]), "name": String(scope[scope.index(after: first)..<last]),
                           "actions": scope[scope.index(after: last)...].split(separator: ",").map(String.init)])
        }
        let header: [String: Any] = ["alg": "ES256", "typ": "JWT", "x5c": [certificateDER]]
        let claims: [String: Any] = ["iss": configuration.issuer, "sub": subject, "aud": configuration.service,
                                     "exp": now + 300, "nbf": now - 10, "iat": now, "jti": UUID().uuidString, "access": access]
        let input = try Self.base64URL(JSONSerialization.data(withJSONObject: header)) + "." + Self.base64URL(JSONSerialization.data(withJSONObject: claims))
        let signature = try key.signature(for: Data(input.utf8))
        return input + "." + Self.base64URL(signature.rawRepresentation)
    }

    private static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    private static func readHead(_ connection: Int32) -> String? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 64 << 10 {
            let n = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            bytes += buffer[..<n]
            if let end = bytes.firstRange(of: Array("\r\n\r\n".utf8)) { return String(decoding: bytes[..<end.lowerBound], as: UTF8.self) }
        }
        return nil
    }

    private static func respond(_ connection: Int32, status: String, extraHeaders: [String] = [], body: String) {
        let head = (["HTTP/1.1 \(status)", "Content-Type: application/json", "Content-Length: \(body.utf8.count)", "Connection: close"] + extraHeaders)
            .joined(separator: "\r\n") + "\r\n\r\n"
        var bytes = Array((head + body).utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { send(connection, $0.baseAddress.map { $0 + offset }, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }
}

/// A test service is missing or misconfigured; the message says which and how to fix it.
public struct TestServiceError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
