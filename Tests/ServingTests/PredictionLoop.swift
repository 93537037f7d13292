import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// A client sending one prediction after another to a live server on one keep-alive
/// connection, recording each answer's status and model version — the traffic the hot-swap
/// tests move an alias (or a remote tag) under.
final class PredictionLoop: @unchecked Sendable {
    // @unchecked: `seen` and `stopped` are guarded by `lock`; `task` is set once in init.
    private let lock = NSLock()
    private var seen: [(status: Int, version: Int?)] = []
    private var stopped = false
    private var task: Task<Void, any Error>?
    private let server: LiveServer

    init(server: LiveServer, body: ByteBuffer) {
        self.server = server
        task = Task { [self] in
            try await server.withClient { client in
                while !self.isStopped {
                    let response = try await client.post("/v1/predict", headers: LiveServerTests.jsonHeaders, body: body)
                    self.append(Int(response.status.code), LiveServerTests.version(response))
                }
            }
        }
    }

    private func append(_ status: Int, _ version: Int?) { lock.withLock { seen.append((status, version)) } }
    private var isStopped: Bool { lock.withLock { stopped } }

    /// Every answer so far, in order.
    var all: [(status: Int, version: Int?)] { lock.withLock { seen } }

    /// Waits (bounded) until the loop's answers come from `version`; returns how long that took.
    func reach(_ version: Int) async throws -> Duration {
        let start = ContinuousClock.now
        let reached = try await LiveServer.eventually(attempts: 1000) { self.lock.withLock { self.seen.last?.version } == version }
        try #require(reached, "the server moved to version \(version): \(server.logText)")
        return ContinuousClock.now - start
    }

    /// Waits (bounded) for `count` more answers, so each phase of a test carries traffic.
    func settle(_ count: Int = 20) async throws {
        let before = all.count
        let settled = try await LiveServer.eventually { self.all.count >= before + count }
        try #require(settled, "the client loop keeps getting answers: \(server.logText)")
    }

    /// Stops the loop after its current request and waits for it.
    func stop() async throws {
        lock.withLock { stopped = true }
        try await task?.value
    }

    /// The versions answered, each run of equal versions once: [1, 2, 1] for promote + rollback.
    var versionRuns: [Int] {
        var runs: [Int] = []
        for version in all.compactMap(\.version) where runs.last != version { runs.append(version) }
        return runs
    }
}
