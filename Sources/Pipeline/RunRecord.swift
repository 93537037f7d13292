public import Artifacts
public import Foundation

/// How a run ended (or that it has not yet).
public enum RunStatus: String, Codable, Sendable, CaseIterable {
    case running
    /// Every stage ran or hit the cache, and a new version was registered (and promoted).
    case succeeded
    /// The data and code equal what an existing version was made from: nothing registered.
    case upToDate = "up_to_date"
    /// The evaluation did not bless the candidate: metrics and reasons recorded, nothing registered.
    case rejected
    /// A stage failed (after its retries), or the run was interrupted.
    case failed
    /// Nothing to do: the lock was held under `forbid`, or a stage found no data (exit 3).
    case skipped

    /// `retrain run`'s exit code for this outcome (documented in the README).
    public var exitCode: Int32 {
        switch self {
        case .succeeded, .upToDate: return 0
        case .failed, .running: return 1
        case .rejected: return 2
        case .skipped: return 3
        }
    }
}

/// One attempt at running a stage's executable.
public struct StageAttempt: Codable, Sendable, Equatable {
    public var number: Int
    public var started: Date
    public var finished: Date?
    public var exitStatus: Int32?
    public var signal: Int32?
    public var timedOut: Bool
    /// stdout and stderr together, stored as a blob.
    public var log: Digest?
    /// The last 20 lines of the log.
    public var logTail: [String]

    enum CodingKeys: String, CodingKey {
        case number, started, finished, signal, log
        case exitStatus = "exit_status", timedOut = "timed_out", logTail = "log_tail"
    }
}

/// What happened to one stage in a run.
public struct StageRecord: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case pending, running, succeeded, cached, failed, skipped
    }

    public var name: String
    public var status: Status
    public var executable: String?
    /// SHA-256 of the executable (process runner) or the image id (docker, compose).
    public var identity: String?
    public var cacheKey: String?
    /// The key without alias inputs: equal when a stage would reproduce a version's own output.
    public var reproductionKey: String?
    public var params: JSONValue?
    public var inputs: [String: Digest]
    public var output: Digest?
    public var metrics: JSONValue?
    public var blessing: JSONValue?
    /// The champion's metrics on the same holdout (`comparison.json`), when the stage wrote one.
    public var comparison: JSONValue?
    public var attempts: [StageAttempt]
    public var started: Date?
    public var finished: Date?
    /// Why the stage was skipped, failed or reused (cache, a version's lineage).
    public var note: String?

    public init(name: String) {
        self.name = name
        status = .pending
        inputs = [:]
        attempts = []
    }

    enum CodingKeys: String, CodingKey {
        case name, status, executable, identity, params, inputs, output, metrics, blessing, comparison, attempts, started, finished, note
        case cacheKey = "cache_key", reproductionKey = "reproduction_key"
    }
}

/// A notification that was sent (or failed to be).
public struct NotificationRecord: Codable, Sendable, Equatable {
    public var kind: String
    public var succeeded: Bool
    public var detail: String
}

/// Everything about one run (`runs/<id>.json`), rewritten atomically whenever the run is
/// about to act or has failed: before each attempt, after a failure, before registering and
/// at the finish (see `RunDriver`).
public struct RunRecord: Codable, Sendable, Equatable {
    public var id: String
    public var pipeline: String
    public var pipelineFile: String
    public var model: String
    public var asOf: String
    public var runner: PipelineSpec.RunnerKind
    public var status: RunStatus
    public var reason: String?
    public var failedStage: String?
    public var started: Date
    public var finished: Date?
    public var host: String
    public var pid: Int32
    public var resumedFrom: String?
    public var stages: [StageRecord]
    public var version: Int?
    public var promoted: String?
    public var notifications: [NotificationRecord]

    enum CodingKeys: String, CodingKey {
        case id, pipeline, model, runner, status, reason, started, finished, host, pid, stages, version, promoted, notifications
        case pipelineFile = "pipeline_file", asOf = "as_of", failedStage = "failed_stage", resumedFrom = "resumed_from"
    }

    public func stage(_ name: String) -> StageRecord? { stages.first { $0.name == name } }

    mutating func update(_ name: String, _ change: (inout StageRecord) -> Void) {
        if let index = stages.firstIndex(where: { $0.name == name }) { change(&stages[index]) }
    }
}
