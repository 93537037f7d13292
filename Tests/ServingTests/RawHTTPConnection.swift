import Foundation

/// A bare TCP connection to 127.0.0.1 that writes HTTP bytes as the test chooses — half a
/// request now, the rest later — for the drain test, where a request must be in flight while
/// the server receives SIGTERM.
final class RawHTTPConnection {
    private let socket: Int32

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw Failure(description: "cannot connect to 127.0.0.1:\(port): errno \(errno)")
        }
    }

    deinit { close(socket) }

    func write(_ text: String) throws {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw Failure(description: "send failed: errno \(errno)") }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Bytes received past the end of the last response read (pipelined answers).
    private var received = [UInt8]()

    /// Reads one response: the status code, the head's text and the body (Content-Length
    /// framing); bytes after it are kept for the next call.
    func readResponse() throws -> (status: Int, head: String, body: String) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        func headerEnd() -> Int? {
            guard received.count >= 4 else { return nil }
            for index in 0...(received.count - 4) where received[index..<index + 4].elementsEqual([13, 10, 13, 10]) {
                return index + 4
            }
            return nil
        }
        while headerEnd() == nil {
            let count = recv(socket, &buffer, buffer.count, 0)
            guard count > 0 else { throw Failure(description: "connection closed before a response (\(received.count) bytes)") }
            received += buffer[0..<count]
        }
        let end = headerEnd() ?? 0
        let head = String(decoding: received[0..<end], as: UTF8.self)
        let statusText = head.split(separator: " ").dropFirst().first ?? ""
        guard let status = Int(statusText) else { throw Failure(description: "not an HTTP response: \(head)") }
        let lengthLine = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
        let length = lengthLine.flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
        while received.count - end < length {
            let count = recv(socket, &buffer, buffer.count, 0)
            guard count > 0 else { throw Failure(description: "connection closed inside the body") }
            received += buffer[0..<count]
        }
        let body = String(decoding: received[end..<end + length], as: UTF8.self)
        received.removeFirst(end + length)
        return (status, head, body)
    }
}
