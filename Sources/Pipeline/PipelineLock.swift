import Artifacts
import Foundation

/// One run per pipeline: an `flock` on `locks/<name>.lock`, plus `locks/<name>.json` saying who
/// holds it (pid, host, run id, start) so a refused run can name the holder.
///
/// The kernel drops an `flock` when its holder dies, however it dies, so a crashed run never
/// leaves a stale lock behind.
final class PipelineLock: @unchecked Sendable {
    // @unchecked: `file` is set once at acquisition and only closed by its owner.
    struct Holder: Codable {
        var pid: Int32
        var host: String
        var runID: String
        var started: Date

        enum CodingKeys: String, CodingKey {
            case pid, host, started
            case runID = "run_id"
        }

        var summary: String { "run \(runID) (pid \(pid) on \(host), since \(started.formatted(.iso8601)))" }
    }

    /// What happened when a run asked for the lock.
    enum Acquisition {
        case acquired(PipelineLock)
        case held(by: String)
    }

    private let file: SystemFile

    private init(file: SystemFile) { self.file = file }

    /// Tries again for a quarter of a second: a child forked by this process an instant ago
    /// shares the lock's open file description until its exec closes it.
    private static func lockSoon(_ file: SystemFile) throws -> Bool {
        for _ in 0..<25 {
            usleep(10_000)
            if try file.lock(exclusive: true, wait: false) { return true }
        }
        return false
    }

    static func acquire(store: BlobStore, pipeline: String, policy: PipelineSpec.Concurrency, wait: Bool, runID: String) throws -> Acquisition {
        let directory = store.root + "/locks"
        try FileSystem.makeDirectories(directory)
        let infoPath = directory + "/\(pipeline).json"
        let file = try SystemFile.openLockFile(directory + "/\(pipeline).lock")
        let holder = { (try? JSONValue.decoder().decode(Holder.self, from: Data(FileSystem.readFile(infoPath))))?.summary ?? "another run" }
        switch policy {
        case .allow:
            return .acquired(PipelineLock(file: file))
        case .forbid:
            if try !file.lock(exclusive: true, wait: wait) && !(try lockSoon(file)) { return .held(by: holder()) }
        case .replace:
            if try !file.lock(exclusive: true, wait: false) {
                guard let current = try? JSONValue.decoder().decode(Holder.self, from: Data(FileSystem.readFile(infoPath))) else {
                    return .held(by: holder())
                }
                guard current.host == ProcessInfo.processInfo.hostName else {
                    throw PipelineError.other("cannot replace \(current.summary): it runs on another host")
                }
                kill(current.pid, SIGTERM)
                let deadline = Date().addingTimeInterval(120)
                while try !file.lock(exclusive: true, wait: false) {
                    guard Date() < deadline else { return .held(by: current.summary + " (did not stop within 120 s of SIGTERM)") }
                    usleep(50_000)
                }
            }
        }
        let info = Holder(pid: getpid(), host: ProcessInfo.processInfo.hostName, runID: runID, started: Date())
        // Who holds the lock is for messages only (the flock decides), so no fsync.
        try FileSystem.writeAtomically(Array(JSONValue.canonicalData(info)), to: infoPath, durable: false)
        return .acquired(PipelineLock(file: file))
    }
}
