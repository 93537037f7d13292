public import Foundation
public import Pipeline

/// The knobs of `retrain schedule`.
public struct SchedulerConfiguration: Sendable {
    /// On shutdown, how long a running pipeline may go on before it is stopped (`--grace`).
    public var graceSeconds: Double
    /// How late a wake may be (after the planned fire + jitter) and still count as on time.
    /// Later than this, and the fire is late: it runs only within `catch_up.deadline`.
    public var onTimeToleranceSeconds: Double
    /// Draws the jitter for a fire: a delay in `0...jitter` seconds (random by default).
    public var drawJitter: @Sendable (Double) -> Double
    /// Overrides each pipeline's `runner`.
    public var runner: PipelineSpec.RunnerKind?
    /// The environment stages, webhooks and notify commands see.
    public var environment: [String: String]
    /// Seconds between SIGTERM and SIGKILL when a stage is stopped.
    public var stageKillGraceSeconds: Double

    public init(
        graceSeconds: Double = 600, onTimeToleranceSeconds: Double = 60,
        drawJitter: @escaping @Sendable (Double) -> Double = { Double.random(in: 0...$0) },
        runner: PipelineSpec.RunnerKind? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
        stageKillGraceSeconds: Double = 10
    ) {
        self.graceSeconds = graceSeconds
        self.onTimeToleranceSeconds = onTimeToleranceSeconds
        self.drawJitter = drawJitter
        self.runner = runner
        self.environment = environment
        self.stageKillGraceSeconds = stageKillGraceSeconds
    }
}
