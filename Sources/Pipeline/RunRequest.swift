public import Foundation
import Artifacts

/// How to run a pipeline: the knobs `retrain run`, `resume`, `schedule` and `backfill` set.
public struct RunRequest: Sendable {
    /// The end of the data window (ISO 8601 date or date-time); now when nil.
    public var asOf: String?
    /// Overrides the pipeline's `runner`.
    public var runner: PipelineSpec.RunnerKind?
    /// Wait for a running run to finish instead of exiting 3 (under `forbid`).
    public var waitForLock: Bool
    /// A failed run to continue from.
    public var resume: String?
    /// The environment stages, webhooks and commands see.
    public var environment: [String: String]
    /// Seconds between SIGTERM and SIGKILL when a stage times out or the run is stopped.
    public var killGraceSeconds: Double
    /// Called with one line per stage transition, for people (stderr).
    public var progress: @Sendable (String) -> Void
    /// While a stage runs, keep a progress line on stderr (updating on a terminal, a plain line
    /// every few seconds otherwise) saying how long it has been running.
    public var heartbeat: Bool

    public init(asOf: String? = nil, runner: PipelineSpec.RunnerKind? = nil, waitForLock: Bool = false, resume: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment, killGraceSeconds: Double = 10,
                heartbeat: Bool = false, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.heartbeat = heartbeat
        self.asOf = asOf
        self.runner = runner
        self.waitForLock = waitForLock
        self.resume = resume
        self.environment = environment
        self.killGraceSeconds = killGraceSeconds
        self.progress = progress
    }
}

/// `as_of` in its canonical form: ISO 8601, UTC, seconds (`2015-06-01T00:00:00Z`).
public enum AsOf {
    public static func normalize(_ text: String?) throws -> String {
        guard let text else { return format(Date()) }
        guard let date = UTCTimestamp.parseDateOrDateTime(text) else {
            throw PipelineError.other("--as-of '\(text)' is not an ISO 8601 date or date-time (e.g. 2015-06-01 or 2015-06-01T05:00:00+09:00)")
        }
        return format(date)
    }

    public static func date(_ normalized: String) -> Date? {
        UTCTimestamp.parse(normalized)
    }

    public static func format(_ date: Date) -> String {
        UTCTimestamp.seconds(date)
    }
}
