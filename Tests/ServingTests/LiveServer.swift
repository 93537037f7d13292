import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TestSupport

/// The `retrain-serve` executable running on a free 127.0.0.1 port, for live tests.
///
/// Started with `--port 0`; the port is read from the "listening on" log line. Standard error
/// is collected so tests can look for log lines (a refusal, the drain).
final class LiveServer: @unchecked Sendable {
    // @unchecked: `log` is guarded by `lock`; `process` is only signalled and waited on.
    let process: Process
    let port: Int
    private let lock = NSLock()
    private var log = ""
    /// Set once `waitForExit` reaped the process (Foundation then still thinks it runs).
    private var reaped = false

    enum Failure: Error, CustomStringConvertible {
        case didNotStart(String)
        var description: String {
            switch self {
            case .didNotStart(let log): "retrain-serve did not start listening: \(log)"
            }
        }
    }

    init(store: String, model: String, extra: [String] = []) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltProducts.executable("retrain-serve"))
        process.arguments = ["--store", store, "--model", model, "--port", "0", "--poll-interval", "100"] + extra
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let handle = pipe.fileHandleForReading
        // Read stderr until the listening line, then keep collecting it in the background.
        var collected = ""
        var found: Int?
        while found == nil {
            let data = handle.availableData
            if data.isEmpty { break }
            collected += String(decoding: data, as: UTF8.self)
            if let range = collected.range(of: "listening on http://127.0.0.1:") {
                let digits = collected[range.upperBound...].prefix { $0.isNumber }
                if collected[range.upperBound...].dropFirst(digits.count).first != nil { found = Int(digits) }
            }
        }
        guard let found else {
            process.terminate()
            throw Failure.didNotStart(collected)
        }
        port = found
        log = collected
        let thread = Thread { [self] in
            while true {
                let data = handle.availableData
                if data.isEmpty { return }
                lock.withLock { log += String(decoding: data, as: UTF8.self) }
            }
        }
        thread.start()
    }

    /// Everything the server logged so far.
    var logText: String { lock.withLock { log } }

    /// Sends SIGTERM.
    func terminate() {
        kill(process.processIdentifier, SIGTERM)
    }

    /// Waits for the process to exit and returns its status.
    func waitForExit() -> Int32 {
        let status = process.reapExitStatus()
        lock.withLock { reaped = true }
        return status
    }

    deinit {
        if !lock.withLock({ reaped }) && process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            _ = process.reapExitStatus()
        }
    }

    /// A keep-alive client connection to the server.
    func withClient<Value: Sendable>(_ body: @escaping @Sendable (TestClient) async throws -> Value) async throws -> Value {
        try await TestClient.withClient(host: "127.0.0.1", port: port, operation: body)
    }

    /// Polls `condition` every 20 ms, up to `attempts` times (a bound so a broken server fails
    /// the test rather than hanging it; nothing is asserted about the time taken).
    static func eventually(attempts: Int = 500, _ condition: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<attempts {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }
}
