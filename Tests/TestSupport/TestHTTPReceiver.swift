public import Foundation

/// A real HTTP/1.1 server on 127.0.0.1 that records what is POSTed to it (webhook tests).
///
/// POSIX sockets on one accept thread; each request is read to its Content-Length and
/// answered with `status`. Good for a handful of requests, which is all a test sends.
public final class TestHTTPReceiver: @unchecked Sendable {
    // @unchecked: `received` is guarded by `lock`; the socket is owned by the accept thread.
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var headers: [String: String]
        public var body: Data
    }

    public let port: UInt16
    public var url: String { "http://127.0.0.1:\(port)/hook" }
    private let socket: Int32
    private let lock = NSLock()
    private var received: [Request] = []
    private let status: Int

    public init(status: Int = 200) throws {
        self.status = status
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var reuse: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(socket, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        self.socket = socket
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { close(socket) }

    /// Requests received so far.
    public var requests: [Request] { lock.withLock { received } }

    /// Waits up to `seconds` for at least `count` requests.
    public func wait(for count: Int, seconds: Double = 10) -> [Request] {
        let deadline = Date().addingTimeInterval(seconds)
        while requests.count < count && Date() < deadline { usleep(10_000) }
        return requests
    }

    private func acceptLoop() {
        while true {
            let client = accept(socket, nil, nil)
            if client < 0 { if errno == EINTR { continue } else { return } }
            handle(client)
            close(client)
        }
    }

    private func handle(_ client: Int32) {
        var buffer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        var headerEnd: Int?
        while headerEnd == nil {
            let n = read(client, &chunk, chunk.count)
            if n <= 0 { return }
            buffer += chunk[..<n]
            headerEnd = buffer.indices.dropLast(3).first { buffer[$0] == 13 && buffer[$0 + 1] == 10 && buffer[$0 + 2] == 13 && buffer[$0 + 3] == 10 }
        }
        guard let end = headerEnd else { return }
        let head = String(decoding: buffer[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = head.first?.split(separator: " ") ?? []
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        var body = Array(buffer[(end + 4)...])
        while body.count < length {
            let n = read(client, &chunk, chunk.count)
            if n <= 0 { break }
            body += chunk[..<n]
        }
        lock.withLock {
            received.append(Request(method: requestLine.first.map(String.init) ?? "", path: requestLine.dropFirst().first.map(String.init) ?? "", headers: headers, body: Data(body)))
        }
        let response = "HTTP/1.1 \(status) OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
        _ = response.withCString { write(client, $0, strlen($0)) }
    }
}
