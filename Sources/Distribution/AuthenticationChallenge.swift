/// A parsed `WWW-Authenticate` challenge (RFC 7235), as registries send it with a 401:
/// `Basic realm="…"` or `Bearer realm="https://auth.example/token",service="…",scope="…"`.
struct AuthenticationChallenge: Hashable, Sendable {
    enum Scheme: String, Hashable, Sendable {
        case basic
        case bearer
    }

    var scheme: Scheme
    /// Parameter names lowercased; values unquoted.
    var parameters: [String: String]

    var realm: String? { parameters["realm"] }
    var service: String? { parameters["service"] }
    /// Space-separated scopes the registry wants, e.g. `repository:models/weather:pull,push`.
    var scope: String? { parameters["scope"] }
    /// `invalid_token`, `insufficient_scope` …
    var error: String? { parameters["error"] }

    /// The first Basic or Bearer challenge in the header values (Bearer preferred when a
    /// registry offers both); other schemes are skipped.
    static func parse(headerValues: [String]) -> AuthenticationChallenge? {
        let challenges = headerValues.flatMap(parseAll)
        return challenges.first { $0.scheme == .bearer } ?? challenges.first
    }

    /// One header value may hold several challenges: `Basic realm="a", Bearer realm="b"`.
    static func parseAll(_ value: String) -> [AuthenticationChallenge] {
        var scanner = Scanner(Array(value.utf8))
        var result: [AuthenticationChallenge] = []
        var current: (scheme: Scheme?, parameters: [String: String])?
        func flush() {
            if let current, let scheme = current.scheme { result.append(AuthenticationChallenge(scheme: scheme, parameters: current.parameters)) }
        }
        while true {
            scanner.skip { $0 == 0x20 || $0 == 0x09 || $0 == 0x2c }
            guard let token = scanner.token() else { break }
            scanner.skip { $0 == 0x20 || $0 == 0x09 }
            if scanner.peek == UInt8(ascii: "=") {
                // An auth-param of the current challenge.
                scanner.advance()
                scanner.skip { $0 == 0x20 || $0 == 0x09 }
                let value = scanner.peek == UInt8(ascii: "\"") ? scanner.quoted() : (scanner.token() ?? "")
                current?.parameters[token.lowercased()] = value
            } else {
                // A new scheme.
                flush()
                current = (Scheme(rawValue: token.lowercased()), [:])
            }
        }
        flush()
        return result
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
        mutating func advance() { index += 1 }

        mutating func skip(while predicate: (UInt8) -> Bool) {
            while let byte = peek, predicate(byte) { index += 1 }
        }

        /// An RFC 7230 token: up to whitespace, `,`, `=` or a quote.
        mutating func token() -> String? {
            let start = index
            while let byte = peek, byte > 0x20, byte != 0x2c, byte != 0x3d, byte != 0x22 { index += 1 }
            return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
        }

        /// A quoted-string, with `\` escapes.
        mutating func quoted() -> String {
            advance()
            var out: [UInt8] = []
            while let byte = peek {
                index += 1
                if byte == 0x22 { break }
                if byte == 0x5c, let next = peek { out.append(next); index += 1; continue }
                out.append(byte)
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
