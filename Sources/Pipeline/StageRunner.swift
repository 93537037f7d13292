import Foundation

/// Runs a stage's executable somewhere: a local process, a container, a compose service.
///
/// The coordinator is the same for every runner; a runner only says what the executable's
/// identity is (for the cache key) and how to start it with the stage contract's arguments.
protocol StageRunner: Sendable {
    /// The identity that goes into the cache key: SHA-256 of the binary, or an image id.
    func identity(of stage: StageSpec, spec: PipelineSpec) throws -> (executable: String, identity: String)
    /// Runs the stage to completion (or its timeout, or cancellation), writing its output to
    /// `logDescriptor`.
    func run(_ invocation: StageInvocation, logDescriptor: Int32) async throws -> StageProcessResult
}

/// Runs stages as local processes, each in its own process group.
struct ProcessStageRunner: StageRunner {
    let resolver: ExecutableResolver

    func identity(of stage: StageSpec, spec: PipelineSpec) throws -> (executable: String, identity: String) {
        let path = try resolver.resolve(stage.run, for: stage.name, directory: spec.directory)
        return (path, try resolver.identity(of: path))
    }

    func run(_ invocation: StageInvocation, logDescriptor: Int32) async throws -> StageProcessResult {
        let pid = try ProcessSpawner.shared.spawn(
            path: invocation.executable, arguments: invocation.contractArguments, environment: invocation.environment,
            directory: invocation.workingDirectory, outputDescriptor: logDescriptor
        )
        return await ProcessGroupSupervisor.supervise(pid: pid, timeoutSeconds: invocation.timeoutSeconds, killGraceSeconds: invocation.killGraceSeconds)
    }
}

/// Waits for a process group's leader, enforcing a timeout and honouring cancellation: both
/// send SIGTERM to the whole group, then SIGKILL after the grace period. When the leader has
/// exited, whatever it left running in its group is killed too: a stage leaves nothing behind.
enum ProcessGroupSupervisor {
    static func supervise(pid: pid_t, timeoutSeconds: Double?, killGraceSeconds: Double) async -> StageProcessResult {
        let stopper = GroupStopper(pid: pid, graceSeconds: killGraceSeconds)
        let timer = Task {
            guard let timeoutSeconds else { return }
            try await Task.sleep(nanoseconds: UInt64(timeoutSeconds * 1e9))
            stopper.stop(timedOut: true)
        }
        let exit = await withTaskCancellationHandler {
            await ChildExit.wait(for: pid)
        } onCancel: {
            stopper.stop(timedOut: false)
        }
        timer.cancel()
        stopper.finished()
        _ = kill(-pid, SIGKILL)
        return StageProcessResult(exit: exit, timedOut: stopper.didTimeOut)
    }
}

/// Sends SIGTERM, then SIGKILL after the grace period, to a process group — once.
private final class GroupStopper: @unchecked Sendable {
    // @unchecked: the mutable flags are only read and written while holding `lock`.
    private let pid: pid_t
    private let graceSeconds: Double
    private let lock = NSLock()
    private var stopping = false
    private var done = false
    private var timedOut = false

    init(pid: pid_t, graceSeconds: Double) {
        self.pid = pid
        self.graceSeconds = graceSeconds
    }

    var didTimeOut: Bool { lock.withLock { timedOut } }

    func finished() { lock.withLock { done = true } }

    func stop(timedOut: Bool) {
        let first: Bool = lock.withLock {
            guard !stopping, !done else { return false }
            stopping = true
            self.timedOut = timedOut
            return true
        }
        guard first else { return }
        _ = kill(-pid, SIGTERM)
        Thread.detachNewThread { [self] in
            Thread.sleep(forTimeInterval: graceSeconds)
            // Once the leader is reaped its group id may be reused: only escalate before that.
            lock.withLock { if !done { _ = kill(-pid, SIGKILL) } }
        }
    }
}
