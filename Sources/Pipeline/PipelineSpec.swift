public import Artifacts

/// A parsed `pipeline.yaml`: the stages of the batch training pattern and what to do with
/// the result. Built only by `PipelineSpec.load(file:)`, which validates every key, so a
/// value of this type is always runnable (known stages, no cycles, valid names).
public struct PipelineSpec: Sendable {
    /// How overlapping runs of one pipeline are handled.
    public enum Concurrency: String, Sendable, CaseIterable {
        /// A second run exits 3 (skipped) naming the holder of the lock.
        case forbid
        /// A second run stops the running one (same host) and takes over.
        case replace
        /// Runs do not lock each other out.
        case allow
    }

    /// Where stage executables run.
    public enum RunnerKind: String, Sendable, CaseIterable, Codable {
        case process, docker, compose
    }

    public var file: String
    /// The directory stages run in, so relative paths in params and `run` resolve there.
    public var directory: String
    public var name: String
    public var model: String
    public var schedule: String?
    public var timezone: String
    public var concurrency: Concurrency
    public var runner: RunnerKind
    /// Image for the docker runner (default `retrain:latest`).
    public var image: String
    /// Compose file for the compose runner (default `compose.yaml` beside the pipeline's repo root).
    public var composeFile: String?
    /// Stages in file order; `stageOrder` is their dependency order.
    public var stages: [StageSpec]
    public var stageOrder: [String]
    public var register: RegisterSpec?
    public var notify: NotifySpec?
    public var catchUpDeadlineSeconds: Double?
    public var jitterSeconds: Double?
    public var reportPath: String?

    public func stage(named name: String) -> StageSpec? { stages.first { $0.name == name } }
}

/// One stage: which executable, its params, where its inputs come from, how it is retried.
public struct StageSpec: Sendable {
    /// Where an input directory comes from.
    public enum InputSource: Sendable, Equatable {
        /// The output of another stage of this run.
        case stage(String)
        /// The bundle of the version an alias of the pipeline's model points at (`@production`);
        /// omitted when there is none yet.
        case alias(String)
    }

    public var name: String
    public var run: String
    public var params: JSONValue
    /// Input name → source, sorted by input name.
    public var inputs: [(name: String, source: InputSource)]
    public var cache: Bool
    public var retry: RetryPolicy
    public var timeoutSeconds: Double?
    /// The compose service for the compose runner (default: the stage's name).
    public var service: String?
    public var line: Int?
}

/// Attempts and backoff for a stage. Exit 3 (no data) and 65 (bad data) are never retried.
public struct RetryPolicy: Sendable, Equatable {
    public var attempts: Int
    public var backoffSeconds: Double
    /// Backoff doubles each attempt, capped here, then a random ±25 % jitter.
    public var maxBackoffSeconds: Double

    public init(attempts: Int = 1, backoffSeconds: Double = 10, maxBackoffSeconds: Double = 600) {
        self.attempts = attempts
        self.backoffSeconds = backoffSeconds
        self.maxBackoffSeconds = maxBackoffSeconds
    }

    /// The wait before attempt `attempt + 1`, before jitter.
    public func backoff(after attempt: Int) -> Double {
        min(maxBackoffSeconds, backoffSeconds * Double(1 << min(attempt - 1, 20)))
    }
}

/// What becomes of the result: which stage's output is registered, when, and which alias moves.
public struct RegisterSpec: Sendable {
    public enum Condition: String, Sendable {
        /// Register only a candidate the evaluation blessed; otherwise the run is rejected.
        case blessed
        /// Register every candidate; promote only a blessed one.
        case always
    }

    public var from: String
    public var promote: String?
    public var when: Condition
}

/// Who hears about which outcomes.
public struct NotifySpec: Sendable {
    public var on: Set<RunStatus>
    /// The environment variable holding the webhook URL (never logged).
    public var webhookURLEnvironment: String?
    /// A command run with the JSON summary on stdin.
    public var command: [String]?
}
