public import Artifacts

/// Where a model version lives in a remote OCI registry: `host[:port]/repository[:tag][@sha256:…]`.
///
/// The host is always explicit (there is no default registry, so nothing is ever sent to a
/// place the operator did not name). Parsing follows the distribution reference grammar:
/// repository components are lowercase alphanumerics joined by `.`, `_`, `__` or runs of `-`,
/// separated by `/`; a tag is `[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`; a digest is SHA-256. When
/// both a tag and a digest are given, the digest decides what is fetched.
public struct RemoteReference: Hashable, Sendable, CustomStringConvertible {
    /// `host` or `host:port` (`[::1]:5000` for IPv6), as written.
    public var host: String
    /// The repository path inside the registry, e.g. `models/weather`.
    public var repository: String
    public var tag: String?
    public var digest: Digest?

    public init(host: String, repository: String, tag: String? = nil, digest: Digest? = nil) throws(DistributionError) {
        let text = host + "/" + repository + (tag.map { ":" + $0 } ?? "") + (digest.map { "@" + $0.description } ?? "")
        guard Self.isValidHost(host) else { throw .invalidReference(text, "'\(host)' is not a host[:port]") }
        guard Self.isValidRepository(repository) else {
            throw .invalidReference(text, "'\(repository)' is not a repository path (lowercase letters and digits, separated by '.', '_', '-' or '/')")
        }
        if let tag, !Self.isValidTag(tag) {
            throw .invalidReference(text, "'\(tag)' is not a tag (1-128 of A-Z a-z 0-9 _ . -, not starting with . or -)")
        }
        self.host = host
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    /// Parses `host[:port]/repository[:tag][@sha256:<hex>]`.
    public init(parsing text: String) throws(DistributionError) {
        var rest = Substring(text)
        var digest: Digest?
        if let at = rest.firstIndex(of: "@") {
            do {
                digest = try Digest(parsing: String(rest[rest.index(after: at)...]))
            } catch {
                throw .invalidReference(text, "'\(rest[rest.index(after: at)...])' is not a sha256 digest")
            }
            rest = rest[..<at]
        }
        guard let slash = rest.firstIndex(of: "/") else {
            throw .invalidReference(text, "expected host[:port]/repository[:tag], e.g. registry.example/models/weather:production")
        }
        let host = String(rest[..<slash])
        var path = rest[rest.index(after: slash)...]
        var tag: String?
        if let colon = path.lastIndex(of: ":"), !path[colon...].contains("/") {
            tag = String(path[path.index(after: colon)...])
            path = path[..<colon]
        }
        try self.init(host: host, repository: String(path), tag: tag, digest: digest)
    }

    /// The tag or digest to ask the registry for: the digest when there is one.
    public var manifestReference: String? {
        digest?.description ?? tag
    }

    /// The same repository with a different tag (and no digest).
    public func tagged(_ tag: String) throws(DistributionError) -> RemoteReference {
        try RemoteReference(host: host, repository: repository, tag: tag)
    }

    /// The same place pinned to one manifest digest (e.g. the digest a HEAD just reported),
    /// so a tag moving between HEAD and GET cannot change what is fetched.
    public func pinned(to digest: Digest) -> RemoteReference {
        var copy = self
        copy.digest = digest
        return copy
    }

    public var description: String {
        host + "/" + repository + (tag.map { ":" + $0 } ?? "") + (digest.map { "@" + $0.description } ?? "")
    }

    /// The host name without port or IPv6 brackets (`127.0.0.1`, `::1`, `registry.example`).
    public var hostName: String {
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            return String(host[host.index(after: host.startIndex)..<close])
        }
        if let colon = host.lastIndex(of: ":") { return String(host[..<colon]) }
        return host
    }

    /// True for the hosts `--insecure` may talk plain HTTP to: 127.0.0.1, ::1 and localhost.
    public var isLoopback: Bool {
        ["127.0.0.1", "::1", "localhost"].contains(hostName.lowercased())
    }

    // MARK: Grammar

    static func isValidTag(_ tag: String) -> Bool {
        let bytes = Array(tag.utf8)
        guard (1...128).contains(bytes.count) else { return false }
        func word(_ b: UInt8) -> Bool { isLowerAlphanumeric(b) || (b >= 0x41 && b <= 0x5a) || b == 0x5f }
        return word(bytes[0]) && bytes.dropFirst().allSatisfy { word($0) || $0 == 0x2e || $0 == 0x2d }
    }

    static func isValidRepository(_ repository: String) -> Bool {
        guard !repository.isEmpty, repository.utf8.count <= 255 else { return false }
        return repository.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { isValidPathComponent(Array($0.utf8)) }
    }

    /// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`
    static func isValidPathComponent(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.first, let last = bytes.last, isLowerAlphanumeric(first), isLowerAlphanumeric(last) else { return false }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if isLowerAlphanumeric(byte) { index += 1; continue }
            var end = index
            while end < bytes.count, !isLowerAlphanumeric(bytes[end]) { end += 1 }
            let separator = bytes[index..<end]
            let isAllowed = separator.elementsEqual([0x2e]) || separator.elementsEqual([0x5f]) || separator.elementsEqual([0x5f, 0x5f])
                || separator.allSatisfy { $0 == 0x2d }
            guard isAllowed else { return false }
            index = end
        }
        return true
    }

    static func isValidHost(_ host: String) -> Bool {
        var name = Substring(host)
        var port: Substring?
        if name.hasPrefix("[") {
            guard let close = name.firstIndex(of: "]") else { return false }
            let inside = name[name.index(after: name.startIndex)..<close]
            guard !inside.isEmpty, inside.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return false }
            let after = name[name.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else { return false }
                port = after.dropFirst()
            }
        } else {
            if let colon = name.firstIndex(of: ":") {
                port = name[name.index(after: colon)...]
                name = name[..<colon]
            }
            guard !name.isEmpty, name.utf8.count <= 253 else { return false }
            let labels = name.split(separator: ".", omittingEmptySubsequences: false)
            guard labels.allSatisfy({ label in
                guard let first = label.utf8.first, let last = label.utf8.last, label.utf8.count <= 63 else { return false }
                func alnum(_ b: UInt8) -> Bool { isLowerAlphanumeric(b) || (b >= 0x41 && b <= 0x5a) }
                return alnum(first) && alnum(last) && label.utf8.allSatisfy { alnum($0) || $0 == 0x2d }
            }) else { return false }
        }
        if let port {
            guard !port.isEmpty, port.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int(port), (1...65535).contains(number)
            else { return false }
        }
        return true
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39)
    }
}
